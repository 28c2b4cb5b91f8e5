from django.core.management.base import BaseCommand

from lms.data_export import sweep_expired


class Command(BaseCommand):
    help = "Delete learners' data ZIPs older than 7 days (run daily)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"Deleted {sweep_expired()} expired data export(s).")
