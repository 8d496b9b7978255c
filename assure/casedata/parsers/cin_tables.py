"""Turning the gathered CIN census columns into the canonical tables, checking whole columns at once.

Each table is built once, from its Python lists, after the file has been read. Dates, flags, numbers
and codes are converted and checked on whole columns; records are keyed by stable ids built from
their natural keys (an episode of need is `<child>/<referral date>`), with `/2`, `/3` … added to a
repeated key. Framework-free.
"""

from __future__ import annotations

from collections import Counter

import polars as pl

from assure.casedata.findings import Finding, Severity
from assure.casedata.schema import conform

from . import cin_spec as spec
from .cin_collect import LINE, Collector, Columns

LIMIT = 1000  # findings of one rule (code and field) in one file; the rest are counted in one summary
DATE = r"^(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?$"  # xs:date, which may carry a time zone


class Report:
    """The findings about one file, gathered from masks over whole tables, at most LIMIT per rule."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.findings: list[Finding] = []
        self.counts: Counter[tuple[str, str]] = Counter()
        self.first: dict[tuple[str, str], Finding] = {}

    def where(
        self,
        frame: pl.DataFrame,
        mask: pl.Expr,
        field: str,
        message: str | pl.Expr,
        code: str,
        severity: Severity = Severity.ERROR,
        line: str = "",
    ) -> None:
        """Report `field` on every row of `frame` where `mask` holds, at the line of the field (or `line`).

        The message may be an expression over the row; it is evaluated after filtering, so it must not
        look at other rows.
        """
        rows = frame.filter(mask)
        key = (code, field)
        room = max(LIMIT - self.counts[key], 0)
        self.counts[key] += rows.height
        text = message if isinstance(message, pl.Expr) else pl.lit(message)
        kept = rows.head(room).select(
            pl.col(line or field + LINE), pl.col(field).fill_null(""), text, pl.col("child_id").fill_null("")
        )
        for row, value, says, child in kept.iter_rows():
            finding = Finding(self.file, row, field, value, says, code, severity, child)
            self.first.setdefault(key, finding)
            self.findings.append(finding)

    def result(self) -> list[Finding]:
        """The findings in the order of the file, then a summary of each rule that went over the limit."""
        findings = sorted(self.findings, key=lambda finding: finding.row or 0)
        for key, count in self.counts.items():
            if count > LIMIT:
                first = self.first[key]
                message = (
                    f"{count - LIMIT:,} more have this problem ({count:,} in all; the first {LIMIT:,} are listed)."
                )
                findings.append(Finding(self.file, None, first.field, "", message, first.code, first.severity))
        return findings


def build(collector: Collector) -> tuple[dict[str, pl.DataFrame], list[Finding]]:
    """The canonical tables from the gathered columns, and the findings about their values."""
    report = Report(collector.file)
    missing = pl.DataFrame({"LAchildID@line": collector.missing_ids}, schema={"LAchildID@line": pl.Int32})
    missing = missing.with_columns(LAchildID=pl.lit(None, pl.String), child_id=pl.lit(None, pl.String))
    lost = "The child has no LAchildID, so none of this child's records can be imported."
    report.where(missing, pl.lit(True), "LAchildID", lost, "value-missing")
    children, child_ids = _children(collector.children, report)
    disabilities = _convert(_frame(collector.disabilities, child_id=child_ids), spec.DISABILITY_ROW, report)
    episodes = _episodes(_frame(collector.episodes, child_id=child_ids), report)
    in_episode = {"child_id": episodes["child_id"], "episode_id": episodes["episode_id"]}
    assessments = _assessments(_frame(collector.assessments, _ep=in_episode), report)
    factors = _frame(collector.factors, _assessment={"child_id": assessments["child_id"]})
    _convert(factors, spec.FACTOR, report)
    cp_plans = _cp_plans(_frame(collector.cp_plans, _ep=in_episode), report)
    in_plan = {"child_id": cp_plans["child_id"], "plan_id": cp_plans["plan_id"]}
    tables = {
        "children": children,
        "disabilities": disabilities.unique(["child_id", "disability"], maintain_order=True),
        "cin_episodes": episodes,
        "assessments": assessments,
        "cin_plans": _cin_plans(_frame(collector.cin_plans, _ep=in_episode), report),
        "section47": _section47(_frame(collector.section47, _ep=in_episode), report),
        "cp_plans": cp_plans,
        "cp_reviews": _convert(_frame(collector.cp_reviews, _plan=in_plan), spec.CP_REVIEW, report).unique(
            ["plan_id", "review_date"], maintain_order=True
        ),
        "pre_proceedings": _pre_proceedings(_frame(collector.pre_proceedings, _ep=in_episode), report),
    }
    return {name: conform(name, frame) for name, frame in tables.items()}, report.result()


def _frame(columns: Columns, **parents: pl.Series | dict[str, pl.Series]) -> pl.DataFrame:
    """The gathered columns as a frame, with the given columns of the parent record looked up by row number.

    `child_id=series` looks up one column by `_child`; `_ep={"child_id": …, "episode_id": …}` looks up
    several by `_ep`.
    """
    schema: dict[str, pl.DataType | type[pl.DataType]] = {}
    for name in columns.data:
        if name.endswith(LINE) or name == "_line":
            schema[name] = pl.Int32
        elif name == "factors":
            schema[name] = pl.List(pl.String)
        elif name.startswith("_"):
            schema[name] = pl.Int64
        else:
            schema[name] = pl.String
    frame = pl.DataFrame(columns.data, schema=schema)
    for key, looked_up in parents.items():
        if isinstance(looked_up, pl.Series):
            frame = frame.with_columns(looked_up.gather(frame["_child"]).alias(key))
        else:
            frame = frame.with_columns([series.gather(frame[key]).alias(name) for name, series in looked_up.items()])
    return frame


def _date(name: str) -> pl.Expr:
    return pl.col(name).str.extract(DATE, 1).str.to_date("%Y-%m-%d", strict=False)


def _convert(frame: pl.DataFrame, block: spec.Block, report: Report) -> pl.DataFrame:
    """Convert the block's fields to their canonical columns, reporting values that do not convert."""
    columns: list[pl.Expr] = []
    for name, column in block.dates.items():
        value = _date(name)
        report.where(frame, pl.col(name).is_not_null() & value.is_null(), name, "is not a real date.", "date-invalid")
        if column:
            columns.append(value.alias(column))
    columns += [pl.col(name).alias(column) for name, column in block.texts.items() if column]
    for name, column in block.flags.items():
        value = pl.col(name).str.to_lowercase().replace_strict(spec.FLAG, default=None, return_dtype=pl.Boolean)
        report.where(
            frame, pl.col(name).is_not_null() & value.is_null(), name, "is not true, false, 1 or 0.", "value-invalid"
        )
        columns.append(value.alias(column))
    for name, column in block.numbers.items():
        value = pl.col(name).cast(pl.Int32, strict=False)
        report.where(
            frame, pl.col(name).is_not_null() & value.is_null(), name, "is not a whole number.", "value-invalid"
        )
        columns.append(value.alias(column))
    for name, codes in block.codes.items():
        unknown = pl.col(name).is_not_null() & ~pl.col(name).is_in(sorted(codes))
        report.where(
            frame, unknown, name, f"is not one of the {name} codes in the CIN census specification.", "code-unknown"
        )
    for name in block.required:
        message = f"{name} is missing from this {block.element} block."
        report.where(frame, pl.col(name).is_null(), name, message, "value-missing", line="_line")
    return frame.with_columns(columns)


