"""Template tags that bring a learner's private reflections into pages owned by lower apps."""

from django import template

from assessments.models import Reflection

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_reflections(context, lesson) -> dict:
    """The signed-in learner's own answers to ``lesson``'s reflection prompts, by block id: one
    query, and none when the lesson has no prompt. Lessons live in ``courses``, which knows
    nothing of reflections, so the lesson template asks for them here."""
    user = context["request"].user
    if not user.is_authenticated or not any(b.block_type == "reflection" for b in lesson.body):
        return {}
    return {r.source_key: r for r in Reflection.objects.filter(user=user, source_page=lesson)}
