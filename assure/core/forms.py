"""GOV.UK Design System form rendering: the one way forms are drawn in Assure.

Forms inherit `GovukFormMixin` (through `GovukForm` or `GovukModelForm`); the renderer draws each
field with the GOV.UK form-group, label, hint and error-message markup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.forms.utils import pretty_name
from django.http import HttpRequest

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
        for name, field in self.fields.items():
            _say_what_is_required(field, str(field.label or pretty_name(name)))
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


def _say_what_is_required(field: forms.Field, label: str) -> None:
    """Replace Django's "This field is required." with what to do, as GOV.UK error messages do:
    "Enter name", "Select service area". Each link in the error summary then says which field it is."""
    if isinstance(field.widget, forms.CheckboxInput):
        return  # a lone required checkbox needs words of its own
    if str(field.error_messages.get("required")) != str(forms.Field.default_error_messages["required"]):
        return
    first_word = label.split(" ", 1)[0]
    if first_word[1:] == first_word[1:].lower():  # "Name" → "name"; "FTE" and "DfE" stay
        label = label[:1].lower() + label[1:]
    choosing = isinstance(field.widget, (forms.Select, forms.RadioSelect, forms.FileInput))
    field.error_messages["required"] = f"{'Select' if choosing else 'Enter'} {label}"


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


def submit_form(form: forms.BaseForm, save: Callable[..., Any], request: HttpRequest, success: str) -> Any:
    """Call a service with a valid form's data and say `success`; or put the service's validation
    errors back on the form (on the field they name, else on the form) and return None."""
    if not form.is_valid():
        return None
    try:
        obj = save(**form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, success)
    return obj
