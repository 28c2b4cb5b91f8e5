"""Whether public pages show Wagtail's editing bar, decided once at sign-in.

The bar asks for the user's permissions, which costs two queries on every page view; most
visitors are learners who will never see it. The answer is kept in the session at sign-in
instead. A change to someone's editing rights shows in the bar from their next sign-in; the
admin itself always checks afresh.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

SESSION_KEY = "groundwork_can_edit"


@receiver(user_logged_in)
def remember_editing_rights(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_KEY] = user.has_perm("wagtailadmin.access_admin")


def shows_editor_bar(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session and session.get(SESSION_KEY))
