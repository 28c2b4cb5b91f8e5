"""Observed role-plays and the yearly sign-off: who may record them, what a sign-off needs first."""

import datetime
from http import HTTPStatus

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.principles import PRINCIPLES
from certificates.models import Certificate
from courses.progress import complete_module
from lms.models import Observation, SignOff
from tests.factories import TeamFactory, UserFactory

CHECKS = {
    "reporting_route_explained": "on",
    "boundaries_agreement_acknowledged": "on",
    "supervision_attended": "on",
}


def observation_data(for_module, day=None, **overrides) -> dict:
    data = {"module": for_module.pk, "observed_on": (day or timezone.localdate()).isoformat()}
    data |= {f"score_{p.key}": "3" for p in PRINCIPLES}
    data |= {"strengths": "Slowed things down.", "next_steps": "Offer a choice of seat."}
    return data | overrides


def urls(team_setup, name):
    return reverse(f"team:{name}", args=[team_setup["team"].pk, team_setup["alex"].pk])


@pytest.fixture
def ready(team_setup, supervisor_client):
    """Alex holds all three required modules and was observed for each."""
    alex = team_setup["alex"]
    for module in team_setup["modules"][1:]:
        complete_module(alex, module)
    Certificate.objects.filter(user=alex).update(
        expires_on=timezone.localdate() + datetime.timedelta(days=400)
    )
    for module in team_setup["modules"]:
        supervisor_client.post(urls(team_setup, "observe"), observation_data(module))
    return team_setup


def test_observe__saved_once_and_never_rewritten(supervisor_client, team_setup):
    module = team_setup["modules"][0]
    first = supervisor_client.post(urls(team_setup, "observe"), observation_data(module))
    assert first.status_code == HTTPStatus.FOUND
    again = observation_data(module, strengths="REWRITTEN") | {f"score_{p.key}": "1" for p in PRINCIPLES}
    second = supervisor_client.post(urls(team_setup, "observe"), again, follow=True)
    assert "it is kept as it was" in second.content.decode()
    observation = Observation.objects.get()
    assert observation.member == team_setup["alex"] and observation.observer == team_setup["supervisor"]
    assert (
        observation.scores == {p.key: 3 for p in PRINCIPLES}
        and observation.strengths == "Slowed things down."
    )
    html = supervisor_client.get(urls(team_setup, "member")).content.decode()
    assert "Slowed things down." in html and "Consistent" in html
    assert "<title>Alex Okafor · Groundwork</title>" in html


@pytest.mark.parametrize(
    "overrides",
    [
        {"observed_on": (timezone.localdate() + datetime.timedelta(days=1)).isoformat()},
        {"observed_on": "2001-02-30"},
        {"score_safety": ""},
        {"score_safety": "9"},
        {"module": "999999"},
        {"strengths": "x" * 2001},
    ],
)
def test_observe__bad_input_explains_and_writes_nothing(supervisor_client, team_setup, overrides):
    response = supervisor_client.post(
        urls(team_setup, "observe"), observation_data(team_setup["modules"][0], **overrides)
    )
    assert response.status_code == HTTPStatus.OK
    assert "Please check the answers marked below." in response.content.decode()
    assert not Observation.objects.exists()


def test_practice_pages__only_the_teams_supervisors(client, team_setup):
    other = UserFactory(username="riley")
    TeamFactory(name="Day shift").supervisors.add(other)
    client.force_login(other)
    for name in ("observe", "sign_off"):
        assert client.get(urls(team_setup, name)).status_code == HTTPStatus.NOT_FOUND
        assert client.post(urls(team_setup, name), CHECKS).status_code == HTTPStatus.NOT_FOUND
    client.force_login(team_setup["alex"])  # a member cannot record their own
    assert client.get(urls(team_setup, "observe")).status_code == HTTPStatus.NOT_FOUND
    assert not Observation.objects.exists() and not SignOff.objects.exists()


