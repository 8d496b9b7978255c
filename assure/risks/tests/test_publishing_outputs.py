"""Published versions (numbered, frozen, with a diff) and their Word, PDF and Excel outputs."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from assure.core.testing import Personas
from assure.risks.models import AppendOnlyError
from assure.risks.services import register_publish, risk_close, risk_rescore, risk_update
from assure.risks.testing import risk_build

pytestmark = pytest.mark.django_db


def test_versions_are_numbered_frozen_and_diffed(personas: Personas) -> None:
    kept = risk_build(personas, reference="KEEP1")
    closing = risk_build(personas, reference="GONE1")
    v1 = register_publish(register=kept.register, by=personas.performance_qa)
    assert (v1.number, v1.diff["first"]) == (1, True)
    risk_rescore(risk=kept, by=None, impact=5, likelihood=5, reason="Inspection", event="Ofsted: inadequate")
    risk_update(risk=kept, by=None, owners=[personas.director.staff], title="A new title")
    risk_close(risk=closing)
    risk_build(personas, reference="NEW1")
    v2 = register_publish(register=kept.register, by=personas.performance_qa)
    assert v2.number == 2
    assert [d["reference"] for d in v2.diff["new"]] == ["NEW1"]
    assert [d["reference"] for d in v2.diff["closed"]] == ["GONE1"]
    assert v2.diff["rescored"] == [{"reference": "KEEP1", "title": "A new title", "from": 12, "to": 25}]
    assert v2.diff["changed"][0]["fields"] == ["title"]
    first_titles = [r["title"] for r in v1.snapshot["risks"] if r["reference"] == "KEEP1"]
    assert first_titles == ["Practice is not of consistent quality"]
    with pytest.raises(AppendOnlyError):
        v1.save()


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_every_output_opens_and_holds_the_risk(client: Any, personas: Personas, fmt: str) -> None:
    risk = risk_build(personas, reference="CSCR003", score_reason='=HYPERLINK("http://example.invalid")')
    version = register_publish(register=risk.register, by=personas.performance_qa)
    client.force_login(personas.practitioner_a)
    urls = [
        reverse("risks:version-export", args=[version.pk, fmt]),
        reverse("risks:register-export", args=[risk.register_id, fmt]),
        reverse("risks:risk-export", args=[risk.pk, fmt]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content
        if fmt == "pdf":
            assert body.startswith(b"%PDF") and b"%%EOF" in body[-1024:]
        elif fmt == "docx":
            text = "\n".join(
                cell.text for table in WordDocument(io.BytesIO(body)).tables for row in table.rows for cell in row.cells
            )
            assert "CSCR003" in text
        else:
            book = load_workbook(io.BytesIO(body))
            cells = [c for sheet in book.worksheets for row in sheet.iter_rows() for c in row if c.value is not None]
            assert any("CSCR003" in str(c.value) for c in cells)
            assert not [c for c in cells if c.data_type == "f"], "no cell may hold a formula"
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                assert not any(b"<f>" in archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))


def test_public_pack_leaves_out_confidential_risks(client: Any, personas: Personas) -> None:
    risk = risk_build(personas)
    risk_build(personas, reference="SECRET1", confidential=True)
    version = register_publish(register=risk.register, by=personas.performance_qa)
    client.force_login(personas.board_member)
    body = client.get(reverse("risks:version-export", args=[version.pk, "xlsx"])).content
    book = load_workbook(io.BytesIO(body))
    text = " ".join(str(c.value) for s in book.worksheets for row in s.iter_rows() for c in row if c.value)
    assert risk.reference in text and "SECRET1" not in text
