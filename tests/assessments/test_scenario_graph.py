"""Publishing is refused, naming the step, for every way a scenario cannot be played through."""

from assessments.scenario_graph import graph_problems


def step(key, *targets):
    return {"key": key, "choices": [{"label": f"Choice to {t or 'nowhere'}", "next": t} for t in targets]}


ENDINGS = [{"key": "end"}]


def test_a_playable_graph_has_no_problems():
    steps = [step("a", "b", "end"), step("b", "a", "end")]
    assert graph_problems(steps, ENDINGS) == []


def test_a_choice_pointing_nowhere_is_named_with_its_step():
    problems = graph_problems([step("a", "end", "missing")], ENDINGS)
    assert problems == [
        "Step “a”, choice 2 (“Choice to missing”) points to “missing”, which is neither a step nor an ending."
    ]


def test_a_choice_without_a_target_is_refused():
    problems = graph_problems([step("a", "end", "")], ENDINGS)
    assert problems == ["Step “a”, choice 2 (“Choice to nowhere”) does not say where it leads."]


def test_an_unreachable_step_is_named():
    steps = [step("a", "end", "end"), step("island", "end", "end")]
    assert graph_problems(steps, ENDINGS) == ["Step “island” cannot be reached from the first step “a”."]


def test_a_step_from_which_no_ending_can_be_reached_is_named():
    steps = [step("a", "loop", "end"), step("loop", "loop2", "loop2"), step("loop2", "loop", "loop")]
    problems = graph_problems(steps, ENDINGS)
    assert problems == [
        "From step “loop” no ending can be reached: every path from it loops back.",
        "From step “loop2” no ending can be reached: every path from it loops back.",
    ]


def test_no_ending_is_refused():
    problems = graph_problems([step("a", "a", "a")], [])
    assert "The scenario has no ending: add at least one." in problems
    assert "From step “a” no ending can be reached: every path from it loops back." in problems


def test_no_steps_is_refused():
    assert graph_problems([], ENDINGS) == ["The scenario has no steps."]


def test_duplicate_keys_and_choice_counts_are_refused():
    problems = graph_problems([step("a", "end"), step("a", "end", "end")], [{"key": "end"}])
    assert "The key “a” is used more than once." in problems
    assert "Step “a” offers 1 choice; offer between 2 and 4." in problems
