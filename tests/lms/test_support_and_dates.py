"""Demo details (issue 15, item 12): the support contact and crisis line; one date format."""

import datetime

from django.utils import translation
from django.utils.formats import date_format

from lms.demo.support import ensure_support
from tests.factories import LessonPageFactory, build_module, build_site


def test_support_line__shown_beside_a_content_note_and_in_the_footer(learner_client):
    module, _ = build_module(build_site(), lessons=0)
    lesson = LessonPageFactory(parent=module, content_note="Describes self-harm.")
    ensure_support()
    html = learner_client.get(lesson.url).content.decode()
    note = html[
        html.index('class="content-note"') : html.index("</section>", html.index('class="content-note"'))
    ]
    assert "Samaritans, free at any time on 116 123" in note
    assert "peer support lead" in note
    footer = html[html.index("<footer") :]
    assert "116 123" in footer


def test_ensure_support__keeps_what_an_administrator_set(db):
    from lms.models import OrganisationSettings

    site_settings = OrganisationSettings.for_site(build_site().get_site())
    site_settings.crisis_line = "Our own line"
    site_settings.save()
    ensure_support()
    site_settings.refresh_from_db()
    assert site_settings.crisis_line == "Our own line" and site_settings.support_contact


def test_dates__one_format_in_british_and_american_english():
    day = datetime.date(2026, 12, 30)
    for language in ("en", "en-gb", "en-us"):
        with translation.override(language):
            assert date_format(day) == "30 December 2026"
            assert date_format(day, "SHORT_DATE_FORMAT") == "30 Dec 2026"
