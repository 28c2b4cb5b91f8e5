"""The CPD record: a learner's own non-revoked certificates issued in a period (local days, both
ends included), totalled overall, for ethics and by category; shown on a page, downloaded as a
PDF transcript and as a CSV; bad dates get a plain message and never a server error."""

from __future__ import annotations

import csv
import datetime
import io
import re
from decimal import Decimal
from http import HTTPStatus
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader
from wagtail.models import Site

from certificates.codes import new_code
from certificates.cpd import (
    Period,
    cpd_record,
    default_period,
)
from certificates.models import Certificate
from courses.progress import record_step_complete
from lms.models import OrganisationSettings
from tests.certificates.test_cpd_period import BAD_PERIODS
from tests.factories import UserFactory, build_module

LONDON = ZoneInfo("Europe/London")
TODAY = datetime.date(2025, 6, 15)
A4_PORTRAIT = (595.28, 841.89)  # points


@pytest.fixture(autouse=True)
def today():
    """A fixed "now", so the default period and the limits are known."""
    with time_machine.travel(datetime.datetime(2025, 6, 15, 12, 0, tzinfo=LONDON), tick=False):
        yield TODAY


@pytest.fixture
def dee(db):
    return UserFactory(username="dee", first_name="Dee", last_name="Okafor")


@pytest.fixture
def dee_client(client, dee):
    client.force_login(dee)
    return client


@pytest.fixture
def organisation(catalogue):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "Harbour Peer Network"
    settings.save()
    return settings


def at(day: str, clock: str = "12:00") -> datetime.datetime:
    """A moment in local (London) time."""
    return datetime.datetime.fromisoformat(f"{day}T{clock}").replace(tzinfo=LONDON)


def earn(
    user,
    issued_at: datetime.datetime,
    title: str = "Boundaries in peer work",
    hours: str = "2.0",
    label: str = "Ethics",
    **fields,
) -> Certificate:
    """A certificate as issuing writes it (fields copied at issue); ethics hours follow the category."""
    ethics = hours if label == "Ethics" else "0"
    return Certificate.objects.create(
        user=user,
        code=new_code(),
        learner_name=user.get_full_name() or user.username,
        module_title=title,
        cpd_hours=Decimal(hours),
        cpd_category=label.lower().replace(" ", "_"),
        cpd_category_label=label,
        ethics_hours=Decimal(fields.pop("ethics_hours", ethics)),
        delivery_format="Online",
        provider="Harbour Peer Network",
        issued_at=issued_at,
        **fields,
    )


@pytest.fixture
def spring(dee):
    """Three certificates of Dee's in spring 2025, in two categories."""
    return [
        earn(dee, at("2025-03-03"), "Boundaries in peer work", "2.5", "Ethics"),
        earn(dee, at("2025-04-10"), "Grounding skills", "1.5", "Wellbeing"),
        earn(dee, at("2025-05-20"), "Safety planning together", "3.0", "Trauma-informed practice"),
    ]


def page_text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


SPRING = {"from": "2025-03-01", "to": "2025-05-31"}


# The record: which certificates count


def test_cpd_record__includes_both_boundary_days_by_local_date(dee):
    """A certificate counts by the day it was issued in local time, both ends of the period included."""
    before = earn(dee, at("2025-02-28", "23:59"), "Before")
    first_day = earn(dee, at("2025-03-01", "00:00"), "First day")
    # 00:30 on 1 May in London (summer time) is 23:30 UTC on 30 April: it is dated 1 May.
    just_after_midnight = earn(dee, at("2025-05-01", "00:30"), "Just after midnight")
    last_day = earn(dee, at("2025-05-31", "23:59"), "Last day")
    # 00:30 on 1 June in London is 23:30 UTC on 31 May: outside by the local date.
    after = earn(dee, at("2025-06-01", "00:30"), "After")
    assert after.issued_at.astimezone(datetime.UTC).date() == datetime.date(2025, 5, 31)
    record = cpd_record(dee, Period(datetime.date(2025, 3, 1), datetime.date(2025, 5, 31)))
    assert [e.code for e in record.entries] == [first_day.code, just_after_midnight.code, last_day.code]
    assert [e.issued_on.isoformat() for e in record.entries] == ["2025-03-01", "2025-05-01", "2025-05-31"]
    assert before.code not in {e.code for e in record.entries}


def test_cpd_record__leaves_out_revoked_keeps_expired_oldest_first(dee):
    """Revoked certificates do not count; expired ones do (the hours were earned); oldest first."""
    earn(dee, at("2025-04-01"), "Later", expires_on=datetime.date(2026, 4, 1))
    earlier = earn(dee, at("2025-03-01"), "Earlier", expires_on=datetime.date(2025, 3, 31))
    earn(dee, at("2025-03-15"), "Revoked", revoked_at=timezone.now(), revoked_reason="Issued in error.")
    assert earlier.status_on(TODAY) == "expired"
    record = cpd_record(dee, Period(datetime.date(2025, 1, 1), TODAY))
    assert [e.module_title for e in record.entries] == ["Earlier", "Later"]
    assert record.total_hours == Decimal("4.0")


