"""Importing people from a CSV: every row checked first, problems by line, valid rows in one go."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.invitations.importing import import_people
from lms.invitations.people_csv import MAX_ROWS, read_people
from lms.models import Invitation, JobRole, Profile, TeamMembership
from tests.factories import TeamFactory, UserFactory

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "people-example.csv"
User = get_user_model()
HEADER = "email,name,teams,job_role,start_date\n"


@pytest.fixture
def team(db):
    return TeamFactory(name="Community peer team")


@pytest.fixture
def admin_client(client, db):
    client.force_login(User.objects.create_superuser("root", "root@example.org", "x"))
    return client


def lines(checked) -> dict[int, str]:
    return {rejection.line: rejection.reason for rejection in checked.rejections}


def test_read__every_bad_row_is_reported_by_its_line(team):
    """Missing email, unknown team, impossible date, a repeated address and a non-address."""
    checked = read_people(FIXTURE.read_bytes())
    problems = lines(checked)
    assert sorted(problems) == [5, 6, 7, 8, 9, 10, 12]
    assert "missing" in problems[5]
    assert "Night shift team" in problems[6]
    assert "2026-02-30" in problems[7]
    assert "line 9" in problems[8] and "line 8" in problems[9]
    assert "not an email address" in problems[12]
    assert [row.email for row in checked.rows] == [
        "amara.okafor@example.org",
        "tomasz.nowak@example.org",
        "rin.tanaka@example.org",
        "kit.fox@example.org",
    ]


def test_read__a_byte_order_mark_is_ignored(team):
    """Excel's "CSV UTF-8" starts with a BOM; the first column is still "email"."""
    data = ("\ufeff" + HEADER + "ana@example.org,Ana Lima,,,\n").encode()
    checked = read_people(data)
    assert checked.ok and [row.email for row in checked.rows] == ["ana@example.org"]


def test_read__a_file_in_another_encoding_imports_nothing_and_names_its_lines(team):
    data = (HEADER + "ana@example.org,Ana Lima,,,\nzoe@example.org,Zoë Brontë,,,\n").encode("latin-1")
    checked = read_people(data)
    assert not checked.ok and checked.rows == []
    assert [rejection.line for rejection in checked.rejections] == [3]


def test_read__more_than_the_maximum_rows_is_refused_whole(team):
    data = (HEADER + "".join(f"p{n}@example.org,P {n},,,\n" for n in range(MAX_ROWS + 1))).encode()
    checked = read_people(data)
    assert not checked.ok and "at most 10000" in checked.problem.replace(",", "")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name,teams\n", "email"),
        ("email,teams\n", "name"),
        ("email,name,favourite colour\n", "favourite_colour"),
        ("email,name,email\n", "more than once"),
        ("", "empty"),
    ],
)
def test_read__a_header_that_cannot_be_read_stops_the_import(team, header, expected):
    checked = read_people((header + "a@example.org,A\n").encode() if header else b"")
    assert not checked.ok and expected in checked.problem


def test_read__a_formula_cell_is_kept_as_text(team):
    data = (HEADER + 'kit@example.org,"=HYPERLINK(""http://x"",""y"")",,,\n').encode()
    (row,) = read_people(data).rows
    assert row.first_name == '=HYPERLINK("http://x","y")'


def test_read__columns_named_loosely_and_first_and_last_names(team):
    JobRole.objects.create(name="Peer support worker")
    data = (
        b"Email,First name,Last name,Team,Job role,Start date\n"
        b"ana@example.org,Ana,de Lima,community PEER team,peer support worker,05/01/2026\n"
    )
    (row,) = read_people(data).rows
    assert (row.first_name, row.last_name, row.teams, row.job_role.name, row.start_date.isoformat()) == (
        "Ana",
        "de Lima",
        [team],
        "Peer support worker",
        "2026-01-05",
    )


def test_import__creates_people_with_profiles_teams_and_invitations(team, django_capture_on_commit_callbacks):
    role = JobRole.objects.create(name="Peer support worker")
    data = (HEADER + "ana@example.org,Ana Lima,Community peer team,Peer support worker,2026-01-05\n").encode()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = import_people(read_people(data).rows)
    assert (outcome.created, outcome.updated) == (1, 0)
    ana = User.objects.get(email="ana@example.org")
    assert not ana.is_active and not ana.has_usable_password()
    assert (ana.profile.job_role, ana.profile.start_date.isoformat()) == (role, "2026-01-05")
    assert list(ana.teams.all()) == [team]
    assert TeamMembership.objects.filter(user=ana, team=team).exists()
    invitation = Invitation.objects.get(user=ana)
    assert invitation.times_sent == 1 and len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ana@example.org"]


