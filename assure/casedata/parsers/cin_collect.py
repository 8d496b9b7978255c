"""Gathering each CIN census Child element into columns of text, one Python list per column.

`Collector.add_child` is called once per Child element as the file streams past; it appends the text
of every leaf element, and the line it was on, to the columns of that block's table. Nothing is
converted or checked here beyond what is needed to key the rows: that happens once, on whole columns,
in `cin_tables`. Framework-free.
"""

from __future__ import annotations

from typing import Any

from . import cin_spec as spec

LINE = "@line"  # suffix of the column holding the line number of each element


def local_name(tag: Any) -> str | None:
    """The element's name without its namespace; None for comments, entities and processing instructions."""
    if tag.__class__ is not str:
        return None
    return tag.rpartition("}")[2] if tag[0] == "{" else tag


def text_of(element: Any) -> str | None:
    text = element.text
    if text is None:
        return None
    return text.strip() or None


class Columns:
    """The columns gathered for one kind of block: each field's text and line, the block's line, its keys."""

    def __init__(self, block: spec.Block) -> None:
        self.block = block
        self.fields = block.fields
        self.data: dict[str, list[Any]] = {}
        for name in self.fields:
            self.data[name] = []
            self.data[name + LINE] = []
        for key in (*block.keys, "_line"):
            self.data[key] = []
        self._fields = [(name, self.data[name], self.data[name + LINE]) for name in self.fields]
        self._keys = [self.data[key] for key in block.keys]
        self._lines = self.data["_line"]
        self.size = 0

    def add(self, found: dict[str, Any], line: int, *keys: Any) -> int:
        """Append one row from the leaf elements `found` by name; return its row number."""
        for name, texts, lines in self._fields:
            element = found.get(name)
            if element is None:
                texts.append(None)
                lines.append(None)
            else:
                texts.append(text_of(element))
                lines.append(element.sourceline)
        for column, value in zip(self._keys, keys, strict=True):
            column.append(value)
        self._lines.append(line)
        self.size += 1
        return self.size - 1


def scan(block: Any, fields: tuple[str, ...]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """Split a block's child elements into its leaf fields (by name) and the nested blocks, in order."""
    found: dict[str, Any] = {}
    nested: list[tuple[str, Any]] = []
    for element in block:
        name = local_name(element.tag)
        if name is None:
            continue
        if name in fields:
            found[name] = element
        else:
            nested.append((name, element))
    return found, nested


def leaves(block: Any, name: str) -> list[Any]:
    """The child elements of `block` called `name` (repeated leaves such as Disability)."""
    return [element for element in block if local_name(element.tag) == name]


class Collector:
    """Every table's columns, filled one Child element at a time."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.missing_ids: list[int] = []  # lines of the children with no LAchildID
        self.children = Columns(spec.CHILD)
        self.disabilities = Columns(spec.DISABILITY_ROW)
        self.episodes = Columns(spec.EPISODE)
        self.assessments = Columns(spec.ASSESSMENT)
        self.factors = Columns(spec.FACTOR)
        self.cin_plans = Columns(spec.CIN_PLAN)
        self.section47 = Columns(spec.SECTION47)
        self.cp_plans = Columns(spec.CP_PLAN)
        self.cp_reviews = Columns(spec.CP_REVIEW)
        self.pre_proceedings = Columns(spec.PRE_PROCEEDINGS)

    def add_child(self, child: Any) -> None:
        """Gather one Child element; a child with no LAchildID is only noted, by line."""
        found: dict[str, Any] = {}
        disabilities: list[Any] = []
        episodes: list[Any] = []
        for name, block in scan(child, ())[1]:
            if name in ("ChildIdentifiers", "ChildCharacteristics"):
                leaf_fields, nested = scan(block, self.children.fields)
                found.update(leaf_fields)
                disabilities.extend(element for nested_name, element in nested if nested_name == "Disabilities")
            elif name == "CINdetails":
                episodes.append(block)
        if "LAchildID" not in found or text_of(found["LAchildID"]) is None:
            self.missing_ids.append(found["LAchildID"].sourceline if "LAchildID" in found else child.sourceline)
            return
        row = self.children.add(found, child.sourceline)
        for block in disabilities:
            for element in leaves(block, "Disability"):
                self.disabilities.add({"Disability": element}, element.sourceline, row)
        for block in episodes:
            self._add_episode(block, row)

    def _add_episode(self, block: Any, child_row: int) -> None:
        found, nested = scan(block, self.episodes.fields)
        episode = self.episodes.add(found, block.sourceline, child_row)
        for name, element in nested:
            if name == "Assessments":
                self._add_assessment(element, episode)
            elif name == "CINPlanDates":
                self.cin_plans.add(scan(element, self.cin_plans.fields)[0], element.sourceline, episode)
            elif name == "Section47":
                self.section47.add(scan(element, self.section47.fields)[0], element.sourceline, episode)
            elif name == "ChildProtectionPlans":
                self._add_cp_plan(element, episode)
            elif name == "PreProceedingsandFGDM":
                self.pre_proceedings.add(scan(element, self.pre_proceedings.fields)[0], element.sourceline, episode)

    def _add_assessment(self, block: Any, episode: int) -> None:
        found, nested = scan(block, self.assessments.fields)
        factors: list[Any] | None = None
        for name, element in nested:
            if name == "FactorsIdentifiedAtAssessment":
                factors = (factors or []) + leaves(element, "AssessmentFactors")
        codes = None if factors is None else [text for text in map(text_of, factors) if text is not None]
        row = self.assessments.add(found, block.sourceline, episode, codes)
        for element in factors or ():
            self.factors.add({"AssessmentFactors": element}, element.sourceline, row)

    def _add_cp_plan(self, block: Any, episode: int) -> None:
        found, nested = scan(block, self.cp_plans.fields)
        plan = self.cp_plans.add(found, block.sourceline, episode)
        for name, element in nested:
            if name == "Reviews":
                for review in leaves(element, "CPPreviewDate"):
                    self.cp_reviews.add({"CPPreviewDate": review}, review.sourceline, plan)