def test_cpd_record__a_completed_module_counts(
    catalogue, dee, django_capture_on_commit_callbacks, monkeypatch
):
    """A certificate issued by completing a module shows up with the module's CPD hours."""
    import certificates.issuing as issuing

    monkeypatch.setattr(issuing, "after_issue", lambda pk: None)  # no PDF or email needed here
    module, lessons = build_module(catalogue, lessons=1, title="Peer values", cpd_hours=Decimal("1.5"))
    with django_capture_on_commit_callbacks(execute=True):
        record_step_complete(dee, lessons[0], module)
    record = cpd_record(dee, default_period(TODAY))
    assert [(e.module_title, e.hours) for e in record.entries] == [("Peer values", Decimal("1.5"))]


# The page


def test_record_page__shows_entries_totals_and_downloads_for_the_period(dee_client, spring):
    """Each entry with its verification link, totals by category and overall, downloads for the same period."""
    response = dee_client.get(reverse("cpd_record"), SPRING)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    text = page_text(response)
    assert 'value="2025-03-01"' in html and 'value="2025-05-31"' in html
    assert "CPD from 1 March 2025 to 31 May 2025" in text
    for certificate in spring:
        assert certificate.module_title in text
        assert f'href="/verify/{certificate.code}/"' in html
    assert "Ethics 2.5" in text and "Wellbeing 1.5" in text and "Trauma-informed practice 3.0" in text
    assert "All categories 7.0" in text and "Of which ethics hours 2.5" in text
    assert (
        text.index("Boundaries in peer work") < text.index("Grounding skills") < text.index("Safety planning")
    )
    for name in ("cpd_transcript", "cpd_csv"):
        assert f'<form method="post" action="{reverse(name)}">' in html
    assert (
        html.count('name="from" value="2025-03-01"') == 3 and html.count('name="to" value="2025-05-31"') == 3
    )
    assert 'role="alert"' not in html


def test_record_page__is_reached_from_the_certificate_list(dee_client):
    response = dee_client.get(reverse("certificates"))
    assert f'href="{reverse("cpd_record")}"' in response.content.decode()
    assert "Your CPD record and transcript" in page_text(response)


def test_record_page__never_shows_another_learners_certificates(dee_client, spring):
    """Someone else's certificates in the same period stay out of the list and the totals."""
    other = earn(UserFactory(username="bo"), at("2025-04-01"), "Someone else's module", "9.0")
    response = dee_client.get(reverse("cpd_record"), SPRING)
    html = response.content.decode()
    assert other.code not in html and "Someone else" not in html
    assert "All categories 7.0" in page_text(response)


@pytest.mark.parametrize(("query", "words", "fields"), BAD_PERIODS)
def test_record_page__bad_dates_show_a_message_and_the_default_period(dee_client, dee, query, words, fields):
    """The message is announced and tied to the input at fault; the last 24 months are shown instead."""
    recent = earn(dee, at("2025-01-10"), "Recent module")
    old = earn(dee, at("2021-01-10"), "Old module")
    response = dee_client.get(reverse("cpd_record"), query)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert '<div class="form-errors" role="alert" id="period-error">' in html
    assert words in page_text(response).replace("&quot;", '"')
    for field in ("from", "to"):
        tag = re.search(rf'<input type="date" id="cpd-{field}"[^>]*>', html).group(0)
        assert ("period-error" in tag) == (field in fields)
        assert ('aria-invalid="true"' in tag) == (field in fields)
    assert 'value="2023-06-15"' in html and 'value="2025-06-15"' in html
    assert recent.code in html and old.code not in html
    assert 'type="hidden" name="from" value="2023-06-15"' in html


def test_record_page__an_empty_period_says_so_kindly(dee_client, spring):
    response = dee_client.get(reverse("cpd_record"), {"from": "2024-01-01", "to": "2024-12-31"})
    assert response.status_code == HTTPStatus.OK
    text = page_text(response)
    assert "Nothing was recorded for you in this period" in text
    assert "<table" not in response.content.decode()
    assert "Download transcript" not in text


def test_record_page__queries_do_not_grow_with_the_number_of_certificates(
    dee_client, dee, django_assert_max_num_queries
):
    """2 certificates or 12: the same number of queries."""
    for month in (1, 2):
        earn(dee, at(f"2025-0{month}-05"), f"Module {month}")
    with CaptureQueriesContext(connection) as few:
        response = dee_client.get(reverse("cpd_record"))
    assert response.content.decode().count('href="/verify/') == 2
    for number in range(10):
        earn(dee, at("2024-11-01") + datetime.timedelta(days=number), f"More {number}")
    with django_assert_max_num_queries(len(few)):
        response = dee_client.get(reverse("cpd_record"))
    assert response.content.decode().count('href="/verify/') == 12


