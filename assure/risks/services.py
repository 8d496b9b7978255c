"""Writes for risk registers: risks, re-scores, controls, actions and published versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assure.core.notifications import notification_send
from assure.organisation.models import Staff
from assure.risks import matrix as mx
from assure.risks.models import (
    Action,
    ActionStatus,
    Assessment,
    Category,
    Control,
    CrossReference,
    EvidenceLink,
    Register,
    RegisterVersion,
    Risk,
    RiskStatus,
)

# The categories of the customer's divisional register, with a starting appetite for each.
SEED_CATEGORIES: list[tuple[str, str, int, int]] = [
    ("Budget", "cautious", 12, 20),
    ("Safeguarding", "averse", 8, 15),
    ("Workforce", "cautious", 12, 20),
    ("IT systems", "open", 12, 20),
    ("Inspections", "minimal", 10, 16),
    ("Early help", "cautious", 12, 20),
    ("School attendance", "cautious", 9, 16),
    ("Placements", "cautious", 12, 20),
    ("Access to records", "minimal", 8, 15),
    ("Elected members", "open", 12, 20),
]


def categories_seed() -> list[Category]:
    """Create the standard categories that do not exist yet (safe to call again)."""
    out = []
    for position, (name, appetite, within, tolerance) in enumerate(SEED_CATEGORIES, start=1):
        category, _ = Category.objects.get_or_create(
            name=name,
            defaults={
                "position": position,
                "appetite": appetite,
                "appetite_score": within,
                "tolerance_score": tolerance,
            },
        )
        out.append(category)
    return out


def _score_pair(
    matrix: mx.Matrix, impact: Any, likelihood: Any, prefix: str, errors: dict[str, list[str]]
) -> int | None:
    """Check one impact × likelihood pair; both empty is allowed (returns None)."""
    if impact in (None, "") and likelihood in (None, ""):
        return None
    score = None
    try:
        i = matrix.check_step(impact, "impact")
    except mx.ScoreError as error:
        errors.setdefault(f"{prefix}_impact", []).append(str(error))
        i = None
    try:
        l_ = matrix.check_step(likelihood, "likelihood")
    except mx.ScoreError as error:
        errors.setdefault(f"{prefix}_likelihood", []).append(str(error))
        l_ = None
    if i is not None and l_ is not None:
        score = i * l_
    return score


def next_review_date(*, register: Register, score: int, start: dt.date) -> dt.date:
    band = register.matrix.band(score)
    days = int(register.review_days.get(band.name, 91)) if band else 91
    return start + dt.timedelta(days=days)


RISK_FIELDS = [
    "reference",
    "title",
    "category",
    "objective",
    "cause",
    "consequence",
    "manager",
    "inherent_impact",
    "inherent_likelihood",
    "current_impact",
    "current_likelihood",
    "target_impact",
    "target_likelihood",
    "target_date",
    "target_reason",
    "treatment",
    "score_reason",
    "significant_controls",
    "reduction_expected",
    "reduction_narrative",
    "confidential",
    "status",
]


def _validate_risk(register: Register, data: dict[str, Any], risk: Risk | None) -> dict[str, int | None]:
    errors: dict[str, list[str]] = {}
    matrix = register.matrix
    reference = (data.get("reference") or "").strip()
    if not reference:
        errors["reference"] = ["Enter the risk's reference, like CSCR003."]
    elif Risk.objects.filter(reference__iexact=reference).exclude(pk=risk.pk if risk else 0).exists():
        errors["reference"] = [f"Another risk already has the reference {reference}. Each reference must be unique."]
    scores = {
        "inherent": _score_pair(
            matrix, data.get("inherent_impact"), data.get("inherent_likelihood"), "inherent", errors
        ),
        "current": _score_pair(matrix, data.get("current_impact"), data.get("current_likelihood"), "current", errors),
        "target": _score_pair(matrix, data.get("target_impact"), data.get("target_likelihood"), "target", errors),
    }
    if scores["current"] is None and "current_impact" not in errors:
        errors["current_impact"] = ["Enter the current impact and likelihood."]
    if (
        scores["target"] is not None
        and scores["current"] is not None
        and scores["target"] > scores["current"]
        and not (data.get("target_reason") or "").strip()
    ):
        errors["target_reason"] = [
            f"The target score ({scores['target']}) is above the current score ({scores['current']}): say why."
        ]
    owners = list(data.get("owners") or [])
    unknown = [o for o in owners if not isinstance(o, Staff) or not o.is_active]
    if not owners:
        errors["owners"] = ["Choose at least one owner for the risk."]
    elif unknown:
        errors["owners"] = [f"{', '.join(str(o) for o in unknown)} is not an active member of staff in Assure."]
    if errors:
        raise ValidationError(errors)
    for prefix in ("inherent", "current", "target"):  # store the steps as numbers (or nothing)
        for axis in ("impact", "likelihood"):
            name = f"{prefix}_{axis}"
            if name in data:
                data[name] = int(float(data[name])) if scores[prefix] is not None else None
    return scores


def _notify_new_owners(risk: Risk, owners: Iterable[Staff], before: set[int]) -> None:
    new = [o for o in owners if o.pk not in before]
    if new:
        notification_send(
            recipients=new,
            kind="risks.owner_assigned",
            subject=f"You are now an owner of risk {risk.reference}",
            body=f"You have been made an owner of {risk.reference} ({risk.title}) on the {risk.register.name}.",
            link=reverse("risks:risk-detail", args=[risk.pk]),
        )


@transaction.atomic
def risk_create(
    *, register: Register, by: Any, owners: list[Staff], assessed_on: dt.date | None = None, **data: Any
) -> Risk:
    """A new risk on a register; its first score is recorded as its first assessment."""
    data["owners"] = owners
    scores = _validate_risk(register, data, None)
    fields = {k: v for k, v in data.items() if k in RISK_FIELDS}
    fields["reference"] = fields["reference"].strip()
    on = assessed_on or timezone.localdate()
    risk = Risk.objects.create(
        register=register,
        inherent_score=scores["inherent"],
        current_score=scores["current"] or 0,
        target_score=scores["target"],
        last_reviewed=on,
        next_review=next_review_date(register=register, score=scores["current"] or 0, start=on),
        **fields,
    )
    risk.owners.set(owners)
    Assessment.objects.create(
        risk=risk,
        assessed_on=on,
        assessed_by=by,
        impact=risk.current_impact,
        likelihood=risk.current_likelihood,
        score=risk.current_score,
        reason=data.get("score_reason") or "First assessment when the risk was added.",
    )
    _notify_new_owners(risk, owners, set())
    _propose_escalation(risk, previous=None)
    return risk


@transaction.atomic
def risk_update(*, risk: Risk, by: Any, owners: list[Staff], **data: Any) -> Risk:
    """Change a risk's details. The current score is changed only by a re-score, so it keeps its history."""
    data = {name: getattr(risk, name) for name in RISK_FIELDS} | data  # fields not given stay as they are
    data.update(owners=owners, current_impact=risk.current_impact, current_likelihood=risk.current_likelihood)
    scores = _validate_risk(risk.register, data, risk)
    before = set(risk.owners.values_list("pk", flat=True))
    for name in RISK_FIELDS:
        if name in data and name not in {"current_impact", "current_likelihood"}:
            setattr(risk, name, data[name].strip() if name == "reference" else data[name])
    risk.inherent_score = scores["inherent"]
    risk.target_score = scores["target"]
    risk.save()
    risk.owners.set(owners)
    _notify_new_owners(risk, owners, before)
    return risk


