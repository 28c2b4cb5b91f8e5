"""What the page tells the offline script (static/js/offline.js): whose pages it may keep."""

from django import template

from lms.offline_views import worker_user_key

register = template.Library()


@register.simple_tag(takes_context=True)
def offline_user_key(context) -> str:
    request = context.get("request")
    return worker_user_key(request.user) if request is not None and hasattr(request, "user") else ""
