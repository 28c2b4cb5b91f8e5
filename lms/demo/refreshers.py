"""A refresher path for each core demo module: a short lesson written for renewing, one scenario
and the quiz, so an experienced worker renews a certificate without redoing every lesson.

The lessons are written here (not in fixtures/) because they belong to renewal, not to a first
time through the module. ``ensure_refreshers`` is idempotent: a module that already has a
refresher path is left as its editors made it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from assessments.models import QuizPage, ScenarioPage
from courses.models import CoursePage, LessonPage

TEST_OUT_MARK = 90  # a renewing learner who scores this on the quiz renews without the lessons
GRACE_DAYS = 90  # the refresher also renews a certificate that expired this recently


@dataclass(frozen=True)
class Refresher:
    module_slug: str
    title: str
    summary: str
    opening: str  # rich text
    key_points: tuple[str, ...]
    practice_title: str
    practice: tuple[str, ...]


REFRESHERS = (
    Refresher(
        module_slug="trauma-and-the-nervous-system",
        title="Refresher: safety first, every time",
        summary="The core ideas again, in ten minutes: what overwhelm looks like and what a peer worker offers.",
        opening=(
            "<p>A year in, most of this module will feel familiar. What fades is not the theory but the "
            "habit of noticing: the person whose answers get shorter, the room that feels too small, the "
            "form that asks one question too many.</p>"
            "<p>This refresher brings back the few ideas you will use most, then asks you to try one "
            "scenario and the quiz. If anything here feels less familiar than you expected, the full "
            "lessons are still there.</p>"
        ),
        key_points=(
            "Trauma is about what an event did to someone, not only what happened: the effects are what you meet.",
            "Hyperarousal (racing, shouting, pacing) and hypoarousal (flat, far away, slow) are both the body protecting itself.",
            "Your job is to offer safety, grounding and real choices, never to diagnose or to dig for a story.",
            "Services can re-traumatise: waiting rooms, locked doors and repeated questions are worth naming and changing.",
        ),
        practice_title="A one-minute check before your next conversation",
        practice=(
            "Ask yourself where the nearest exit is, and whether the other person can see it too.",
            "Decide one choice you can offer at the start (where to sit, whether to walk, how long to talk).",
            "Notice your own breathing; slow it before you begin.",
        ),
    ),
    Refresher(
        module_slug="boundaries-ethics-and-duty-of-care",
        title="Refresher: boundaries that hold under pressure",
        summary="Self-disclosure with a purpose, the limits of confidentiality, and when to escalate.",
        opening=(
            "<p>Boundaries rarely fail in the big moments. They wear thin in small ones: a friend request "
            "late at night, a lift home that becomes a habit, a secret that seemed harmless when you "
            "agreed to keep it.</p>"
            "<p>This refresher recaps the questions to ask before sharing your story, what you can and "
            "cannot keep confidential, and the route for raising a concern where you work.</p>"
        ),
        key_points=(
            "Before sharing something of your own, ask: whose need does this meet, and will it leave room for theirs?",
            "Say the limits of confidentiality at the start, in plain words, not after someone has told you something.",
            "A gift, a lift or a message outside work is a conversation for supervision, not a private decision.",
            "When you are unsure whether to escalate, record what you saw and ask: the decision is not yours alone.",
        ),
        practice_title="Check your own reporting route",
        practice=(
            "Write down who you would call today if someone told you they were at risk.",
            "Find the form or system where you would record it, and how quickly it must be done.",
            "Bring anything you could not find to your next supervision.",
        ),
    ),
    Refresher(
        module_slug="cultural-humility-and-intersectionality",
        title="Refresher: staying curious",
        summary="Humility as a practice: your own position, the barriers people meet, and repairing a misstep.",
        opening=(
            "<p>Cultural humility is not a topic you finish. It is a habit of asking rather than assuming, "
            "of noticing the power that comes with your role, and of repairing things when you get them "
            "wrong.</p>"
            "<p>This refresher recaps the ideas that carry most of the weight in daily work, then asks "
            "you to practise them in one scenario.</p>"
        ),
        key_points=(
            "Ask how someone describes themselves and their situation, and use their words.",
            "Your role carries power even when you share lived experience: notice when it shapes the conversation.",
            "Barriers often stack: language, money, disability, racism and past experiences of services meet in one person.",
            "When you misstep, name it, apologise briefly and ask what would help; then carry on.",
        ),
        practice_title="One question to carry this month",
        practice=(
            "Pick one assumption you noticed yourself making in the last few weeks.",
            "Think of a question you could have asked instead.",
            "Try that question in your next conversation, and notice what changes.",
        ),
    ),
    Refresher(
        module_slug="sustaining-yourself",
        title="Refresher: looking after the person doing the work",
        summary="Early signs of strain, the plan that keeps you well, and when to step back.",
        opening=(
            "<p>Peer work draws on your own experience, and that is both its strength and its cost. The "
            "signs that the cost is rising are easy to miss in a busy week.</p>"
            "<p>This refresher brings back the warning signs, asks you to look again at your wellbeing "
            "plan, and reminds you that stepping back from a piece of work is a professional decision, not "
            "a failure.</p>"
        ),
        key_points=(
            "Early signs of strain include dreading certain conversations, sleeping badly and replaying sessions at home.",
            "A wellbeing plan names what keeps you well, what knocks you off balance and who you will tell.",
            "Hearing a story close to your own can stir things up; saying so to your supervisor is part of the job.",
            "Stepping back from a piece of work, for a while or for good, protects you and the people you support.",
        ),
        practice_title="Look at your plan again",
        practice=(
            "Read your wellbeing plan, or write three lines if you do not have one yet.",
            "Change anything that is no longer true.",
            "Tell one person at work that it exists and where to find it.",
        ),
    ),
    Refresher(
        module_slug="supervising-peer-workers",
        title="Refresher: supervision that supports",
        summary="Reflective supervision, keeping the peer role intact, and noticing strain in the people you supervise.",
        opening=(
            "<p>Supervising peer workers means holding two things at once: the standards the service needs "
            "and the lived experience that makes peer work different. Over a year, pressure tends to pull "
            "supervision towards caseload checks.</p>"
            "<p>This refresher brings back what reflective supervision is for and how to protect the peer "
            "role from drifting into something else.</p>"
        ),
        key_points=(
            "Reflective supervision asks what happened, what it stirred up and what the worker wants to try next.",
            "Watch for role drift: peer workers asked to do clinical or enforcement tasks lose what makes them peers.",
            "Lending money, giving lifts and late messages are supervision topics, raised without blame.",
            "A worker who is struggling needs a conversation and options, not only a referral.",
        ),
        practice_title="Before your next supervision session",
        practice=(
            "Plan one open question about how the work is affecting the person, not only what they did.",
            "Check whether any of their tasks have drifted away from the peer role.",
            "Agree one thing you will follow up, and write it down together.",
        ),
    ),
)


def lesson_body(refresher: Refresher) -> str:
    return json.dumps(
        [
            {"type": "text", "value": refresher.opening},
            {
                "type": "key_points",
                "value": {"title": "Worth keeping in mind", "points": list(refresher.key_points)},
            },
            {
                "type": "try_this",
                "value": {"title": refresher.practice_title, "intro": "", "steps": list(refresher.practice)},
            },
        ]
    )


def _sources_of_first_lesson(module: CoursePage) -> str:
    """The refresher recaps the module's lessons, so it cites what the first of them cites."""
    first = LessonPage.objects.child_of(module).filter(refresher_only=False).order_by("path").first()
    sources = [{"type": "source", "value": dict(block.value)} for block in first.sources] if first else []
    return json.dumps(sources)


