"""Erasing a person on request: their personal data deleted or replaced, their learning kept
only as anonymous records for the organisation's statistics.

The account row stays (so completions and certificates keep a row to point to) but names no
one: a placeholder username, no name, no email, no password, inactive. Reflections, answers,
evidence files, transcripts, exports, observations of them and emails to them are deleted;
certificates lose the name and their PDF, and verifying one says it is no longer available.
Where their name was copied into someone else's record (as a supervisor or reviewer) it is
replaced. Append-only trails keep the event; only the copied name in them is replaced, by the
one rule allowed to touch them (``_replace_in_trail``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import models, transaction

from certificates.issuing import learner_name

ERASED_NAME = "an erased person"


def placeholder_username(user) -> str:
    return f"erased-{user.pk}"


def _replace_in_trail(queryset, **values) -> int:
    """Update append-only rows through the plain QuerySet: erasure is the one change they allow."""
    return models.QuerySet.update(queryset, **values)


def _delete_files(queryset, field: str) -> None:
    """Delete the rows' stored files once the erasure has committed: if it rolls back, every
    row still finds its file."""
    files = [
        (stored.storage, stored.name) for row in queryset if (stored := getattr(row, field)) and stored.name
    ]

    def delete() -> None:
        for storage, name in files:
            storage.delete(name)

    transaction.on_commit(delete)


def _delete_own_records(user) -> dict[str, int]:
    from access_log.models import RecordView
    from assessments.models import QuizAnswer, Reflection, RunEvent, SharedReflection
    from certificates.models import RenewalEmailChoice, RenewalNotice
    from ledger.models import ExternalActivity, HeldCredential, Transcript
    from lms.models import (
        Assignment,
        CalendarFeed,
        DataExport,
        DigestChoice,
        Invitation,
        Observation,
        Profile,
        Reminder,
        TeamMembership,
    )
    from outbox.models import OutgoingEmail

    _delete_files(ExternalActivity.objects.filter(user=user), "evidence")
    _delete_files(DataExport.objects.filter(user=user), "file")
    counts = {}
    for label, queryset in {
        "reflections": Reflection.objects.filter(user=user),
        "shared_reflections": SharedReflection.objects.filter(user=user),
        "quiz_answers": QuizAnswer.objects.filter(attempt__user=user),
        "scenario_moves": RunEvent.objects.filter(run__user=user),
        "external_activities": ExternalActivity.objects.filter(user=user),
        "credentials_held": HeldCredential.objects.filter(user=user),
        "transcripts": Transcript.objects.filter(user=user),
        "data_exports": DataExport.objects.filter(user=user),
        "observations": Observation.objects.filter(member=user),
        "reminders": Reminder.objects.filter(user=user),
        "team_memberships": TeamMembership.objects.filter(user=user),
        "profile": Profile.objects.filter(user=user),
        "invitations": Invitation.objects.filter(user=user),
        "calendar_feed": CalendarFeed.objects.filter(user=user),
        "digest_choice": DigestChoice.objects.filter(user=user),
        "personal_assignments": Assignment.objects.filter(user=user),
        "renewal_notices": RenewalNotice.objects.filter(certificate__user=user),
        "renewal_email_choice": RenewalEmailChoice.objects.filter(user=user),
        "emails": OutgoingEmail.objects.filter(recipient__iexact=user.email)
        if user.email
        else OutgoingEmail.objects.none(),
    }.items():
        counts[label] = queryset.count()
        models.QuerySet.delete(queryset)
    counts["record_views"] = RecordView.objects.filter(learner=user).count()
    models.QuerySet.delete(RecordView.objects.filter(learner=user))
    user.supervised_teams.clear()
    SharedReflection.readers.through.objects.filter(user=user).delete()
    return counts


def _anonymise_kept_records(user, name: str) -> dict[str, int]:
    from access_log.models import RecordView
    from certificates.models import Certificate
    from ledger.models import ActivityDecision
    from lms.models import Exemption, Extension, Observation, SignOff

    certificates = Certificate.objects.filter(user=user)
    _delete_files(certificates, "pdf")
    counts = {"certificates": certificates.update(learner_name="", pdf="")}
    SignOff.objects.filter(member=user).update(note="")
    counts["sign_offs_given"] = SignOff.objects.filter(signed_by=user).update(signer_name=ERASED_NAME)
    counts["observations_made"] = Observation.objects.filter(observer=user).update(observer_name=ERASED_NAME)
    _replace_in_trail(ActivityDecision.objects.filter(reviewer=user), reviewer_name=ERASED_NAME)
    _replace_in_trail(Extension.objects.filter(user=user), note="")
    _replace_in_trail(Exemption.objects.filter(user=user), evidence_note="")
    _replace_in_trail(RecordView.objects.filter(viewer=user), viewer_name=ERASED_NAME)
    _replace_in_trail(RecordView.objects.filter(label__icontains=name), label="")
    return counts


def _forget_sign_in(user) -> None:
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django_otp import devices_for_user

    for model in (AccessAttempt, AccessLog, AccessFailureLog):
        model.objects.filter(username__iexact=user.get_username()).delete()
    for device in devices_for_user(user, confirmed=None):
        device.delete()


def erase(user, erased_by, reason: str):
    """Erase ``user``; returns the ``Erasure`` record. Idempotent: erasing twice changes nothing."""
    from lms.models import Erasure

    with transaction.atomic():
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        if user.get_username() == placeholder_username(user):
            return Erasure.objects.filter(person_id=user.pk).first()
        name = learner_name(user)
        summary = _delete_own_records(user) | _anonymise_kept_records(user, name)
        _forget_sign_in(user)
        user.username = placeholder_username(user)
        user.first_name = user.last_name = user.email = ""
        user.is_active = user.is_staff = user.is_superuser = False
        user.set_unusable_password()
        user.save()
        user.groups.clear()
        user.user_permissions.clear()
        return Erasure.objects.create(
            person_id=user.pk,
            erased_by=erased_by,
            erased_by_name=learner_name(erased_by),
            reason=reason.strip(),
            summary=summary,
        )
