"""Which lesson teaches what a quiz question checks, so a missed question can point back to it.

A question carries an objective tag (``"grounding-and-choice"``); the lesson that teaches it is
the module's lesson whose slug is that tag, or failing that the one whose slug holds the tag or
is held in it (``"re-traumatisation"`` → ``resisting-re-traumatisation``).
"""

from __future__ import annotations

from collections.abc import Iterable

from courses.models import LessonPage


def lesson_for(tag: str, lessons: list) -> object | None:
    if not tag:
        return None
    exact = next((lesson for lesson in lessons if lesson.slug == tag), None)
    if exact is not None:
        return exact
    return next((lesson for lesson in lessons if tag in lesson.slug or lesson.slug in tag), None)


def lessons_teaching(quiz, tags: Iterable[str]) -> dict[str, object]:
    """Each tag's lesson among the quiz's module's live lessons (one query); tags with none left out."""
    lessons = list(LessonPage.objects.live().sibling_of(quiz))
    found = {tag: lesson_for(tag, lessons) for tag in set(tags)}
    return {tag: lesson for tag, lesson in found.items() if lesson is not None}