@pytest.mark.parametrize(
    ("name", "method"), [("cpd_record", "get"), ("cpd_transcript", "post"), ("cpd_csv", "post")]
)
def test_signed_out__is_sent_to_sign_in(client, db, name, method):
    response = getattr(client, method)(reverse(name), SPRING)
    assert response.status_code == HTTPStatus.FOUND
    assert response.url.startswith(reverse("login") + "?next=")


# The downloads


def test_transcript__is_an_a4_pdf_with_what_a_board_reads(dee_client, dee, spring, organisation):
    """Name, provider, period, date produced, each module and code, totals, and where to check them."""
    earn(dee, at("2025-03-10"), "Revoked module", revoked_at=timezone.now())
    response = dee_client.post(reverse("cpd_transcript"), SPRING)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/pdf"
    assert (
        response["Content-Disposition"] == 'attachment; filename="cpd-transcript-2025-03-01-2025-05-31.pdf"'
    )
    assert "no-store" in response["Cache-Control"]
    reader = PdfReader(io.BytesIO(response.content))
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A4_PORTRAIT, abs=1)
    text = pdf_text(response.content)
    for expected in [
        "CPD transcript",
        "Dee Okafor",
        "Harbour Peer Network",
        "1 March 2025 to 31 May 2025",
        "Produced 15 June 2025",
        "Total CPD hours 7.0",
        "Of which ethics hours 2.5",
        "Wellbeing 1.5",
        "Its page, http://",
        "/verify/transcripts/GT-",
        "1 revoked certificate from the period is left out.",
    ]:
        assert expected in text, expected
    for certificate in spring:
        assert certificate.module_title in text
        assert certificate.code in text
    assert "Revoked module" not in text


def test_transcript__never_includes_another_learners_certificates(dee_client, spring):
    other = earn(
        UserFactory(username="bo", first_name="Bo"), at("2025-04-01"), "Someone else's module", "9.0"
    )
    text = pdf_text(dee_client.post(reverse("cpd_transcript"), SPRING).content)
    assert other.code not in text and "Someone else" not in text
    assert "Total CPD hours 7.0" in text


def test_transcript__of_an_empty_period_says_there_is_nothing(dee_client, spring):
    response = dee_client.post(reverse("cpd_transcript"), {"from": "2024-01-01", "to": "2024-12-31"})
    assert response.status_code == HTTPStatus.OK
    text = pdf_text(response.content)
    assert "No activities were recorded for this learner in this period." in text
    assert spring[0].code not in text


def test_csv__has_one_row_per_entry_oldest_first(dee_client, spring):
    response = dee_client.post(reverse("cpd_csv"), SPRING)
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cpd-record-2025-03-01-2025-05-31.csv"'
    title, code, header, *rows = csv_rows(response)
    assert title == ["CPD transcript", "Dee Okafor", "2025-03-01", "2025-05-31"]
    assert code[0] == "Transcript code" and code[2].endswith(f"/verify/transcripts/{code[1]}/")
    assert header[:7] == ["Date", "Activity", "Provider", "Category", "CPD hours", "Ethics hours", "Status"]
    assert rows[:3] == [
        [
            timezone.localdate(c.issued_at).isoformat(),
            c.module_title,
            "Groundwork",
            c.cpd_category_label,
            f"{c.cpd_hours:.1f}",
            f"{c.ethics_hours:.1f}",
            "valid",
            "yes",
            c.code,
            f"http://127.0.0.1:8000/verify/{c.code}/",
            "",
            "",
        ]
        for c in spring
    ]
    assert ["Total CPD hours", "", "", "", "7.0", "2.5"] in rows


def test_csv__cells_cannot_start_a_formula_and_other_learners_stay_out(dee_client, dee, spring):
    earn(dee, at("2025-04-02"), '=HYPERLINK("http://evil.example","x")', label="+Ethics")
    earn(dee, at("2025-04-03"), "@SUM(A1)", label="-Wellbeing")
    other = earn(UserFactory(username="bo"), at("2025-04-01"), "Someone else's module")
    rows = csv_rows(dee_client.post(reverse("cpd_csv"), SPRING))[2:]
    titles = [row[1] for row in rows[1:6]]
    assert titles == [
        "Boundaries in peer work",
        '\'=HYPERLINK("http://evil.example","x")',
        "'@SUM(A1)",
        "Grounding skills",
        "Safety planning together",
    ]
    assert [row[3] for row in rows[2:4]] == ["'+Ethics", "'-Wellbeing"]
    assert other.code not in {cell for row in rows for cell in row}


@pytest.mark.parametrize("name", ["cpd_transcript", "cpd_csv"])
@pytest.mark.parametrize(("query", "words", "fields"), BAD_PERIODS)
def test_downloads__refuse_a_bad_period_with_a_plain_page(dee_client, spring, name, query, words, fields):
    """400, in the site's design, saying what is wrong and leading back to the record page."""
    response = dee_client.post(reverse(name), query)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert words in page_text(response)
    assert f'href="{reverse("cpd_record")}"' in response.content.decode()
