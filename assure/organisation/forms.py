from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from assure.core.forms import DateInput, GovukForm, GovukModelForm
from assure.organisation.models import ENGLISH_REGIONS, LocalAuthority, Role, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode


class AuthorityForm(GovukModelForm):
    class Meta:
        model = LocalAuthority
        fields = ["name", "la_code", "ons_code", "region_code", "neighbours_of", "neighbour_model"]
        widgets = {
            "la_code": forms.TextInput(attrs={"class": "govuk-input--width-3"}),
            "ons_code": forms.TextInput(attrs={"class": "govuk-input--width-10"}),
            "neighbours_of": forms.TextInput(attrs={"class": "govuk-input--width-3"}),
            "neighbour_model": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region = self.fields["region_code"]
        assert isinstance(region, forms.ChoiceField)
        region.choices = [("", "The region DfE gives for the authority's LA code"), *ENGLISH_REGIONS]


class ServiceAreaForm(GovukModelForm):
    class Meta:
        model = ServiceArea
        fields = ["name", "directorate", "head"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        head = self.fields["head"]
        assert isinstance(head, forms.ModelChoiceField)
        head.queryset = Staff.objects.filter(roles__code=RoleCode.HEAD_OF_SERVICE, is_active=True).distinct()


class TeamForm(GovukModelForm):
    class Meta:
        model = Team
        fields = ["name", "service_area", "team_type", "is_active"]
        labels = {"team_type": "Type of team", "is_active": "This team is active"}


class StaffForm(GovukModelForm):
    roles = forms.ModelMultipleChoiceField(
        queryset=Role.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply.",
    )

    class Meta:
        model = Staff
        fields = [
            "first_name",
            "last_name",
            "email",
            "job_title",
            "roles",
            "line_manager",
            "employment_type",
            "fte",
            "is_active",
        ]
        labels = {"email": "E-mail address", "employment_type": "Employment", "is_active": "Currently working here"}
        error_messages = {"email": {"unique": "Someone on the staff list already has this e-mail address."}}
        widgets = {"fte": forms.NumberInput(attrs={"class": "govuk-input--width-4", "step": "0.01"})}


class StaffCreateForm(StaffForm):
    team = forms.ModelChoiceField(
        queryset=Team.objects.filter(is_active=True),
        required=False,
        help_text="Leave empty if they are not in a team yet.",
    )
    start_date = forms.DateField(label="Date they joined the team", required=False, widget=DateInput())

    class Meta(StaffForm.Meta):
        fields = [*StaffForm.Meta.fields, "team", "start_date"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("team") and not data.get("start_date"):
            self.add_error("start_date", "Enter the date they joined the team.")
        return data


class MoveForm(GovukForm):
    team = forms.ModelChoiceField(label="New team", queryset=Team.objects.filter(is_active=True))
    start_date = forms.DateField(
        label="Date of the move",
        widget=DateInput(),
        help_text="Figures before this date stay with their previous team.",
    )


class EndMembershipForm(GovukForm):
    end_date = forms.DateField(label="Last day in the team", widget=DateInput())


class RoleForm(GovukForm):
    requires_two_factor = forms.BooleanField(label="Require two-factor sign-in for this role", required=False)


class StaffSearchForm(GovukForm):
    q = forms.CharField(label="Search by name, e-mail or job title", required=False)
    team = forms.ModelChoiceField(queryset=Team.objects.all(), required=False, empty_label="All teams")


MAX_IMPORT_BYTES = 5 * 1024 * 1024


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that takes one or more files; an empty file is let through for the import to report."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".csv,.xlsx"}))
        super().__init__(allow_empty_file=True, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = list(data) if isinstance(data, (list, tuple)) else [data]
        cleaned = []
        for file in files or [None]:  # no file at all is checked as one missing file
            cleaned.append(super().clean(file, initial))
        return cleaned


class ImportUploadForm(GovukForm):
    upload = MultipleFileField(
        label="Upload a file",
        help_text="A CSV or Excel (.xlsx) file, up to 5 MB. To add teams and their staff together, "
        "choose a structure file and a staff file at the same time.",
        error_messages={"required": "Select a CSV or Excel file to import."},
    )

    def clean_upload(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data["upload"]
        if len(files) > 2:
            raise forms.ValidationError("Select no more than two files: one structure file and one staff file.")
        for file in files:
            if (file.size or 0) > MAX_IMPORT_BYTES:
                raise forms.ValidationError(f"{file.name} is larger than 5 MB. Split it into smaller files.")
        return files

    def uploaded(self) -> list[tuple[str, bytes]]:
        """The files as (name, contents)."""
        return [(file.name or "upload", file.read()) for file in self.cleaned_data["upload"]]


class ImportConfirmForm(GovukForm):
    """The confirm button on the preview. Shown with the import's problems, so the page carries them as errors."""

    error_anchor = "import-problems"

    @classmethod
    def showing(cls, problems: Sequence[str]) -> ImportConfirmForm:
        form = cls(data={})
        form.is_valid()
        for problem in problems:
            form.add_error(None, problem)
        return form
