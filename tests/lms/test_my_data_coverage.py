"""Every link from a record to a person is either in their data export or left out with a reason."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from wagtail.models import Page

from lms.my_data import EXPORTED, LEFT_OUT

PROJECT_APPS = {"core", "outbox", "access_log", "courses", "assessments", "certificates", "ledger", "lms"}


def links_to_the_user() -> set[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = set()
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS or issubclass(model, Page):
            continue  # pages: their owner and lock are Wagtail's authorship, not records about a learner
        for field in model._meta.get_fields():
            if field.auto_created or getattr(field, "related_model", None) is not user_model:
                continue
            found.add(f"{model._meta.label}.{field.name}")
    return found


def test_every_model_linking_to_a_user_is_exported_or_left_out_with_a_reason():
    missing = links_to_the_user() - EXPORTED - set(LEFT_OUT)
    assert not missing, (
        f"Add these to lms.my_data (a section and EXPORTED, or LEFT_OUT with why): {sorted(missing)}"
    )
    assert not (EXPORTED & set(LEFT_OUT))
    assert all(reason.strip() for reason in LEFT_OUT.values())
    assert EXPORTED | set(LEFT_OUT) <= links_to_the_user() | {"outbox.OutgoingEmail.recipient"}
