"""Progress bars drawn on the server as SVG: a described image, its figure also in the text."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 200, 16


def progress_bar(percent: int, description: str, met: bool) -> SafeString:
    """An SVG bar filled to ``percent`` (capped at 100); a met requirement also gets a tick, so
    the state never rests on colour alone."""
    filled = round(WIDTH * min(max(percent, 0), 100) / 100)
    tick = (
        format_html(
            '<path class="bar__tick" d="M{} 8 l4 4 l8 -8" fill="none" stroke-width="2.5"/>', WIDTH + 6
        )
        if met
        else ""
    )
    return format_html(
        '<svg class="bar{}" role="img" viewBox="0 0 {} {}" width="{}" height="{}" focusable="false">'
        "<title>{}</title>"
        '<rect class="bar__track" x="0.5" y="0.5" width="{}" height="{}" rx="3"/>'
        '<rect class="bar__fill" x="0.5" y="0.5" width="{}" height="{}" rx="3"/>{}</svg>',
        " bar--met" if met else "",
        WIDTH + 20,
        HEIGHT,
        WIDTH + 20,
        HEIGHT,
        description,
        WIDTH - 1,
        HEIGHT - 1,
        max(filled - 1, 0),
        HEIGHT - 1,
        tick,
    )
