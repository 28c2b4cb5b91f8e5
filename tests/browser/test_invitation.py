"""Issue 13's "done means": an invited person opens the emailed link, chooses a password by
keyboard and lands on their learning page; an unknown link says plainly that it does not work.
Both pages checked with axe."""

import re

from django.core import mail

from lms.invitations.importing import import_people
from lms.invitations.people_csv import read_people
from tests.factories import build_site

PASSWORD = "a-Long-new-passphrase-17"


def test_an_invited_person_chooses_a_password_and_lands_on_their_modules(
    page, committed_db, assert_accessible
):
    build_site()
    import_people(read_people(b"email,name\nana@example.org,Ana Lima\n").rows)  # committed: sent at once
    link = re.search(r"https?://[^/\s]+(/accounts/invitation/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(link)
    assert page.get_by_role("heading", name="Choose your password").is_visible()
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/learning/")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/accounts/invitation/not-a-real-link/")
    assert page.get_by_role("heading", name="This invitation link does not work").is_visible()
    assert_accessible(page)
