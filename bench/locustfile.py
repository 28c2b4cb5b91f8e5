"""The load test's people (locust): learners who sign in once and learn, a supervisor, a load balancer.

Run by ``make load`` (bench/load.py), which starts the site and passes what the people need to
find their way in GROUNDWORK_LOAD_DATA (a JSON file written by bench/load_data.py).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from pathlib import Path

from locust import HttpUser, between, task

from bench.page_forms import certificate_pdfs, choices, sequence

DATA = json.loads(Path(os.environ["GROUNDWORK_LOAD_DATA"]).read_text())
NEXT_PERSON = itertools.count()


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # a person reads before the next click

    def sign_in(self, username: str) -> None:
        self.client.get("/accounts/login/", name="sign in (form)")
        self.client.post(
            "/accounts/login/",
            {"username": username, "password": DATA["password"], "csrfmiddlewaretoken": self.csrf()},
            name="sign in",
        )

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def post(self, url: str, data: dict, name: str, **kwargs):
        return self.client.post(url, {**data, "csrfmiddlewaretoken": self.csrf()}, name=name, **kwargs)


class Learner(SignedIn):
    weight = 20

    def on_start(self) -> None:
        person = DATA["people"][next(NEXT_PERSON) % len(DATA["people"])]
        self.run_id = person["run"]
        self.sign_in(person["username"])

    @task(4)
    def dashboard(self) -> None:
        self.client.get("/learning/", name="/learning/")

    @task(4)
    def module(self) -> None:
        self.client.get(random.choice(DATA["modules"]), name="module page")

    @task(8)
    def lesson(self) -> None:
        self.client.get(random.choice(DATA["lessons"]), name="lesson page")

    @task(3)
    def quiz(self) -> None:
        started = self.post(f"/learning/quizzes/{DATA['quiz']}/start/", {}, "quiz: start")
        question_url = started.url.removeprefix(self.host)
        options = choices(started.text)
        if "/questions/" not in question_url or not options:
            return  # no attempt left to take: the quiz page says so
        for _ in range(3):
            self.post(
                question_url,
                {"choice": random.choice(options), "go": "stay"},
                "quiz: autosave",
                headers={"X-Requested-With": "fetch"},
            )
        attempt = question_url.split("/attempts/")[1].split("/")[0]
        self.post(f"/learning/attempts/{attempt}/submit/", {}, "quiz: submit")

    @task(4)
    def scenario(self) -> None:
        page = self.client.get(f"/learning/runs/{self.run_id}/", name="scenario: step")
        options, number = choices(page.text), sequence(page.text)
        if not options or number is None:
            self.post(f"/learning/runs/{self.run_id}/restart/", {}, "scenario: restart")
            return
        self.post(
            f"/learning/runs/{self.run_id}/choose/",
            {"choice": random.choice(options[:3]), "sequence": number},
            "scenario: choose",
        )

    @task(2)
    def certificates(self) -> None:
        page = self.client.get("/certificates/", name="/certificates/")
        links = certificate_pdfs(page.text)
        if links:
            self.client.get(links[0], name="certificate PDF")


class Supervisor(SignedIn):
    weight = 1

    def on_start(self) -> None:
        self.sign_in(DATA["supervisor"])

    @task
    def matrix(self) -> None:
        self.client.get("/team/", name="/team/ (supervisor's matrix)")


class LoadBalancer(HttpUser):
    """The floor: what a request costs with no page behind it."""

    weight = 1
    wait_time = between(1, 2)

    @task
    def healthz(self) -> None:
        self.client.get("/healthz", name="/healthz (floor)")
