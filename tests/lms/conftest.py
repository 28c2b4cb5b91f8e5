"""A supervisor's team with one member holding, one starting, and both overdue on a module."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate
from courses.progress import complete_module, enrol, record_step_complete
from lms.models import Assignment
from tests.factories import TeamFactory, UserFactory, build_module


@pytest.fixture
def team_setup(catalogue):
    """A supervisor's team of two; three required modules, one held, one started, one overdue."""
    supervisor = UserFactory(username="jordan")
    held, started, untouched = (build_module(catalogue, lessons=2)[0] for _ in range(3))
    alex = UserFactory(username="alex", first_name="Alex", last_name="Okafor")
    sam = UserFactory(username="sam", first_name="Sam", last_name="Rivera")
    team = TeamFactory(name="Night shift")
    team.supervisors.add(supervisor)
    team.members.add(alex, sam)
    today = timezone.localdate()
    Assignment.objects.create(team=team, module=held, due_on=today + datetime.timedelta(days=30))
    Assignment.objects.create(team=team, module=started, due_on=today + datetime.timedelta(days=30))
    Assignment.objects.create(team=team, module=untouched, due_on=today - datetime.timedelta(days=3))
    complete_module(alex, held)
    Certificate.objects.filter(user=alex).update(expires_on=today + datetime.timedelta(days=20))
    enrol(sam, started)
    record_step_complete(sam, started.get_steps()[0], started)
    return {
        "team": team,
        "supervisor": supervisor,
        "alex": alex,
        "sam": sam,
        "modules": (held, started, untouched),
    }


@pytest.fixture
def supervisor_client(client, team_setup):
    client.force_login(team_setup["supervisor"])
    return client
