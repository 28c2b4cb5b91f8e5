"""Due dates in a calendar (issue 15, item 6): a private, revocable iCalendar feed."""

import re
from http import HTTPStatus

from django.urls import reverse
from icalendar import Calendar

from lms.models import CalendarFeed


def feed_path(client) -> str:
    """Make the signed-in person's feed on its page; the address is shown once."""
    html = client.post(reverse("learning:calendar"), {"action": "start"}).content.decode()
    return re.search(r"/calendar/[\w-]+\.ics", html).group(0)


def events(response) -> dict[str, object]:
    calendar = Calendar.from_ical(response.content)
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_learner_feed__one_event_per_due_date_and_expiry_parsed_by_icalendar(client, team_setup):
    alex = team_setup["alex"]
    held, started, untouched = team_setup["modules"]
    client.force_login(alex)
    path = feed_path(client)
    client.logout()  # a calendar app has no session: the secret address is enough

    response = client.get(path)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"].startswith("text/calendar")
    found = events(response)
    expiry = alex.certificates.get(module=held).expires_on
    assert found[f"Certificate expires: {held.title}"]["dtstart"].dt == expiry
    assert f"Complete by: {started.title}" in found and f"Complete by: {untouched.title}" in found
    assert len(found) == 3
    assert all(str(event["uid"]).endswith("@groundwork") for event in found.values())
    assert "Sam" not in response.content.decode()  # a learner's feed holds only their own dates


def test_supervisor_feed__has_the_team_members_dates_by_name(client, team_setup):
    client.force_login(team_setup["supervisor"])
    path = feed_path(client)
    found = events(client.get(path))
    _held, started, _untouched = team_setup["modules"]
    assert f"Sam Rivera: {started.title} (complete by)" in found
    assert len([s for s in found if s.startswith("Alex Okafor:")]) == 3


def test_feed__a_new_address_stops_the_old_one_and_stopping_stops_both(client, team_setup):
    client.force_login(team_setup["alex"])
    first = feed_path(client)
    second = feed_path(client)
    assert client.get(first).status_code == HTTPStatus.NOT_FOUND
    assert client.get(second).status_code == HTTPStatus.OK
    client.post(reverse("learning:calendar"), {"action": "stop"})
    assert client.get(second).status_code == HTTPStatus.NOT_FOUND
    assert not CalendarFeed.objects.exists()


def test_feed__the_secret_is_kept_only_as_a_digest_and_a_get_shows_no_address(client, team_setup):
    client.force_login(team_setup["alex"])
    path = feed_path(client)
    token = path.rsplit("/", 1)[1].removesuffix(".ics")
    assert not CalendarFeed.objects.filter(token_digest=token).exists()
    assert token not in client.get(reverse("learning:calendar")).content.decode()
    assert client.get("/calendar/not-a-real-one.ics").status_code == HTTPStatus.NOT_FOUND
