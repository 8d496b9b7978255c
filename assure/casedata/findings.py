"""What the importers and checks report about a file: framework-free, named by file, row and field."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"  # the file cannot be imported as it is: nothing is imported
    WARNING = "warning"  # imported, but a person should look (data quality)


@dataclass(frozen=True)
class Finding:
    """One problem: where it is (file, row as a person sees it, field), the value, and what is wrong.

    `row` counts as the person sees it: in a CSV or a worksheet the header is row 1; in XML it is the
    line number of the element. `code` is Assure's own rule code, or the DfE rule code for findings
    from the DfE validators (`source` says which).
    """

    file: str
    row: int | None
    field: str
    value: str
    message: str
    code: str
    severity: Severity = Severity.ERROR
    child_id: str = ""
    source: str = "assure"

    def __str__(self) -> str:
        where = (
            self.file + (f", row {self.row}" if self.row else "") + (f', field "{self.field}"' if self.field else "")
        )
        value = f' "{self.value}"' if self.value else ""
        return f"{where}:{value} {self.message}" if where else f"{self.value} {self.message}".strip()

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def errors(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.severity == Severity.ERROR]
