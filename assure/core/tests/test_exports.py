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


def test_a_table_downloads_as_csv_or_xlsx_with_its_headers_and_formulas_quoted() -> None:
    import csv
    import datetime as dt

    from assure.core.exports import table_download

    headers, rows = ["Child ID", "Due on", "Note"], [["=1+1", dt.date(2026, 3, 31), None], ["B2", None, "-3"]]
    assert table_download(None, filename="x", headers=headers, rows=rows) is None
    assert table_download("pdf", filename="x", headers=headers, rows=rows) is None
    response = table_download("csv", filename="deadlines", headers=headers, rows=rows)
    assert response is not None and response["Content-Disposition"] == 'attachment; filename="deadlines.csv"'
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines == [headers, ["'=1+1", "2026-03-31", ""], ["B2", "", "'-3"]]
    workbook = table_download("xlsx", filename="deadlines", headers=headers, rows=rows, sheet="Deadlines")
    assert workbook is not None
    sheet = load_workbook(io.BytesIO(workbook.content))["Deadlines"]
    assert [c.value for c in sheet[1]] == headers and sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
