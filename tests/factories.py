"""Factories for test data; tests build what they need rather than loading the demo."""

from __future__ import annotations

import json
import uuid

import factory
import wagtail_factories
from django.contrib.auth.models import User
from wagtail.models import Page, Site

from assessments.models import Question, QuizPage, ScenarioPage
from courses.models import CourseIndexPage, CoursePage, CpdCategory, LessonPage
from lms.models import HomePage, Team

PASSWORD = "a-Long-test-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"learner{n}")
    first_name = factory.Faker("first_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PublishedPageFactory(wagtail_factories.PageFactory):
    """Creates the page under ``parent`` and publishes a revision, as an editor would."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = super()._create(model_class, *args, **kwargs)
        page.save_revision().publish()
        page.refresh_from_db()
        return page


class HomePageFactory(PublishedPageFactory):
    class Meta:
        model = HomePage

    title = "Home"
    slug = "gw-home"


class CourseIndexPageFactory(PublishedPageFactory):
    class Meta:
        model = CourseIndexPage

    title = "Modules"
    slug = "modules"


class CoursePageFactory(PublishedPageFactory):
    class Meta:
        model = CoursePage

    title = factory.Sequence(lambda n: f"Module {n}")
    slug = factory.Sequence(lambda n: f"module-{n}")
    summary = "What this module is about."
    objectives = json.dumps([{"type": "objective", "value": "Explain the basics."}])
    cpd_hours = 3
    cpd_category = CpdCategory.ETHICS
    estimated_minutes = 90
    validity_months = 12


class LessonPageFactory(PublishedPageFactory):
    class Meta:
        model = LessonPage

    title = factory.Sequence(lambda n: f"Lesson {n}")
    slug = factory.Sequence(lambda n: f"lesson-{n}")
    summary = "A short lesson."
    body = json.dumps([{"type": "text", "value": "<p>Lesson text for reading.</p>"}])


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")


def build_site() -> CourseIndexPage:
    """A home page serving the default site, with the catalogue beneath it."""
    root = Page.get_first_root_node()
    home = HomePageFactory(parent=root)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "Test"}
    )
    return CourseIndexPageFactory(parent=home)


def build_module(index: CourseIndexPage, lessons: int = 3, **fields) -> tuple[CoursePage, list[LessonPage]]:
    module = CoursePageFactory(parent=index, **fields)
    return module, [LessonPageFactory(parent=module) for _ in range(lessons)]


def choice(text: str, feedback: str = "Feedback.", correct: bool = False, weight: str = "") -> dict:
    return {
        "type": "choice",
        "value": {"text": text, "correct": correct, "weight": weight, "feedback": feedback},
    }


def sample_questions(count: int = 4) -> list[Question]:
    """A pool cycling through the four question types, each with one clear right answer."""
    makers = [
        lambda i: Question(
            kind="single",
            prompt=f"Single {i}?",
            explanation="Because.",
            objective="alpha",
            choices=json.dumps([choice("Right", correct=True), choice("Wrong A"), choice("Wrong B")]),
        ),
        lambda i: Question(
            kind="multiple",
            prompt=f"Multiple {i}?",
            explanation="Because.",
            objective="beta",
            scoring="partial",
            choices=json.dumps(
                [choice("Yes 1", correct=True), choice("Yes 2", correct=True), choice("No 1"), choice("No 2")]
            ),
        ),
        lambda i: Question(
            kind="true_false",
            prompt=f"True or false {i}?",
            explanation="Because.",
            objective="alpha",
            choices=json.dumps([choice("True", correct=True), choice("False")]),
        ),
        lambda i: Question(
            kind="best_response",
            prompt=f"Best response {i}?",
            explanation="Because.",
            objective="gamma",
            choices=json.dumps(
                [
                    choice("Best", weight="best"),
                    choice("Okay", weight="acceptable"),
                    choice("Poor", weight="unhelpful"),
                ]
            ),
        ),
    ]
    pool = [makers[i % 4](i) for i in range(count)]
    for position, question in enumerate(pool):  # as the editor's form numbers them: "in order" is this order
        question.sort_order = position
    return pool


class QuizPageFactory(PublishedPageFactory):
    class Meta:
        model = QuizPage

    title = factory.Sequence(lambda n: f"Quiz {n}")
    slug = factory.Sequence(lambda n: f"quiz-{n}")
    pass_mark = 70
    questions_per_attempt = 0
    shuffle_questions = False
    shuffle_choices = False

    @classmethod
    def _create(cls, model_class, *args, questions=None, **kwargs):
        kwargs.setdefault("questions", questions if questions is not None else sample_questions(4))
        return super()._create(model_class, *args, **kwargs)


SAMPLE_STEPS = {
    "start": [
        ("Sit with them and ask", "middle", {"safety": 1}),
        ("Tell them what to do", "rough", {"empowerment": -1}),
    ],
    "middle": [("Offer a choice", "good", {"empowerment": 1}), ("Change the subject", "start", {})],
}
SAMPLE_ENDINGS = [
    {"key": "good", "title": "Together", "recommended": True, "reflection_prompt": "What helped?"},
    {"key": "rough", "title": "Left behind", "recommended": False, "reflection_prompt": ""},
]


def scenario_steps(steps: dict[str, list[tuple]]) -> str:
    """StreamField JSON for steps given as {key: [(label, next, principles), ...]}, first is start."""
    return json.dumps(
        [
            {
                "type": "step",
                "value": {
                    "key": key,
                    "situation": f"The situation at {key}.",
                    "says": "",
                    "image": None,
                    "image_alt": "",
                    "choices": [
                        {
                            "type": "item",
                            "id": str(uuid.uuid4()),
                            "value": {
                                "label": label,
                                "feedback": f"Feedback on “{label}”.",
                                "next": nxt,
                                "principles": {k: str(v) for k, v in tags.items()},
                            },
                        }
                        for label, nxt, tags in choices
                    ],
                },
            }
            for key, choices in steps.items()
        ]
    )


def scenario_endings(endings: list[dict]) -> str:
    defaults = {"debrief": "What happened and why.", "try_next_time": "", "reflection_prompt": ""}
    return json.dumps([{"type": "ending", "value": defaults | ending} for ending in endings])


class ScenarioPageFactory(PublishedPageFactory):
    class Meta:
        model = ScenarioPage

    title = factory.Sequence(lambda n: f"Scenario {n}")
    slug = factory.Sequence(lambda n: f"scenario-{n}")
    steps = factory.LazyFunction(lambda: scenario_steps(SAMPLE_STEPS))
    endings = factory.LazyFunction(lambda: scenario_endings(SAMPLE_ENDINGS))