@transaction.atomic
def risk_rescore(
    *,
    risk: Risk,
    by: Any,
    impact: Any,
    likelihood: Any,
    reason: str,
    assessed_on: dt.date | None = None,
    event: str = "",
    evidence: str = "",
) -> Assessment:
    """Record a new assessment and move the risk's current score to it."""
    errors: dict[str, list[str]] = {}
    score = _score_pair(risk.register.matrix, impact, likelihood, "x", errors)
    if errors or score is None:
        raise ValidationError({k.removeprefix("x_"): v for k, v in errors.items()} or {"impact": ["Enter the impact."]})
    if not reason.strip():
        raise ValidationError({"reason": ["Say why the score is what it is now."]})
    on = assessed_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"assessed_on": ["The assessment date cannot be in the future."]})
    previous = risk.current_score
    assessment = Assessment.objects.create(
        risk=risk,
        assessed_on=on,
        assessed_by=by,
        impact=int(impact),
        likelihood=int(likelihood),
        score=score,
        previous_score=previous,
        reason=reason.strip(),
        event=event.strip(),
        evidence=evidence.strip(),
    )
    risk.current_impact, risk.current_likelihood, risk.current_score = int(impact), int(likelihood), score
    risk.last_reviewed = on
    risk.next_review = next_review_date(register=risk.register, score=score, start=on)
    risk.save()
    _propose_escalation(risk, previous=previous)
    return assessment


