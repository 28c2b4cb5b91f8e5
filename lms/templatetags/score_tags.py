"""``{{ attempt.score|score }}``: the one way a score is written (``core.scores``)."""

from django import template

from core.scores import format_score

register = template.Library()


@register.filter
def score(value) -> str:
    return format_score(value)
