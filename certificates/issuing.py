"""Issuing certificates: one for each module completion, written in the completion's transaction.

``courses.progress.complete_module`` sends ``module_completed`` inside its transaction; the
receiver here creates the certificate there and then, so a completion never exists without
its certificate. Rendering the PDF and emailing the learner are tasks queued after commit.
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import receiver

from core import clock
from core.organisation import organisation_settings
from core.recertification import rule_for
from courses.models import CoursePage, CpdCategory, ModuleCompletion
from courses.progress import module_completed

from .codes import new_code
from .models import Certificate, CertificateEvent, EarnedBy
from .signing import ensure_key
from .validity import Recertification, rolling


def learner_name(user) -> str:
    return (user.get_full_name().strip() or user.get_username())[:300]


def issue(completion: ModuleCompletion, module: CoursePage) -> Certificate:
    """Create the certificate for a completion (once) and queue its PDF and email after commit."""
    existing = Certificate.objects.filter(completion=completion).first()
    if existing is not None:
        return existing
    organisation = organisation_settings()
    issued_at = completion.completed_at
    rule: Recertification = rule_for(completion.user, module) or rolling(module.validity_months)
    with transaction.atomic():
        certificate = Certificate.objects.create(
            user=completion.user,
            completion=completion,
            module=module,
            code=_unused_code(),
            learner_name=learner_name(completion.user),
            module_title=module.title,
            cpd_hours=module.cpd_hours,
            cpd_category=module.cpd_category,
            cpd_category_label=str(CpdCategory(module.cpd_category).label),
            ethics_hours=module.cpd_hours if module.cpd_category == CpdCategory.ETHICS else 0,
            objectives=[block.value for block in module.objectives],
            delivery_format=organisation.delivery_format,
            provider=organisation.organisation_name,
            signatory_name=organisation.signatory_name,
            signatory_role=organisation.signatory_role,
            accreditation_statement=organisation.accreditation_statement,
            revision_number=completion.revision_number,
            issued_at=issued_at,
            expires_on=rule.expires_on(clock.day_of(issued_at)),
            renewal_window_days=rule.window_days,
            earned_by=getattr(completion, "path", "") or EarnedBy.FULL,
        )
        CertificateEvent.objects.create(certificate=certificate, kind=CertificateEvent.Kind.ISSUED)
        ensure_key()  # so serving its credential, a GET, never has to create one
    transaction.on_commit(lambda: after_issue(certificate.pk))
    return certificate


def _unused_code() -> str:
    while True:  # 80 random bits: a collision is practically impossible, but never silently reused
        code = new_code()
        if not Certificate.objects.filter(code=code).exists():
            return code


def after_issue(certificate_id: int) -> None:
    """Queue the PDF and the email; each task is safe to run twice."""
    from .emails import send_certificate_email
    from .rendering import render_certificate

    render_certificate.enqueue(certificate_id)
    send_certificate_email.enqueue(certificate_id)


@receiver(module_completed)
def issue_on_completion(sender, completion: ModuleCompletion, module: CoursePage, **kwargs) -> None:
    issue(completion, module)