def _unique(base: pl.Expr) -> pl.Expr:
    """`base`, with /2, /3 … added to its second and later occurrences."""
    seen = pl.int_range(pl.len()).over(base)
    return pl.when(seen == 0).then(base).otherwise(pl.format("{}/{}", base, seen + 1))


def _key(parent: str, kind: str, start: str) -> pl.Expr:
    """A stable id: the parent record's id, the kind of record (if any) and the start date as written."""
    parts = [pl.col(parent), *([pl.lit(kind)] if kind else []), pl.col(start).fill_null("")]
    return _unique(pl.concat_str(parts, separator="/"))


def _before(
    frame: pl.DataFrame,
    report: Report,
    block: spec.Block,
    later: str,
    earlier: str,
    severity: Severity = Severity.WARNING,
) -> None:
    """Report rows where the `later` date element of `block` comes before the `earlier` one."""
    message = pl.format(f"is before the {earlier}, {{}}.", pl.col(earlier))
    mask = pl.col(str(block.dates[later])) < pl.col(str(block.dates[earlier]))
    report.where(frame, mask, later, message, "date-order", severity)


def _children(columns: Columns, report: Report) -> tuple[pl.DataFrame, pl.Series]:
    frame = _frame(columns).with_columns(child_id=pl.col("LAchildID"))
    frame = _convert(frame, spec.CHILD, report)
    sex, gender = pl.col("Sex"), pl.col("GenderCurrent")
    old_code = sex.replace_strict(spec.GENDER_CURRENT, default=None)
    frame = frame.with_columns(
        sex=pl.coalesce(
            sex.replace_strict(spec.SEX, default=None),
            old_code,
            gender.replace_strict(spec.GENDER_CURRENT, default=None),
        )
    )
    old = "is an old GenderCurrent code, read as such; Sex is M, F or U."
    report.where(frame, old_code.is_not_null(), "Sex", old, "sex-old-code", Severity.WARNING)
    report.where(frame, sex.is_not_null() & pl.col("sex").is_null(), "Sex", "is not M, F or U.", "code-unknown")
    unknown_gender = gender.is_not_null() & ~gender.is_in(list(spec.GENDER_CURRENT))
    report.where(frame, unknown_gender, "GenderCurrent", "is not 1, 2, 0 or 9.", "code-unknown")
    report.where(
        frame,
        sex.is_null() & gender.is_null(),
        "Sex",
        "Sex (or GenderCurrent) is missing for this child.",
        "value-missing",
        line="_line",
    )
    frame = frame.with_columns(_first=pl.col("_line").first().over("child_id"))
    repeated = pl.int_range(pl.len()).over("child_id") > 0
    first = pl.format("is also the LAchildID of the child on line {}.", pl.col("_first"))
    report.where(frame, repeated, "LAchildID", first, "child-duplicate")
    return frame.filter(~repeated), frame["child_id"]


