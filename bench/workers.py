"""Certificates at volume: 1,000 issued, then rendered by two ``db_worker`` processes on PostgreSQL.

Registered only when PostgreSQL and Redis answer on 127.0.0.1 (the figure is about that set-up).
Untimed: a fresh database (bench/processes.py), 1,000 learners and a module, and two workers
started and idle. Timed: the 1,000 learners complete the module (one ``manage.py shell``, which
issues their certificates and queues a render and an email for each) until every certificate has
its PDF. GROUNDWORK_BENCH_CERTIFICATES changes the count.
"""

from __future__ import annotations

import os
import time

from bench.processes import Cluster, postgres_answers, redis_answers, start_cluster
from bench.runner import benchmark

COUNT = int(os.environ.get("GROUNDWORK_BENCH_CERTIFICATES", "1000"))
PREPARE = f"""
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from tests.factories import build_module, build_site
build_module(build_site(), lessons=1)
password = make_password(None)
User.objects.bulk_create(User(username=f"holder-{{n}}", password=password) for n in range({COUNT}))
"""
ISSUE = """
from django.contrib.auth.models import User
from courses.models import CoursePage
from courses.progress import complete_module
module = CoursePage.objects.get()
for learner in User.objects.filter(username__startswith="holder-"):
    complete_module(learner, module)
"""


class NotRendered(AssertionError):
    """The workers stopped before every certificate had its PDF."""


def learners_and_two_idle_workers() -> Cluster:
    cluster = start_cluster(web=0, workers=2, redis_db=4, storage="local")
    try:
        cluster.manage("shell", "-c", PREPARE)
        time.sleep(5)  # the workers have started and are polling an empty queue
    except BaseException:
        cluster.stop()
        raise
    return cluster


def _rendered(cluster: Cluster) -> int:
    return cluster.query("SELECT count(*) FROM certificates_certificate WHERE pdf <> ''")[0][0]


if postgres_answers() and redis_answers():

    @benchmark(
        f"certificates: {COUNT:,} rendered by two db_workers on PostgreSQL",
        target_ms=60_000 * COUNT / 1000,
        setup=learners_and_two_idle_workers,
        runs=1,
        warmup=0,
    )
    def two_workers(cluster: Cluster) -> None:
        try:
            cluster.manage("shell", "-c", ISSUE)
            deadline = time.monotonic() + 1800
            while _rendered(cluster) < COUNT:
                if time.monotonic() > deadline:
                    raise NotRendered(f"{_rendered(cluster)} of {COUNT} rendered after 30 minutes")
                time.sleep(0.25)
        finally:
            cluster.stop()
