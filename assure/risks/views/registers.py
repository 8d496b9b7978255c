"""Registers: the list, one register with its heat map and filters, its findings, and publishing."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assure.core.forms import submit_form
from assure.organisation.history import history_for
from assure.risks import access, configuration, selectors, services
from assure.risks.forms import PublishForm, RegisterFilterForm, RegisterForm, RiskForm
from assure.risks.views.common import RISKS


@require_GET
def register_list(request: HttpRequest) -> HttpResponse:
    if not access.can_read_versions(request.user):
        access.require_read_registers(request.user)
    officer = access.can_read_registers(request.user)
    context = {
        "page_title": "Risk registers",
        "registers": selectors.register_list() if officer else [],
        "versions": selectors.version_list(),
        "officer": officer,
        "can_create": access.edits_all_risks(request.user),
        "breadcrumbs": [RISKS] if officer else [],
    }
    return render(request, "risks/register_list.html", context)


def _register_crumbs(register: object) -> list[tuple[str, str]]:
    return [RISKS, ("Registers", reverse("risks:register-list"))]


@require_GET
def register_detail(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user(request.user, pk)
    matrix = register.matrix
    form = RegisterFilterForm(request.GET or None, bands=[b.name for b in matrix.bands])
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    risks = selectors.register_risks(register, **{k: v for k, v in filters.items() if v})
    context = {
        "page_title": register.name,
        "register": register,
        "form": form,
        "risks": risks,
        "heat_map": selectors.heat_map(register, risks),
        "proposed": selectors.escalations_proposed(register),
        "versions": register.versions.select_related("completed_by")[:10],
        "can_edit": access.can_edit_register(request.user, register),
        "finding_count": sum(1 for r in risks if getattr(r, "findings", None)),
        "history": history_for(register),
        "breadcrumbs": _register_crumbs(register),
    }
    return render(request, "risks/register_detail.html", context)


@require_GET
def register_checks(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user(request.user, pk)
    crumbs = [*_register_crumbs(register), (register.name, reverse("risks:register-detail", args=[pk]))]
    context = {
        "page_title": f"Checks on the {register.name}",
        "register": register,
        "rows": selectors.register_findings(register),
        "breadcrumbs": crumbs,
    }
    return render(request, "risks/register_checks.html", context)


def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user_to_edit(request.user, pk)
    form = RiskForm(request.POST or None, initial={"treatment": "treat"})
    if request.method == "POST" and (
        risk := submit_form(
            form,
            lambda **d: services.risk_create(register=register, by=request.user, **d),
            request,
            "The risk has been added.",
        )
    ):
        return redirect("risks:risk-detail", pk=risk.pk)
    crumbs = [*_register_crumbs(register), (register.name, reverse("risks:register-detail", args=[pk]))]
    return render(
        request,
        "risks/form.html",
        {
            "page_title": f"Add a risk to the {register.name}",
            "form": form,
            "breadcrumbs": crumbs,
            "matrix": register.matrix,
        },
    )


def register_publish(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user_to_edit(request.user, pk)
    form = PublishForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and (
        version := submit_form(
            form,
            lambda **d: services.register_publish(register=register, by=request.user, **d),
            request,
            "The register has been published.",
        )
    ):
        return redirect("risks:version-detail", pk=version.pk)
    crumbs = [*_register_crumbs(register), (register.name, reverse("risks:register-detail", args=[pk]))]
    latest = register.versions.order_by("-number").first()
    context = {
        "page_title": f"Publish the {register.name}",
        "form": form,
        "breadcrumbs": crumbs,
        "intro": (
            f"This makes version V{(latest.number + 1) if latest else 1} of the register. "
            "A published version cannot be changed."
        ),
    }
    return render(request, "risks/form.html", context)


def register_create(request: HttpRequest) -> HttpResponse:
    access.require_create_register(request.user)
    form = RegisterForm(request.POST or None, initial=configuration.register_initial(None))
    if request.method == "POST" and (
        register := submit_form(form, configuration.register_save, request, "The register has been set up.")
    ):
        return redirect("risks:register-detail", pk=register.pk)
    crumbs = [RISKS, ("Registers", reverse("risks:register-list"))]
    return render(request, "risks/form.html", {"page_title": "Set up a register", "form": form, "breadcrumbs": crumbs})


def register_edit(request: HttpRequest, pk: int) -> HttpResponse:
    register = access.get_register_for_user_to_edit(request.user, pk)
    form = RegisterForm(request.POST or None, initial=configuration.register_initial(register))
    if request.method == "POST" and submit_form(
        form, lambda **d: configuration.register_save(register=register, **d), request, "The register has been saved."
    ):
        return redirect("risks:register-detail", pk=register.pk)
    crumbs = [*_register_crumbs(register), (register.name, reverse("risks:register-detail", args=[pk]))]
    context = {"page_title": f"Change the {register.name}", "form": form, "breadcrumbs": crumbs}
    return render(request, "risks/form.html", context)
