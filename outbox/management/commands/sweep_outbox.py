"""Queue again the emails a lost task or a dead worker left behind: run every hour or so."""

from django.core.management.base import BaseCommand

from outbox.delivery import sweep


class Command(BaseCommand):
    help = "Queue again emails left queued or half-sent for over an hour (a lost task, a dead worker)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Emails queued again: {sweep()}")
