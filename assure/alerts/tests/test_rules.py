"""The shipped rule file loads and covers the issue's list; bad rule files are refused clearly."""

from __future__ import annotations

import pytest

from assure.alerts.engine import RuleFileError, load_rules, parse_rules

GOOD = """
rules:
  - id: icpc
    title: ICPC
    kind: once
    trigger: {table: section47, column: strategy_date}
    offset: {amount: 15, unit: working_days}
    closed_by: {table: section47, column: icpc_date}
    statutory: true
    source: Working Together
"""


def test_shipped_rules_cover_the_statutory_list() -> None:
    rules = load_rules()
    ids = {r.id for r in rules.rules}
    expected = {
        "assessment_45wd",
        "icpc_15wd",
        "first_core_group_10wd",
        "cp_review",
        "cla_review",
        "cla_visit",
        "initial_health_assessment",
        "pep",
        "pathway_plan_review",
        "cp_seen_alone_5wd",
    }
    assert expected <= ids
    assert not rules.get("cp_seen_alone_5wd").statutory  # type: ignore[union-attr]
    cla_review = rules.get("cla_review")
    assert cla_review is not None
    assert [(o.amount, o.unit) for o in cla_review.schedule] == [(20, "working_days"), (3, "months"), (6, "months")]
    assert cla_review.timescale == "20 working days, then 3 months, then 6 months after that, repeating"


def test_a_good_file_parses() -> None:
    ruleset = parse_rules(GOOD, name="local.yaml")
    assert [r.id for r in ruleset.rules] == ["icpc"]
    assert ruleset.due_soon_working_days == 5
    assert ruleset.rules[0].owner == "worker"
    assert load_rules().get("management_oversight_8wk").owner == "team_manager"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("table: section47, column: strategy_date", "table: section99, column: strategy_date"), "'trigger.table'"),
        (("column: strategy_date", "column: outcome"), "'trigger.column' 'outcome' is not a column of section47"),
        (("column: strategy_date", "column: icpc_not_required"), "must be a date column of section47"),
        (("unit: working_days", "unit: fortnights"), "'offset' needs a 'unit'"),
        (("amount: 15", "amount: -3"), "whole number above 0"),
        (("kind: once", "kind: sometimes"), "'kind' must be one of"),
        (("statutory: true", "statutory: maybe"), "'statutory' must be true"),
        (("    closed_by: {table: section47, column: icpc_date}\n", ""), "'closed_by' is required"),
        (("{table: section47, column: icpc_date}", "{table: visits, column: visit_date}"), "'closed_by.match_on'"),
        (("    source: Working Together\n", ""), "'source' is required"),
        (("    source: Working Together\n", "    source: Working Together\n    owner: director\n"), "'owner' must be"),
    ],
)
def test_bad_rules_are_refused_naming_the_file_rule_and_field(change: tuple[str, str], message: str) -> None:
    text = GOOD.replace(*change)
    assert text != GOOD
    with pytest.raises(RuleFileError) as refused:
        parse_rules(text, name="local.yaml")
    assert any(e.startswith("local.yaml: rule 1") and message in e for e in refused.value.errors), refused.value.errors


def test_duplicate_ids_and_missing_notes_are_refused() -> None:
    body = GOOD.split("rules:\n", 1)[1]
    with pytest.raises(RuleFileError, match="the id is used by more than one rule"):
        parse_rules("rules:\n" + body + body, name="local.yaml")
    with pytest.raises(RuleFileError, match="needs a 'note'"):
        parse_rules(GOOD + "    data: none\n", name="local.yaml")


def test_broken_yaml_names_the_line() -> None:
    with pytest.raises(RuleFileError, match=r"local.yaml: is not valid YAML at line \d+"):
        parse_rules("rules:\n  - id: [unclosed\n", name="local.yaml")
    with pytest.raises(RuleFileError, match="non-empty list under 'rules'"):
        parse_rules("version: 1\n", name="local.yaml")
