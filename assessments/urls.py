"""Learner URLs for quizzes, scenarios and reflections, mounted in the ``learning`` namespace.

Quizzes and scenarios are served the same way: the page itself is the start page, a POST to
``…/<page id>/start/`` starts (or resumes) an attempt or a run, and everything after that lives
under the learner's own record (``attempts/<id>/…``, ``runs/<id>/…``).
"""

from django.urls import path

from core import converters  # noqa: F401  (registers <id:…>)

from . import quiz_views, reflection_views, scenario_views

learning_patterns = [
    path("quizzes/<id:page_id>/start/", quiz_views.start, name="quiz_start"),
    path("attempts/<id:attempt_id>/", quiz_views.result, name="quiz_result"),
    path("attempts/<id:attempt_id>/questions/<id:number>/", quiz_views.question, name="quiz_question"),
    path("attempts/<id:attempt_id>/review/", quiz_views.review, name="quiz_review"),
    path("attempts/<id:attempt_id>/submit/", quiz_views.submit, name="quiz_submit"),
    path("attempts/<id:attempt_id>/time/", quiz_views.time_limit, name="quiz_time"),
    path("scenarios/<id:page_id>/start/", scenario_views.start, name="scenario_start"),
    path("runs/<id:run_id>/", scenario_views.run_page, name="scenario_run"),
    path("runs/<id:run_id>/choose/", scenario_views.choose, name="scenario_choose"),
    path("runs/<id:run_id>/choices/<id:number>/", scenario_views.feedback, name="scenario_feedback"),
    path("runs/<id:run_id>/back/", scenario_views.back, name="scenario_back"),
    path("runs/<id:run_id>/restart/", scenario_views.restart, name="scenario_restart"),
    path("runs/<id:run_id>/reflection/", reflection_views.save_for_ending, name="reflect_on_ending"),
    path(
        "reflections/lessons/<id:page_id>/<str:block_id>/",
        reflection_views.save_for_lesson,
        name="reflect_in_lesson",
    ),
    path("reflections/", reflection_views.reflection_list, name="reflections"),
    path("reflections/export.md", reflection_views.export_markdown, name="reflections_export"),
    path("reflections/<id:reflection_id>/share/", reflection_views.share, name="reflection_share"),
    path("reflections/<id:reflection_id>/revoke/", reflection_views.revoke, name="reflection_revoke"),
    path("reflections/<id:reflection_id>/delete/", reflection_views.delete, name="reflection_delete"),
]
