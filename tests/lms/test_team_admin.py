"""Teams in the admin: setting one up, editing its required modules, and the Team compliance report."""

import csv
import datetime
import io
from http import HTTPStatus

from django.urls import reverse
from django.utils import timezone

from lms.compliance import team_matrix
from lms.models import Assignment
from tests.factories import TeamFactory, UserFactory, build_module

# What the admin's form holds for a required module before anyone changes it: a fixed date, and
# renewal as the module says.
ASSIGNMENT_DEFAULTS = {
    "due_rule": "fixed",
    "due_days": 90,
    "new_member_days": 90,
    "recertification": "module",
    "renewal_window_days": 60,
}


def test_admin__an_administrator_sets_up_a_team_with_a_required_module(client, catalogue):
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    from lms.models import Team

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    supervisor, member = UserFactory(username="kim"), UserFactory(username="lee")
    module, _ = build_module(catalogue, lessons=1)
    last_week = timezone.localdate() - datetime.timedelta(days=7)
    client.force_login(admin)
    assert client.get(reverse("wagtailsnippets_lms_team:list")).status_code == HTTPStatus.OK
    data = nested_form_data(
        {
            "name": "Outreach",
            "assignments": inline_formset(
                [{"module": module.pk, "due_on": last_week.isoformat(), **ASSIGNMENT_DEFAULTS}]
            ),
        }
    )
    data |= {"supervisors": [supervisor.pk], "members": [member.pk]}
    response = client.post(reverse("wagtailsnippets_lms_team:add"), data)
    assert response.status_code == HTTPStatus.FOUND, (
        response.context["form"].errors,
        {k: f.errors for k, f in response.context["form"].formsets.items()},
    )
    team = Team.objects.get(name="Outreach")
    assert list(team.supervisors.all()) == [supervisor] and list(team.members.all()) == [member]
    assert [(a.module, a.due_on) for a in team.assignments.all()] == [(module, last_week)]
    # A founding member, added with the requirement, keeps the team's date: overdue, not extended.
    assert team_matrix(team, timezone.localdate()).rows[0].cells[0].standing == "overdue"


def test_admin__swapping_two_required_modules_saves_and_a_duplicate_is_refused(client, catalogue):
    from django.contrib.auth import get_user_model
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    first, second = (build_module(catalogue, lessons=1)[0] for _ in range(2))
    team = TeamFactory(name="Swap")
    team.supervisors.add(admin)
    a = Assignment.objects.create(team=team, module=first, due_on="2027-01-01")
    b = Assignment.objects.create(team=team, module=second, due_on="2027-02-01")
    url = reverse("wagtailsnippets_lms_team:edit", args=[team.pk])

    def post(modules):
        rows = [{"id": pk, "module": m.pk, "due_on": d, **ASSIGNMENT_DEFAULTS} for pk, m, d in modules]
        data = nested_form_data({"name": "Swap", "assignments": inline_formset(rows, initial=2)})
        return client.post(url, data | {"supervisors": [admin.pk]})

    refused = post([(a.pk, first, "2027-01-01"), (b.pk, first, "2027-02-01")])
    assert refused.status_code == HTTPStatus.OK
    assert "already required for this team" in refused.content.decode()
    assert Assignment.objects.get(pk=b.pk).module == second

    swapped = post([(a.pk, second, "2027-01-01"), (b.pk, first, "2027-02-01")])
    assert swapped.status_code == HTTPStatus.FOUND
    assert {(x.pk, x.module_id) for x in Assignment.objects.all()} == {(a.pk, second.pk), (b.pk, first.pk)}


def test_admin_report__each_teams_standing_in_counts_never_names(client, team_setup):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin)
    url = reverse("team_compliance:index")
    html = client.get(url).content.decode()
    assert "Night shift" in html and "Alex Okafor" not in html
    exported = client.get(url, {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert rows == [
        {
            "Team": "Night shift",
            "Members": "2",
            "Required modules": "3",
            "Current": "0",
            "Due for renewal": "1",
            "Expired": "0",
            "Overdue": "2",
            "In progress": "1",
            "Not started": "2",
            "Members signed off": "0",
        }
    ]
    editor = UserFactory(username="priya")
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    assert client.get(url).status_code != HTTPStatus.OK


def test_admin_report__queries_do_not_grow_with_teams_and_csv_names_are_safe(
    client, team_setup, catalogue, django_assert_max_num_queries
):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.org", "x"))
    url = reverse("team_compliance:index")
    client.get(url)
    with django_assert_max_num_queries(40) as one:
        client.get(url)
    module = team_setup["modules"][0]
    for n in range(3):
        team = TeamFactory(name=f'=HYPERLINK("http://example.com","{n}")')
        team.members.add(UserFactory(username=f"extra-{n}"))
        Assignment.objects.create(team=team, module=module, due_on=timezone.localdate())
    with django_assert_max_num_queries(40) as four:
        client.get(url)
    assert len(four.captured_queries) == len(one.captured_queries)
    exported = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    names = [row["Team"] for row in csv.DictReader(io.StringIO(exported))]
    assert len(names) == 4 and not any(name.startswith("=") for name in names)
