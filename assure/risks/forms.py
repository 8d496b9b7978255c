"""Forms for risks, re-scores, controls, actions, publishing and imports. Validation of scores is in services."""

from __future__ import annotations

from typing import Any

from django import forms

from assure.core.forms import DateInput, GovukForm
from assure.organisation.models import Staff
from assure.risks.models import ActionStatus, Category, Effectiveness, Register, RiskStatus, Tier, Treatment

STEP = {"class": "govuk-input--width-2", "inputmode": "numeric"}


def _step(label: str, required: bool = False) -> forms.CharField:
    # A CharField, so "2.5" or "6" reach the service, which says what the register's matrix allows.
    return forms.CharField(label=label, required=required, widget=forms.TextInput(attrs=STEP))


def _staff() -> Any:
    return Staff.objects.filter(is_active=True).order_by("last_name", "first_name")


class RiskForm(GovukForm):
    reference = forms.CharField(
        max_length=30,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10"}),
        help_text="For example CSCR003.",
    )
    title = forms.CharField(max_length=300)
    category = forms.ModelChoiceField(queryset=Category.objects.all())
    objective = forms.CharField(
        label="Business objective or strategic priority", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    cause = forms.CharField(label="What could go wrong (cause)", widget=forms.Textarea(attrs={"rows": 3}))
    consequence = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owners = forms.ModelMultipleChoiceField(
        queryset=Staff.objects.none(), help_text="Hold Ctrl (or Cmd) to choose more than one."
    )
    manager = forms.ModelChoiceField(queryset=Staff.objects.none(), required=False)
    inherent_impact = _step("Inherent impact")
    inherent_likelihood = _step("Inherent likelihood")
    current_impact = _step("Current impact", required=True)
    current_likelihood = _step("Current likelihood", required=True)
    target_impact = _step("Target impact")
    target_likelihood = _step("Target likelihood")
    target_date = forms.DateField(required=False, widget=DateInput())
    target_reason = forms.CharField(
        label="Why the target is above the current score", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    treatment = forms.ChoiceField(choices=Treatment.choices)
    score_reason = forms.CharField(
        label="Why is the score what it is?", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    significant_controls = forms.CharField(
        label="Which significant controls have been put in place?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reduction_expected = forms.BooleanField(label="A reduction in the score is expected", required=False)
    reduction_narrative = forms.CharField(
        label="Is a reduction in the score expected, and when?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confidential = forms.BooleanField(label="Confidential: leave out of the public version", required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("owners", "manager"):
            self.fields[name].queryset = _staff()  # type: ignore[attr-defined]
        if editing:
            # The current score changes only through a re-score, which records why.
            del self.fields["current_impact"]
            del self.fields["current_likelihood"]
            self.fields["status"] = forms.ChoiceField(choices=RiskStatus.choices)


class RescoreForm(GovukForm):
    impact = _step("Impact", required=True)
    likelihood = _step("Likelihood", required=True)
    assessed_on = forms.DateField(label="Date of the assessment", widget=DateInput())
    reason = forms.CharField(label="Why the score is what it is now", widget=forms.Textarea(attrs={"rows": 3}))
    event = forms.CharField(
        label="Event that triggered the re-score (optional)",
        required=False,
        max_length=200,
        help_text="For example: Ofsted judgement of inadequate, or a serious incident.",
    )
    evidence = forms.CharField(
        label="Evidence cited (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ControlForm(GovukForm):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    effectiveness = forms.ChoiceField(choices=Effectiveness.choices)


class ActionForm(GovukForm):
    description = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    owner = forms.ModelChoiceField(queryset=Staff.objects.none(), required=False)
    due_date = forms.DateField(required=False, widget=DateInput())
    status = forms.ChoiceField(choices=[c for c in ActionStatus.choices if c[0] != ActionStatus.COMPLETE])
    cost = forms.CharField(required=False, max_length=100)
    forum = forms.CharField(label="Forum that monitors it", required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()  # type: ignore[attr-defined]


class CompleteActionForm(GovukForm):
    completed_on = forms.DateField(label="Date completed", widget=DateInput())


class PublishForm(GovukForm):
    completed_on = forms.DateField(label="Date completed", widget=DateInput())
    note = forms.CharField(
        label="Note for the committee (optional)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RegisterFilterForm(GovukForm):
    category = forms.ModelChoiceField(queryset=Category.objects.all(), required=False, empty_label="All categories")
    band = forms.ChoiceField(required=False)
    owner = forms.ModelChoiceField(queryset=Staff.objects.none(), required=False, empty_label="All owners")

    def __init__(self, *args: Any, bands: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "All bands"), *[(b, b) for b in bands]]  # type: ignore[attr-defined]
        self.fields["owner"].queryset = Staff.objects.filter(owned_risks__isnull=False).distinct()  # type: ignore[attr-defined]


class ImportUploadForm(GovukForm):
    file = forms.FileField(label="Register spreadsheet", help_text="An Excel workbook (.xlsx) or a CSV file.")


class RegisterForm(GovukForm):
    reference = forms.CharField(max_length=30, help_text="A short code, like CSC-DIV.")
    name = forms.CharField(max_length=200)
    tier = forms.ChoiceField(choices=Tier.choices)
    owner = forms.ModelChoiceField(queryset=Staff.objects.none())
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    matrix_size = forms.IntegerField(label="Steps on each axis of the matrix", min_value=2, max_value=10)
    impact_labels = forms.CharField(
        label="Impact labels, lowest first, one a line", widget=forms.Textarea(attrs={"rows": 5})
    )
    likelihood_labels = forms.CharField(
        label="Likelihood labels, lowest first, one a line", widget=forms.Textarea(attrs={"rows": 5})
    )
    bands = forms.CharField(
        label="Bands, one a line: name, lowest score, colour",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: High 10 #f47738",
    )
    escalation_threshold = forms.IntegerField(
        min_value=1, help_text="Risks scoring this or more are proposed to the register above."
    )
    escalates_to = forms.ModelChoiceField(queryset=Register.objects.all(), required=False, label="Register above")
    review_days = forms.CharField(
        label="Days between reviews, by band",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: Very high 30",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = _staff()  # type: ignore[attr-defined]


class CrossReferenceForm(GovukForm):
    board = forms.CharField(
        max_length=200, label="Board or register", help_text="For example: Safeguarding partnership register."
    )
    their_reference = forms.CharField(max_length=60, required=False, label="Their reference")
    last_checked = forms.DateField(required=False, widget=DateInput())


class EvidenceLinkForm(GovukForm):
    kind = forms.ChoiceField(choices=[("indicator", "Indicator"), ("audit", "Audit finding"), ("other", "Other")])
    label = forms.CharField(max_length=200)
    url = forms.CharField(max_length=500, required=False, label="Link (a page in Assure, starting with /)")

    def clean_url(self) -> str:
        url = self.cleaned_data["url"].strip()
        if url and not url.startswith("/"):
            raise forms.ValidationError("Give a link to a page in Assure, starting with /.")
        return url
