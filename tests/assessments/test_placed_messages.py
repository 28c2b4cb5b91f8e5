"""A confirmation shows beside what changed, where the page jumps to (issue 15, item 3)."""

import json

from django.urls import reverse

from tests.factories import LessonPageFactory


def test_a_saved_reflection_says_so_beside_it_not_at_the_top(learner_client, module_with_lessons):
    module, _ = module_with_lessons
    body = json.dumps([{"type": "reflection", "id": "prompt-1", "value": {"prompt": "What do you notice?"}}])
    lesson = LessonPageFactory(parent=module, body=body)
    response = learner_client.post(
        reverse("learning:reflect_in_lesson", args=[lesson.pk, "prompt-1"]),
        {"text": "Tight shoulders."},
        follow=True,
    )
    html = response.content.decode()
    section = html[
        html.index('id="reflection-prompt-1"') : html.index(
            "</section>", html.index('id="reflection-prompt-1"')
        )
    ]
    assert 'role="status"' in section and "Saved. Only you can read this." in section
    top = (
        html[html.index('<div class="messages"') : html.index("<main")]
        if '<div class="messages"' in html
        else ""
    )
    assert "Saved." not in top
    assert html.count("Saved. Only you can read this.") == 1