def test_sign_off__refused_with_what_is_missing(supervisor_client, team_setup):
    response = supervisor_client.post(
        urls(team_setup, "sign_off"), CHECKS | {"signer_role": "Peer supervisor"}
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<div role="alert">' in html and "Not ready to sign off yet" in html
    assert "no observed role-play in the last year" in html
    assert "no current certificate (Overdue)" in html
    assert not SignOff.objects.exists()


def test_sign_off__a_year_once_everything_is_in_place(supervisor_client, ready):
    url = urls(ready, "sign_off")
    assert "Confirm and sign" in supervisor_client.get(url).content.decode()
    for _ in range(2):  # a double click signs once
        response = supervisor_client.post(url, CHECKS | {"signer_role": "Peer supervisor"})
        assert response.status_code == HTTPStatus.FOUND
    record = SignOff.objects.get()
    today = timezone.localdate()
    assert record.signed_on == today and record.valid_until == today.replace(year=today.year + 1)
    assert record.signer_role == "Peer supervisor"
    assert [entry["module"] for entry in record.evidence] == [m.title for m in ready["modules"]]
    dashboard = supervisor_client.get(reverse("team:dashboard"))
    row = next(r for r in dashboard.context["matrices"][0].rows if r.member.pk == ready["alex"].pk)
    assert row.sign_off.standing == "current"


def test_sign_off__every_confirmation_is_needed(supervisor_client, ready):
    partial = {"reporting_route_explained": "on", "signer_role": "Peer supervisor"}
    response = supervisor_client.post(urls(ready, "sign_off"), partial)
    assert response.status_code == HTTPStatus.OK
    assert "This field is required." in response.content.decode()
    assert not SignOff.objects.exists()


def test_my_practice__the_learner_reads_their_own_and_nobody_elses(client, ready):
    client.force_login(ready["alex"])
    html = client.get(reverse("learning:practice")).content.decode()
    assert "Offer a choice of seat." in html and "No sign-off yet" in html
    client.force_login(ready["sam"])
    html = client.get(reverse("learning:practice")).content.decode()
    assert "Offer a choice of seat." not in html and "No observed role-plays recorded yet." in html


def test_sign_off__a_second_supervisor_the_same_day_is_told_the_first_stands(client, ready):
    supervisor_client = client
    other = UserFactory(username="morgan", first_name="Morgan")
    ready["team"].supervisors.add(other)
    supervisor_client.force_login(ready["supervisor"])
    supervisor_client.post(urls(ready, "sign_off"), CHECKS | {"signer_role": "Peer supervisor"})
    supervisor_client.force_login(other)
    response = supervisor_client.post(
        urls(ready, "sign_off"), CHECKS | {"signer_role": "Manager"}, follow=True
    )
    assert "already signed this off today" in response.content.decode()
    assert SignOff.objects.get().signer_role == "Peer supervisor"


def test_sign_off__no_longer_stands_once_a_certificate_under_it_is_revoked(supervisor_client, ready):
    supervisor_client.post(urls(ready, "sign_off"), CHECKS | {"signer_role": "Peer supervisor"})
    Certificate.objects.filter(user=ready["alex"], module=ready["modules"][1]).update(
        revoked_at=timezone.now()
    )
    dashboard = supervisor_client.get(reverse("team:dashboard"))
    row = next(r for r in dashboard.context["matrices"][0].rows if r.member.pk == ready["alex"].pk)
    assert row.sign_off.standing == "expired"


def test_practice_pages__nobody_observes_or_signs_off_themselves(client, team_setup):
    supervisor = team_setup["supervisor"]
    team_setup["team"].members.add(supervisor)
    client.force_login(supervisor)
    own = reverse("team:observe", args=[team_setup["team"].pk, supervisor.pk])
    assert client.get(own).status_code == HTTPStatus.NOT_FOUND
    own_sign_off = reverse("team:sign_off", args=[team_setup["team"].pk, supervisor.pk])
    assert client.post(own_sign_off, CHECKS | {"signer_role": "x"}).status_code == HTTPStatus.NOT_FOUND
    assert not Observation.objects.exists() and not SignOff.objects.exists()


def test_observations__another_teams_supervisor_does_not_see_them(client, ready):
    other = UserFactory(username="riley")
    second = TeamFactory(name="Day shift")
    second.supervisors.add(other)
    second.members.add(ready["alex"])
    from lms.models import Assignment

    Assignment.objects.create(team=second, module=ready["modules"][0], due_on=timezone.localdate())
    client.force_login(other)
    html = client.get(reverse("team:member", args=[second.pk, ready["alex"].pk])).content.decode()
    assert "Slowed things down." not in html


def test_sign_off__ends_when_the_first_certificate_under_it_expires(supervisor_client, ready):
    soon = timezone.localdate() + datetime.timedelta(days=20)
    Certificate.objects.filter(user=ready["alex"], module=ready["modules"][0]).update(expires_on=soon)
    supervisor_client.post(urls(ready, "sign_off"), CHECKS | {"signer_role": "Peer supervisor"})
    assert SignOff.objects.get().valid_until == soon


def test_sign_off__dated_by_the_organisations_calendar_around_midnight(client, ready):
    Observation.objects.update(observed_on=datetime.date(2027, 6, 1))
    Certificate.objects.filter(user=ready["alex"]).update(expires_on=datetime.date(2030, 1, 1))
    # 23:30 UTC on 1 July is 00:30 on 2 July in London: the sign-off is a 2 July one.
    with time_machine.travel(datetime.datetime(2027, 7, 1, 23, 30, tzinfo=datetime.UTC), tick=False):
        client.force_login(ready["supervisor"])
        client.post(urls(ready, "sign_off"), CHECKS | {"signer_role": "Peer supervisor"})
    record = SignOff.objects.get()
    assert (record.signed_on, record.valid_until) == (datetime.date(2027, 7, 2), datetime.date(2028, 7, 2))
