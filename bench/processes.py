"""Start Groundwork as a small cluster on this machine: web processes, task workers, PostgreSQL,
Redis and an S3 server, with production settings. ``scripts/cluster`` runs it in the foreground;
the cluster test, the load test and the two-worker benchmark start it from Python.

PostgreSQL and Redis are the machine's own (127.0.0.1:5432 and :6379; each run gets a fresh
database, and a Redis database number of its own); the S3 server is moto's standalone server,
started for the run. Everything started is stopped, and the database dropped, on ``stop()``.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
POSTGRES = os.environ.get("GROUNDWORK_CLUSTER_POSTGRES", "postgresql://postgres@127.0.0.1:5432")
REDIS = os.environ.get("GROUNDWORK_CLUSTER_REDIS", "redis://127.0.0.1:6379")
BUCKET = "groundwork-cluster"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def postgres_answers() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except Exception:
        return False
    return True


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=3).ping()
    except Exception:
        return False
    return True


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(sql)


@dataclass
class Cluster:
    env: dict[str, str]
    database: str
    workdir: Path
    web_urls: list[str] = field(default_factory=list)
    processes: list[subprocess.Popen] = field(default_factory=list)

    def manage(self, *args: str, input_text: str | None = None, check: bool = True) -> str:
        """Run ``manage.py`` with the cluster's settings; its output."""
        done = subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            input=input_text,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout

    def start(self, name: str, *command: str) -> subprocess.Popen:
        log = open(self.workdir / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append(process)
        return process

    def start_web(self, threads: int = 1, workers: int = 1) -> str:
        port = free_port()
        self.start(
            f"web-{port}",
            str(BIN / "gunicorn"),
            "lms.wsgi",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            f"--threads={threads}",
            "--timeout=60",
            "--access-logfile=-",
        )
        url = f"http://127.0.0.1:{port}"
        self.web_urls.append(url)
        return url

    def start_worker(self) -> subprocess.Popen:
        index = sum(1 for p in self.processes if "worker" in " ".join(map(str, p.args)))
        if self.env["GROUNDWORK_TASKS"] == "rq":
            command = ("manage.py", "rqworker", "default", "--job-class", "django_tasks_rq.Job")
        else:
            command = ("manage.py", "db_worker", "--no-reload", "--interval", "0.2")
        return self.start(f"worker-{index}", str(BIN / "python"), *command)

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        for url in self.web_urls:
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/readyz", timeout=5) as response:  # noqa: S310
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} is not ready; see {self.workdir}")
                time.sleep(0.3)

    def query(self, sql: str) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
            return connection.execute(sql).fetchall()

    def tasks_waiting(self) -> int:
        """Tasks queued or running on the database backend (whose table django-tasks-db names
        after its old app label when installed with ``[compat]``, after its own otherwise)."""
        (table,) = self.query(
            "SELECT tablename FROM pg_tables WHERE tablename IN "
            "('django_tasks_database_dbtaskresult', 'django_tasks_db_dbtaskresult') LIMIT 1"
        )[0]
        return self.query(f"SELECT count(*) FROM {table} WHERE status IN ('READY', 'RUNNING')")[0][0]  # noqa: S608

    def wait_for_tasks(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while self.tasks_waiting():
            if time.monotonic() > deadline:
                raise RuntimeError(f"tasks still queued after {timeout:.0f} s; see {self.workdir}")
            time.sleep(1)

    def stop(self) -> None:
        for process in self.processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
        self.processes.clear()
        with contextlib.suppress(Exception):
            _admin(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def _schema_version() -> str:
    """Names the migrated schema: every migration file here and the installed packages' versions."""
    import hashlib
    from importlib.metadata import distributions

    digest = hashlib.blake2b(digest_size=6)
    for path in sorted(ROOT.glob("*/migrations/*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    for dist in sorted(distributions(), key=lambda d: d.metadata["Name"] or ""):
        digest.update(f"{dist.metadata['Name']}={dist.version};".encode())
    return digest.hexdigest()


def _database_exists(name: str) -> bool:
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        return (
            connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None
        )


def _migrated_database(cluster: Cluster) -> None:
    """Copy a migrated template made by an earlier run (fast), or migrate and keep a template."""
    template = f"gw_cluster_template_{_schema_version()}"
    if _database_exists(template):
        _admin(f'CREATE DATABASE "{cluster.database}" TEMPLATE "{template}"')
        return
    _admin(f'CREATE DATABASE "{cluster.database}"')
    cluster.manage("migrate", "--noinput", "-v0")
    with contextlib.suppress(Exception):  # another run made it meanwhile
        _admin(f'CREATE DATABASE "{template}" TEMPLATE "{cluster.database}"')


def _collected_static(env: dict[str, str]) -> None:
    """Production serves static files from the collected folder: collect every time (it copies only
    what changed), since a folder collected before a static file was added makes every page that
    names the new file fail."""
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )


def _s3_server(cluster: Cluster) -> str:
    port = free_port()
    cluster.start("s3", str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(port))
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError("the S3 server did not start") from None
            time.sleep(0.2)
    import boto3

    boto3.client(
        "s3",
        endpoint_url=url,
        aws_access_key_id="cluster",
        aws_secret_access_key="cluster",
        region_name="us-east-1",
    ).create_bucket(Bucket=BUCKET)
    return url


def start_cluster(
    web: int = 2,
    workers: int = 2,
    *,
    redis_db: int = 3,
    storage: str = "s3",
    tasks: str = "database",
    web_workers: int = 1,
    web_threads: int = 1,
    extra_env: dict[str, str] | None = None,
) -> Cluster:
    """A fresh database, migrated; ``web`` gunicorn processes and ``workers`` task workers, ready."""
    database = f"gw_cluster_{os.getpid()}_{secrets.token_hex(3)}"
    workdir = Path(tempfile.mkdtemp(prefix="groundwork-cluster-"))
    redis_url = f"{REDIS}/{redis_db}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lms.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"{POSTGRES}/{database}",
        "REDIS_URL": redis_url,
        "GROUNDWORK_RQ_URL": redis_url,
        "GROUNDWORK_TASKS": tasks,
        "GROUNDWORK_STORAGE": storage,
        "GROUNDWORK_STAFF_2FA": "optional",
        # Plain HTTP on this machine only: no HTTPS redirect, cookies sent without TLS.
        "GROUNDWORK_SSL_REDIRECT": "false",
        "GROUNDWORK_SECURE_COOKIES": "false",
        "GROUNDWORK_HSTS_SECONDS": "0",
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        **(extra_env or {}),
    }
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    cluster = Cluster(env, database, workdir)
    try:
        if storage == "s3":
            env.update(
                GROUNDWORK_S3_BUCKET=BUCKET,
                GROUNDWORK_S3_ENDPOINT_URL=_s3_server(cluster),
                GROUNDWORK_S3_REGION="us-east-1",
                AWS_ACCESS_KEY_ID="cluster",
                AWS_SECRET_ACCESS_KEY="cluster",
            )
        _migrated_database(cluster)
        cluster.manage("ensure_signing_key")
        _collected_static(env)
        for _ in range(web):
            cluster.start_web(threads=web_threads, workers=web_workers)
        for _ in range(workers):
            cluster.start_worker()
        cluster.wait_ready()
    except BaseException:
        cluster.stop()
        raise
    return cluster


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--web", type=int, default=2, help="web processes (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="task workers (default 2)")
    parser.add_argument("--tasks", choices=["database", "rq"], default="database")
    parser.add_argument("--storage", choices=["s3", "local"], default="s3")
    arguments = parser.parse_args(argv)
    if not (postgres_answers() and redis_answers()):
        print(f"The cluster needs PostgreSQL at {POSTGRES} and Redis at {REDIS}.", file=sys.stderr)
        return 2
    cluster = start_cluster(
        arguments.web, arguments.workers, tasks=arguments.tasks, storage=arguments.storage
    )
    print("Groundwork cluster is up (production settings, plain HTTP, this machine only):")
    for url in cluster.web_urls:
        print(f"  web      {url}/")
    print(f"  database {POSTGRES}/{cluster.database} (dropped on exit)")
    print(f"  storage  {cluster.env.get('GROUNDWORK_S3_ENDPOINT_URL', cluster.env['MEDIA_ROOT'])}")
    print(f"  logs     {cluster.workdir}")
    print(
        "Create an account with: DJANGO_SETTINGS_MODULE=... manage.py createsuperuser (env in the logs folder)."
    )
    (cluster.workdir / "env").write_text(
        "".join(f"export {k}={v!r}\n" for k, v in cluster.env.items() if k.isupper())
    )
    print("Stop with Ctrl+C.")
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    finally:
        cluster.stop()
        shutil.rmtree(cluster.workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
