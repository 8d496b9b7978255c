"""Writes that set up a register: its tier, owner, matrix, bands, escalation and review cadence."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from assure.organisation.models import Staff
from assure.risks import matrix as mx
from assure.risks.models import Register

COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
BAND_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<min>\d+)\s+(?P<colour>\S+)$")
REVIEW_LINE = re.compile(r"^(?P<name>.+?)\s+(?P<days>\d+)$")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def bands_parse(text: str) -> list[dict[str, Any]]:
    """Lines like 'Very high 15 #d4351c' (name, lowest score, colour)."""
    bands, errors = [], []
    for number, line in enumerate(_lines(text), start=1):
        match = BAND_LINE.match(line)
        if not match:
            errors.append(
                f"Line {number} ('{line}'): write the band's name, its lowest score and a colour, "
                "like 'High 10 #f47738'."
            )
        elif not COLOUR.match(match["colour"]):
            errors.append(f"Line {number}: '{match['colour']}' is not a colour like #f47738.")
        else:
            bands.append({"name": match["name"], "min": int(match["min"]), "colour": match["colour"].lower()})
    if errors:
        raise ValidationError({"bands": errors})
    return bands


def review_days_parse(text: str) -> dict[str, int]:
    days, errors = {}, []
    for number, line in enumerate(_lines(text), start=1):
        match = REVIEW_LINE.match(line)
        if not match or int(match["days"]) < 1:
            errors.append(
                f"Line {number} ('{line}'): write a band's name and the days between reviews, like 'Very high 30'."
            )
        else:
            days[match["name"]] = int(match["days"])
    if errors:
        raise ValidationError({"review_days": errors})
    return days


@transaction.atomic
def register_save(
    *,
    register: Register | None = None,
    reference: str,
    name: str,
    tier: str,
    owner: Staff,
    description: str = "",
    matrix_size: int = 5,
    impact_labels: str = "",
    likelihood_labels: str = "",
    bands: str = "",
    escalation_threshold: int = 15,
    escalates_to: Register | None = None,
    review_days: str = "",
) -> Register:
    """Create or change a register; the matrix is checked as a whole, and scores already given must still fit."""
    errors: dict[str, list[str]] = {}
    parsed: dict[str, Any] = {}
    for field, parse, text in (("bands", bands_parse, bands), ("review_days", review_days_parse, review_days)):
        try:
            parsed[field] = parse(text)
        except ValidationError as error:
            errors.update(error.message_dict)
    matrix = mx.Matrix.from_config(
        size=matrix_size,
        impact_labels=list(_lines(impact_labels)),
        likelihood_labels=list(_lines(likelihood_labels)),
        bands=parsed.get("bands", [{"name": "x", "min": 1, "colour": "#000000"}]),
    )
    for problem in matrix.problems():
        key = (
            "impact_labels"
            if "impact" in problem
            else "likelihood_labels"
            if "likelihood" in problem
            else "matrix_size"
        )
        key = "bands" if "band" in problem else key
        errors.setdefault(key, []).append(problem)
    if "review_days" in parsed and "bands" in parsed:
        unknown = set(parsed["review_days"]) - {b["name"] for b in parsed["bands"]}
        if unknown:
            errors.setdefault("review_days", []).append(f"No band is called {', '.join(sorted(unknown))}.")
    if Register.objects.filter(reference__iexact=reference.strip()).exclude(pk=register.pk if register else 0).exists():
        errors["reference"] = [f"Another register already has the reference {reference.strip()}."]
    if register is not None:
        if escalates_to is not None and escalates_to.pk == register.pk:
            errors["escalates_to"] = ["A register cannot escalate to itself."]
        largest = max((max(r.current_impact, r.current_likelihood) for r in register.risks.all()), default=0)
        if largest > matrix_size:
            errors.setdefault("matrix_size", []).append(
                f"Risks on this register are scored up to {largest}: the matrix cannot be smaller than that."
            )
    if not owner.is_active:
        errors["owner"] = [f"{owner} is not an active member of staff."]
    if errors:
        raise ValidationError(errors)
    register = register or Register()
    register.reference, register.name, register.tier, register.owner = reference.strip(), name, tier, owner
    register.description, register.matrix_size = description, matrix_size
    register.impact_labels, register.likelihood_labels = matrix.impact_labels, matrix.likelihood_labels
    register.bands, register.review_days = parsed["bands"], parsed["review_days"]
    register.escalation_threshold, register.escalates_to = escalation_threshold, escalates_to
    register.save()
    return register


def register_initial(register: Register | None) -> dict[str, Any]:
    """The form's starting values, with the lists written one a line."""
    source = register or Register()
    return {
        "reference": source.reference,
        "name": source.name,
        "tier": source.tier,
        "owner": source.owner if register else None,
        "description": source.description,
        "matrix_size": source.matrix_size,
        "impact_labels": "\n".join(source.impact_labels),
        "likelihood_labels": "\n".join(source.likelihood_labels),
        "bands": "\n".join(f"{b['name']} {b['min']} {b['colour']}" for b in source.bands),
        "escalation_threshold": source.escalation_threshold,
        "escalates_to": source.escalates_to,
        "review_days": "\n".join(f"{name} {days}" for name, days in source.review_days.items()),
    }
