"""The CPD ledger's URLs, under /certificates/cpd/, and a transcript's verification page."""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import activity_views, cpd_views, credential_views

cpd_patterns = [
    path("", cpd_views.record_page, name="cpd_record"),
    path("transcript.pdf", cpd_views.transcript_download, name="cpd_transcript"),
    path("record.csv", cpd_views.csv_download, name="cpd_csv"),
    path("activities/new/", activity_views.add_activity, name="cpd_add_activity"),
    path("activities/<id:external_activity_id>/evidence/", activity_views.evidence, name="cpd_evidence"),
    path("review/", activity_views.review_queue, name="cpd_review"),
    path("review/<id:external_activity_id>/", activity_views.review, name="cpd_decide"),
    path("credentials/", credential_views.add_credential, name="cpd_add_credential"),
    path(
        "credentials/<id:held_credential_id>/remove/",
        credential_views.remove_credential,
        name="cpd_remove_credential",
    ),
]

transcript_verify_patterns = [
    path("<str:transcript_code>/", cpd_views.verify_transcript, name="verify_transcript"),
]
