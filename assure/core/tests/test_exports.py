from __future__ import annotations

import io

from openpyxl import load_workbook

from assure.core.exports import xlsx_bytes


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = xlsx_bytes(
        {
            "Findings": (
                ["File", "Value"],
                [["a.csv", '=HYPERLINK("http://x","y")'], ["b.csv", "+44 1234"], ["c.csv", 3]],
            )
        }
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == '=HYPERLINK("http://x","y")'
    assert sheet["B3"].data_type == "s"
    assert sheet["B4"].value == 3
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    raw = io.BytesIO(data)
    import zipfile

    assert "<f>" not in zipfile.ZipFile(raw).read("xl/worksheets/sheet1.xml").decode()
