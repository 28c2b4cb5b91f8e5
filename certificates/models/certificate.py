"""A certificate: what a learner earned, as it was when issued, and what has happened to it since."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from certificates import bitstring, validity
from certificates.storage import private_storage
from core import clock
from core.append_only import AppendOnlyModel


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class EarnedBy(models.TextChoices):
    """Which path through the module earned a certificate."""

    FULL = "full", _("The full module")
    REFRESHER = "refresher", _("The refresher path")
    TEST_OUT = "test_out", _("Tested out (passed the quiz at the higher mark)")


class RevocationCategory(models.TextChoices):
    """Why a certificate was revoked, in words fit for anyone holding its code: the detailed
    reason stays in the audit trail."""

    WITHDRAWN = "withdrawn", _("Withdrawn by the provider")
    ISSUED_IN_ERROR = "issued_in_error", _("Issued in error")
    REPLACED = "replaced", _("Replaced by a corrected certificate")
    REQUIREMENTS = "requirements", _("Completion requirements not met")


class CertificateQuerySet(models.QuerySet):
    def held(self):
        """Certificates that stand: not revoked (expired ones are still held, and still count as CPD)."""
        return self.filter(revoked_at__isnull=True)

    def with_status(self, status: str, day: datetime.date):
        """Those whose ``Certificate.status_on(day)`` is ``status``: the same rule, as a query."""
        unexpired = models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=day)
        if status == CertificateStatus.REVOKED:
            return self.filter(revoked_at__isnull=False)
        if status == CertificateStatus.EXPIRED:
            return self.held().exclude(unexpired)
        if status == CertificateStatus.VALID:
            return self.held().filter(unexpired)
        return self

    def newest_per_module(self):
        """Of these, each learner's newest of each module (by issue time, then id), so one
        revoked newer certificate or two issued the same second never hide or double one.
        It compares within this queryset's rows: call it before narrowing by date or module."""
        newer = self.filter(  # the same filters, so held().newest_per_module() compares held ones only
            models.Q(issued_at__gt=models.OuterRef("issued_at"))
            | models.Q(issued_at=models.OuterRef("issued_at"), pk__gt=models.OuterRef("pk")),
            user_id=models.OuterRef("user_id"),
            module_id=models.OuterRef("module_id"),
        )
        return self.exclude(models.Exists(newer))

    def issued_between(self, first: datetime.date | None = None, last: datetime.date | None = None):
        """Issued on an organisation-calendar day from ``first`` to ``last``, both included (either
        may be open): a certificate issued at 00:30 in a London summer belongs to that London day.
        One range of instants from local midnight, so the ``(module, issued_at)`` index serves it,
        where ``issued_at__date`` would cast every row's instant in the database."""
        certificates = self
        if first is not None:
            certificates = certificates.filter(issued_at__gte=_local_midnight(first))
        if last is not None:
            certificates = certificates.filter(
                issued_at__lt=_local_midnight(last + datetime.timedelta(days=1))
            )
        return certificates


