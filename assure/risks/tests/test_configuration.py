"""Setting up a register's matrix, bands and cadence, and linking a risk to other boards and evidence."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.core.testing import Personas
from assure.risks.models import Register
from assure.risks.testing import register_build, risk_build

pytestmark = pytest.mark.django_db


def _form(personas: Personas, **extra: Any) -> dict[str, Any]:
    data = {
        "reference": "SEND",
        "name": "Special educational needs partnership register",
        "tier": "partnership",
        "owner": personas.director.staff.pk,  # type: ignore[union-attr]
        "matrix_size": "4",
        "impact_labels": "Low\nMedium\nHigh\nSevere",
        "likelihood_labels": "Unlikely\nPossible\nLikely\nVery likely",
        "bands": "Green 1 #00703c\nAmber 5 #ffdd00\nRed 10 #d4351c",
        "escalation_threshold": "12",
        "review_days": "Red 30\nAmber 60\nGreen 90",
    }
    data.update(extra)
    return data


def test_a_four_by_four_register_is_set_up_and_scores_on_its_own_matrix(client: Any, personas: Personas) -> None:
    client.force_login(personas.performance_qa)
    response = client.post(reverse("risks:register-create"), _form(personas))
    register = Register.objects.get(reference="SEND")
    assert response["Location"] == reverse("risks:register-detail", args=[register.pk])
    assert register.matrix.max_score == 16 and register.matrix.band(12).name == "Red"  # type: ignore[union-attr]
    assert register.review_days == {"Red": 30, "Amber": 60, "Green": 90}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        ({"bands": "Green 1 green"}, "not a colour"),
        ({"bands": "Amber 5 #ffdd00"}, "lowest band must start at a score of 1"),
        ({"impact_labels": "Low\nHigh"}, "one impact label for each of the 4 steps"),
        ({"review_days": "Purple 30"}, "No band is called Purple"),
    ],
)
def test_bad_set_up_is_refused_and_the_typing_kept(client: Any, personas: Personas, extra: dict, words: str) -> None:
    client.force_login(personas.performance_qa)
    response = client.post(reverse("risks:register-create"), _form(personas, **extra))
    page = response.content.decode()
    assert response.status_code == 200 and words in page
    assert "Special educational needs partnership register" in page
    assert not Register.objects.filter(reference="SEND").exists()


def test_matrix_cannot_shrink_below_the_scores_given(client: Any, personas: Personas) -> None:
    risk = risk_build(personas, current_impact=5, current_likelihood=2, target_impact=None, target_likelihood=None)
    client.force_login(personas.head_of_service_a)  # the register's owner
    data = _form(personas, reference=risk.register.reference)
    response = client.post(reverse("risks:register-edit", args=[risk.register_id]), data)
    assert "scored up to 5" in response.content.decode()
    assert Register.objects.get(pk=risk.register_id).matrix_size == 5


def test_cross_reference_and_evidence_are_added(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    register_build(personas)
    client.force_login(personas.director)
    client.post(
        reverse("risks:cross-reference-add", args=[risk.pk]),
        {"board": "Safeguarding partnership register", "their_reference": "LSCP-04", "last_checked": "2026-10-01"},
    )
    refused = client.post(
        reverse("risks:evidence-link-add", args=[risk.pk]),
        {"kind": "audit", "label": "Audits", "url": "https://x.example"},
    )
    assert "starting with /" in refused.content.decode()
    client.post(
        reverse("risks:evidence-link-add", args=[risk.pk]), {"kind": "audit", "label": "Audits", "url": "/quality/"}
    )
    page = client.get(reverse("risks:risk-detail", args=[risk.pk])).content.decode()
    assert "LSCP-04" in page and "1 October 2026" in page and 'href="/quality/"' in page
