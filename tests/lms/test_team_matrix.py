"""The supervisor's matrix for big teams: filters as query parameters, order, summary counts,
pages of 100, the completions chart, exports that honour the filters, and queries that do not
grow with the team."""

import csv
import datetime
import io
from http import HTTPStatus

import openpyxl
import pytest
import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from certificates.models import Certificate
from courses.models import ModuleCompletion
from courses.progress import complete_module
from lms.models import Team
from lms.team_chart import completions_by_month, months_up_to
from tests.factories import TeamFactory, UserFactory

URL = reverse("team:dashboard")


def names(response, team_index: int = 0) -> list[str]:
    return [row.member.username for row in response.context["matrices"][team_index].rows]


def csv_rows(response) -> list[dict]:
    assert response.status_code == HTTPStatus.OK
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def add_members(team, count: int, prefix: str = "member") -> list[User]:
    password = make_password(None)
    people = User.objects.bulk_create(
        User(username=f"{prefix}-{n:03d}", first_name="Zed", last_name=f"Zulu {n:03d}", password=password)
        for n in range(count)
    )
    team.members.add(*people)
    return people


@pytest.fixture
def aaron(team_setup):
    """A third member, first by name, who holds the first module with a long time to run."""
    person = UserFactory(username="aaron", first_name="Aaron", last_name="Abbott")
    team_setup["team"].members.add(person)
    held = team_setup["modules"][0]
    complete_module(person, held)
    Certificate.objects.filter(user=person).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=300)
    )
    return person


def test_filter__status_keeps_only_people_with_a_module_in_it(supervisor_client, team_setup):
    response = supervisor_client.get(URL, {"status": "in_progress"})
    assert names(response) == ["sam"]
    response = supervisor_client.get(URL, {"status": "due"})
    assert names(response) == ["alex"]
    assert b"1 of 2 people shown." in response.content


def test_filter__needs_action_and_search_by_name(supervisor_client, team_setup, aaron):
    assert names(supervisor_client.get(URL, {"status": "needs_action"})) == ["aaron", "alex", "sam"]
    assert names(supervisor_client.get(URL, {"q": "okaf"})) == ["alex"]
    assert names(supervisor_client.get(URL, {"q": "rivera sam"})) == ["sam"]
    assert names(supervisor_client.get(URL, {"q": "nobody-like-this"})) == []


def test_filter__module_shows_only_its_column_and_counts(supervisor_client, team_setup, aaron):
    held = team_setup["modules"][0]
    response = supervisor_client.get(URL, {"module": held.slug})
    matrix = response.context["matrices"][0]
    assert [a.module for a in matrix.assignments] == [held]
    assert {row.member.username: [c.standing.value for c in row.cells] for row in matrix.rows} == {
        "aaron": ["current"],
        "alex": ["due"],
        "sam": ["not_started"],
    }
    assert [(s.value, n) for s, n, _link in matrix.summary] == [
        ("due", 1),
        ("not_started", 1),
        ("current", 1),
    ]


def test_sort__by_urgency_or_by_name(supervisor_client, team_setup, aaron):
    module = team_setup["modules"][0].slug
    assert names(supervisor_client.get(URL, {"module": module})) == ["aaron", "alex", "sam"]
    assert names(supervisor_client.get(URL, {"module": module, "sort": "urgency"})) == [
        "alex",
        "sam",
        "aaron",
    ]


def test_summary__counts_every_cell_and_links_carry_the_filters(supervisor_client, team_setup):
    response = supervisor_client.get(URL, {"q": "a", "sort": "urgency"})
    matrix = response.context["matrices"][0]
    counts = {standing.value: n for standing, n, _link in matrix.summary}
    assert counts == {"overdue": 2, "due": 1, "in_progress": 1, "not_started": 2}
    overdue_link = next(link for standing, _n, link in matrix.summary if standing == "overdue")
    assert overdue_link == f"?status=overdue&team={team_setup['team'].pk}&q=a&sort=urgency"
    assert overdue_link.replace("&", "&amp;") in response.content.decode()


