"""Forms for audits. The audit form is built from the tool's definition, one field per item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from assure.audits import rules
from assure.audits.models import Audit, AuditTool
from assure.audits.tooldefs import Item, ToolDefinition
from assure.core.forms import DateInput, GovukForm
from assure.organisation.models import ServiceArea, Staff

YES_NO = [("yes", "Yes"), ("no", "No")]
EVIDENCE = "__evidence"


def _item_field(item: Item, definition: ToolDefinition) -> forms.Field:
    common: dict[str, Any] = {"label": item.title, "help_text": item.guidance, "required": False}
    if item.type == "grade":
        choices = [(g.value, f"{g.value} – {g.label}") for g in definition.scale.grades]
        return forms.TypedChoiceField(choices=choices, coerce=int, widget=forms.RadioSelect, **common)
    if item.type == "yes_no":
        return forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect, **common)
    if item.type == "choice":
        return forms.ChoiceField(choices=[(c, c) for c in item.choices], widget=forms.RadioSelect, **common)
    if item.type == "date":
        return forms.DateField(widget=DateInput(), **common)
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10000, **common)


class AuditForm(GovukForm):
    """Every applicable item of the tool, then the overall judgement, the safeguarding flag and themes.

    Saving a draft accepts gaps; completing asks for every required item, and the tool's rules decide
    which overall judgements are allowed (checked again by the service)."""

    def __init__(self, *args: Any, audit: Audit, definition: ToolDefinition, **kwargs: Any) -> None:
        self.audit = audit
        self.definition = definition
        self.items = definition.items(audit.case_kind)
        super().__init__(*args, **kwargs)
        self.sections: list[tuple[str, list[str]]] = []
        for section in definition.sections:
            names = []
            for item in section.items:
                if not item.applies(audit.case_kind):
                    continue
                self.fields[item.item_id] = _item_field(item, definition)
                names.append(item.item_id)
                if item.evidence:
                    self.fields[item.item_id + EVIDENCE] = forms.CharField(
                        label=f"Evidence and comments: {item.title[:60]}",
                        required=False,
                        max_length=10000,
                        widget=forms.Textarea(attrs={"rows": 3}),
                    )
                    names.append(item.item_id + EVIDENCE)
            self.sections.append((section.title, names))
        closing = []
        if definition.rules.overall:
            suggested = audit.suggested_grade
            hint = f"Suggested from the area grades: {definition.scale.label(suggested)}." if suggested else ""
            self.fields["overall_grade"] = forms.TypedChoiceField(
                label="Overall judgement",
                choices=[(g.value, f"{g.value} – {g.label}") for g in definition.scale.grades],
                coerce=int,
                widget=forms.RadioSelect,
                required=False,
                help_text=hint + " No overall judgement may be better than the tool's rules allow.",
            )
            closing.append("overall_grade")
        self.fields["with_practitioner"] = forms.ChoiceField(
            label="Was the audit done with the practitioner?", choices=YES_NO, widget=forms.RadioSelect, required=False
        )
        self.fields["safeguarding_concern"] = forms.BooleanField(
            label="I have a safeguarding concern about this child or this practice",
            required=False,
            help_text="The team manager and head of service are told at once when you save.",
        )
        self.fields["safeguarding_detail"] = forms.CharField(
            label="What is the concern?", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
        )
        self.fields["learning_themes"] = forms.CharField(
            label="Learning themes",
            required=False,
            max_length=500,
            help_text="Separate themes with commas, for example: voice of the child, drift in planning.",
        )
        closing += ["with_practitioner", "safeguarding_concern", "safeguarding_detail", "learning_themes"]
        self.sections.append(("Judgement and learning", closing))
        if not self.is_bound:
            self.initial = self._initial()

    def _initial(self) -> dict[str, Any]:
        audit = self.audit
        initial = dict(audit.answers)
        wp = audit.with_practitioner
        initial.update(
            overall_grade=audit.overall_grade,
            with_practitioner="" if wp is None else ("yes" if wp else "no"),
            safeguarding_concern=audit.safeguarding_concern,
            safeguarding_detail=audit.safeguarding_detail,
            learning_themes=", ".join(audit.learning_themes),
        )
        return initial

    def section_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [(title, [self[name] for name in names]) for title, names in self.sections]

    @property
    def completing(self) -> bool:
        return self.data.get("action") == "complete"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("safeguarding_concern") and not (data.get("safeguarding_detail") or "").strip():
            self.add_error("safeguarding_detail", "Enter what the safeguarding concern is")
        if self.completing:
            self._check_complete(data)
        return data

    def _check_complete(self, data: dict[str, Any]) -> None:
        answers = self.answers()
        for item_id in rules.missing_answers(self.definition, answers, case_kind=self.audit.case_kind):
            item = self.definition.item(item_id)
            verb = "Enter" if item and item.type in ("text", "date") else "Select"
            self.add_error(item_id, f"{verb} an answer for “{item.title if item else item_id}”")
        if self.definition.rules.overall:
            if data.get("overall_grade") in (None, ""):
                self.add_error("overall_grade", "Select the overall judgement")
            else:
                grades = rules.area_grades(self.definition, answers, self.audit.case_kind)
                problem = rules.overall_problem(self.definition, grades, data["overall_grade"])
                if problem:
                    self.add_error("overall_grade", problem)
        if not data.get("with_practitioner"):
            self.add_error("with_practitioner", "Select whether the audit was done with the practitioner")

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {}
        for name in self.fields:
            if name in ("overall_grade", "with_practitioner", "safeguarding_concern", "safeguarding_detail"):
                continue
            if name == "learning_themes":
                continue
            value = data.get(name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            if value not in (None, ""):
                answers[name] = value
        return answers

    def learning_themes(self) -> list[str]:
        raw = self.cleaned_data.get("learning_themes") or ""
        return [t.strip().lower() for t in raw.split(",") if t.strip()][:10]

    def overall(self) -> int | None:
        value = self.cleaned_data.get("overall_grade")
        return int(value) if value not in (None, "") else None

    def with_practitioner(self) -> bool | None:
        value = self.cleaned_data.get("with_practitioner")
        return None if not value else value == "yes"


class CommentForm(GovukForm):
    practitioner_comment = forms.CharField(
        label="Practitioner's comments", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    manager_comment = forms.CharField(
        label="Manager's comments from supervision",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class ActionForm(GovukForm):
    what = forms.CharField(label="What needs to happen", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    owner = forms.ModelChoiceField(label="Who will do it", queryset=Staff.objects.none())
    due_date = forms.DateField(label="Do it by", widget=DateInput())

    def __init__(self, *args: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = staff


class ActionUpdateForm(GovukForm):
    reviewed_on = forms.DateField(label="Date reviewed", required=False, widget=DateInput())
    completed_on = forms.DateField(label="Date completed", required=False, widget=DateInput())
    evidence = forms.CharField(
        label="Evidence it is done, or progress so far",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("completed_on") and not (data.get("evidence") or "").strip():
            self.add_error("evidence", "Enter the evidence that the action is done")
        return data


class AmendForm(GovukForm):
    reason = forms.CharField(
        label="Why does the audit need amending?", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ToolUploadForm(GovukForm):
    definition = forms.FileField(
        label="Tool definition",
        help_text="A YAML or JSON file, or an Excel workbook with tool, items and rules sheets. "
        "It is checked before it is stored.",
    )


class ModerationForm(GovukForm):
    """The moderator's own grades for each area and overall, without seeing the auditor's."""

    def __init__(self, *args: Any, audit: Audit, definition: ToolDefinition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.area_ids = []
        for item in definition.graded_items(audit.case_kind):
            field = _item_field(item, definition)
            field.required = True
            field.error_messages["required"] = f"Select a grade for “{item.title}”"
            self.fields[item.item_id] = field
            self.area_ids.append(item.item_id)
        self.fields["overall_grade"] = forms.TypedChoiceField(
            label="Overall judgement",
            choices=[(g.value, f"{g.value} – {g.label}") for g in definition.scale.grades],
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": "Select the overall judgement"},
        )
        self.fields["comment"] = forms.CharField(
            label="Moderator's comments", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
        )

    def area_grades(self) -> dict[str, int]:
        return {item_id: int(self.cleaned_data[item_id]) for item_id in self.area_ids}


class ProgrammeEntryForm(GovukForm):
    kind = forms.ChoiceField(label="Programme", choices=[("focus", "Programme of focus"), ("thematic", "Thematic")])
    month = forms.DateField(
        label="Month", help_text="Any day in the month, for example 2027-01-01.", widget=DateInput()
    )
    service_area = forms.ModelChoiceField(
        label="Service area",
        queryset=ServiceArea.objects.all(),
        required=False,
        help_text="For a programme of focus. Leave empty for a thematic audit across the authority.",
    )
    theme = forms.CharField(label="Theme", max_length=120)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "focus" and not data.get("service_area"):
            self.add_error("service_area", "Select the service area the programme of focus is for")
        return data


class StartAuditForm(GovukForm):
    """The tool, then the child (for case, thematic and multi-agency audits) or the member of staff."""

    tool = forms.ModelChoiceField(
        label="Audit tool",
        queryset=AuditTool.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Choose the audit tool",
            "invalid_choice": "Choose a tool that is in use and that you may start",
        },
    )
    child_id = forms.CharField(
        label="Child id",
        help_text="For case, thematic and multi-agency audits: the child's id in the case management system.",
        required=False,
        max_length=40,
    )
    staff = forms.ModelChoiceField(
        label="Member of staff",
        help_text="For supervision-file, observation of practice and HR audits.",
        queryset=Staff.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Choose a member of staff within your teams"},
    )
    auditor = forms.ModelChoiceField(
        label="Auditor",
        queryset=Staff.objects.none(),
        error_messages={"required": "Choose the auditor", "invalid_choice": "Choose an auditor within your teams"},
    )
    theme = forms.CharField(label="Theme (optional)", required=False, max_length=120)
    reason = forms.CharField(
        label="Why this child",
        help_text="Needed when an administrator has allowed hand-picked allocation: it is recorded on the audit.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, tools: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("tool", tools), ("staff", staff), ("auditor", staff)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["child_id"] = (data.get("child_id") or "").strip()
        tool = data.get("tool")
        if tool is not None and tool.kind in ("case", "thematic", "multi_agency") and not data["child_id"]:
            self.add_error("child_id", "Enter the child id for a case, thematic or multi-agency audit")
        if tool is not None and tool.kind in ("supervision", "observation", "hr") and data.get("staff") is None:
            self.add_error("staff", "Choose the member of staff whose work or file is audited")
        return data


class HandPickingForm(GovukForm):
    """An administrator's permission to hand-pick children for audit, for a month and/or a tool."""

    month = forms.DateField(
        label="Month (optional)",
        help_text="Any day in the month. Leave it empty to allow hand-picking in every month for the tool chosen.",
        required=False,
        widget=DateInput(),
    )
    tool_id = forms.ChoiceField(label="Tool", required=False)
    reason = forms.CharField(
        label="Why hand-picking is allowed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why hand-picked allocation is allowed"},
    )

    def __init__(self, *args: Any, tools: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tool_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Every case-audit tool"), *tools.items()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("month") and not data.get("tool_id") and "month" not in self.errors:
            self.add_error("month", "Choose a month, a tool, or both: hand-picking is never allowed for all")
        return data
