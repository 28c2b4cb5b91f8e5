"""The organisation the load test signs in to (run in ``manage.py shell`` on the load test's database).

Three modules (lessons, a quiz, a branching scenario), learners who have done some of it and hold a
certificate, and a supervisor whose team of them has the three modules required. Prints, as JSON,
what the load test's users need to find their way.
"""

import datetime
import json

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.utils import timezone

from assessments import scenario_runs
from courses.progress import complete_module, record_step_complete
from lms.models import Assignment
from tests.factories import (
    QuizPageFactory,
    ScenarioPageFactory,
    TeamFactory,
    UserFactory,
    build_module,
    build_site,
    sample_questions,
    scenario_steps,
)

LEARNERS = 60
PASSWORD = "load test password 2026"  # noqa: S105 (accounts made for the load test's database only)

index = build_site()
modules = [build_module(index, lessons=6)[0] for _ in range(3)]
quiz = QuizPageFactory(parent=modules[0], questions=sample_questions(10))
steps = {
    f"s{i}": [(f"Option {n}", f"s{(i + 1) % 10}", {"safety": 1}) for n in range(3)] + [("Stop", "good", {})]
    for i in range(10)
}
scenario = ScenarioPageFactory(parent=modules[1], steps=scenario_steps(steps))
password = make_password(PASSWORD)
learners = User.objects.bulk_create(
    User(username=f"load-{n}", first_name="Load", last_name=str(n), password=password)
    for n in range(LEARNERS)
)
supervisor = UserFactory(username="load-supervisor", password=PASSWORD)
team = TeamFactory()
team.supervisors.add(supervisor)
team.members.add(*learners)
today = timezone.localdate()
for number, module in enumerate(modules):
    Assignment.objects.create(
        team=team, module=module, due_on=today + datetime.timedelta(days=30 * number - 20)
    )
people = []
for n, learner in enumerate(learners):
    complete_module(learner, modules[2])
    for step in modules[0].get_steps()[: n % 4]:
        record_step_complete(learner, step, modules[0])
    run = scenario_runs.start_run(learner, scenario)
    people.append({"username": learner.username, "run": run.pk})
print(
    json.dumps(
        {
            "password": PASSWORD,
            "people": people,
            "supervisor": supervisor.username,
            "modules": [m.url for m in modules],
            "lessons": [
                s.url for m in modules for s in m.get_steps() if s.specific_class.__name__ == "LessonPage"
            ],
            "quiz": quiz.pk,
            "scenario": scenario.pk,
        }
    )
)
