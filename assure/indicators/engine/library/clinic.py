"""Local measures the Performance Clinics look at each month (seed framework), and caseloads."""

from __future__ import annotations

import datetime as dt

import polars as pl

from assure.casedata.allocation import allocation_on
from assure.core.workdays import working_days_expr
from assure.indicators.engine.data import CaseData, child_in, open_on, within
from assure.indicators.engine.registry import PeriodKind, Polarity, Unit, indicator, units_frame

LOCAL = "Local performance framework: Performance Clinic measures"
PLO = "Public Law Outline (Practice Direction 12A); Children and Families Act 2014 s14 (26 weeks)"
# Local visiting standards: working days between visits for CP and CIN; calendar days for CLA (reg 28).
VISIT_INTERVALS = {"CP": ("working", 10), "CIN": ("working", 20), "CLA": ("calendar", 42)}


@indicator(
    "contacts_decision_1wd",
    title="Contacts decided within 1 working day",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.MONTH,
    numerator="Contacts with a decision by the end of the next working day",
    denominator="Contacts received in the period",
    source=LOCAL,
    plain="Of the contacts received, the share where the front door decided what to do within a working day.",
    tables=("contacts",),
    split_by_date=True,
)
def contacts_decision_1wd(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Contacts received in the period whose decision date is no more than one working day after the
    contact date (the 24-hour decision standard)."""
    contacts = data["contacts"].filter(within("contact_date", start, end))
    days = working_days_expr(pl.col("contact_date"), pl.col("decision_date"))
    return units_frame(contacts, event_date=pl.col("contact_date"), num=(days <= 1).fill_null(False))


@indicator(
    "contacts_to_early_help",
    title="Contacts passed to early help",
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.MONTH,
    numerator="Contacts whose outcome was a transfer to early help",
    denominator="Contacts received in the period",
    source=LOCAL,
    plain="Of the contacts received, the share passed to early help services.",
    tables=("contacts",),
    split_by_date=True,
)
def contacts_to_early_help(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Contacts received in the period whose outcome was a step across to early help services
    (EARLY_HELP), over all contacts received in the period."""
    contacts = data["contacts"].filter(within("contact_date", start, end))
    return units_frame(contacts, event_date=pl.col("contact_date"), num=pl.col("outcome") == "EARLY_HELP")


@indicator(
    "assessments_open_unallocated",
    title="Open assessments with no allocated worker",
    unit=Unit.PERCENT,
    polarity=Polarity.LOWER,
    period=PeriodKind.AS_AT,
    numerator="Open assessments of a child with no allocated worker on the date",
    denominator="Assessments open on the date",
    source=LOCAL,
    plain="Of the assessments under way, the share where nobody was allocated to the child.",
    levels=("authority",),
    tables=("assessments", "allocations"),
)
def assessments_open_unallocated(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Assessments started on or before the date and not authorised by it, where the child had no
    allocation open on the date."""
    open_now = data["assessments"].filter(
        (pl.col("start_date") <= end) & (pl.col("authorisation_date").is_null() | (pl.col("authorisation_date") > end))
    )
    held = allocation_on(data["allocations"], end).select("child_id", allocated=pl.lit(True))
    joined = open_now.join(held, on="child_id", how="left")
    return units_frame(joined, event_date=end, num=pl.col("allocated").is_null())


@indicator(
    "first_response_days",
    title="Days from referral to the end of the assessment",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.LOWER,
    period=PeriodKind.MONTH,
    numerator="Total days from referral to the assessment being authorised",
    denominator="Assessments authorised in the period",
    source=LOCAL,
    plain=(
        "On average, how long a child's case stayed with the first response service, from referral to the end"
        " of the assessment."
    ),
    tables=("assessments", "cin_episodes"),
    split_by_date=True,
)
def first_response_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Calendar days from the referral date of the episode to the authorisation of its assessment,
    for assessments authorised in the period."""
    done = data["assessments"].filter(within("authorisation_date", start, end))
    referred = data["cin_episodes"].select("episode_id", "referral_date")
    joined = done.join(referred, on="episode_id", how="inner")
    days = (pl.col("authorisation_date") - pl.col("referral_date")).dt.total_days().clip(lower_bound=0)
    return units_frame(joined, event_date=pl.col("authorisation_date"), num=days)


@indicator(
    "s47_no_icpc",
    title="Section 47 enquiries not leading to a conference",
    unit=Unit.PERCENT,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.MONTH,
    numerator="Enquiries where an initial conference was found not to be needed",
    denominator="Section 47 enquiries started in the period",
    source=LOCAL,
    plain="Of the child protection enquiries started, the share that did not lead to a conference.",
    tables=("section47",),
    split_by_date=True,
)
def s47_no_icpc(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Section 47 enquiries started in the period for which no initial child protection conference
    was required (ICPCnotRequired), over all enquiries started in the period."""
    started = data["section47"].filter(within("start_date", start, end))
    return units_frame(started, event_date=pl.col("start_date"), num=pl.col("icpc_not_required").fill_null(False))


@indicator(
    "cp_plan_length_days",
    title="Average length of child protection plans that ended",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.YEAR,
    numerator="Total days the plans lasted",
    denominator="Child protection plans ended in the period",
    source=LOCAL,
    plain="On average, how long the child protection plans that ended had lasted.",
    tables=("cp_plans",),
    split_by_date=True,
)
def cp_plan_length_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Mean calendar days from the start to the end of child protection plans ending in the period."""
    ended = data["cp_plans"].filter(within("end_date", start, end))
    return units_frame(
        ended, event_date=pl.col("end_date"), num=(pl.col("end_date") - pl.col("start_date")).dt.total_days()
    )


@indicator(
    "cla_review_participation",
    title="Children in care who took part in their reviews",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Reviews in which the child took part or conveyed their views (PN1 to PN6)",
    denominator="Reviews of children aged 4 or over held in the period",
    source=f"{LOCAL}; SSDA903 review participation codes",
    plain="Of the reviews of children in care aged 4 or over, the share where the child took part or gave their views.",
    tables=("cla_reviews",),
    split_by_date=True,
)
def cla_review_participation(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Looked after children's reviews held in the period with participation PN1 to PN6, over all
    reviews held in the period except those of children under 4 (PN0)."""
    held = data["cla_reviews"].filter(
        within("review_date", start, end) & pl.col("participation").is_not_null() & (pl.col("participation") != "PN0")
    )
    took_part = pl.col("participation").is_in([f"PN{n}" for n in range(1, 7)])
    return units_frame(held, event_date=pl.col("review_date"), num=took_part)


@indicator(
    "adoption_care_to_order_days",
    title="Days in care before adoption",
    unit=Unit.MEAN_DAYS,
    polarity=Polarity.LOWER,
    period=PeriodKind.YEAR,
    numerator="Total days from entering care to the adoption order",
    denominator="Children adopted in the period",
    source=LOCAL,
    plain="On average, how long children adopted in the period had been in care before they were adopted.",
    tables=("cla_episodes",),
    split_by_date=True,
)
def adoption_care_to_order_days(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Mean calendar days from the start of the period of care to its end by adoption (REC E11,
    E12), for adoptions in the period."""
    adopted = data.adopted.filter(within("poc_end", start, end))
    return units_frame(
        adopted, event_date=pl.col("poc_end"), num=(pl.col("poc_end") - pl.col("poc_start")).dt.total_days()
    )


@indicator(
    "visits_on_time",
    title="Visits on time",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.MONTH,
    numerator="Visits held within the standard since the last visit of the same kind",
    denominator="Visits in the period that followed an earlier visit of the same kind",
    source=(
        "Care Planning, Placement and Case Review (England) Regulations 2010 reg 28 (children looked after,"
        " 6 weeks); local standards for child protection (10 working days) and children in need (20)"
    ),
    plain="Of the visits made, the share made on time after the one before.",
    tables=("visits",),
    split_by_date=True,
)
def visits_on_time(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Visits in the period made within the standard interval after the previous visit of the same
    kind to the same child: 10 working days for child protection, 20 for children in need and 42
    calendar days for children looked after."""
    counted = data.visits_ordered.filter(within("visit_date", start, end) & pl.col("previous").is_not_null())
    working = working_days_expr(pl.col("previous"), pl.col("visit_date"))
    calendar = (pl.col("visit_date") - pl.col("previous")).dt.total_days()
    ok = (
        pl.when(pl.col("kind") == "CP")
        .then(working <= VISIT_INTERVALS["CP"][1])
        .when(pl.col("kind") == "CIN")
        .then(working <= VISIT_INTERVALS["CIN"][1])
        .otherwise(calendar <= VISIT_INTERVALS["CLA"][1])
    )
    return units_frame(counted, event_date=pl.col("visit_date"), num=ok)


@indicator(
    "care_proceedings_26wks",
    title="Care proceedings finished within 26 weeks",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Proceedings with a final order within 26 weeks of issue",
    denominator="Care proceedings concluded in the period",
    source=PLO,
    plain="Of the care cases the court finished, the share finished within the 26 weeks the law sets.",
    tables=("care_proceedings",),
    split_by_date=True,
)
def care_proceedings_26wks(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Care proceedings with a final order in the period made within 26 weeks (182 days) of the
    application being issued."""
    done = data["care_proceedings"].filter(within("final_order_date", start, end))
    days = (pl.col("final_order_date") - pl.col("issue_date")).dt.total_days()
    return units_frame(done, event_date=pl.col("final_order_date"), num=days <= 182)


@indicator(
    "pre_proceedings_16wks",
    title="Pre-proceedings decided within 16 weeks",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.YEAR,
    numerator="Pre-proceedings with a decision within 16 weeks of starting",
    denominator="Pre-proceedings decided in the period",
    source=f"{PLO}; Public Law Outline pre-proceedings guidance (16 weeks)",
    plain="Of the families in pre-proceedings where a decision was made, the share decided within 16 weeks.",
    tables=("pre_proceedings",),
    split_by_date=True,
)
def pre_proceedings_16wks(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Pre-proceedings (PLO) with a decision in the period made within 16 weeks (112 days) of the
    pre-proceedings starting."""
    decided = data["pre_proceedings"].filter(within("decision_date", start, end))
    days = (pl.col("decision_date") - pl.col("start_date")).dt.total_days()
    return units_frame(decided, event_date=pl.col("decision_date"), num=days <= 112)


@indicator(
    "caseload_per_worker",
    title="Children per allocated worker",
    unit=Unit.PER_WORKER,
    polarity=Polarity.NEUTRAL,
    period=PeriodKind.AS_AT,
    numerator="Children allocated on the date",
    denominator="Workers holding at least one child's case on the date",
    source=LOCAL,
    plain="On average, how many children each worker with cases was responsible for on the date.",
    breakdowns=(),
    tables=("allocations",),
)
def caseload_per_worker(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children with an allocation open on the date, over the workers holding them (for a worker,
    their number of children)."""
    held = allocation_on(data["allocations"], end)
    return units_frame(held, event_date=end, num=pl.lit(1))


OVERSIGHT_DAYS = 56  # 8 weeks


@indicator(
    "management_oversight_8wk",
    title="Cases with management oversight in the last 8 weeks",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.AS_AT,
    numerator="Children whose file records management oversight or case supervision in the 8 weeks to the date",
    denominator="Children allocated to a worker on the date who were also allocated 8 weeks before it",
    source=f"{LOCAL} (management oversight within 8 weeks); Ofsted ILACS: the quality of management oversight",
    plain=(
        "Of the children whose cases had been open for at least 8 weeks, the share whose case a manager"
        " looked at (a management oversight entry or case supervision on the file) in the last 8 weeks."
    ),
    tables=("allocations", "supervisions"),
)
def management_oversight_8wk(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Children with an allocation open on the date who also had one open 56 days (8 weeks) before
    it, counted when their file records management oversight or case supervision on any day from 56
    days before the date to the date, both included. Cases allocated less than 8 weeks ago are left
    out: they have not yet had 8 weeks in which to be overseen."""
    since = end - dt.timedelta(days=OVERSIGHT_DAYS)
    cases = allocation_on(data["allocations"], end).join(
        allocation_on(data["allocations"], since).select("child_id"), on="child_id", how="semi"
    )
    overseen = data["supervisions"].filter(within("supervision_date", since, end))
    return units_frame(cases, event_date=end, num=child_in(overseen))


@indicator(
    "cin_reviews_6m",
    title="Child in need plans reviewed in the last 6 months",
    unit=Unit.PERCENT,
    polarity=Polarity.HIGHER,
    period=PeriodKind.AS_AT,
    numerator="Plans with a review held in the 6 months to the date",
    denominator="Child in need plans open on the date that started at least 6 months before it",
    source=f"{LOCAL} (child in need reviews within 6 months); Working Together to Safeguard Children 2023, chapter 3",
    plain=(
        "Of the children on a child in need plan for at least 6 months, the share whose plan was reviewed"
        " in the last 6 months."
    ),
    tables=("cin_plans", "cin_reviews"),
)
def cin_reviews_6m(data: CaseData, start: dt.date, end: dt.date) -> pl.DataFrame:
    """Child in need plans open at the end of the date (started on or before it, not ended by it) that
    started on or before the same day 6 months earlier (31 August → 28 or 29 February), counted when
    a child in need review of the child was held on any day from that day to the date, both included
    (a child has one child in need plan at a time, so the review is the plan's whatever plan id the
    case management system gave it). Plans that started less than 6 months ago are not yet counted."""
    since = pl.select(pl.lit(end).dt.offset_by("-6mo")).item()
    plans = data["cin_plans"].filter(open_on(end) & (pl.col("start_date") <= since))
    reviewed = data["cin_reviews"].filter(within("review_date", since, end))
    return units_frame(plans, event_date=end, num=child_in(reviewed))
