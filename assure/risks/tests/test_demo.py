"""The demo registers load once, cover every category of the divisional register, and pass through the pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from assure.organisation.services import demo_authority_load
from assure.risks.demo import risks_demo_load
from assure.risks.models import Assessment, Category, Register, Risk
from assure.risks.services import SEED_CATEGORIES

pytestmark = pytest.mark.django_db


def test_demo_registers_load_once_and_cover_every_category(client: Any) -> None:
    demo_authority_load(seed=5)
    assert risks_demo_load()
    counts = (Register.objects.count(), Risk.objects.count(), Assessment.objects.count())
    assert not risks_demo_load()
    assert (Register.objects.count(), Risk.objects.count(), Assessment.objects.count()) == counts
    assert {t for t in Register.objects.values_list("tier", flat=True)} == {
        "corporate",
        "directorate",
        "service",
        "partnership",
    }
    used = set(Category.objects.filter(risks__isnull=False).values_list("name", flat=True))
    assert used == {name for name, *_ in SEED_CATEGORIES}
    card = Risk.objects.get(reference="CSCR003")
    assert (card.current_impact, card.current_likelihood, card.current_score) == (5, 4, 20)
    history = list(Risk.objects.get(reference="CSCR001").assessments.values_list("score", "event"))
    assert (25, "Ofsted inspection: overall inadequate") in history
    from assure.accounts.models import User
    from assure.organisation.models import Staff

    director = Staff.objects.get(job_title="Director of Children's Services")
    user = User.objects.create_user("demo.director@test.example", "x", staff=director)
    client.force_login(user)
    for register in Register.objects.all():
        assert client.get(reverse("risks:register-detail", args=[register.pk])).status_code == 200
    page = client.get(reverse("risks:risk-detail", args=[Risk.objects.get(reference="CSCR001").pk])).content.decode()
    assert "Relaunch the threshold document" in page
