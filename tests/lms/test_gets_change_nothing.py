"""Reading a page of the people side never writes: every lms GET, as every kind of visitor,
leaves every table as it was (sign-offs, observations and reminders are written only by POST)."""

from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import UserFactory


def every_row() -> dict[str, list[dict]]:
    """Every table's rows, field by field (sessions aside: signing in writes those)."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
        if model is not Session
    }


def pages(team_setup) -> list[str]:
    team, alex = team_setup["team"].pk, team_setup["alex"].pk
    return [
        reverse("learning:dashboard"),
        reverse("learning:practice"),
        reverse("learning:my_data"),
        reverse("take_a_break") + "?return=/learning/",
        reverse("team:dashboard"),
        reverse("team:export", args=[team]),
        reverse("team:member", args=[team, alex]),
        reverse("team:observe", args=[team, alex]),
        reverse("team:sign_off", args=[team, alex]),
        reverse("team:remind", args=[team]),
    ]


@pytest.mark.parametrize("visitor", ["anonymous", "supervisor", "alex", "outsider"])
def test_get__changes_no_row_whoever_asks(client, team_setup, visitor):
    if visitor == "outsider":
        client.force_login(UserFactory(username="outsider"))
    elif visitor != "anonymous":
        client.force_login(team_setup[visitor])
    before = every_row()
    statuses = {}
    for url in pages(team_setup):
        response = client.get(url)
        if response.streaming:  # a streamed CSV is only written out as it is read
            b"".join(response.streaming_content)
        statuses[url] = response.status_code
    assert every_row() == before
    assert statuses[reverse("team:remind", args=[team_setup["team"].pk])] in (
        HTTPStatus.METHOD_NOT_ALLOWED,
        HTTPStatus.FOUND,  # anonymous: sent to sign in first
    )
    if visitor == "supervisor":  # the pages were really served, not refused
        assert {statuses[url] for url in pages(team_setup)[4:9]} == {HTTPStatus.OK}
