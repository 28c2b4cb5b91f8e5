"""Who may open what: the expected answer, per role, for every URL pattern and page route.

``tests/test_access_matrix.py`` asks every pattern the resolver knows (and every page in the tree)
as each role and compares with this file; a pattern missing here fails that test, so a new view
cannot ship unclassified. The records in the URLs are the learner's own (``MatrixValues``).

Outcomes: "ok" (2xx), "login" (sent to the site's sign-in), "admin login" (to Wagtail's),
"admin home" (Wagtail's "no permission": back to the dashboard), "redirect" (anywhere else), or
the status code ("404", "405").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.access_matrix import ROLES


@dataclass(frozen=True)
class Rule:
    """What each role gets on GET; ``post`` what a role gets on an empty POST (for POST-only views)."""

    why: str
    get: dict[str, frozenset[str]]
    post: dict[str, str] = field(default_factory=dict)


def rule(why: str, *answers, post: dict | None = None) -> Rule:
    """Answers in ROLES order: anonymous, learner, other, supervisor, other_supervisor, editor, admin;
    a set allows any of its outcomes (Wagtail's own views, whose answers vary by view)."""
    assert len(answers) == len(ROLES), why
    as_sets = [frozenset({a}) if isinstance(a, str) else frozenset(a) for a in answers]
    return Rule(why, dict(zip(ROLES, as_sets, strict=True)), post or {})


REFUSED_ON_RECORD = {"anonymous": "login", "other": "404"}  # for a POST naming the learner's record
NON_STAFF = ("admin login",) * 5
WAGTAIL_STAFF_ANSWERS = {"ok", "admin home", "redirect", "404", "405"}

PUBLIC = rule("public", *["ok"] * 7)
SIGNED_IN = rule("anyone signed in, for themself", "login", *["ok"] * 6)
OWNER = rule("the owner only: others 404", "login", "ok", *["404"] * 5)
OWNER_REDIRECTS = rule(
    "the owner only, who is sent on (an open attempt to its question, a step to its run)",
    "login",
    "redirect",
    *["404"] * 5,
)
OWNER_POST = rule(
    "POST only, on the owner's record: anonymous to sign in, anyone else 404",
    *["405"] * 7,
    post=REFUSED_ON_RECORD,
)
SELF_POST = rule(
    "POST only, about the signed-in person themself (their own enrolment, attempt, run, note)",
    *["405"] * 7,
    post={"anonymous": "login"},
)
SIGNED_IN_POST = rule(
    "POST only, for whoever is signed in, about themself", "login", *["405"] * 6, post={"anonymous": "login"}
)
TEAM_SUPERVISOR = rule(
    "the supervisor of the learner's team only", "login", "404", "404", "ok", "404", "404", "404"
)
ANY_SUPERVISOR = rule(
    "every supervisor, about their own teams", "login", "404", "404", "ok", "ok", "404", "404"
)
REPORTS = rule("editors and administrators", *NON_STAFF, "ok", "ok")
ADMINS = rule("administrators (an editor is sent back to the dashboard)", *NON_STAFF, "admin home", "ok")
WAGTAIL_ADMIN = rule(
    "Wagtail's admin: staff only; what staff get depends on the view and their permissions",
    *NON_STAFF,
    WAGTAIL_STAFF_ANSWERS,
    WAGTAIL_STAFF_ANSWERS,
)

RULES: dict[str, Rule] = {
    # Sign-in and accounts
    "login": PUBLIC,
    "logout": rule("sign-out is POST only", *["405"] * 7),
    "password_change": SIGNED_IN,
    # Two-step sign-in (optional in tests): each person's own settings
    "two_factor:security": SIGNED_IN,
    "learning:who_has_seen": SIGNED_IN,
    "two_factor:enrol": SIGNED_IN,
    "two_factor:verify": rule(
        "the code page: someone with nothing to confirm is sent on", "login", *["redirect"] * 6
    ),
    "two_factor:turn_off": SELF_POST,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": rule(
        "the emailed link: anyone holding it (the test client signed out is sent on to set-password)",
        "redirect",
        *["ok"] * 6,
    ),
    "password_reset_complete": PUBLIC,
    **{
        name: rule("single sign-on: not configured in the tests, so 404 to everyone", *["404"] * 7)
        for name in ("sso_start", "sso_callback", "sso_refused")
    },
    "invitation_accept": rule(
        "the emailed invitation link: anyone holding it (an unknown token is a 404 revealing nothing)",
        *["ok"] * 7,
    ),
    # Learning
    "learning:dashboard": SIGNED_IN,
    "search": PUBLIC,
    "learning:calendar": SIGNED_IN,
    "calendar_feed": rule("a calendar feed by its secret address: any other address is 404", *["404"] * 7),
    "learning:home": rule(
        "where sign-in lands: each person is sent on to their own home (staff to the admin's)",
        "login",
        *["redirect"] * 4,
        "admin home",
        "admin home",
    ),
    "learning:practice": SIGNED_IN,
    "learning:my_data": SIGNED_IN,
    "learning:my_data_page": SIGNED_IN,
    "learning:my_data_download": OWNER,
    "learning:reflections": SIGNED_IN,
    "learning:reflections_export": SIGNED_IN,
    "learning:start_module": SELF_POST,
    "learning:mark_lesson_done": SELF_POST,
    "learning:continue_past_note": SELF_POST,
    "learning:quiz_start": SELF_POST,
    "learning:quiz_result": OWNER_REDIRECTS,
    "learning:quiz_question": OWNER,
    "learning:quiz_review": OWNER,
    "learning:quiz_submit": OWNER_POST,
    "learning:quiz_time": OWNER_POST,
    "learning:scenario_start": SELF_POST,
    "learning:scenario_run": OWNER,
    "learning:scenario_choose": OWNER_POST,
    "learning:scenario_feedback": OWNER_REDIRECTS,
    "learning:scenario_back": OWNER_POST,
    "learning:scenario_restart": OWNER_POST,
    "learning:reflect_on_ending": OWNER_POST,
    "learning:reflect_in_lesson": SELF_POST,
    "learning:reflection_share": OWNER_POST,
    "learning:reflection_revoke": OWNER_POST,
    "learning:reflection_delete": rule(
        "the owner's confirmation page; others 404", "login", "ok", *["404"] * 5, post=REFUSED_ON_RECORD
    ),
    "take_a_break": PUBLIC,
    # Certificates
    "certificates": SIGNED_IN,
    "renew_module": SIGNED_IN_POST,
    "refresh_module": SIGNED_IN_POST,
    "renewal_emails": SIGNED_IN_POST,
    "cpd_record": SIGNED_IN,
    "cpd_transcript": SIGNED_IN_POST,
    "cpd_csv": SIGNED_IN_POST,
    "cpd_add_activity": SIGNED_IN,
    "cpd_evidence": rule(
        "the learner, a supervisor of their team, administrators",
        "login",
        "ok",
        "404",
        "ok",
        "404",
        "404",
        "ok",
    ),
    "cpd_review": rule("supervisors and administrators", "login", "404", "404", "ok", "ok", "404", "ok"),
    "cpd_decide": rule(
        "POST only, by a supervisor of the learner's team (an administrator only when nobody supervises them)",
        *["405"] * 7,
        post={
            "anonymous": "login",
            "learner": "404",
            "other": "404",
            "supervisor": "400",
            "other_supervisor": "404",
            "editor": "404",
            "admin": "404",
        },
    ),
    "cpd_add_credential": SIGNED_IN_POST,
    "cpd_remove_credential": OWNER_POST,
    "verify_transcript": PUBLIC,
    "certificate_pdf": rule(
        "the holder, the supervisor of a team requiring the module, administrators",
        "login",
        "ok",
        "404",
        "ok",
        "404",
        "404",
        "ok",
    ),
    "certificate_credential": rule(
        "the holder's signed credential (and administrators'); 404 to anyone else, signed in or not",
        "404",
        "ok",
        *["404"] * 4,
        "ok",
    ),
    "verify_form": PUBLIC,
    "verify": PUBLIC,
    "credential_issuer": PUBLIC,
    "credential_jwks": PUBLIC,
    # For load balancers
    "healthz": PUBLIC,
    "readyz": PUBLIC,
    # Readable offline (lms.offline_views): the web app's files, and a module's lessons to keep
    "service_worker": PUBLIC,
    "web_manifest": PUBLIC,
    "offline_page": PUBLIC,
    "learning:offline_lessons": SIGNED_IN,
    "credential_status_list": PUBLIC,
    # Supervision
    "shared_reflections": ANY_SUPERVISOR,
    "team:dashboard": ANY_SUPERVISOR,
    "team:export": TEAM_SUPERVISOR,
    "team:member": TEAM_SUPERVISOR,
    "team:observe": TEAM_SUPERVISOR,
    "team:sign_off": TEAM_SUPERVISOR,
    "team:remind_preview": TEAM_SUPERVISOR,
    "team:extend": TEAM_SUPERVISOR,
    "team:digest": rule(
        "POST only, by any supervisor about their own digest",
        "login",
        *["405"] * 6,
        post={"anonymous": "login", "learner": "404", "other": "404", "editor": "404", "admin": "404"},
    ),
    "team:exempt": rule(
        "administrators (who may add exemptions) only: everyone else 404",
        "login",
        *["404"] * 5,
        "ok",
    ),
    "team:remind": rule("POST only, by the team's supervisor", "login", *["405"] * 6, post=REFUSED_ON_RECORD),
    # Our admin views
    "team_compliance:index": ADMINS,
    "erase_person": ADMINS,
    "people_admin:invitations": ADMINS,
    "people_admin:invite": ADMINS,
    "people_admin:import": ADMINS,
    **{
        f"people_admin:{name}": rule(
            "POST only, by administrators",
            *NON_STAFF,
            "admin home",
            "405",
            post={"anonymous": "admin login", "learner": "admin login", "editor": "admin home"},
        )
        for name in ("resend", "revoke")
    },
    "quiz_results:index": REPORTS,
    "quiz_results:item_analysis": REPORTS,
    "scenario_results:index": REPORTS,
    "scenario_results:choices": REPORTS,
    **{
        f"certificates_admin:{name}": ADMINS
        for name in ("index", "index_results", "inspect", "revoke", "zip", "zip_status", "zip_download")
    },
    "(unnamed) admin/test404/": rule("Wagtail's page to preview its 404 template", *NON_STAFF, "ok", "ok"),
    "(unnamed) admin/^.*/$": rule("the admin's catch-all: staff get 404", *NON_STAFF, "404", "404"),
    # Wagtail's public views (every other wagtail* pattern is WAGTAIL_ADMIN, below)
    "wagtailadmin_login": rule(
        "sign-in; staff already in go to the dashboard", *["ok"] * 5, "admin home", "admin home"
    ),
    "wagtailadmin_sprite": PUBLIC,
    "wagtailadmin_javascript_catalog": PUBLIC,
    "wagtailadmin_password_reset": PUBLIC,
    "wagtailadmin_password_reset_done": PUBLIC,
    "wagtailadmin_password_reset_complete": PUBLIC,
    "wagtailadmin_password_reset_confirm": rule(
        "the emailed link (the world's is the administrator's); anyone else is sent on",
        *["redirect"] * 6,
        "ok",
    ),
    "wagtaildocs_serve": rule("a document outside any restricted collection is public", *["ok"] * 7),
    "wagtaildocs_authenticate_with_password": PUBLIC,
    "wagtailcore_authenticate_with_password": PUBLIC,
    "wagtailcore_login": PUBLIC,
    # Pages in the tree
    "page:HomePage": PUBLIC,
    "page:CourseIndexPage": PUBLIC,
    "page:CoursePage": PUBLIC,
    "page:LessonPage": SIGNED_IN,
    "page:CoursePage (password)": rule("Wagtail's password form, to everyone", *["ok"] * 7),
    "page:LessonPage (password)": rule("under a password: its form, to everyone", *["ok"] * 7),
    "page:QuizPage": SIGNED_IN,
    "page:ScenarioPage": SIGNED_IN,
}


def rule_for(key: str, callback) -> Rule | None:
    """The declared rule; Wagtail's own admin views share one (they are Wagtail's to test)."""
    if key in RULES:
        return RULES[key]
    if getattr(callback, "__module__", "").startswith("wagtail.") and key.startswith("wagtail"):
        return WAGTAIL_ADMIN
    return None
