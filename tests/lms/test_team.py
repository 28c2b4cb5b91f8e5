"""The supervisor's dashboard: who sees it, what it shows, the CSV, one member's record, and the learner's side."""

import csv
import datetime
import io
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from assessments.models import Reflection
from certificates.models import Certificate
from courses.progress import complete_module, record_step_complete
from lms.models import Assignment, Reminder, TeamMembership
from tests.factories import TeamFactory, UserFactory, build_module


def cells_by_person(response):
    matrix = response.context["matrices"][0]
    return {row.member.username: [cell.standing.value for cell in row.cells] for row in matrix.rows}


def test_dashboard__each_cell_shows_where_the_member_stands(supervisor_client, team_setup):
    response = supervisor_client.get(reverse("team:dashboard"))
    assert response.status_code == HTTPStatus.OK
    assert cells_by_person(response) == {
        "alex": ["due", "not_started", "overdue"],
        "sam": ["not_started", "in_progress", "overdue"],
    }
    html = response.content.decode()
    assert "Due for renewal" in html and "1 of 2 steps" in html and "Overdue" in html
    assert 'aria-hidden="true">!</span> Overdue' in html  # words beside the icon, never colour alone


def test_dashboard__revoked_certificate_counts_as_not_held(supervisor_client, team_setup):
    Certificate.objects.filter(user=team_setup["alex"]).update(revoked_at=timezone.now())
    response = supervisor_client.get(reverse("team:dashboard"))
    assert cells_by_person(response)["alex"][0] == "not_started"


def test_dashboard__nobody_but_a_supervisor_gets_it(client, team_setup):
    for user in (team_setup["alex"], UserFactory(username="other-supervisor")):
        client.force_login(user)
        assert client.get(reverse("team:dashboard")).status_code == HTTPStatus.NOT_FOUND
    client.logout()
    assert client.get(reverse("team:dashboard")).status_code == HTTPStatus.FOUND


def test_dashboard__another_teams_supervisor_sees_only_their_own(client, team_setup):
    other = UserFactory(username="riley")
    TeamFactory(name="Day shift").supervisors.add(other)
    client.force_login(other)
    response = client.get(reverse("team:dashboard"))
    assert [m.team.name for m in response.context["matrices"]] == ["Day shift"]
    assert b"Alex Okafor" not in response.content
    team_id, alex_id = team_setup["team"].pk, team_setup["alex"].pk
    assert client.get(reverse("team:export", args=[team_id])).status_code == HTTPStatus.NOT_FOUND
    assert client.get(reverse("team:member", args=[team_id, alex_id])).status_code == HTTPStatus.NOT_FOUND
    assert client.post(reverse("team:remind", args=[team_id])).status_code == HTTPStatus.NOT_FOUND
    assert not Reminder.objects.exists()


def test_member_page__only_members_of_that_team(supervisor_client, team_setup):
    outsider = UserFactory(username="outsider")
    team_id = team_setup["team"].pk
    assert supervisor_client.get(reverse("team:member", args=[team_id, outsider.pk])).status_code == 404
    assert supervisor_client.get(reverse("team:member", args=[team_id, 10**17])).status_code == 404
    assert supervisor_client.get(f"/team/{team_id}/members/not-a-number/").status_code == 404


def test_member_page__shows_outcomes_never_reflections(supervisor_client, team_setup):
    alex = team_setup["alex"]
    Reflection.objects.create(
        user=alex, source_key="k", source_title="A scenario", prompt="What helped?", text="My private words"
    )
    response = supervisor_client.get(reverse("team:member", args=[team_setup["team"].pk, alex.pk]))
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert team_setup["modules"][0].title in html and "Valid" in html
    assert "My private words" not in html


def test_dashboard__query_count_does_not_grow_with_members(
    client, team_setup, catalogue, django_assert_max_num_queries
):
    client.force_login(team_setup["supervisor"])
    client.get(reverse("team:dashboard"))
    with django_assert_max_num_queries(22) as small:
        client.get(reverse("team:dashboard"))
    held = team_setup["modules"][0]
    for n in range(15):
        person = UserFactory(username=f"extra-{n}")
        team_setup["team"].members.add(person)
        complete_module(person, held)
    with django_assert_max_num_queries(22) as big:
        response = client.get(reverse("team:dashboard"))
    assert len(response.context["matrices"][0].rows) == 17
    assert len(big.captured_queries) == len(small.captured_queries)


