"""What a supervisor may see of one team member: standing, certificates, quiz scores, dates.

Only for the modules the team requires: a member's other learning is their own, as are their
reflections, answers and scenario choices.
"""

from __future__ import annotations

import datetime

from assessments.models import QuizAttempt
from certificates.models import Certificate
from lms.compliance import team_matrix
from lms.models import Observation, SignOff
from lms.sign_offs import sign_off_standing
from lms.standing import Standing


def member_record(team, person, today: datetime.date) -> dict:
    matrix = team_matrix(team, today, members=[person])
    module_ids = [assignment.module_id for assignment in matrix.assignments]
    quiz_results: dict[tuple, dict] = {}
    attempts = QuizAttempt.objects.filter(
        user=person, module_id__in=module_ids, submitted_at__isnull=False
    ).order_by("submitted_at")
    rows = attempts.values_list("module_id", "module__title", "quiz_title", "score", "passed", "submitted_at")
    for module_id, module_title, title, score, passed, submitted_at in rows:
        result = quiz_results.setdefault(
            (module_id, title),
            {"module": module_title or "", "title": title, "attempts": 0, "best": score, "passed": False},
        )
        result["attempts"] += 1
        result["best"] = max(result["best"], score)
        result["passed"] = result["passed"] or bool(passed)
        result["last"] = submitted_at
    sign_offs = list(SignOff.objects.filter(member=person, team=team))
    return {
        "team": team,
        "person": person,
        "required": [
            (assignment, cell)
            for assignment, cell in zip(matrix.assignments, matrix.rows[0].cells, strict=True)
            if cell.standing != Standing.NOT_REQUIRED  # a column for another member's role
        ],
        # The history, revoked and expired ones too, each with its status; the cells above use the held ones.
        "certificates": Certificate.objects.filter(user=person, module_id__in=module_ids).order_by(
            "-issued_at"
        ),
        "quiz_results": sorted(quiz_results.values(), key=lambda result: (result["module"], result["title"])),
        "today": today,
        "observations": Observation.objects.filter(member=person, team=team, module_id__in=module_ids),
        "sign_offs": sign_offs,
        "sign_off": sign_off_standing(sign_offs, today),
    }
