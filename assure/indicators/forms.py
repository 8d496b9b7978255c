from __future__ import annotations

from typing import Any

from django import forms

from assure.indicators.engine import REGISTRY, Polarity


def _choices() -> list[tuple[str, str]]:
    chosen = sorted((i.title, i.id) for i in REGISTRY.values() if i.polarity != Polarity.NEUTRAL)
    return [("", "Choose an indicator"), *((ident, title) for title, ident in chosen)]


class TargetForm(forms.Form):
    indicator_id = forms.ChoiceField(label="Indicator", choices=_choices)
    target = forms.FloatField(label="Target", help_text="In the indicator's unit: 85 for 85%, 120 for 120 days.")
    tolerance = forms.FloatField(
        label="Amber tolerance",
        min_value=0,
        initial=0,
        help_text="How far on the wrong side of the target a figure is amber rather than red, in the same unit.",
    )
    effective_from = forms.DateField(label="Applies from", help_text="For example, 1/4/2026.")
    effective_to = forms.DateField(
        label="Applies until (optional)", required=False, help_text="Leave empty while it applies."
    )
    note = forms.CharField(label="Where the target comes from (optional)", required=False, max_length=300)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("effective_from"), data.get("effective_to")
        if start and end and end < start:
            self.add_error("effective_to", "The end date must be on or after the start date.")
        return data