def test_filter__unknown_values_are_reported_and_left_out(supervisor_client, team_setup):
    response = supervisor_client.get(URL, {"status": "on-fire", "module": "no-such-module", "sort": "x"})
    assert response.status_code == HTTPStatus.OK
    assert names(response) == ["alex", "sam"]
    assert b"Some filters could not be used" in response.content


def test_filter__another_teams_id_is_a_404_for_page_and_export(supervisor_client, team_setup):
    other = TeamFactory(name="Elsewhere")
    for query in ({"team": other.pk}, {"team": other.pk, "export": "csv"}, {"team": "abc"}, {"team": 10**12}):
        assert supervisor_client.get(URL, query).status_code == HTTPStatus.NOT_FOUND
    mine = supervisor_client.get(URL, {"team": team_setup["team"].pk})
    assert [m.team for m in mine.context["matrices"]] == [team_setup["team"]]


def test_pagination__100_people_a_page_after_the_filters(supervisor_client, team_setup):
    team = team_setup["team"]
    add_members(team, 105)
    first = supervisor_client.get(URL)
    assert len(names(first)) == 100 and names(first)[:3] == ["alex", "sam", "member-000"]
    assert b"Page 1 of 2" in first.content
    next_link = first.context["matrices"][0].links["next"]
    assert next_link == f"?team={team.pk}&page=2"
    second = supervisor_client.get(URL + next_link)
    assert names(second) == [f"member-{n:03d}" for n in range(98, 105)]
    filtered = supervisor_client.get(URL, {"status": "in_progress", "team": team.pk, "page": 2})
    assert names(filtered) == ["sam"]  # the filter first: one page, whatever page was asked for
    assert supervisor_client.get(URL, {"team": team.pk, "page": "zz"}).status_code == HTTPStatus.OK


def test_dashboard__queries_do_not_grow_with_team_size(client, team_setup, django_assert_max_num_queries):
    client.force_login(team_setup["supervisor"])
    client.get(URL)
    with django_assert_max_num_queries(25) as small:
        client.get(URL, {"status": "overdue", "sort": "urgency"})
    people = add_members(team_setup["team"], 130)
    complete_module(people[0], team_setup["modules"][0])
    with django_assert_max_num_queries(25) as big:
        response = client.get(URL, {"status": "overdue", "sort": "urgency"})
    assert len(names(response)) == 100
    assert len(big.captured_queries) == len(small.captured_queries)


def test_export__csv_and_xlsx_from_team_honour_the_filters(supervisor_client, team_setup):
    rows = csv_rows(supervisor_client.get(URL, {"status": "in_progress", "export": "csv"}))
    assert {row["Username"] for row in rows} == {"sam"}
    assert list(rows[0])[:3] == ["Team", "Member", "Username"] and rows[0]["Team"] == "Night shift"
    assert len(rows) == 4  # three modules and the sign-off
    held = team_setup["modules"][0]
    response = supervisor_client.get(URL, {"module": held.slug, "export": "xlsx"})
    assert response.status_code == HTTPStatus.OK
    assert 'filename="night-shift-' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    values = list(sheet.values)
    assert values[0][:4] == ("Team", "Member", "Username", "Module")
    assert [(row[2], row[3], row[4]) for row in values[1:]] == [
        ("alex", held.title, "Due for renewal"),
        ("alex", "Sign-off (observed practice)", "Not signed off yet"),
        ("sam", held.title, "Not started"),
        ("sam", "Sign-off (observed practice)", "Not signed off yet"),
    ]