def _local_midnight(day: datetime.date) -> datetime.datetime:
    """The instant ``day`` begins in the organisation's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class Certificate(models.Model):
    """One certificate per module completion. Every field a board reads is copied at issue, so
    the certificate stays true when the module, the organisation or the learner's name changes."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    completion = models.OneToOneField(
        "courses.ModuleCompletion", null=True, on_delete=models.SET_NULL, related_name="certificate"
    )
    module = models.ForeignKey(
        "courses.CoursePage", null=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    code = models.CharField(max_length=32, unique=True)
    learner_name = models.CharField(max_length=300)
    module_title = models.CharField(max_length=255)
    cpd_hours = models.DecimalField(max_digits=4, decimal_places=1)
    cpd_category = models.CharField(max_length=32)
    cpd_category_label = models.CharField(max_length=100)
    ethics_hours = models.DecimalField(max_digits=4, decimal_places=1, default=0)
    objectives = models.JSONField(default=list)
    delivery_format = models.CharField(max_length=200)
    provider = models.CharField(max_length=255)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_role = models.CharField(max_length=200, blank=True)
    accreditation_statement = models.TextField(blank=True)
    revision_number = models.PositiveIntegerField(null=True, blank=True)
    issued_at = models.DateTimeField(default=timezone.now)
    expires_on = models.DateField(null=True, blank=True, help_text=_("Empty when the module never expires."))
    renewal_window_days = models.PositiveSmallIntegerField(
        default=validity.RENEWAL_WINDOW_DAYS, help_text=_("Renewal opens this many days before expiry.")
    )
    earned_by = models.CharField(max_length=16, choices=EarnedBy.choices, default=EarnedBy.FULL)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revocation_category = models.CharField(max_length=32, choices=RevocationCategory.choices, blank=True)
    status_list = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status_index = models.PositiveIntegerField(null=True, blank=True, editable=False)
    pdf = models.FileField(upload_to="certificates/", blank=True, storage=private_storage)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at"]
        indexes = [models.Index(fields=["user", "module"]), models.Index(fields=["module", "issued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "status_index"], name="one_certificate_per_status_bit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.module_title} · {self.learner_name}"

    def save(self, *args, **kwargs) -> None:
        """A new certificate takes its place in a revocation list, which follows from its id."""
        super().save(*args, **kwargs)
        if self.status_index is None:
            self.status_list, self.status_index = bitstring.position(self.pk)
            Certificate.objects.filter(pk=self.pk).update(
                status_list=self.status_list, status_index=self.status_index
            )

    def status_on(self, day: datetime.date | None = None) -> CertificateStatus:
        if self.revoked_at is not None:
            return CertificateStatus.REVOKED
        if self.standing_on(day) == validity.EXPIRED:
            return CertificateStatus.EXPIRED
        return CertificateStatus.VALID

    @property
    def status(self) -> CertificateStatus:
        return self.status_on()

    def standing_on(self, day: datetime.date | None = None) -> str:
        """``validity.CURRENT``, ``DUE`` or ``EXPIRED`` on ``day`` (default: the organisation's
        today), by the one renewal-window rule; revocation is not considered here."""
        return validity.standing_on(self.expires_on, day or clock.today(), self.renewal_window_days)

    def days_left(self, day: datetime.date | None = None) -> int | None:
        if self.expires_on is None:
            return None
        return clock.days_until(self.expires_on, since=day)

    def is_due(self, day: datetime.date | None = None) -> bool:
        """Valid, but close enough to expiry that it is time to renew."""
        return self.revoked_at is None and self.standing_on(day) == validity.DUE

    def can_renew(self, day: datetime.date | None = None) -> bool:
        return (
            self.module_id is not None
            and self.revoked_at is None
            and self.standing_on(day) in (validity.DUE, validity.EXPIRED)
        )

    def pdf_is_current(self) -> bool:
        """The stored file exists and says what the certificate says now: a file rendered before
        the certificate was revoked does not say REVOKED yet."""
        if not self.pdf.name or not self.pdf.storage.exists(self.pdf.name):
            return False
        return (
            self.revoked_at is None
            or self.events.filter(kind=CertificateEvent.Kind.RENDERED, at__gte=self.revoked_at).exists()
        )

    def get_verification_path(self) -> str:
        from django.urls import reverse

        return reverse("verify", args=[self.code])


class CertificateEvent(AppendOnlyModel):
    """The append-only audit trail of a certificate: issued, rendered, emailed, revoked."""

    class Kind(models.TextChoices):
        ISSUED = "issued", _("Issued")
        RENDERED = "rendered", _("PDF rendered")
        EMAILED = "emailed", _("Emailed to the learner")
        REVOKED = "revoked", _("Revoked")

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.certificate.code}: {self.get_kind_display()}"
