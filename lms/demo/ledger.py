"""The demo CPD ledger: two example credential rules, and Alex's hours from elsewhere.

Alex (``refresher``) holds the IC&RC Peer Recovery credential, renewing in about four months,
and is short of ethics hours; one workshop elsewhere was approved by Jordan (``supervisor``),
another waits for review. ``leaver`` is a person an administrator can erase in the demo.
Safe to run again: nothing is added twice.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction

from core import clock
from courses.models import CoursePage
from ledger.models import Credential, CredentialRequirement, ExternalActivity, HeldCredential
from ledger.review import decide

CREDENTIALS = [
    {
        "name": "IC&RC Peer Recovery (PR)",
        "awarding_body": "International Certification & Reciprocity Consortium (through its member boards)",
        "period_months": 24,
        "total_hours": Decimal(20),
        "minimums": {"ethics": Decimal(6)},
        "source": "IC&RC Peer Recovery credential: 20 continuing education hours every two years, 6 of them in ethics",
        "source_url": "https://internationalcredentialing.org/creds/pr/",
    },
    {
        "name": "Pennsylvania Certified Peer Specialist (CPS)",
        "awarding_body": "Pennsylvania Certification Board",
        "period_months": 24,
        "total_hours": Decimal(36),
        "minimums": {"ethics": Decimal(3)},
        "source": "Pennsylvania Certification Board, CPS recertification: 36 hours every two years including 3 hours of ethics",
        "source_url": "https://www.pacertboard.org/",
    },
]


def evidence_pdf(title: str) -> bytes:
    """A small, real one-page PDF standing in for a letter of attendance."""
    text = f"BT /F1 14 Tf 72 760 Td (Certificate of attendance: {title}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body, offsets = b"%PDF-1.4\n", []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def ensure_credentials() -> dict[str, Credential]:
    found = {}
    for details in CREDENTIALS:
        details = dict(details)
        minimums = details.pop("minimums")
        credential, created = Credential.objects.get_or_create(
            name=details.pop("name"), defaults={**details, "is_example": True}
        )
        if created:
            for category, hours in minimums.items():
                CredentialRequirement.objects.create(credential=credential, category=category, hours=hours)
        found[credential.name] = credential
    return found


def _activity(user: User, title: str, provider: str, days_ago: int, hours: str, category: str, ethics: str):
    activity = ExternalActivity(
        user=user,
        title=title,
        provider=provider,
        done_on=clock.today() - datetime.timedelta(days=days_ago),
        hours=Decimal(hours),
        category=category,
        ethics_hours=Decimal(ethics),
        evidence_type="application/pdf",
    )
    activity.evidence.save("evidence.pdf", ContentFile(evidence_pdf(title)), save=False)
    activity.save()
    return activity


@transaction.atomic
def record_demo_ledger(users: dict[str, User]) -> None:
    credentials = ensure_credentials()
    refresher, supervisor = users["refresher"], users["supervisor"]
    if not HeldCredential.objects.filter(user=refresher).exists():
        HeldCredential.objects.create(
            user=refresher,
            credential=credentials["IC&RC Peer Recovery (PR)"],
            renewal_on=clock.add_months(clock.today(), 4),
        )
    if not ExternalActivity.objects.filter(user=refresher).exists():
        approved = _activity(
            refresher,
            "Ethics and boundaries in peer work",
            "Harbour Recovery College",
            90,
            "1.5",
            "ethics",
            "1.5",
        )
        decide(approved, supervisor, "approved", "Letter of attendance checked.")
        _activity(
            refresher,
            "Regional peer support conference",
            "State Peer Network",
            20,
            "6.0",
            "trauma_informed",
            "0",
        )
    ensure_leaver()


def ensure_leaver() -> User:
    """A person who has asked to be erased, with a certificate, for the administrator's demo."""
    from courses.progress import complete_module

    leaver, created = User.objects.get_or_create(
        username="leaver",
        defaults={"first_name": "Robin", "last_name": "Leaver", "email": "leaver@example.org"},
    )
    if created:
        leaver.set_unusable_password()
        leaver.save()
        first = CoursePage.objects.live().order_by("path").first()
        if first is not None:
            complete_module(leaver, first)
    return leaver
