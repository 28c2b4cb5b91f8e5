"""The refresher's certificates and public verification for each status, with axe."""

from django.utils import timezone
from playwright.sync_api import expect

from certificates.models import Certificate

from .test_learner_journey import sign_in_as_demo


def test_certificates_page_and_verification_for_each_status(page, demo, assert_accessible):
    refresher = sign_in_as_demo(page, "refresher")

    page.goto("/certificates/")
    assert page.get_by_role("heading", name="My certificates").is_visible()
    assert page.get_by_text("Valid, due for renewal").first.is_visible()
    trauma = page.get_by_role("region", name="Trauma and the nervous system")
    trauma.get_by_text("1 earlier certificate").click()  # open the history
    expect(trauma.get_by_text("Expired").first).to_be_visible()
    assert_accessible(page)

    # The module renewed by its refresher path ("Sustaining yourself") has its own history.
    certificates = list(
        Certificate.objects.filter(user=refresher)
        .exclude(module_title__startswith="Sustaining yourself")
        .order_by("issued_at")
    )
    expired, valid, revoked = certificates
    revoked.revoked_at, revoked.revoked_reason = timezone.now(), "Issued in error"
    revoked.revocation_category = "issued_in_error"
    revoked.save()
    page.context.clear_cookies()  # verification is public
    for certificate, says in (
        (valid, "genuine and valid until"),
        (expired, "expired on"),
        (revoked, "was revoked on"),
    ):
        page.goto(f"/verify/{certificate.code}/")
        assert page.get_by_text(says).is_visible(), certificate.code
        assert page.get_by_role("heading", name="CPD hours").is_visible()
        # .first: for an ethics module, "Ethics hours" is both the category's and the ethics line.
        assert page.get_by_text(f"{certificate.cpd_category_label} hours").first.is_visible()
        assert_accessible(page)
    assert page.get_by_text("Reason for revocation: Issued in error").is_visible()
    page.goto("/verify/GW-2222-3333-4444-5555/")
    assert page.get_by_role("heading", name="We could not find that certificate").is_visible()
    assert_accessible(page)


def test_cpd_record_and_a_bad_period(page, demo, assert_accessible):
    sign_in_as_demo(page, "refresher")
    page.goto("/certificates/")
    page.get_by_role("link", name="Your CPD record and transcript").click()
    expect(page.get_by_role("table").first).to_be_visible()  # waits for the page the link opens
    expect(page.get_by_role("button", name="Download transcript (PDF)")).to_be_visible()
    assert_accessible(page)
    page.goto("/certificates/cpd/?from=2026-02-30&to=2026-01-01")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)
