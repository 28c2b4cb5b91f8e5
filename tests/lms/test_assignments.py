"""Who an assignment requires a module of, by when, under which renewal rule; extensions and
exemptions as the supervisor and the administrator record them."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.progress import complete_module
from lms.assignments import allowances, gather, rule_for
from lms.models import Assignment, DueRule, Exemption, Extension, JobRole, Profile, RecertificationRule
from tests.factories import TeamFactory, UserFactory, build_module

TODAY = datetime.date(2026, 11, 27)
pytestmark = pytest.mark.django_db


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def org(catalogue):
    """Two teams; a supervisor role held by one member of each; three modules."""
    lead = JobRole.objects.create(name="Team lead")
    core, supervision, personal = (build_module(catalogue, lessons=1)[0] for _ in range(3))
    north, south = TeamFactory(name="North"), TeamFactory(name="South")
    boss = UserFactory(username="boss")
    north.supervisors.add(boss)
    ana, ben, cy = (UserFactory(username=name) for name in ("ana", "ben", "cy"))
    north.members.add(ana, ben)
    south.members.add(cy)
    Profile.objects.create(user=ana, job_role=lead, start_date=days(-10))
    Profile.objects.create(user=cy, job_role=lead)
    return locals()


def test_team_role_and_person_assignments_reach_the_right_people(org):
    Assignment.objects.create(team=org["north"], module=org["core"], due_on=days(30))
    Assignment.objects.create(job_role=org["lead"], module=org["supervision"], due_on=days(60))
    Assignment.objects.create(user=org["ben"], module=org["personal"], due_on=days(5))
    found = gather([org["ana"], org["ben"], org["cy"]])
    required = {name: set(found.of(org[name].pk)) for name in ("ana", "ben", "cy")}
    assert required == {
        "ana": {org["core"].pk, org["supervision"].pk},
        "ben": {org["core"].pk, org["personal"].pk},
        "cy": {org["supervision"].pk},
    }


def test_a_team_and_role_assignment_requires_only_that_teams_people_in_the_role(org):
    Assignment.objects.create(
        team=org["north"], job_role=org["lead"], module=org["supervision"], due_on=days(9)
    )
    found = gather([org["ana"], org["ben"], org["cy"]])
    assert [bool(found.of(org[n].pk)) for n in ("ana", "ben", "cy")] == [True, False, False]


def test_a_teams_matrix_counts_its_own_team_assignments_only(org):
    org["south"].members.add(org["ana"])
    Assignment.objects.create(team=org["south"], module=org["core"], due_on=days(9))
    assert not gather([org["ana"]], [org["north"]]).of(org["ana"].pk, org["north"].pk)
    assert gather([org["ana"]]).of(org["ana"].pk)


def test_due_dates__fixed_after_start_and_after_assignment(org):
    with time_machine.travel(datetime.datetime(2026, 11, 1, 12, tzinfo=datetime.UTC)):
        after_start = Assignment.objects.create(
            job_role=org["lead"], module=org["core"], due_rule=DueRule.AFTER_START, due_days=30
        )
        after_assigned = Assignment.objects.create(
            user=org["ben"], module=org["core"], due_rule=DueRule.AFTER_ASSIGNED, due_days=14
        )
    found = gather([org["ana"], org["ben"], org["cy"]])
    assert found.of(org["ana"].pk)[org["core"].pk].due_on == days(20)  # started 10 days ago
    assert found.of(org["cy"].pk)[org["core"].pk].due_on == datetime.date(2026, 12, 1)  # no start: assigned
    assert found.of(org["ben"].pk)[org["core"].pk].due_on == datetime.date(2026, 11, 15)
    assert after_start.pk and after_assigned.pk


def test_two_assignments_of_one_module__the_sooner_speaks(org):
    Assignment.objects.create(team=org["north"], module=org["core"], due_on=days(30))
    soon = Assignment.objects.create(user=org["ana"], module=org["core"], due_on=days(3))
    assert gather([org["ana"]]).of(org["ana"].pk)[org["core"].pk].assignment == soon


def test_gather_takes_a_fixed_number_of_queries(org, django_assert_max_num_queries):
    Assignment.objects.create(team=org["north"], module=org["core"], due_on=days(30))
    people = [UserFactory() for _ in range(12)]
    org["north"].members.add(*people)
    with django_assert_max_num_queries(4):
        found = gather(people + [org["ana"]])
        assert all(found.of(person.pk) for person in people)


@time_machine.travel(datetime.datetime(2026, 2, 10, 12, tzinfo=datetime.UTC))
def test_certificate_expiry_follows_the_assignments_rule(org):
    """Renew in March, window 60 days: completed 10 Feb is inside the window, so next March."""
    Assignment.objects.create(
        job_role=org["lead"],
        module=org["core"],
        due_on=days(0),
        recertification=RecertificationRule.CALENDAR,
        renew_in_month=3,
        renewal_window_days=60,
    )
    Assignment.objects.create(
        user=org["ben"],
        module=org["core"],
        due_on=days(0),
        recertification=RecertificationRule.ROLLING,
        recertify_months=24,
    )
    complete_module(org["ana"], org["core"])
    complete_module(org["ben"], org["core"])
    complete_module(org["ben"], org["supervision"])
    expiry = dict(Certificate.objects.values_list("user__username", "expires_on").filter(module=org["core"]))
    assert expiry == {"ana": datetime.date(2027, 3, 31), "ben": datetime.date(2028, 2, 10)}
    assert Certificate.objects.get(user=org["ana"]).renewal_window_days == 60
    assert Certificate.objects.get(module=org["supervision"]).expires_on == datetime.date(2027, 2, 10)
    assert rule_for(org["cy"], org["supervision"]) is None


def test_extension_and_exemption_logs_are_append_only(org):
    extension = Extension.objects.create(
        user=org["ana"], module=org["core"], module_title="Core", new_due_on=days(5), reason="leave"
    )
    with pytest.raises(PermissionDenied):
        extension.save()
    with pytest.raises(PermissionDenied):
        Exemption.objects.all().delete()


def test_allowances__the_newest_row_stands(org):
    base = {"user": org["ana"], "module": org["core"], "module_title": "Core"}
    Exemption.objects.create(
        **base, reason="equivalent", granted_at=timezone.now() - datetime.timedelta(days=2)
    )
    Exemption.objects.create(**base, reason="", withdrawn=True)
    Extension.objects.create(**base, new_due_on=days(-1), reason="leave")
    found = allowances([org["ana"].pk], [org["core"].pk])
    assert found.exemption(org["ana"].pk, org["core"].pk, TODAY) is None
    assert found.extension(org["ana"].pk, org["core"].pk, TODAY) is None
    assert found.extension(org["ana"].pk, org["core"].pk, days(-2)) is not None


@pytest.fixture
def extendable(org):
    Assignment.objects.create(team=org["north"], module=org["core"], due_on=days(-3))
    return org


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC))
def test_supervisor_grants_an_extension_once_on_a_double_click(client, extendable):
    org = extendable
    client.force_login(org["boss"])
    url = reverse("team:extend", args=[org["north"].pk, org["ana"].pk, org["core"].pk])
    page = client.get(url)
    assert page.status_code == HTTPStatus.OK and "24 Nov 2026" in page.content.decode()
    data = {"new_due_on": "2027-01-15", "reason": "leave", "note": "Back from leave in January."}
    for _ in range(2):
        response = client.post(url, data)
        assert response.status_code == HTTPStatus.FOUND
    assert Extension.objects.filter(user=org["ana"]).count() == 1
    assert "Back from leave in January." in client.get(url).content.decode()


@time_machine.travel(datetime.datetime(2026, 11, 27, 12, tzinfo=datetime.UTC))
@pytest.mark.parametrize(
    ("new_date", "message"),
    [("2026-11-20", "after today"), ("2028-01-01", "at most a year"), ("not a date", "Enter a valid date")],
)
def test_extension__bad_dates_are_refused_with_a_message(client, extendable, new_date, message):
    org = extendable
    client.force_login(org["boss"])
    url = reverse("team:extend", args=[org["north"].pk, org["ana"].pk, org["core"].pk])
    response = client.post(url, {"new_due_on": new_date, "reason": "leave"})
    assert response.status_code == HTTPStatus.OK and message in response.content.decode()
    assert not Extension.objects.exists()


def test_extension__other_supervisors_people_and_unrequired_modules_are_404(client, extendable):
    org = extendable
    stranger = UserFactory()
    org["south"].supervisors.add(stranger)
    client.force_login(stranger)
    assert (
        client.get(reverse("team:extend", args=[org["north"].pk, org["ana"].pk, org["core"].pk])).status_code
        == 404
    )
    client.force_login(org["boss"])
    assert (
        client.get(reverse("team:extend", args=[org["north"].pk, org["cy"].pk, org["core"].pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("team:extend", args=[org["north"].pk, org["ana"].pk, org["personal"].pk])
        ).status_code
        == 404
    )


def test_administrator_marks_and_ends_an_exemption(client, extendable):
    org = extendable
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("team:exempt", args=[org["ana"].pk, org["core"].pk])
    assert client.get(url).status_code == HTTPStatus.OK
    data = {"action": "exempt", "reason": "equivalent", "evidence_note": "Certificate IV, 2024."}
    client.post(url, data)
    client.post(url, data)
    assert Exemption.objects.count() == 1
    client.post(url, {"action": "withdraw"})
    client.post(url, {"action": "withdraw"})
    assert list(Exemption.objects.order_by("pk").values_list("withdrawn", flat=True)) == [False, True]
    client.force_login(org["boss"])  # a supervisor is not an administrator
    assert client.get(url).status_code == 404
    assert client.post(url, data).status_code == 404


def test_an_administrator_requires_a_module_of_a_job_role_in_the_admin(client, org):
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    url = reverse("wagtailsnippets_lms_assignment:add")
    assert client.get(url).status_code == HTTPStatus.OK
    data = {
        "team": "",
        "job_role": org["lead"].pk,
        "user": "",
        "module": org["supervision"].pk,
        "due_rule": DueRule.AFTER_START,
        "due_on": "",
        "due_days": 60,
        "new_member_days": 90,
        "recertification": RecertificationRule.CALENDAR,
        "recertify_months": "",
        "renew_in_month": 3,
        "renewal_window_days": 45,
    }
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()[:3000]
    made = Assignment.objects.get(job_role=org["lead"])
    assert (made.team, made.renew_in_month) == (None, 3)
    refused = client.post(url, {**data, "job_role": "", "renew_in_month": ""})
    assert refused.status_code == HTTPStatus.OK and Assignment.objects.count() == 1
    assert "Say who the module is required of" in refused.content.decode()
    assert "Choose the month renewals fall in." in refused.content.decode()
