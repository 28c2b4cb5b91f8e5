"""Send this week's digest to each supervisor now (each once a week however often it runs)."""

from django.core.management.base import BaseCommand

from lms.digest import send_weekly_digests


class Command(BaseCommand):
    help = "Hand each supervisor's weekly digest to the outbox (once per supervisor per ISO week)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Weekly digests queued: {send_weekly_digests()}")
