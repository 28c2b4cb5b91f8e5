"""The CPD ledger in a browser, as the demo accounts: forecast, transcript with QR, review."""

from __future__ import annotations

import pypdfium2
import pytest
import zxingcpp
from playwright.sync_api import expect

from tests.browser.test_learner_journey import sign_in_as_demo

pytestmark = pytest.mark.browser


def test_refresher_sees_a_forecast_and_a_transcript_whose_qr_verifies(page, demo, assert_accessible):
    sign_in_as_demo(page, "refresher")
    page.goto("/certificates/cpd/")
    assert page.get_by_text("more ethics hours before").first.is_visible()
    assert page.get_by_role("img", name="Ethics:").first.is_visible()
    assert (
        page.get_by_text("Waiting for review").is_visible()
        and page.get_by_text("Approved", exact=False).first.is_visible()
    )
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download transcript (PDF)").click()
    document = pypdfium2.PdfDocument(download.value.path())
    (url,) = [
        found.text for sheet in document for found in zxingcpp.read_barcodes(sheet.render(scale=3).to_pil())
    ]
    page.goto("/" + url.split("/", 3)[3])
    assert page.get_by_role("heading", name="Genuine transcript").is_visible()
    assert_accessible(page)


def test_supervisor_approves_training_done_elsewhere(page, demo, assert_accessible):
    sign_in_as_demo(page, "supervisor")
    page.goto("/certificates/cpd/review/")
    assert_accessible(page)
    page.get_by_label("Approve").first.check()
    page.get_by_role("button", name="Record the decision").first.click()
    expect(page.get_by_text("Its hours now count.")).to_be_visible()
