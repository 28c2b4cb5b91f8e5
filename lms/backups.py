"""Backups that restore: one .tar.gz holding the database, the public and the private media, and
a manifest (format, version, date, engine, rows per model, files per storage).

The database is copied consistently while the site runs: SQLite through its online backup API,
PostgreSQL through ``pg_dump`` (custom format) on a snapshot that the row counts are taken in
too. Media are read and written through the storage API, so a bucket behind django-storages
is backed up like a folder.

A restore goes only into an EMPTY database (no tables: create it, do not migrate it) and empty
storages, so it can never mix two sites' records or overwrite a live one; it then checks every
model's row count against the manifest.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.core.exceptions import SuspiciousFileOperation
from django.core.files import File
from django.core.files.storage import storages
from django.db import connections, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Folder in the archive -> storage alias.
MEDIA = {"media": "default", "private-media": "private"}


class BackupError(Exception):
    """Something the person running the command must put right; the message says what."""


def _version() -> str:
    try:
        return metadata.version("groundwork")
    except metadata.PackageNotFoundError:
        return "unknown"


def counted_models() -> list:
    """Every model with a table of its own, many-to-many tables included: what the manifest counts."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _tables() -> dict[str, str]:
    return {model._meta.label: model._meta.db_table for model in counted_models()}


def _count_rows(cursor, quote) -> dict[str, int]:
    counts = {}
    for label, table in sorted(_tables().items()):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from the models)
        counts[label] = cursor.fetchone()[0]
    return counts


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups support SQLite and PostgreSQL; this database is {vendor}.")
    return vendor


def _walk(storage, folder: str = "") -> Iterator[str]:
    """Every file's name in a storage, through the storage API."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a storage folder never written to
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _walk(storage, f"{folder}/{name}" if folder else name)


# Backing up


def backup(path: Path, *, using: str = "default") -> dict:
    """Write the archive to ``path`` (through a partial file, so a failed run leaves no archive
    that looks whole) and return its manifest."""
    path = Path(path)
    engine = _engine(using)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE_FILES[engine]
        counts = _sqlite_dump(using, dump) if engine == "sqlite" else _postgres_dump(using, dump)
        manifest = {
            "format": FORMAT,
            "version": _version(),
            "created_at": timezone.now().isoformat(),
            "engine": engine,
            "row_counts": counts,
            "files": {},
        }
        try:
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname=dump.name)
                for folder, alias in MEDIA.items():
                    manifest["files"][folder] = _add_storage(archive, storages[alias], folder)
                data = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(timezone.now().timestamp())
                archive.addfile(info, io.BytesIO(data))
            os.replace(partial, path)
        finally:
            partial.unlink(missing_ok=True)
    return manifest


def _add_storage(archive: tarfile.TarFile, storage, folder: str) -> int:
    count = 0
    for name in _walk(storage):
        with storage.open(name, "rb") as stored:
            data = stored.read()
        info = tarfile.TarInfo(f"{folder}/{name}")
        info.size, info.mtime = len(data), int(timezone.now().timestamp())
        archive.addfile(info, io.BytesIO(data))
        count += 1
    return count


def _sqlite_dump(using: str, dump: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        connection.connection.backup(target)
        return _count_rows(target.cursor(), lambda name: f'"{name}"')
    finally:
        target.close()


def _pg_environment(using: str) -> dict[str, str]:
    settings = connections[using].settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    environment["PGDATABASE"] = settings["NAME"]
    return environment


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed, and PostgreSQL backups need it: install the PostgreSQL "
            "client of the server's version or newer (Debian: apt-get install postgresql-client)."
        )
    return found


def _run(command: list[str], using: str) -> None:
    result = subprocess.run(command, env=_pg_environment(using), capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


def _postgres_dump(using: str, dump: Path) -> dict[str, int]:
    """pg_dump on a snapshot this transaction holds, and the row counts in the same snapshot."""
    pg_dump = _program("pg_dump")
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("A backup cannot run inside a transaction.")
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        _run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump}"], using)
        return _count_rows(cursor, connection.ops.quote_name)


# Restoring


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as error:
        raise BackupError("This is not a Groundwork backup: it has no readable manifest.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"This backup's format ({manifest.get('format')}) is not one this version can restore."
        )
    return manifest


def restore(path: Path, *, using: str = "default") -> dict:
    """Restore the archive into the empty database and storages; return its manifest once every
    model's row count matches it."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    engine = _engine(using)
    with tarfile.open(path, "r:gz") as archive:
        manifest = read_manifest(archive)
        if manifest["engine"] != engine:
            raise BackupError(
                f"This backup holds a {manifest['engine']} database; this site uses {engine}. "
                "Restore it into a site with the same database engine."
            )
        _refuse_unless_empty(using)
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / DATABASE_FILES[engine]
            try:
                source = archive.extractfile(DATABASE_FILES[engine])
            except KeyError as error:
                raise BackupError("This backup holds no database file; it cannot be restored.") from error
            with source, open(dump, "wb") as target:
                shutil.copyfileobj(source, target)
            _sqlite_load(using, dump) if engine == "sqlite" else _postgres_load(using, dump)
        for member in archive:
            folder, _, name = member.name.partition("/")
            if member.isfile() and folder in MEDIA:
                _restore_file(storages[MEDIA[folder]], name, archive.extractfile(member))
    _check(manifest, using)
    return manifest


def _refuse_unless_empty(using: str) -> None:
    connection = connections[using]
    if connection.introspection.table_names():
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty. A backup is restored "
            "only into an empty database: create a new one (do not run migrate), point "
            "DATABASE_URL at it, and run restore again."
        )
    for folder, alias in MEDIA.items():
        if next(_walk(storages[alias]), None) is not None:
            raise BackupError(
                f"The {alias} storage ({folder}) already holds files. A backup is restored only "
                "into empty storage: point the media settings at empty folders or buckets."
            )


def _restore_file(storage, name: str, content) -> None:
    try:
        saved = storage.save(name, File(content, name=name))
    except SuspiciousFileOperation as error:  # a name reaching outside the storage
        raise BackupError(
            f"The backup holds a file named {name!r}, which cannot be restored safely."
        ) from error
    if saved != name:
        raise BackupError(f"{name} could not be restored under its own name (stored as {saved}).")


def _sqlite_load(using: str, dump: Path) -> None:
    connection = connections[using]
    connection.close()
    source, target = sqlite3.connect(dump), sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()


def _postgres_load(using: str, dump: Path) -> None:
    pg_restore = _program("pg_restore")
    connections[using].close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connections[using].settings_dict['NAME']}",
            str(dump),
        ],
        using,
    )


def _check(manifest: dict, using: str) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        counts = _count_rows(cursor, connection.ops.quote_name)
    differences = {
        label: (expected, counts.get(label))
        for label, expected in manifest["row_counts"].items()
        if counts.get(label) != expected
    }
    if differences:
        listed = "; ".join(
            f"{label}: {want} in the backup, {got} restored" for label, (want, got) in differences.items()
        )
        raise BackupError(f"The restored database does not match the backup: {listed}.")
    for folder, alias in MEDIA.items():
        restored = sum(1 for _ in _walk(storages[alias]))
        if restored != manifest["files"][folder]:
            raise BackupError(
                f"{folder}: {manifest['files'][folder]} files in the backup, {restored} restored."
            )
