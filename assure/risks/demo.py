"""Demo risk registers for the demo authority, written for Assure (facts from the customer's registers).

Loaded by `core.demo.demo_load`; safe to run again (nothing is added once the corporate register exists).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from assure.organisation.models import Staff
from assure.organisation.roles import RoleCode
from assure.risks.demo_data import DIVISIONAL
from assure.risks.models import Category, Register, Tier
from assure.risks.services import (
    action_add,
    action_complete,
    categories_seed,
    control_add,
    cross_reference_add,
    evidence_link_add,
    register_publish,
    risk_close,
    risk_create,
    risk_rescore,
)


def _person(title: str) -> Staff:
    found = Staff.objects.filter(job_title=title, is_active=True).first()
    return found or Staff.objects.filter(roles__code=RoleCode.RISK_OWNER, is_active=True).order_by("pk").first()  # type: ignore[return-value]


def _date(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@transaction.atomic
def risks_demo_load() -> bool:
    if Register.objects.filter(reference="CORP").exists():
        return False
    categories = {c.name: c for c in categories_seed()}
    director = _person("Director of Children's Services")
    ad_safeguarding = _person("Assistant Director, Safeguarding")
    corporate = Register.objects.create(
        reference="CORP",
        name="Corporate risk register",
        tier=Tier.CORPORATE,
        owner=director,
        escalation_threshold=15,
        description="The council's highest risks, reported to the audit committee each quarter.",
    )
    Register.objects.create(
        reference="CS-DIR",
        name="Children's Services directorate register",
        tier=Tier.DIRECTORATE,
        owner=director,
        escalates_to=corporate,
    )
    divisional = Register.objects.create(
        reference="CSC-DIV",
        name="Children's social care divisional register",
        tier=Tier.SERVICE,
        owner=ad_safeguarding,
        escalates_to=corporate,
        description="Kept by the safeguarding service and reviewed at the monthly management team.",
    )
    Register.objects.create(
        reference="LSCP",
        name="Safeguarding partnership register",
        tier=Tier.PARTNERSHIP,
        owner=ad_safeguarding,
    )
    _corporate_risks(corporate, categories, director)
    start = dt.date(2026, 4, 1)
    for ref, category, title, cause, consequence, score, target, target_date, controls, actions in DIVISIONAL:
        risk = risk_create(
            register=divisional,
            by=None,
            owners=[_person(actions[0][1])],
            assessed_on=start,
            reference=ref,
            title=title,
            category=categories[category],
            cause=cause,
            consequence=consequence,
            objective="Improvement: every child gets good help at the right time",
            current_impact=score[0],
            current_likelihood=score[1],
            inherent_impact=5,
            inherent_likelihood=score[1],
            target_impact=target[0],
            target_likelihood=target[1],
            target_date=_date(target_date),
            treatment="treat",
            score_reason=f"Scored {score[0]} for impact and {score[1]} for likelihood at the spring review.",
            reduction_expected=target != score,
            reduction_narrative="Expected once the further actions are complete.",
        )
        for text in controls:
            control_add(risk=risk, description=text, effectiveness="partly")
        for description, owner, due, cost, forum in actions:
            action_add(
                risk=risk, description=description, owner=_person(owner), due_date=_date(due), cost=cost, forum=forum
            )
    register_publish(register=divisional, by=None, completed_on=dt.date(2026, 7, 1), note="Agreed at management team.")
    _second_version(divisional)
    return True


def _second_version(divisional: Register) -> None:
    """A quarter later: one risk brought down by finished work, one raised by an incident, one closed, one new."""
    systems = divisional.risks.get(reference="DIV05")
    for action in systems.actions.all():
        action_complete(action=action, completed_on=dt.date(2026, 9, 20))
    risk_rescore(
        risk=systems,
        by=None,
        impact=4,
        likelihood=3,
        assessed_on=dt.date(2026, 9, 28),
        reason="Report writers in post; the main performance reports now run from the system.",
    )
    harm = divisional.risks.get(reference="DIV03")
    risk_rescore(
        risk=harm,
        by=None,
        impact=5,
        likelihood=4,
        assessed_on=dt.date(2026, 10, 6),
        reason="A serious incident showed a strategy discussion held without the police.",
        event="Serious incident notified",
        evidence="Rapid review, October 2026",
    )
    risk_close(risk=divisional.risks.get(reference="DIV10"))
    owner = divisional.owner
    risk_create(
        register=divisional,
        by=None,
        owners=[owner],
        assessed_on=dt.date(2026, 10, 10),
        reference="DIV12",
        title="Exploitation of older children is not spotted early",
        category=Category.objects.get(name="Safeguarding"),
        cause="Missing episodes and return interviews are not pulled together across agencies.",
        consequence="Young people are drawn into criminal or sexual exploitation.",
        current_impact=5,
        current_likelihood=3,
        target_impact=5,
        target_likelihood=2,
        target_date=dt.date(2027, 6, 30),
        treatment="treat",
    )
    register_publish(
        register=divisional, by=None, completed_on=dt.date(2026, 10, 27), note="Reviewed after the incident."
    )


def _corporate_risks(corporate: Register, categories: dict[str, Category], director: Staff) -> None:
    card = risk_create(
        register=corporate,
        by=None,
        owners=[director],
        assessed_on=dt.date(2026, 1, 15),
        reference="CSCR003",
        title="Quality of practice is not consistent",
        category=categories["Safeguarding"],
        objective="Children are safe and do well",
        cause="Practice varies between teams, so some concerns about children are not acted on well enough.",
        consequence="A child suffers death or serious injury, and trust in the council is badly damaged.",
        inherent_impact=5,
        inherent_likelihood=5,
        current_impact=5,
        current_likelihood=4,
        target_impact=5,
        target_likelihood=3,
        target_date=dt.date(2027, 9, 30),
        treatment="treat",
        score_reason=(
            "Inconsistent practice can leave a child in harm. Quality depends on a stable workforce, and caseloads "
            "are higher than we want, so the likelihood stays high."
        ),
        significant_controls=(
            "The performance and quality assurance framework gives a monthly picture of practice quality. "
            "Performance clinics in each service area, themed audits and moderation keep the focus on children's "
            "experience, and the improvement plan is led by the director."
        ),
        reduction_expected=True,
        reduction_narrative=(
            "By autumn 2027: audit grades are improving and must hold for two quarters "
            "before the likelihood comes down."
        ),
    )
    control_add(risk=card, description="Monthly performance clinics in every service area", effectiveness="effective")
    control_add(risk=card, description="Tier 1 and Tier 2 case file audits with moderation", effectiveness="partly")
    action_add(
        risk=card,
        description="Extend themed audits to neglect and adolescents",
        owner=director,
        due_date=dt.date(2027, 3, 31),
        forum="Audit committee",
    )
    cross_reference_add(
        risk=card,
        board="Safeguarding partnership register",
        their_reference="LSCP-04",
        last_checked=dt.date(2026, 10, 1),
    )
    evidence_link_add(risk=card, kind="audit", label="Case file audit grades by service area", url="/")
    _inspection_history(corporate, categories, director)


def _inspection_history(corporate: Register, categories: dict[str, Category], director: Staff) -> None:
    """A risk re-scored to 25 after an inadequate judgement, then brought down as the work took hold."""
    risk = risk_create(
        register=corporate,
        by=None,
        owners=[director],
        assessed_on=dt.date(2025, 1, 10),
        reference="CSCR001",
        title="Death or serious harm to a child who was, or should have been, known to us",
        category=categories["Inspections"],
        cause="Help and protection are not good enough: thresholds, assessments and oversight are weak.",
        consequence="A child is harmed; the government directs the council to improve.",
        current_impact=5,
        current_likelihood=3,
        target_impact=5,
        target_likelihood=2,
        target_date=dt.date(2027, 12, 31),
        treatment="treat",
        reduction_expected=True,
        score_reason="Scored 25 after the inspection; now 20 as visits, reviews and oversight have improved.",
        significant_controls="New threshold document with partners; weekly oversight of drift; edge of care service.",
        reduction_narrative="We expect to reach 15 once audit grades hold at good or better for two quarters.",
    )
    risk_rescore(
        risk=risk,
        by=None,
        impact=5,
        likelihood=5,
        assessed_on=dt.date(2025, 3, 20),
        reason="Inspectors found children left in harm for too long and weak management oversight.",
        event="Ofsted inspection: overall inadequate",
        evidence="Inspection report, March 2025",
    )
    done = [
        ("Relaunch the threshold document with partners", dt.date(2025, 6, 30)),
        ("Weekly management oversight of every open assessment", dt.date(2025, 5, 15)),
        ("Independent panel for placement moves", dt.date(2025, 9, 1)),
        ("Reduce pre-proceedings to twelve weeks", dt.date(2025, 11, 30)),
    ]
    for description, on in done:
        action = action_add(risk=risk, description=description, owner=director, due_date=on, forum="Improvement board")
        action_complete(action=action, completed_on=on)
    control_add(risk=risk, description="Improvement board chaired by the chief executive", effectiveness="effective")
    risk_rescore(
        risk=risk,
        by=None,
        impact=5,
        likelihood=4,
        assessed_on=dt.date(2025, 12, 5),
        reason="Management oversight now above 95% and review timeliness much improved.",
        event="Ofsted monitoring visit: progress noted",
        evidence="Monitoring visit letter",
    )
    action_add(
        risk=risk,
        description="Sustain audit grades at good or better",
        owner=director,
        due_date=dt.date(2027, 6, 30),
        forum="Improvement board",
    )
