"""An editor builds a quiz with all four question types in the admin, then previews it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from assessments.models import QuizPage
from tests.factories import UserFactory


def choices(*items):
    return streamfield(
        [
            ("choice", {"text": text, "correct": correct, "weight": weight, "feedback": f"About {text}."})
            for text, correct, weight in items
        ]
    )


def question(kind, prompt, items, scoring="all_or_nothing"):
    return {
        "kind": kind,
        "prompt": prompt,
        "scoring": scoring,
        "explanation": "Because.",
        "objective": "",
        "choices": choices(*items),
    }


QUESTIONS = [
    question("single", "Which one?", [("Right", True, ""), ("Wrong", False, "")]),
    question(
        "multiple", "Which apply?", [("A", True, ""), ("B", True, ""), ("C", False, "")], scoring="partial"
    ),
    question("true_false", "True?", [("True", True, ""), ("False", False, "")]),
    question(
        "best_response",
        "Best response?",
        [("Ask", False, "best"), ("Wait", False, "acceptable"), ("Tell", False, "unhelpful")],
    ),
]


def publish_new_quiz(client, module, slug, questions):
    """Post the admin's "add quiz" form with these questions and press Publish."""
    data = nested_form_data(
        {
            "title": slug.replace("-", " ").capitalize(),
            "slug": slug,
            "intro": "",
            "pass_mark": 70,
            "questions_per_attempt": 0,
            "max_attempts": 0,
            "wait_minutes": 0,
            "review_policy": "after_each_attempt",
            "time_limit_minutes": "",
            "questions": inline_formset(questions),
        }
    )
    data["action-publish"] = "1"
    return client.post(f"/admin/pages/add/assessments/quizpage/{module.pk}/", data)


def test_editor_builds_publishes_and_previews_a_quiz_with_all_four_types(client, module_with_lessons):
    module, _ = module_with_lessons
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = publish_new_quiz(client, module, "new-quiz", QUESTIONS)
    assert response.status_code == 302, response.content.decode()[:3000]

    quiz = QuizPage.objects.child_of(module).get(slug="new-quiz")
    assert quiz.live
    assert sorted(q.kind for q in quiz.questions.all()) == [
        "best_response",
        "multiple",
        "single",
        "true_false",
    ]

    for mode, expected in (
        ("", "Start the quiz"),
        ("questions", "Best response?"),
        ("result", "Your result"),
    ):
        preview = quiz.make_preview_request(preview_mode=mode)
        preview.render()
        assert expected in preview.content.decode(), mode


def test_a_question_without_a_right_answer_is_refused_in_the_admin(client, module_with_lessons):
    module, _ = module_with_lessons
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = publish_new_quiz(
        client,
        module,
        "broken-quiz",
        [question("single", "Which one?", [("A", False, ""), ("B", False, "")])],
    )
    assert response.status_code == 200
    assert "Tick exactly one correct choice." in response.content.decode()
    assert not QuizPage.objects.filter(slug="broken-quiz").exists()
