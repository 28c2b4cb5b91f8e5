"""The team CSV, written by Wagtail's export mixin: its rows, local dates, safe text and access."""

import csv
import datetime
import io
from http import HTTPStatus

from django.urls import reverse

from lms.models import Reminder


def exported_rows(client, team) -> list[dict]:
    response = client.get(reverse("team:export", args=[team.pk]))
    assert response.status_code == HTTPStatus.OK
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_export__headings_and_the_sign_off_row(supervisor_client, team_setup):
    rows = exported_rows(supervisor_client, team_setup["team"])
    assert list(rows[0]) == [
        "Member",
        "Username",
        "Module",
        "Status",
        "Date",
        "Steps done",
        "Steps in module",
        "Last reminded",
    ]
    sam = [row for row in rows if row["Username"] == "sam"]
    assert [row["Module"] for row in sam] == [m.title for m in team_setup["modules"]] + [
        "Sign-off (observed practice)"
    ]
    assert [(row["Status"], row["Steps done"], row["Steps in module"]) for row in sam] == [
        ("Not started", "0", "2"),
        ("In progress", "1", "2"),
        ("Overdue", "0", "2"),
        ("Not signed off yet", "", ""),
    ]


def test_export__last_reminded_is_the_organisations_day(supervisor_client, team_setup):
    held = team_setup["modules"][0]
    Reminder.objects.create(  # 23:30 UTC in July is 00:30 the next day in London
        team=team_setup["team"],
        user=team_setup["alex"],
        module=held,
        module_title=held.title,
        standing="due",
        created_at=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC),
    )
    rows = exported_rows(supervisor_client, team_setup["team"])
    alex_held = next(row for row in rows if row["Username"] == "alex" and row["Module"] == held.title)
    assert alex_held["Last reminded"] == "2026-07-02"


def test_export__module_titles_and_usernames_cannot_become_formulas(supervisor_client, team_setup):
    held = team_setup["modules"][0]
    held.title = "=1+1"
    held.save()
    team_setup["sam"].username = "@sam"
    team_setup["sam"].save()
    rows = exported_rows(supervisor_client, team_setup["team"])
    assert "'=1+1" in {row["Module"] for row in rows}
    assert "'@sam" in {row["Username"] for row in rows}
    assert not any(row[column].startswith(("=", "@")) for row in rows for column in ("Module", "Username"))


def test_export__signed_out_asked_to_sign_in_and_members_get_404(client, team_setup):
    url = reverse("team:export", args=[team_setup["team"].pk])
    response = client.get(url)
    assert response.status_code == HTTPStatus.FOUND and "/accounts/login/" in response["Location"]
    client.force_login(team_setup["alex"])
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND
    assert client.post(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
