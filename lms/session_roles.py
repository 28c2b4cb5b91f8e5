"""What the navigation offers the signed-in user, decided once at sign-in.

Wagtail's editing bar asks for the user's permissions and a "My team" link asks whether they
supervise a team: three queries on every page view, for questions whose answers rarely
change and which most visitors (learners) answer "no". The answers are kept in the session at
sign-in instead. A change shows in the navigation from the person's next sign-in; the admin
and the team pages always check afresh, so this never grants access, it only shows links.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from lms.supervision import supervises_anyone

CAN_EDIT = "groundwork_can_edit"
SUPERVISES = "groundwork_supervises"


@receiver(user_logged_in)
def remember_roles(sender, request: HttpRequest | None, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        request.session[CAN_EDIT] = user.has_perm("wagtailadmin.access_admin")
        request.session[SUPERVISES] = supervises_anyone(user)


def has_role(request: HttpRequest, key: str) -> bool:
    session = getattr(request, "session", None)
    return bool(session and session.get(key))
