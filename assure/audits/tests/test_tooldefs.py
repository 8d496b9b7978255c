"""The tool loader and the rules engine, without Django."""

from __future__ import annotations

import copy

import pytest
import yaml

from assure.audits import rules
from assure.audits.tooldefs import (
    TOOLS_DIR,
    ToolDefinitionError,
    load_scales,
    load_shipped_tools,
    load_tool_text,
    tool_compare,
    tool_parse,
)


def generic() -> dict:
    return yaml.safe_load((TOOLS_DIR / "tier1_generic.yaml").read_text())


def test_every_shipped_tool_loads():
    tools = {t.tool_id: t for t in load_shipped_tools()}
    assert set(tools) == {
        "tier1-generic",
        "tier1-plo",
        "tier2-head-of-service",
        "supervision-file",
        "observation-of-practice",
        "thematic",
        "hr-file",
        "multi-agency",
    }
    assert tools["tier1-generic"].scale.label(3) == "Requires improvement"


def test_no_shipped_item_title_is_cut_at_a_comma():
    """In YAML's {key: value} form an unquoted comma ends the text: the rest would become a field."""
    titles = {i.item_id: i.title for t in load_shipped_tools() for i in t.items()}
    assert titles["family_view"] == "What the child, family or partners told us"
    assert titles["family_involvement"] == "Involvement of parents, including absent fathers, and wider family"


def test_a_title_cut_at_a_comma_is_refused_but_a_stored_version_still_reads():
    text = (
        (TOOLS_DIR / "thematic.yaml")
        .read_text()
        .replace(
            'title: "What the child, family or partners told us"', "title: What the child, family or partners told us"
        )
    )
    with pytest.raises(ToolDefinitionError) as error:
        load_tool_text(text, load_scales(), source="upload.yaml")
    message = str(error.value)
    assert message.startswith("upload.yaml: section 1, item 3 (family_view): 'family or partners told us'")
    assert "a text with a comma must be in quotes" in message
    stored = tool_parse(yaml.safe_load(text), load_scales(), source="thematic version 1")  # as kept before the check
    assert stored.item("family_view").title == "What the child"


def test_pep_item_applies_only_to_children_in_care():
    tool = tool_parse(generic(), load_scales())
    assert "pep_quality" in [i.item_id for i in tool.items("cla")]
    assert "pep_quality" not in [i.item_id for i in tool.items("cp")]


def test_duplicate_item_ids_are_rejected():
    data = generic()
    data["sections"][1]["items"][0]["id"] = "voice_of_child"
    with pytest.raises(ToolDefinitionError) as error:
        tool_parse(data, load_scales(), source="bad.yaml")
    assert "item id 'voice_of_child' is used more than once" in str(error.value)
    assert str(error.value).startswith("bad.yaml: section 2, item 1")


def test_unknown_scale_is_rejected():
    data = generic()
    data["grade_scale"] = "five-point"
    with pytest.raises(ToolDefinitionError, match="grade_scale 'five-point' is not a known scale"):
        tool_parse(data, load_scales())


def test_rule_naming_a_missing_item_is_rejected():
    data = generic()
    data["rules"]["auto_actions"][0]["item"] = "no_such_item"
    with pytest.raises(ToolDefinitionError, match="names item 'no_such_item', which the tool does not have"):
        tool_parse(data, load_scales())


def test_escalation_to_an_unknown_recipient_or_grade_is_rejected():
    data = generic()
    data["rules"]["escalation"] = {7: ["team_manager"], 4: ["chief_executive"]}
    with pytest.raises(ToolDefinitionError) as error:
        tool_parse(data, load_scales())
    assert "grade 7 is not on the scale" in str(error.value)
    assert "unknown recipients ['chief_executive']" in str(error.value)


def test_invalid_yaml_names_the_source():
    with pytest.raises(ToolDefinitionError, match=r"upload\.yaml: not valid YAML"):
        load_tool_text("tool_id: [unclosed", load_scales(), source="upload.yaml")


def test_a_new_version_may_not_change_an_item_type_under_the_same_id():
    scales = load_scales()
    old = tool_parse(generic(), scales)
    data = copy.deepcopy(generic())
    data["version"] = 2
    data["sections"][0]["items"][2]["type"] = "yes_no"
    new = tool_parse(data, scales)
    assert tool_compare(old, new) == [
        "item 'voice_of_child' was a grade item in version 1; give a changed item a new id"
    ]
    data["sections"][0]["items"][2]["type"] = "grade"
    assert tool_compare(old, tool_parse(data, scales)) == []


def answers(**grades: int) -> dict:
    base = dict.fromkeys(
        [
            "referral_liaison",
            "risk_analysis",
            "voice_of_child",
            "quality_of_analysis",
            "quality_of_planning",
            "specific_needs",
            "plan_monitoring",
        ],
        2,
    )
    base.update(grades)
    return base


def test_suggestion_is_mean_rounded_with_a_half_towards_worse():
    tool = tool_parse(generic(), load_scales())
    assert rules.suggest_overall(tool, answers()) == 2
    assert rules.suggest_overall(tool, answers(risk_analysis=3)) == 2  # 15/7 = 2.14
    assert rules.suggest_overall(tool, {"risk_analysis": 2, "voice_of_child": 3}) == 3  # 2.5
    assert (
        rules.suggest_overall(tool, answers(risk_analysis=3, voice_of_child=3, specific_needs=3, plan_monitoring=3))
        == 3
    )


def test_no_overall_good_when_an_area_is_inadequate():
    tool = tool_parse(generic(), load_scales())
    graded = rules.area_grades(tool, answers(voice_of_child=4, risk_analysis=1, referral_liaison=1), "cp")
    assert rules.best_allowed(tool, graded) == 3
    assert rules.suggest_overall(tool, graded) == 3
    assert "cannot be Good when an area is graded Inadequate" in rules.overall_problem(tool, graded, 2)
    assert rules.overall_problem(tool, graded, 3) == ""


def test_evaluate_routes_escalation_and_creates_actions():
    tool = tool_parse(generic(), load_scales())
    outcome = rules.evaluate(tool, answers(voice_of_child=4), case_kind="cp", overall=4)
    assert outcome.escalate_to == ("head_of_service", "assistant_director")
    assert [(a.item_id, a.due_working_days) for a in outcome.actions] == [("voice_of_child", 5)]
    good = rules.evaluate(tool, answers(), case_kind="cp", overall=2)
    assert good.escalate_to == ("team_manager",)
    assert good.actions == []


def test_pep_grade_ignored_for_a_child_not_in_care():
    tool = tool_parse(generic(), load_scales())
    graded = rules.area_grades(tool, answers(pep_quality=4), "cin")
    assert "pep_quality" not in graded
    assert rules.missing_answers(tool, answers(), case_kind="cla") == ["pep_quality"]
    assert rules.missing_answers(tool, answers(), case_kind="cin") == []
