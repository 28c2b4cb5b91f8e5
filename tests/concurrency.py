"""Running calls in threads released at the same moment, for PostgreSQL race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

THREAD_TIMEOUT_SECONDS = 90

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL (run with DATABASE_URL=postgresql://…): SQLite serialises all writers, "
    "so it cannot show this race",
)


def together(*calls: Callable[[], object]) -> list[object]:
    """Run each call in its own thread (its own connection), all released together; re-raise any error."""
    barrier = threading.Barrier(len(calls))
    results: dict[int, object] = {}
    errors: list[BaseException] = []

    def run(slot: int) -> None:
        try:
            barrier.wait(timeout=THREAD_TIMEOUT_SECONDS)
            results[slot] = calls[slot]()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(slot,)) for slot in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=THREAD_TIMEOUT_SECONDS)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting (deadlock?)"
    if errors:
        raise errors[0]
    return [results[slot] for slot in range(len(calls))]
