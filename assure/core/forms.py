"""GOV.UK Design System form rendering: the one way forms are drawn in Assure.

Forms inherit `GovukFormMixin` (through `GovukForm` or `GovukModelForm`); the renderer draws each
field with the GOV.UK form-group, label, hint and error-message markup.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting

_INPUT_CLASS = {
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.Textarea: "govuk-textarea",
    forms.ClearableFileInput: "govuk-file-upload",
    forms.FileInput: "govuk-file-upload",
}
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class GovukFormRenderer(TemplatesSetting):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


class GovukFormMixin:
    """Adds GOV.UK classes to widgets, with the error modifier where a field has errors."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect, forms.CheckboxInput)):
                continue
            css = next((c for w, c in _INPUT_CLASS.items() if isinstance(widget, w)), "govuk-input")
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in getattr(self, "errors", {}):
            if name in self.fields:
                widget = self.fields[name].widget
                base = widget.attrs.get("class", "").split(" ")[0]
                if base and f"{base}--error" not in widget.attrs["class"]:
                    widget.attrs["class"] += f" {base}--error"


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None):
        super().__init__(attrs={"class": "govuk-input--width-10", **(attrs or {})}, format="%Y-%m-%d")


def looks_like_formula(value: str) -> bool:
    """True for text a spreadsheet would treat as a formula (never accepted, never written out)."""
    return value.startswith(_FORMULA_PREFIXES)