def _episodes(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.EPISODE, report).with_columns(episode_id=_key("child_id", "", "CINreferralDate"))
    _before(frame, report, spec.EPISODE, "CINclosureDate", "CINreferralDate")
    return frame


def _assessments(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.ASSESSMENT, report)
    frame = frame.with_columns(assessment_id=_key("episode_id", "A", "AssessmentActualStartDate"))
    _before(frame, report, spec.ASSESSMENT, "AssessmentAuthorisationDate", "AssessmentActualStartDate")
    return frame


def _cin_plans(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.CIN_PLAN, report)
    frame = frame.with_columns(plan_id=_key("child_id", "CIN", "CINPlanStartDate"))
    _before(frame, report, spec.CIN_PLAN, "CINPlanEndDate", "CINPlanStartDate")
    return frame


def _section47(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.SECTION47, report)
    frame = frame.with_columns(s47_id=_key("episode_id", "S47", "S47ActualStartDate"))
    _before(frame, report, spec.SECTION47, "DateOfInitialCPC", "S47ActualStartDate", Severity.ERROR)
    return frame


def _cp_plans(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.CP_PLAN, report)
    frame = frame.with_columns(plan_id=_key("child_id", "CP", "CPPstartDate"))
    _before(frame, report, spec.CP_PLAN, "CPPendDate", "CPPstartDate")
    return frame


def _pre_proceedings(frame: pl.DataFrame, report: Report) -> pl.DataFrame:
    frame = _convert(frame, spec.PRE_PROCEEDINGS, report)
    return frame.with_columns(pp_id=_key("episode_id", "PP", "PPStartDate"))
