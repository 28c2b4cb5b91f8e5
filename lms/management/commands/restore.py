"""``manage.py restore PATH``: a backup into an empty database and empty storage (see ``lms.backups``)."""

from django.core.management.base import BaseCommand, CommandError

from lms.backups import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup written by 'manage.py backup' into an EMPTY database (created, not migrated) "
        "and empty media storage, then check every model's row count against the backup."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="The archive written by 'manage.py backup'.")
        parser.add_argument("--database", default="default", help="The database alias to restore into.")

    def handle(self, *args, path: str, database: str, **options) -> None:
        try:
            manifest = restore(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        self.stdout.write(
            f"Restored {rows} rows and {sum(manifest['files'].values())} files from the backup of "
            f"{manifest['created_at']}; every model's row count matches."
        )
