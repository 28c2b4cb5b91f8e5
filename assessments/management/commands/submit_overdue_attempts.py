"""Submit timed quiz attempts whose time ran out while nobody was on the page: run every few minutes."""

from django.core.management.base import BaseCommand

from assessments.quiz_attempts import submit_overdue_attempts


class Command(BaseCommand):
    help = "Submit (and grade) every open quiz attempt past its time limit. Safe to run at any time."

    def handle(self, *args, **options) -> None:
        count = submit_overdue_attempts()
        self.stdout.write(f"Overdue attempts submitted: {count}")
