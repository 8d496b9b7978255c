"""Importing a register from a spreadsheet: upload, then map the columns, then import all or nothing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core.forms import GovukForm
from assure.risks import access, importing
from assure.risks.forms import ImportUploadForm
from assure.risks.imports import risks_import
from assure.risks.models import RiskImport
from assure.risks.views.common import RISKS

MAX_BYTES = 10 * 1024 * 1024


def import_upload(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user_to_edit(request.user, pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read(MAX_BYTES + 1)
        try:
            if len(content) > MAX_BYTES:
                raise importing.ReadError(f"{upload.name}: the file is larger than 10 MB.")
            importing.read_sheet(upload.name, content)
        except importing.ReadError as error:
            form.add_error("file", str(error))
        else:
            saved = RiskImport.objects.create(
                register=register,
                uploaded_by=request.user,  # type: ignore[misc]
                file_name=upload.name[:200],
                content=content,
            )
            return redirect("risks:import-mapping", pk=saved.pk)
    crumbs = [RISKS, (register.name, reverse("risks:register-detail", args=[pk]))]
    context = {
        "page_title": f"Import risks into the {register.name}",
        "form": form,
        "breadcrumbs": crumbs,
        "intro": (
            "The first row with four or more filled cells is taken as the header. Rows such as “1. Budget” "
            "set the category of the rows below them. Cells holding formulas are refused."
        ),
        "submit_label": "Upload and check",
    }
    return render(request, "risks/form.html", context)


def _mapping_form(headers: list[str], data: object, initial: dict[str, str]) -> GovukForm:
    choices = [("", "Not in this file"), *[(h, h) for h in headers]]
    form = GovukForm(data or None, initial=initial)  # type: ignore[arg-type]
    for name, (label, _) in importing.FIELDS.items():
        form.fields[name] = forms.ChoiceField(label=label, choices=choices, required=name in importing.REQUIRED)
    form.fields["owner_aliases"] = forms.CharField(
        label="Owner initials (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        help_text="One a line, like CP = clara.price@council.example, for owners written as initials.",
    )
    form.fields["category_aliases"] = forms.CharField(
        label="Category names (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
        help_text="One a line, like Liquid Logic = IT systems, for sections named differently in the file.",
    )
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "govuk-select")
    return form


def import_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    upload = access.get_import_for_user_to_edit(request.user, pk)
    register = upload.register
    sheet = importing.read_sheet(upload.file_name, bytes(upload.content))
    form = _mapping_form(sheet.headers, request.POST, importing.guess_mapping(sheet.headers))
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        aliases = _pairs(data.pop("owner_aliases"))
        categories = _pairs(data.pop("category_aliases"))
        result = risks_import(
            register=register,
            by=request.user,
            sheet=sheet,
            mapping={k: v for k, v in data.items() if v},
            owner_aliases=aliases,
            category_aliases=categories,
        )
        if not result.errors:
            RiskImport.objects.filter(pk=upload.pk).update(result=result.summary())
            messages.success(request, f"{result.created} risks imported from {upload.file_name}.")
            return redirect("risks:register-detail", pk=register.pk)
        errors = result.errors
    crumbs = [RISKS, (register.name, reverse("risks:register-detail", args=[register.pk]))]
    context = {
        "page_title": f"Match the columns of {upload.file_name}",
        "form": form,
        "errors": errors,
        "sheet": sheet,
        "preview": sheet.rows[:5],
        "breadcrumbs": crumbs,
    }
    return render(request, "risks/import_mapping.html", context)


def _pairs(text: str) -> dict[str, str]:
    """Lines like 'CP = clara.price@council.example' as a dictionary."""
    pairs = {}
    for line in text.splitlines():
        if "=" in line:
            alias, _, target = line.partition("=")
            pairs[alias.strip()] = target.strip()
    return pairs