def test_import__matches_existing_people_by_email_ignoring_case_and_never_duplicates(team):
    existing = UserFactory(username="ana", email="Ana@Example.org", first_name="A")
    data = (HEADER + "ANA@example.ORG,Ana Lima,Community peer team,,2026-01-05\n").encode()
    for _ in range(2):
        outcome = import_people(read_people(data).rows)
        assert (outcome.created, outcome.updated) == (0, 1)
    assert User.objects.filter(email__iexact="ana@example.org").count() == 1
    existing.refresh_from_db()
    assert (existing.first_name, existing.last_name) == ("Ana", "Lima")
    assert existing.profile.start_date.isoformat() == "2026-01-05"
    assert list(existing.teams.all()) == [team]
    assert not Invitation.objects.exists() and mail.outbox == []


def test_import__a_blank_role_or_date_leaves_the_one_on_record(team):
    role = JobRole.objects.create(name="Supervisor")
    person = UserFactory(email="kim@example.org")
    Profile.objects.create(user=person, job_role=role)
    import_people(read_people((HEADER + "kim@example.org,Kim Park,,,\n").encode()).rows)
    person.profile.refresh_from_db()
    assert person.profile.job_role == role


def test_admin__an_administrator_imports_the_example_file_and_sees_the_report(
    admin_client, team, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("people.csv", FIXTURE.read_bytes(), content_type="text/csv")
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("people_admin:import"), {"file": upload})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "4 people added and invited by email." in page
    assert "7 problems, by line" in page
    assert "Night shift team" in page
    assert User.objects.filter(email__endswith="@example.org", is_active=False).count() == 4
    assert len(mail.outbox) == 4


def test_admin__check_only_imports_nobody(admin_client, team):
    upload = SimpleUploadedFile("people.csv", FIXTURE.read_bytes(), content_type="text/csv")
    response = admin_client.post(reverse("people_admin:import"), {"file": upload, "check_only": "on"})
    assert "4 rows are ready to import" in response.content.decode()
    assert not Invitation.objects.exists() and not User.objects.filter(email="kit.fox@example.org").exists()


@pytest.mark.parametrize(
    "data",
    [b"\xff\xfe\x00\x00garbage", b'email,name\n"unclosed,quote\n', b"\x00\x01\x02", b"email\n" + b"," * 5000],
)
def test_admin__bad_files_get_a_report_never_a_500(admin_client, team, data):
    upload = SimpleUploadedFile("people.csv", data, content_type="text/csv")
    response = admin_client.post(reverse("people_admin:import"), {"file": upload})
    assert response.status_code == HTTPStatus.OK
    assert not User.objects.filter(is_active=False).exists()


def test_admin__an_editor_cannot_import_or_invite(client, team):
    from django.contrib.auth.models import Group, Permission

    editors = Group.objects.create(name="Editors-for-test")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    editor = UserFactory(username="priya")
    editor.groups.add(editors)
    client.force_login(editor)
    for name in ("people_admin:import", "people_admin:invite", "people_admin:invitations"):
        response = client.get(reverse(name))
        assert response.status_code == HTTPStatus.FOUND and response.url == reverse("wagtailadmin_home")
    upload = SimpleUploadedFile("people.csv", FIXTURE.read_bytes(), content_type="text/csv")
    client.post(reverse("people_admin:import"), {"file": upload})
    assert not Invitation.objects.exists()


def test_admin__import_queries_do_not_grow_with_rows(admin_client, team, django_assert_max_num_queries):
    rows = "".join(f"p{n}@example.org,P {n},Community peer team,,2026-01-05\n" for n in range(300))
    upload = SimpleUploadedFile("people.csv", (HEADER + rows).encode(), content_type="text/csv")
    with django_assert_max_num_queries(60):
        import_people(read_people(upload.read()).rows)
    assert Invitation.objects.count() == 300
