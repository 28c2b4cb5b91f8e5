"""Due dates in a person's own calendar: an iCalendar feed (RFC 5545) behind a secret address.

A learner's feed has an all-day event for each date their teams need a module done by and for
each certificate's expiry. A supervisor's feed adds their teams' members' dates, by name, as the
team page already shows them. Nothing else about anyone is in a feed.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from certificates.models import Certificate
from core import clock
from core.links import absolute_url
from lms.compliance import required_of, team_matrices
from lms.models import Team
from lms.standing import Standing

HELD = {Standing.CURRENT, Standing.DUE, Standing.EXPIRED}


def _event(uid: str, day: datetime.date, summary: str, url: str) -> Event:
    event = Event()
    event.add("uid", f"{uid}@groundwork")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def learner_events(user, today: datetime.date) -> list[Event]:
    events, modules = [], set()
    for assignment, cell in required_of(user, today):
        if cell.date is None:
            continue
        modules.add(assignment.module_id)
        title = assignment.module.title
        if cell.standing in HELD:
            summary = _("Certificate expires: %(module)s") % {"module": title}
            url = absolute_url("/certificates/")
        else:
            summary = _("Complete by: %(module)s") % {"module": title}
            url = absolute_url(assignment.module.url or "/modules/")
        events.append(_event(f"u{user.pk}-m{assignment.module_id}", cell.date, summary, url))
    held = (
        Certificate.objects.filter(user=user, expires_on__isnull=False)
        .held()
        .newest_per_module()
        .exclude(module_id__in=modules)
    )
    for certificate in held:
        summary = _("Certificate expires: %(module)s") % {"module": certificate.module_title}
        events.append(
            _event(
                f"u{user.pk}-c{certificate.pk}",
                certificate.expires_on,
                summary,
                absolute_url("/certificates/"),
            )
        )
    return events


def team_events(supervisor, today: datetime.date) -> list[Event]:
    events = []
    for matrix in team_matrices(list(Team.objects.supervised_by(supervisor)), today):
        for member, assignment, cell in matrix.pairs():
            if cell.date is None:
                continue
            name = member.get_full_name() or member.get_username()
            kind = _("certificate expires") if cell.standing in HELD else _("complete by")
            summary = f"{name}: {assignment.module.title} ({kind})"
            uid = f"t{matrix.team.pk}-u{member.pk}-m{assignment.module_id}"
            events.append(_event(uid, cell.date, summary, absolute_url("/team/")))
    return events


def feed_for(user) -> bytes:
    """The person's whole feed, as bytes of ``text/calendar``."""
    today = clock.today()
    calendar = Calendar()
    calendar.add("prodid", "-//Groundwork//Due dates//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Groundwork due dates"))
    for event in learner_events(user, today) + team_events(user, today):
        calendar.add_component(event)
    return calendar.to_ical()
