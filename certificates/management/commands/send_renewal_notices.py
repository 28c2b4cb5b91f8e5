"""Email learners whose certificates are due for renewal: run once a day."""

from django.core.management.base import BaseCommand

from certificates.renewal_notices import send_renewal_notices
from outbox.delivery import sweep


class Command(BaseCommand):
    help = (
        "Email learners whose certificates expire within 60 or 14 days (each notice once), and queue "
        "again any email the outbox has left waiting for over an hour."
    )

    def handle(self, *args, **options) -> None:
        count = send_renewal_notices()
        self.stdout.write(f"Renewal notices queued: {count}")
        # The daily run every installation already schedules is also the outbox's safety net.
        self.stdout.write(f"Emails queued again: {sweep()}")