def test_export__xlsx_holds_dates_as_dates_and_steps_as_numbers(supervisor_client, team_setup):
    """The certificate's expiry is a real date, the steps are numbers, a sign-off's steps are empty."""
    held = team_setup["modules"][0]
    response = supervisor_client.get(URL, {"module": held.slug, "q": "alex", "export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    _heading, module_row, sign_off_row = sheet.iter_rows()
    expiry, done, total = module_row[5:8]
    assert expiry.is_date and expiry.value.date() == timezone.localdate() + datetime.timedelta(days=20)
    assert (done.data_type, total.data_type) == ("n", "n") and total.value > 0
    assert [cell.value for cell in sign_off_row[4:]] == ["Not signed off yet", None, None, None, None]


def test_export__the_whole_filtered_set_not_one_page(supervisor_client, team_setup):
    add_members(team_setup["team"], 120)
    rows = csv_rows(supervisor_client.get(URL, {"export": "csv", "q": "member"}))
    assert len({row["Username"] for row in rows}) == 120


def test_learner_dashboard__reads_only_their_own_standing(client, team_setup, django_assert_max_num_queries):
    client.force_login(team_setup["sam"])
    client.get(reverse("learning:dashboard"))
    with django_assert_max_num_queries(28) as few:
        client.get(reverse("learning:dashboard"))
    add_members(team_setup["team"], 50)
    with django_assert_max_num_queries(28) as many:
        response = client.get(reverse("learning:dashboard"))
    assert [cell.standing.value for _a, cell in response.context["required"]] == [
        "overdue",
        "not_started",
        "in_progress",
    ]
    assert len(many.captured_queries) == len(few.captured_queries)


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_chart__completions_by_month_for_the_last_twelve(supervisor_client, team_setup):
    held, started, _untouched = team_setup["modules"]
    alex, sam = team_setup["alex"], team_setup["sam"]
    outsider = UserFactory(username="outsider")
    when = {
        (alex, held): datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC),
        (sam, held): datetime.datetime(2026, 6, 10, 9, tzinfo=datetime.UTC),
        (sam, started): datetime.datetime(
            2025, 7, 31, 23, 30, tzinfo=datetime.UTC
        ),  # 00:30 on 1 Aug in London
        (alex, started): datetime.datetime(2025, 6, 30, 9, tzinfo=datetime.UTC),  # 12 months ago: left out
        (outsider, held): datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC),  # not in the team
    }
    ModuleCompletion.objects.all().delete()
    for (person, module), at in when.items():
        ModuleCompletion.objects.create(
            user=person, module=module, module_title=module.title, completed_at=at
        )
    response = supervisor_client.get(URL)
    chart = response.context["matrices"][0].chart
    assert [bar.month for bar in chart.bars] == months_up_to(datetime.date(2026, 6, 15))
    assert chart.bars[0].month == datetime.date(2025, 7, 1)
    assert [bar.count for bar in chart.bars] == [0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2]
    assert chart.total == 3 and chart.bars[-1].height == max(bar.height for bar in chart.bars)
    html = response.content.decode()
    assert 'role="img"' in html and "<title " in html and "The chart's figures as a table" in html
    assert '<th scope="row">August 2025</th><td>1</td>' in html
    with_module = supervisor_client.get(URL, {"module": started.slug}).context["matrices"][0].chart
    assert with_module.total == 1


@time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC), tick=False)
def test_chart__one_query_for_every_team(team_setup, django_assert_num_queries):
    from lms.team_dashboard import build_sections
    from lms.team_filters import TeamFilters

    TeamFactory(name="Second").supervisors.add(team_setup["supervisor"])
    sections = build_sections(Team.objects.order_by("name"), TeamFilters(), datetime.date(2026, 6, 15))
    with django_assert_num_queries(1):
        charts = completions_by_month(sections, datetime.date(2026, 6, 15))
    assert set(charts) == {section.team.pk for section in sections}


@pytest.mark.usefixtures("committed_db")
def test_learner_dashboard__at_most_12_queries_once_the_shared_cache_is_warm(
    client, team_setup, shared_cache, django_assert_max_num_queries
):
    """Outside a transaction, as in production, the site, the organisation's settings, the
    session, the catalogue of modules and the learner's own progress come from the cache; the
    rest is a fixed set."""
    client.force_login(team_setup["sam"])
    client.get(reverse("learning:dashboard"))  # fills the cache
    with django_assert_max_num_queries(12) as counted:
        response = client.get(reverse("learning:dashboard"))
    assert response.status_code == HTTPStatus.OK
    read = " ".join(query["sql"] for query in counted.captured_queries)
    assert "django_session" not in read and "lms_organisationsettings" not in read
    assert "courses_stepprogress" not in read, "the learner's progress comes from the cache"
    assert [cell.standing.value for _a, cell in response.context["required"]] == [
        "overdue",
        "not_started",
        "in_progress",
    ]
