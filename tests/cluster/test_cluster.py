"""Two web processes, two task workers, PostgreSQL, Redis and an S3 server (scripts/cluster): what
one web process does, the other knows. Run with ``pytest -m cluster`` (``.ci/run`` does when
PostgreSQL and Redis answer); the default run leaves it out."""

from __future__ import annotations

import json
import re
import time
from http import HTTPStatus

import pytest
import requests

from bench.processes import postgres_answers, redis_answers, start_cluster

pytestmark = pytest.mark.cluster

PASSWORD = "a long cluster password 42"
SET_UP = f"""
import json
from certificates.models import Certificate
from tests.factories import UserFactory, build_module, build_site
module, lessons = build_module(build_site(), lessons=2)
UserFactory(username="learner", password={PASSWORD!r})
UserFactory(username="other", password={PASSWORD!r})
print(json.dumps({{"module": module.pk, "lessons": [l.pk for l in lessons]}}))
"""
PDF_NAME = """
from certificates.models import Certificate
c = Certificate.objects.get()
print(c.code, c.pdf.name or "")
"""


@pytest.fixture(scope="module")
def cluster():
    if not (postgres_answers() and redis_answers()):
        pytest.fail(
            "The cluster test needs PostgreSQL and Redis on 127.0.0.1 (run it with -m cluster only then)."
        )
    running = start_cluster(web=2, workers=2, redis_db=3)
    try:
        running.content = json.loads(running.manage("shell", "-c", SET_UP).strip().splitlines()[-1])
        yield running
    finally:
        running.stop()


def _signed_in(base: str, username: str, password: str = PASSWORD) -> requests.Response:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30)
    return session.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        timeout=30,
        allow_redirects=False,
    ), session


def _post(session: requests.Session, url: str) -> requests.Response:
    return session.post(
        url, data={"csrfmiddlewaretoken": session.cookies["csrftoken"]}, timeout=60, allow_redirects=False
    )


def test_session_made_on_one__works_on_the_other(cluster):
    """Signed in through the first web process, the learner's session opens pages on the second."""
    one, two = cluster.web_urls
    response, session = _signed_in(one, "learner")
    assert response.status_code == HTTPStatus.FOUND
    page = session.get(f"{two}/learning/", timeout=30, allow_redirects=False)
    assert page.status_code == HTTPStatus.OK
    assert "Sign out" in page.text


def test_certificate_completed_on_one__rendered_by_a_worker__downloads_from_the_other(cluster):
    one, two = cluster.web_urls
    _response, session = _signed_in(one, "learner")
    module, lessons = cluster.content["module"], cluster.content["lessons"]
    for lesson in lessons:
        done = _post(session, f"{one}/learning/modules/{module}/steps/{lesson}/done/")
        assert done.status_code == HTTPStatus.FOUND, done.text[:300]
    deadline = time.monotonic() + 90
    while True:
        last_line = cluster.manage("shell", "-c", PDF_NAME).strip().splitlines()[-1]
        code, _space, pdf_name = last_line.partition(" ")
        if pdf_name:
            break
        assert time.monotonic() < deadline, "no worker rendered the certificate"
        time.sleep(1)
    assert pdf_name.startswith("certificates/")
    download = session.get(f"{two}/certificates/{code}/certificate.pdf", timeout=60)
    assert download.status_code == HTTPStatus.OK
    assert download.content.startswith(b"%PDF")
    stranger = requests.get(f"{two}/certificates/{code}/certificate.pdf", timeout=30, allow_redirects=False)
    assert stranger.status_code != HTTPStatus.OK


def test_verification_throttle__counts_across_both(cluster):
    """The verification page's per-address limit is one count, whichever process answers."""
    limit = 30
    answers = [
        requests.get(f"{cluster.web_urls[n % 2]}/verify/NOT-A-CODE-{n}/", timeout=30).status_code
        for n in range(limit + 1)
    ]
    assert HTTPStatus.TOO_MANY_REQUESTS not in answers[:limit]
    assert answers[limit] == HTTPStatus.TOO_MANY_REQUESTS


def test_sign_in_lockout__counts_across_both(cluster):
    """Five wrong passwords spread over both processes pause the account on either: the fifth is
    refused, and so is the right password afterwards, on the other process."""
    for n in range(4):
        response, _session = _signed_in(cluster.web_urls[n % 2], "other", "wrong password")
        assert response.status_code == HTTPStatus.OK
    response, _session = _signed_in(cluster.web_urls[0], "other", "wrong password")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    response, _session = _signed_in(cluster.web_urls[1], "other")
    assert response.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert re.search(r"paused|try again", response.text, re.IGNORECASE)
