"""Backup -> restore loses nothing: a rich world (every model the GET walk needs, certificates
current and revoked with real PDFs) is backed up, restored into a fresh database and empty
media folders by a process of its own, and every model's row count, every certificate's
verification and every PDF are checked. A restore into a database that is not empty is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from certificates.models import Certificate
from certificates.rendering import store_pdf
from lms.backups import counted_models
from tests.get_world import build_world

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def world(committed_db, settings, tmp_path):
    """Committed, so the backup (another reader of the database) sees it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    build_world()
    for certificate in Certificate.objects.all():
        store_pdf(certificate)  # real PDFs, for pypdf to open after the restore


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in counted_models()}


def verification_statuses(client) -> dict[str, str]:
    return {
        code: client.get(f"/verify/{code}/").context["status"]
        for code in Certificate.objects.values_list("code", flat=True)
    }


@pytest.fixture
def fresh_database(tmp_path_factory):
    """The URL of a new, empty database of the engine the tests run on; dropped afterwards."""
    if connection.vendor == "sqlite":  # in a temporary folder, with its journal files
        yield f"sqlite:///{tmp_path_factory.mktemp('restore') / 'restored.sqlite3'}"
        return
    from shutil import which

    if which("pg_dump") is None or which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed (apt-get install postgresql-client)")
    name = f"groundwork_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"
    yield url
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_backup_then_restore_loses_nothing(world, client, tmp_path, fresh_database):
    expected_counts = row_counts()
    expected_statuses = verification_statuses(client)
    assert {"valid", "revoked"} <= set(expected_statuses.values())
    archive = tmp_path / "groundwork.tar.gz"

    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115

    with tarfile.open(archive) as stored:
        manifest = json.load(stored.extractfile("manifest.json"))
    assert manifest["engine"] == connection.vendor and manifest["row_counts"] == expected_counts
    assert manifest["files"]["private-media"] >= len(expected_statuses)

    environment = {
        **os.environ,
        "DATABASE_URL": fresh_database,
        "DJANGO_SETTINGS_MODULE": "lms.settings.test",
    }
    restored_media, restored_private = tmp_path / "restored-media", tmp_path / "restored-private"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.backup_restore_check",
            str(archive),
            str(restored_media),
            str(restored_private),
        ],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout)

    assert report["counts"] == expected_counts
    assert all(count for label, count in expected_counts.items() if label.startswith("certificates."))
    assert {code: seen["status"] for code, seen in report["certificates"].items()} == expected_statuses
    for seen in report["certificates"].values():
        assert seen["http"] == 200 and seen["pages"] == 1 and seen["code_printed"]
    assert (
        sum(1 for path in restored_private.rglob("*") if path.is_file()) == manifest["files"]["private-media"]
    )


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    archive = tmp_path / "groundwork.tar.gz"
    call_command("backup", str(archive), stdout=open(os.devnull, "w"))  # noqa: SIM115
    before = row_counts()
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(archive))
    assert row_counts() == before


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    archive = tmp_path / "not-a-backup.tar.gz"
    with tarfile.open(archive, "w:gz") as stored:
        stored.add(__file__, arcname="hello.py")
    with pytest.raises(CommandError, match="not a Groundwork backup"):
        call_command("restore", str(archive))
