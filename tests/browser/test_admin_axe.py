"""The page editor for each of the project's page types, with axe (issue 15, item 11).

The demo editor opens a module, a lesson, a quiz and a scenario in the Wagtail page editor. axe
must find no ``label`` and no ``landmark-unique`` violation at all on these pages: the project's
list items carry their own names (``courses.blocks.ItemCharBlock``), every block panel is named
by the panel it sits in as well (``courses/static/courses/admin/block-panel-names.js``), and each
rich-text block's editable box by its label (``courses.blocks.NamedRichTextBlock``).

Any other violation must be one of Wagtail's own widgets listed in ``WAGTAIL_WIDGETS`` (and in the
README's accessibility section); a violation anywhere else fails the test.
"""

from __future__ import annotations

import pytest

from assessments.models import QuizPage, ScenarioPage
from courses.models import CoursePage, LessonPage

from .test_learner_journey import sign_in_as_demo

OURS_TO_FIX = ("label", "landmark-unique")

# (axe rule, a CSS selector of the Wagtail widget the node sits in, why it is Wagtail's own).
WAGTAIL_WIDGETS = [
    (
        "scrollable-region-focusable",
        ".w-minimap__list",
        "Wagtail's minimap (the page outline beside the form) scrolls a list that cannot take the focus",
    ),
]


def edit(page, path: str) -> None:
    page.goto(path)
    page.wait_for_function("window.wagtail && window.wagtail.app")  # the admin's scripts ran
    page.locator("[data-streamfield-child], .w-panel").first.wait_for()


def unexcused(page, results) -> list[str]:
    """Each violation node that is not inside one of Wagtail's widgets listed above."""
    found = []
    for violation in results.response["violations"]:
        rule = violation["id"]
        excused = [
            selector for name, selector, _why in WAGTAIL_WIDGETS if name == rule and rule not in OURS_TO_FIX
        ]
        for node in violation["nodes"]:
            target = node["target"][0]
            inside = any(page.locator(target).first.evaluate("(e, s) => !!e.closest(s)", s) for s in excused)
            if not inside:
                found.append(f"{rule}: {target} {node['html'][:160]}")
    return found


def region_names(page, containing: str) -> list[str]:
    """The accessible names of the editor's block panels whose name contains ``containing``."""
    return page.evaluate(
        """(text) => Array.from(document.querySelectorAll('section.w-panel--nested[aria-labelledby]'))
            .map(s => s.getAttribute('aria-labelledby').split(' ')
                .map(id => document.getElementById(id).textContent.trim().replace(/\\s+/g, ' ')).join(' '))
            .filter(name => name.includes(text))""",
        containing,
    )


@pytest.fixture
def editor_page(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in_as_demo(page, "editor")
    return page


def test_page_editor__module_lesson_quiz_and_scenario_have_no_unnamed_inputs_or_alike_regions(
    editor_page, axe
):
    """No label or landmark-unique violation on any of the four editors; others only Wagtail's own."""
    lesson = max(LessonPage.objects.live(), key=lambda lesson: len(lesson.body))  # the most blocks
    pages = [
        CoursePage.objects.live().first(),
        lesson,
        QuizPage.objects.live().first(),
        ScenarioPage.objects.live().first(),
    ]
    problems = []
    for content in pages:
        edit(editor_page, f"/admin/pages/{content.pk}/edit/")
        results = axe.run(editor_page)
        problems += [f"{type(content).__name__} {content.slug}: {p}" for p in unexcused(editor_page, results)]
    assert not problems, "\n".join(problems)


def test_page_editor__each_choice_principles_panel_is_named_by_its_choice(editor_page):
    """Every scenario choice has a "Principles" panel; each is a region with a name of its own."""
    scenario = ScenarioPage.objects.live().first()
    edit(editor_page, f"/admin/pages/{scenario.pk}/edit/")
    choices = sum(len(step.value["choices"]) for step in scenario.steps if step.block_type == "step")
    editor_page.wait_for_function(
        "n => document.querySelectorAll('section.w-panel--nested[data-own-heading]').length >= n", arg=choices
    )
    names = region_names(editor_page, "Principles")
    assert len(names) == choices
    assert len(set(names)) == len(names), names
    assert all(name.startswith("Choice ") for name in names), names


def test_page_editor__true_and_false_choices_of_two_questions_are_told_apart(editor_page):
    """Two true/false questions both offer "True": their panels are named by their question."""
    quiz = next(
        quiz
        for quiz in QuizPage.objects.live()
        if sum(question.kind == "true_false" for question in quiz.questions.all()) >= 2
    )
    edit(editor_page, f"/admin/pages/{quiz.pk}/edit/")
    editor_page.wait_for_function("() => document.querySelectorAll('section[data-own-heading]').length > 0")
    trues = [name for name in region_names(editor_page, "Choice True") if name.endswith("Choice True")]
    assert len(trues) >= 2
    assert len(set(trues)) == len(trues), trues


def test_page_editor__a_choice_added_in_the_editor_gets_a_named_principles_panel(editor_page):
    """Panels drawn after the page loaded are named too: a new choice's principles included."""
    scenario = next(
        scenario
        for scenario in ScenarioPage.objects.live()
        if any(step.block_type == "step" and len(step.value["choices"]) < 4 for step in scenario.steps)
    )
    index = next(i for i, step in enumerate(scenario.steps) if len(step.value["choices"]) < 4)
    edit(editor_page, f"/admin/pages/{scenario.pk}/edit/")
    editor_page.wait_for_function("() => document.querySelectorAll('section[data-own-heading]').length > 0")
    before = region_names(editor_page, "Principles")

    named = "() => document.querySelectorAll('section.w-panel--nested[data-own-heading]').length"
    count = editor_page.evaluate(named)
    step = editor_page.locator(f"[data-contentpath='{scenario.steps[index].id}']")
    step.locator("[data-contentpath='choices'] button.c-sf-add-button").last.click()
    editor_page.wait_for_function(f"n => ({named})() > n", arg=count)
    after = region_names(editor_page, "Principles")
    assert len(after) == len(before) + 1
    assert len(set(after)) == len(after), after
