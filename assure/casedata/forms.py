from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import DateInput, GovukForm


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class ReturnUploadForm(GovukForm):
    as_at = forms.DateField(
        label="As at", widget=DateInput(), help_text="The date the data describes, usually the end of a month."
    )
    returns = MultipleFileField(
        label="This year's files",
        help_text="The 903 return (its CSV tables or the XML file) and the CIN census XML. "
        "Choose several files at once.",
    )
    previous = MultipleFileField(
        label="Last year's 903 files (optional)",
        required=False,
        help_text="They complete the history of children in care, for measures over two or three years.",
    )
    error_anchor = "id_returns"


class QualityFilterForm(GovukForm):
    rule = forms.ChoiceField(label="Rule", required=False)
    file = forms.ChoiceField(label="File", required=False)
    child = forms.CharField(label="Child ID", required=False)

    def __init__(self, *args: Any, rules: list[tuple[str, str]], files: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule"].choices = [("", "All rules"), *rules]  # type: ignore[attr-defined]
        self.fields["file"].choices = [("", "All files"), *((f, f) for f in files)]  # type: ignore[attr-defined]


class ExportForm(GovukForm):
    fmt = forms.ChoiceField(label="Format", widget=forms.RadioSelect)
    collection_year = forms.TypedChoiceField(
        label="Collection year", coerce=int, help_text="The year ending 31 March that the return covers."
    )

    def __init__(self, *args: Any, formats: dict[str, str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fmt"].choices = list(formats.items())  # type: ignore[attr-defined]
        self.fields["collection_year"].choices = [(y, f"{y - 1} to {y} (to 31 March {y})") for y in years]  # type: ignore[attr-defined]
