"""Two workers delivering one email at the same moment send it once. PostgreSQL only: SQLite
serialises writers."""

import pytest
from django.core import mail

from outbox.delivery import deliver
from outbox.models import OutgoingEmail
from tests.concurrency import postgresql_only, together

pytestmark = [postgresql_only, pytest.mark.usefixtures("committed_db")]


def test_two_deliveries_at_once_send_one_email():
    email = OutgoingEmail.objects.create(
        kind="test", key="1", recipient="sam@example.org", subject="Hello", body="Plain words"
    )
    outcomes = together(*[lambda: deliver.call(email.pk)] * 2)
    assert "sent" in outcomes and len(mail.outbox) == 1
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
