from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from access_log.views import who_has_seen
from assessments import reflection_views
from assessments.urls import learning_patterns as assessment_patterns
from certificates.urls import certificate_patterns, verify_patterns
from core import (
    converters,  # noqa: F401  (registers <id:…>)
    health,
)
from courses import views as course_views
from ledger.urls import cpd_patterns, transcript_verify_patterns

from . import (
    accounts,
    calendar_views,
    data_export_views,
    deadline_views,
    digest_views,
    offline_views,
    practice_views,
    reminder_views,
    search,
    sso,
    team_views,
    views,
)
from .invitations.accept import accept as accept_invitation
from .two_factor.urls import two_factor_patterns

learning_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("home/", views.home_for_person, name="home"),
        path("calendar/", calendar_views.calendar_page, name="calendar"),
        path("modules/<id:module_id>/start/", course_views.start_module, name="start_module"),
        path(
            "modules/<id:module_id>/steps/<id:step_id>/done/",
            course_views.mark_lesson_done,
            name="mark_lesson_done",
        ),
        path("modules/<id:module_id>/offline.json", offline_views.module_lessons, name="offline_lessons"),
        path("notes/<id:page_id>/continue/", course_views.continue_past_note, name="continue_past_note"),
        path("practice/", practice_views.my_practice, name="practice"),
        path("my-data/", data_export_views.my_data_page, name="my_data_page"),
        path("my-data/data.json", views.my_data, name="my_data"),
        path("my-data/<str:token>/download/", data_export_views.my_data_download, name="my_data_download"),
        path("who-has-seen/", who_has_seen, name="who_has_seen"),
        *assessment_patterns,
    ],
    "learning",
)

team_patterns = (
    [
        path("", team_views.dashboard, name="dashboard"),
        path("digest/", digest_views.digest_choice, name="digest"),
        path("<id:team_id>/export.csv", team_views.export_csv, name="export"),
        path("<id:team_id>/remind/", team_views.send_reminders, name="remind"),
        path("<id:team_id>/remind/preview/", reminder_views.reminder_preview, name="remind_preview"),
        path("<id:team_id>/members/<id:user_id>/", team_views.member, name="member"),
        path("<id:team_id>/members/<id:user_id>/observe/", practice_views.observe, name="observe"),
        path("<id:team_id>/members/<id:user_id>/sign-off/", practice_views.sign_off_member, name="sign_off"),
        path(
            "<id:team_id>/members/<id:user_id>/modules/<id:module_id>/extend/",
            deadline_views.extend,
            name="extend",
        ),
        path("people/<id:user_id>/modules/<id:module_id>/exemption/", deadline_views.exempt, name="exempt"),
    ],
    "team",
)

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("sw.js", offline_views.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline_views.manifest, name="web_manifest"),
    path("offline/", offline_views.offline_page, name="offline_page"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/security/", include(two_factor_patterns)),
    path("accounts/sso/", include(sso.urlpatterns)),
    path("accounts/invitation/<str:token>/", accept_invitation, name="invitation_accept"),
    path("accounts/", include(accounts.urlpatterns)),
    path("learning/", include(learning_patterns)),
    path("certificates/cpd/", include(cpd_patterns)),
    path("certificates/", include(certificate_patterns)),
    path("verify/transcripts/", include(transcript_verify_patterns)),
    path("verify/", include(verify_patterns)),
    path("team/reflections/", reflection_views.shared_with_me, name="shared_reflections"),
    path("team/", include(team_patterns)),
    path("break/", views.take_a_break, name="take_a_break"),
    path("search/", search.search, name="search"),
    path("calendar/<str:code>.ics", calendar_views.calendar_feed, name="calendar_feed"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