def ensure_refreshers() -> list[CoursePage]:
    """Give each demo module that has none a refresher path: its refresher lesson, the module's
    first scenario and its quiz. Returns the modules given one."""
    given = []
    for refresher in REFRESHERS:
        module = CoursePage.objects.filter(slug=refresher.module_slug).first()
        if module is None or module.refresher_path:
            continue
        lesson = LessonPage.objects.child_of(module).filter(slug="refresher").first()
        if lesson is None:
            lesson = module.add_child(
                instance=LessonPage(
                    title=refresher.title,
                    slug="refresher",
                    summary=refresher.summary,
                    body=lesson_body(refresher),
                    objectives=json.dumps(
                        [
                            {
                                "type": "objective",
                                "value": "Recall the ideas from this module you use most at work.",
                            },
                            {
                                "type": "objective",
                                "value": "Notice what you would do differently, and try it in one scenario.",
                            },
                        ]
                    ),
                    sources=_sources_of_first_lesson(module),
                    refresher_only=True,
                )
            )
            lesson.save_revision().publish()
        module = CoursePage.objects.get(pk=module.pk)  # fresh from the tree after adding the lesson
        scenario = ScenarioPage.objects.child_of(module).live().order_by("path").first()
        quiz = QuizPage.objects.child_of(module).live().order_by("path").first()
        steps = [page for page in (lesson, scenario, quiz) if page is not None]
        module.refresher_path = json.dumps([{"type": "step", "value": page.pk} for page in steps])
        module.refresher_grace_days, module.test_out_mark = GRACE_DAYS, TEST_OUT_MARK
        module.save_revision().publish()
        given.append(module)
    return given


def renew_by_refresher(user) -> None:
    """The demo ``refresher`` (Alex) first took "Sustaining yourself" about two years ago and
    renewed it three weeks ago by its refresher path: the certificate says so."""
    from assessments.models import QuizAnswer
    from assessments.quiz_attempts import start_attempt, submit_attempt
    from courses.progress import REFRESHER, record_step_complete, renew
    from lms.demo.accounts import _backdate, _take_module
    from lms.demo.quizzes import correct_choice_ids
    from lms.demo.scenarios import play_to_recommended_ending

    module = CoursePage.objects.filter(slug="sustaining-yourself", live=True).first()
    if module is None or not module.has_refresher or module.completions.filter(user=user).exists():
        return
    now = timezone.now()
    _take_module(user, module)
    _backdate(user, module, now - timedelta(days=700))
    renew(user, module, path=REFRESHER)
    for step in module.refresher_steps():
        if isinstance(step, ScenarioPage):
            play_to_recommended_ending(user, step)
        elif isinstance(step, QuizPage):
            attempt = start_attempt(user, step)
            for question in attempt.questions:
                QuizAnswer.objects.update_or_create(
                    attempt=attempt,
                    question_key=question["key"],
                    defaults={"choice_ids": sorted(correct_choice_ids(question))},
                )
            submit_attempt(attempt.pk)
        else:
            record_step_complete(user, step, module)
    _backdate(user, module, now - timedelta(days=21), cycle=2)
