"""``manage.py backup PATH``: the database and all media in one archive (see ``lms.backups``)."""

from django.core.management.base import BaseCommand, CommandError

from lms.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write the database, the public and the private media, and a manifest to one .tar.gz archive."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path", help="Where to write the archive, e.g. /var/backups/groundwork-2026-11-30.tar.gz"
        )
        parser.add_argument("--database", default="default", help="The database alias to back up.")

    def handle(self, *args, path: str, database: str, **options) -> None:
        try:
            manifest = backup(path, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["row_counts"].values())
        files = sum(manifest["files"].values())
        self.stdout.write(f"Backed up {rows} rows ({manifest['engine']}) and {files} files to {path}.")
