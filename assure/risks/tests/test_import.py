"""Importing a register laid out like the customer's divisional register, from XLSX and CSV."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from assure.core.testing import Personas, workbook_bytes
from assure.risks import importing
from assure.risks.models import Risk, RiskImport
from assure.risks.testing import register_build

pytestmark = pytest.mark.django_db

HEADERS = [
    "Business Objective and Strategic Priority this impacts on",
    "Risk What is the issue: what could go wrong",
    "Consequence / effect",
    "Existing actions/controls",
    "Impact",
    "Likelihood",
    "Risk Score with existing measures",
    "Further management actions/controls required",
    "Target Impact",
    "Target Likelihood",
    "Cost",
    "Risk Owner",
    "Target Date",
]


def _rows(owner: str = "CP", score: Any = 20) -> list[list[Any]]:
    return [
        ["Completed by (Risk Owner): Clara Price", None, None, "V5", None],
        HEADERS,
        ["1. Budget"],
        [
            "Improvement plan",
            "a) Pressure on the divisional budget",
            "Services reduced",
            "Savings reviews\n• Monthly budget board",
            5,
            4,
            score,
            "Identify further savings",
            4,
            4,
            "",
            owner,
            "31/03/27",
        ],
        [
            "",
            "b) Agency staff costs exceed budget",
            "Overspend",
            "Workforce strategy",
            5,
            4,
            20,
            "Recruit permanent managers",
            4,
            4,
            "£40,000",
            "",
            "31.03.2027 ongoing",
        ],
        ["2. Liquid Logic"],
        ["", "The recording system is slow", "Records incomplete", "User group", 4, 4, 16, "", "", "", "", "", ""],
        ["3. Safeguarding"],
        [
            "Improvement plan",
            "a) Staff fail to act on risk of significant harm",
            "Avoidable harm to a child",
            "Improvement plan in place",
            5,
            3,
            15,
            "Principal social worker appointed",
            4,
            3,
            "",
            "",
            dt.datetime(2026, 9, 30),
        ],
    ]


def _mapping_file(tmp_path: Path, email: str) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(
        json.dumps({"owners": {"CP": email}, "categories": {"Liquid Logic": "IT systems"}}), encoding="utf-8"
    )
    return path


def test_command_imports_sections_text_dates_and_initials(personas: Personas, tmp_path: Path, capsys: Any) -> None:
    register = register_build(personas)
    path = tmp_path / "divisional.xlsx"
    path.write_bytes(workbook_bytes({"Register": _rows()}))
    call_command(
        "import_risk_register",
        str(path),
        register=register.reference,
        mapping=str(_mapping_file(tmp_path, personas.director.staff.email)),
    )  # type: ignore[union-attr]
    summary = json.loads(capsys.readouterr().out)
    assert summary == {
        "risks_created": 4,
        "by_category": {"Budget": 2, "IT systems": 1, "Safeguarding": 1},
        "errors": [],
        "notes": [
            f"divisional.xlsx, row 5: no owner given, so the register's owner ({register.owner}) owns it.",
            f"divisional.xlsx, row 7: no owner given, so the register's owner ({register.owner}) owns it.",
            f"divisional.xlsx, row 9: no owner given, so the register's owner ({register.owner}) owns it.",
        ],
    }
    budget = Risk.objects.filter(category__name="Budget").order_by("reference")
    assert [r.current_score for r in budget] == [20, 20]
    first, second = budget
    assert first.owners.get() == personas.director.staff
    assert second.owners.get() == register.owner  # no owner given: the register's owner
    assert (first.target_date, second.target_date) == (dt.date(2027, 3, 31), dt.date(2027, 3, 31))
    assert [c.description for c in first.controls.all()] == ["Savings reviews", "Monthly budget board"]
    assert second.actions.get().cost == "£40,000"


def test_errors_anywhere_mean_nothing_is_saved_and_exit_is_non_zero(
    personas: Personas, tmp_path: Path, capsys: Any
) -> None:
    register = register_build(personas)
    rows = _rows(owner="ZZ", score=19)
    rows[4][4] = 6  # impact outside the 5 × 5 matrix
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes({"Register": rows}, M5="=1+1"))
    with pytest.raises(SystemExit) as stopped:
        call_command("import_risk_register", str(path), register=register.reference)
    assert stopped.value.code == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    text = "\n".join(errors)
    assert "bad.xlsx, row 5, column 13: holds a formula" in text
    assert Risk.objects.count() == 0


def test_row_errors_name_row_and_field(personas: Personas, tmp_path: Path, capsys: Any) -> None:
    register = register_build(personas)
    rows = _rows(owner="ZZ", score=19)
    rows[4][4] = 6
    path = tmp_path / "bad.xlsx"
    path.write_bytes(workbook_bytes({"Register": rows}))
    with pytest.raises(SystemExit):
        call_command("import_risk_register", str(path), register=register.reference)
    text = "\n".join(json.loads(capsys.readouterr().out)["errors"])
    assert "bad.xlsx, row 4, owner: 'ZZ' is not a member of staff" in text
    assert "bad.xlsx, row 5, current impact: The impact must be from 1 to 5" in text
    assert Risk.objects.count() == 0


def test_parse_date_and_sections() -> None:
    assert importing.parse_date("31/03/2016 ongoing") == dt.date(2016, 3, 31)
    assert importing.parse_date("30.06.16") == dt.date(2016, 6, 30)
    with pytest.raises(ValueError, match="not a date"):
        importing.parse_date("next spring")
    assert importing.section_category(["", "3. Workforce", None]) == "Workforce"
    assert importing.section_category(["a) Pressures", "text"]) is None


def test_upload_map_and_import_through_the_pages(client: Any, personas: Personas) -> None:
    register = register_build(personas)
    client.force_login(personas.performance_qa)
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("divisional.xlsx", workbook_bytes({"Register": _rows()}))
    response = client.post(reverse("risks:import-upload", args=[register.pk]), {"file": upload})
    saved = RiskImport.objects.get()
    assert response["Location"] == reverse("risks:import-mapping", args=[saved.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Match the columns" in page
    mapping = importing.guess_mapping(importing.read_sheet(saved.file_name, bytes(saved.content)).headers)
    refused = client.post(response["Location"], {**mapping, "owner_aliases": ""})
    assert (
        "Nothing was imported" in refused.content.decode()
        and "row 4, owner: &#x27;CP&#x27; is not a member of staff" in refused.content.decode()
    )
    assert Risk.objects.count() == 0
    email = personas.director.staff.email  # type: ignore[union-attr]
    done = client.post(response["Location"], {**mapping, "owner_aliases": f"CP = {email}"})
    assert "row 7, category: &#x27;Liquid Logic&#x27; is not a category" in refused.content.decode()
    assert done.status_code == 200 and Risk.objects.count() == 0  # the unmapped category still stops it
    aliases = {"owner_aliases": f"CP = {email}", "category_aliases": "Liquid Logic = IT systems"}
    done = client.post(response["Location"], {**mapping, **aliases})
    assert done.status_code == 302 and Risk.objects.count() == 4