def _propose_escalation(risk: Risk, *, previous: int | None) -> None:
    """Tell the register above when a risk reaches the escalation threshold (once, as it crosses)."""
    register = risk.register
    above = register.escalates_to
    threshold = register.escalation_threshold
    if above is None or risk.current_score < threshold or (previous is not None and previous >= threshold):
        return
    notification_send(
        recipients=[above.owner],
        kind="risks.escalation_proposed",
        subject=f"Risk {risk.reference} proposed for the {above.name}",
        body=(
            f"{risk.reference} ({risk.title}) on the {register.name} now scores {risk.current_score}, "
            f"at or above the escalation threshold of {threshold}."
        ),
        link=reverse("risks:risk-detail", args=[risk.pk]),
    )


@transaction.atomic
def control_add(*, risk: Risk, description: str, effectiveness: str) -> Control:
    if not description.strip():
        raise ValidationError({"description": ["Describe the control."]})
    return Control.objects.create(risk=risk, description=description.strip(), effectiveness=effectiveness)


@transaction.atomic
def action_add(
    *,
    risk: Risk,
    description: str,
    owner: Staff | None,
    due_date: dt.date | None,
    cost: str = "",
    forum: str = "",
    status: str = ActionStatus.NOT_STARTED,
) -> Action:
    if not description.strip():
        raise ValidationError({"description": ["Describe the action."]})
    if owner is not None and not owner.is_active:
        raise ValidationError({"owner": [f"{owner} is not an active member of staff."]})
    return Action.objects.create(
        risk=risk,
        description=description.strip(),
        owner=owner,
        due_date=due_date,
        cost=cost,
        forum=forum,
        status=status,
    )


@transaction.atomic
def action_complete(*, action: Action, completed_on: dt.date | None = None) -> Action:
    on = completed_on or timezone.localdate()
    if on > timezone.localdate():
        raise ValidationError({"completed_on": ["The completion date cannot be in the future."]})
    action.status = ActionStatus.COMPLETE
    action.completed_on = on
    action.save()
    return action


@transaction.atomic
def cross_reference_add(
    *, risk: Risk, board: str, their_reference: str = "", last_checked: dt.date | None = None
) -> CrossReference:
    return CrossReference.objects.create(
        risk=risk, board=board, their_reference=their_reference, last_checked=last_checked
    )


@transaction.atomic
def evidence_link_add(*, risk: Risk, kind: str, label: str, url: str = "") -> EvidenceLink:
    return EvidenceLink.objects.create(risk=risk, kind=kind, label=label, url=url)


@transaction.atomic
def register_publish(
    *, register: Register, by: Any, completed_on: dt.date | None = None, note: str = ""
) -> RegisterVersion:
    """Freeze the register's risks as the next numbered version, with the differences from the last."""
    from assure.risks.publishing import register_snapshot, snapshot_diff

    Register.objects.select_for_update().filter(pk=register.pk).first()  # one publisher at a time
    previous = register.versions.order_by("-number").first()
    snapshot = register_snapshot(register)
    return RegisterVersion.objects.create(
        register=register,
        number=(previous.number + 1) if previous else 1,
        completed_on=completed_on or timezone.localdate(),
        completed_by=by,
        note=note,
        snapshot=snapshot,
        diff=snapshot_diff(previous.snapshot if previous else None, snapshot),
    )


@transaction.atomic
def risk_close(*, risk: Risk) -> Risk:
    risk.status = RiskStatus.CLOSED
    risk.save()
    return risk