def test_export__csv_has_a_row_per_member_and_module(supervisor_client, team_setup):
    response = supervisor_client.get(reverse("team:export", args=[team_setup["team"].pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert 'filename="night-shift-' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows) == 8  # two members: three modules and the sign-off each
    assert [r["Status"] for r in rows if r["Module"] == "Sign-off (observed practice)"] == [
        "Not signed off yet"
    ] * 2
    alex_first = next(
        r for r in rows if r["Username"] == "alex" and r["Module"] == team_setup["modules"][0].title
    )
    assert alex_first["Status"] == "Due for renewal"
    assert alex_first["Date"] == Certificate.objects.get(user=team_setup["alex"]).expires_on.isoformat()


def test_learner_dashboard__lists_what_the_team_requires_and_who_sees_it(client, team_setup):
    client.force_login(team_setup["sam"])
    response = client.get(reverse("learning:dashboard"))
    held, started, untouched = team_setup["modules"]
    assert [(a.module, cell.standing.value) for a, cell in response.context["required"]] == [
        (untouched, "overdue"),
        (held, "not_started"),
        (started, "in_progress"),
    ]
    html = response.content.decode()
    assert "Required by your team" in html and "1 of 2 steps" in html
    assert "dates can move" in html  # one module is overdue: said kindly
    assert "Your supervisor can see your status, dates and quiz scores" in html
    assert "My team" not in html


def test_learner_dashboard__queries_do_not_grow_with_required_modules(
    client, team_setup, catalogue, django_assert_max_num_queries
):
    client.force_login(team_setup["sam"])
    client.get(reverse("learning:dashboard"))
    with django_assert_max_num_queries(28) as few:
        client.get(reverse("learning:dashboard"))
    for _ in range(4):
        module, _ = build_module(catalogue, lessons=2)
        Assignment.objects.create(team=team_setup["team"], module=module, due_on=timezone.localdate())
    with django_assert_max_num_queries(28) as many:
        response = client.get(reverse("learning:dashboard"))
    assert len(response.context["required"]) == 7
    assert len(many.captured_queries) == len(few.captured_queries)


def test_learner_dashboard__no_team_no_required_section(learner_client, catalogue):
    html = learner_client.get(reverse("learning:dashboard")).content.decode()
    assert "Required by your team" not in html and "Your supervisor can see" not in html


def test_navigation__my_team_link_for_supervisors_only(supervisor_client, client, team_setup):
    assert b"My team</a>" in supervisor_client.get("/modules/").content


def test_member_page__shows_only_the_teams_modules(supervisor_client, team_setup, catalogue):
    alex = team_setup["alex"]
    elsewhere, _ = build_module(catalogue, lessons=1, title="Learning of their own")
    complete_module(alex, elsewhere)
    html = supervisor_client.get(
        reverse("team:member", args=[team_setup["team"].pk, alex.pk])
    ).content.decode()
    assert team_setup["modules"][0].title in html
    assert "Learning of their own" not in html


def test_dashboard__leaves_out_deactivated_members(supervisor_client, team_setup):
    team_setup["sam"].is_active = False
    team_setup["sam"].save()
    assert list(cells_by_person(supervisor_client.get(reverse("team:dashboard")))) == ["alex"]


def test_dashboard__shows_a_renewal_under_way(supervisor_client, team_setup):
    from courses.progress import renew

    alex, held = team_setup["alex"], team_setup["modules"][0]
    renew(alex, held)
    record_step_complete(alex, held.get_steps()[0], held)
    html = supervisor_client.get(reverse("team:dashboard")).content.decode()
    assert "renewing: 1 of 2 steps" in html


def test_export__names_cannot_become_spreadsheet_formulas(supervisor_client, team_setup):
    team_setup["alex"].first_name = '=HYPERLINK("http://example.com","x")'
    team_setup["alex"].save()
    response = supervisor_client.get(reverse("team:export", args=[team_setup["team"].pk]))
    names = {
        row["Member"] for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    }
    assert not any(name.startswith("=") for name in names)
    assert '\'=HYPERLINK("http://example.com","x") Okafor' in names


def test_new_member__gets_the_teams_days_from_joining_not_an_overdue_start(supervisor_client, team_setup):
    today = timezone.localdate()
    TeamMembership.objects.update(joined_on=today - datetime.timedelta(days=60))  # Alex and Sam, earlier
    Assignment.objects.update(created_on=today - datetime.timedelta(days=30))  # required a month ago
    newcomer = UserFactory(username="noor", first_name="Noor", last_name="Haddad")
    team_setup["team"].members.add(newcomer)
    response = supervisor_client.get(reverse("team:dashboard"))
    row = next(r for r in response.context["matrices"][0].rows if r.member.pk == newcomer.pk)
    untouched = row.cells[2]  # the team's date passed three days ago; Noor joined today
    assert untouched.standing == "not_started"
    assert untouched.date == today + datetime.timedelta(days=90)
    founders = [r for r in response.context["matrices"][0].rows if r.member.pk != newcomer.pk]
    assert {r.cells[2].standing.value for r in founders} == {"overdue"}  # the team's date still holds


def test_memberships__joining_leaving_and_rejoining_keep_the_date_in_step(team_setup):
    from lms.models import TeamMembership

    team, sam = team_setup["team"], team_setup["sam"]
    sam.teams.remove(team)  # from the other side of the relation
    assert not TeamMembership.objects.filter(team=team, user=sam).exists()
    sam.teams.add(team)
    assert TeamMembership.objects.get(team=team, user=sam).joined_on == timezone.localdate()
    team.members.clear()
    assert not TeamMembership.objects.filter(team=team).exists()


def test_dashboard__query_count_does_not_grow_with_teams(client, team_setup, django_assert_max_num_queries):
    supervisor, module = team_setup["supervisor"], team_setup["modules"][0]
    client.force_login(supervisor)
    client.get(reverse("team:dashboard"))
    with django_assert_max_num_queries(22) as one:
        client.get(reverse("team:dashboard"))
    for n in range(2):
        team = TeamFactory(name=f"Extra team {n}")
        team.supervisors.add(supervisor)
        team.members.add(UserFactory(username=f"extra-member-{n}"))
        Assignment.objects.create(team=team, module=module, due_on=timezone.localdate())
    with django_assert_max_num_queries(22) as three:
        response = client.get(reverse("team:dashboard"))
    assert [m.team.name for m in response.context["matrices"]] == [
        "Extra team 0",
        "Extra team 1",
        "Night shift",
    ]
    assert len(three.captured_queries) == len(one.captured_queries)
