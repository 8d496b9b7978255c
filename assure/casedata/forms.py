from __future__ import annotations

from typing import Any

from django import forms

from assure.casedata.models import ColumnMapping
from assure.casedata.parsers.generic_spec import FORMATS, LAYOUTS, Layout
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


class MappingChoiceForm(GovukForm):
    """Which generic layout a file holds, or a mapping saved before (sent by GET: it only changes the page)."""

    use = forms.ChoiceField(
        label="What does this file hold?",
        help_text="Choose one of Assure's generic layouts, or a mapping saved on an earlier import.",
    )

    def __init__(self, *args: Any, saved: list[ColumnMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        layouts = [(f"layout:{table}", layout.title) for table, layout in LAYOUTS.items()]
        mine = [(f"saved:{m.pk}", f"{m.name} ({LAYOUTS[m.table].title})") for m in saved if m.table in LAYOUTS]
        groups: list[Any] = [("Saved mappings", mine)] if mine else []
        self.fields["use"].choices = [*groups, ("Generic layouts", layouts)]  # type: ignore[attr-defined]


class ColumnMatchBase(GovukForm):
    """The file's header chosen for each column of a layout; see `column_match_form`."""

    layout: Layout

    def clean_save_as(self) -> str:
        name = str(self.cleaned_data.get("save_as", "")).strip()
        if name and ColumnMapping.objects.filter(name__iexact=name).exists():
            raise forms.ValidationError(f'A saved mapping is already called "{name}". Choose another name.')
        return name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        matched: dict[str, str] = {}
        for name in list(data):
            header = data[name]
            if not name.startswith("col_") or not header:
                continue
            if header in matched:
                self.add_error(
                    name, f'"{header}" is already matched to {matched[header]}. Match each column of the file once.'
                )
            else:
                matched[header] = str(self.fields[name].label).removesuffix(" (optional)").lower()
        return data

    def columns(self) -> dict[str, str]:
        """Our column → the file's header, for the columns matched."""
        return {name[4:]: value for name, value in self.cleaned_data.items() if name.startswith("col_") and value}


def column_match_form(table: str, headers: list[str]) -> type[ColumnMatchBase]:
    """A form with one choice of the file's headers for each column of the `table` layout."""
    layout = LAYOUTS[table]
    options = [("", "Not in this file"), *((header, header) for header in headers if header)]
    fields: dict[str, Any] = {"table": forms.ChoiceField(widget=forms.HiddenInput, choices=[(table, table)])}
    for column in layout.columns:
        title = column.name.replace("_", " ").capitalize().replace(" id", " ID")
        hint = f"{column.description} {FORMATS[column.kind]}"
        fields[f"col_{column.name}"] = forms.ChoiceField(
            label=title if column.required else f"{title} (optional)",
            required=column.required,
            choices=options,
            help_text=hint,
        )
    fields["save_as"] = forms.CharField(
        label="Save these choices to use again (optional)",
        required=False,
        max_length=100,
        help_text="A name for this mapping, such as the report your system makes. Leave blank not to save it.",
    )
    return type("ColumnMatchForm", (ColumnMatchBase,), {**fields, "layout": layout})


class ChildFindForm(GovukForm):
    id = forms.CharField(
        label="Child ID",
        max_length=40,
        help_text="The child's ID in the case management system, as the returns give it.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-20", "spellcheck": "false", "autocomplete": "off"}),
        error_messages={
            "required": "Enter the child's ID",
            "max_length": "A child's ID is 40 characters or fewer",
        },
    )


class ChildSnapshotForm(GovukForm):
    snapshot = forms.TypedChoiceField(label="Show the record as at", coerce=int)

    def __init__(self, *args: Any, snapshots: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(s.seq, f"{s.as_at:%-d %B %Y} (snapshot {s.seq})") for s in snapshots]
        self.fields["snapshot"].choices = choices  # type: ignore[attr-defined]
