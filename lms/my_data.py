"""Everything Groundwork holds about one person, as one JSON document they can download.

Each section is one query over the person's own records, so the export costs the same
however much they have done. The password hash and other people's records are never included.
"""

from __future__ import annotations

import json

from django.contrib.auth import get_user_model
from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone


def sections(user) -> dict[str, object]:
    from access_log.models import RecordView
    from assessments.models import (
        QuizAnswer,
        QuizAttempt,
        Reflection,
        RunEvent,
        ScenarioRun,
        SharedReflection,
    )
    from certificates.models import Certificate, RenewalEmailChoice, RenewalNotice
    from courses.models import ContentNoteAcknowledgement, Enrolment, ModuleCompletion, StepProgress
    from ledger.models import ActivityDecision, ExternalActivity, HeldCredential, Transcript
    from lms.models import (
        Assignment,
        DataExport,
        DigestChoice,
        Exemption,
        Extension,
        Invitation,
        Observation,
        Profile,
        Reminder,
        SignOff,
        TeamMembership,
    )
    from outbox.models import OutgoingEmail

    emails = (
        OutgoingEmail.objects.filter(recipient__iexact=user.email)
        if user.email
        else OutgoingEmail.objects.none()
    )

    account_fields = ("username", "first_name", "last_name", "email", "date_joined", "last_login")
    return {
        "account": get_user_model().objects.filter(pk=user.pk).values(*account_fields).first(),
        "teams": list(user.teams.values("name")),
        "team_memberships": list(TeamMembership.objects.filter(user=user).values("team__name", "joined_on")),
        "enrolments": list(Enrolment.objects.filter(user=user).values()),
        "steps_done": list(StepProgress.objects.filter(user=user).values()),
        "content_notes_read": list(ContentNoteAcknowledgement.objects.filter(user=user).values()),
        "module_completions": list(ModuleCompletion.objects.filter(user=user).values()),
        "quiz_attempts": list(QuizAttempt.objects.filter(user=user).values()),
        "quiz_answers": list(QuizAnswer.objects.filter(attempt__user=user).values()),
        "scenario_runs": list(ScenarioRun.objects.filter(user=user).values()),
        "scenario_moves": list(RunEvent.objects.filter(run__user=user).values()),
        "reflections": list(Reflection.objects.filter(user=user).values()),
        "shared_reflections": list(SharedReflection.objects.filter(user=user).values()),
        # Every certificate, revoked ones too (not only .held()): this is all that is held about them.
        "certificates": list(Certificate.objects.filter(user=user).values()),
        "renewal_notices": list(RenewalNotice.objects.filter(certificate__user=user).values()),
        "renewal_email_choice": list(RenewalEmailChoice.objects.filter(user=user).values()),
        "observed_role_plays": list(Observation.objects.filter(member=user).values()),
        "sign_offs": list(SignOff.objects.filter(member=user).values()),
        "reminders_received": list(Reminder.objects.filter(user=user).values()),
        "who_has_seen_your_record": list(
            RecordView.objects.filter(learner=user).values(
                "viewer_name", "viewer_role", "kind", "label", "at"
            )
        ),
        "profile": list(Profile.objects.filter(user=user).values("job_role__name", "start_date")),
        "invitations": list(
            Invitation.objects.filter(user=user).values(
                "created_at", "sent_at", "expires_at", "accepted_at", "revoked_at"
            )
        ),
        "modules_assigned_to_you": list(
            Assignment.objects.filter(user=user).values("module_id", "due_rule", "due_on", "due_days")
        ),
        "extensions": list(
            Extension.objects.filter(user=user).values(
                "module_title", "new_due_on", "reason", "note", "granted_at"
            )
        ),
        "exemptions": list(
            Exemption.objects.filter(user=user).values(
                "module_title", "reason", "evidence_note", "ends_on", "withdrawn", "granted_at"
            )
        ),
        "weekly_digest": list(DigestChoice.objects.filter(user=user).values("wants_digest")),
        "external_activities": list(ExternalActivity.objects.filter(user=user).values()),
        "decisions_on_your_external_activities": list(
            ActivityDecision.objects.filter(activity__user=user).values(
                "activity_id", "outcome", "reviewer_name", "reviewer_role", "comment", "at"
            )
        ),
        "credentials_held": list(
            HeldCredential.objects.filter(user=user).values(
                "credential__name", "credential__awarding_body", "renewal_on"
            )
        ),
        "transcripts": list(
            Transcript.objects.filter(user=user).values(
                "code", "period_start", "period_end", "snapshot", "created_at"
            )
        ),
        "data_exports": list(
            DataExport.objects.filter(user=user).values("status", "created_at", "expires_at")
        ),
        "emails_to_you": list(
            emails.values("kind", "subject", "body", "status", "created_at", "sent_at", "last_error")
        ),
    }


# Every link from a record to a person ("app.Model.field"): exported in the person's own
# sections above, or left out with the reason. tests/lms/test_my_data_coverage.py fails when a
# model gains a link to the user that is in neither list.
EXPORTED = {
    "lms.Observation.member",
    "lms.SignOff.member",
    "lms.Team.members",
    "lms.TeamMembership.user",
    "lms.Reminder.user",
    "lms.DataExport.user",
    "lms.Profile.user",
    "lms.Invitation.user",
    "lms.Assignment.user",
    "lms.Extension.user",
    "lms.Exemption.user",
    "lms.DigestChoice.user",
    "courses.Enrolment.user",
    "courses.StepProgress.user",
    "courses.ModuleCompletion.user",
    "courses.ContentNoteAcknowledgement.user",
    "assessments.QuizAttempt.user",
    "assessments.Reflection.user",
    "assessments.SharedReflection.user",
    "assessments.ScenarioRun.user",
    "certificates.Certificate.user",
    "certificates.RenewalEmailChoice.user",
    "ledger.ExternalActivity.user",
    "ledger.HeldCredential.user",
    "ledger.Transcript.user",
    "access_log.RecordView.learner",
}
LEFT_OUT = {
    "lms.Observation.observer": "the observer's own work about someone else; the member's copy is exported to them",
    "lms.SignOff.signed_by": "a sign-off the person gave about someone else",
    "lms.Team.supervisors": "the teams are exported by name; supervising is a role, not a record about them",
    "lms.Reminder.sent_by": "a reminder the person sent to someone else",
    "assessments.SharedReflection.readers": "who can read someone else's shared reflection",
    "certificates.CertificateEvent.actor": "an administrator's action on someone else's certificate",
    "lms.Invitation.invited_by": "an invitation the person sent to someone else",
    "lms.Extension.granted_by": "an extension the person granted to someone else",
    "lms.Exemption.granted_by": "an exemption the person granted to someone else",
    "lms.CalendarFeed.user": "only a digest of the feed's secret; the feed's dates are exported above",
    "lms.Erasure.erased_by": "an erasure the person carried out as an administrator",
    "ledger.ActivityDecision.reviewer": "a review the person gave on someone else's activity",
    "access_log.RecordView.viewer": "that the person opened someone else's record: the other person's record",
}


def export(user) -> str:
    document = {
        "exported_at": timezone.now(),
        "about": "Everything Groundwork holds about you.",
        **sections(user),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
