"""Published versions of a register: the version with its diff, and committee outputs."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from assure.risks import access, outputs
from assure.risks.publishing import public_risks
from assure.risks.views.common import RISKS

FORMATS = {"docx", "pdf", "xlsx"}


@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = access.get_version_for_user(request.user, pk)
    exempt = access.sees_exempt_versions(request.user) and request.GET.get("part") != "public"
    risks = [
        {**r, "target_date": dt.date.fromisoformat(r["target_date"]) if r["target_date"] else None}
        for r in public_risks(version.snapshot, exempt=exempt)
    ]
    hidden = {r["reference"] for r in version.snapshot["risks"]} - {r["reference"] for r in risks}
    diff = {
        key: [d for d in value if d["reference"] not in hidden] if isinstance(value, list) else value
        for key, value in version.diff.items()
    }
    crumbs = [RISKS, ("Registers", reverse("risks:register-list"))]
    context = {
        "page_title": f"{version.register.name} V{version.number}",
        "version": version,
        "risks": risks,
        "diff": diff,
        "exempt": exempt,
        "can_see_exempt": access.sees_exempt_versions(request.user),
        "confidential_count": len(hidden) if not exempt else sum(1 for r in risks if r.get("confidential")),
        "breadcrumbs": crumbs if access.can_read_registers(request.user) else [],
    }
    return render(request, "risks/version_detail.html", context)


@require_GET
def version_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The committee pack for one version: heat map, register table and each risk's card."""
    version = access.get_version_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    exempt = access.sees_exempt_versions(request.user) and request.GET.get("part") != "public"
    return outputs.version_response(version, fmt=fmt, exempt=exempt)


@require_GET
def register_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The register as it stands today (a draft, not a published version), laid out like the divisional register."""
    register = access.get_register_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return outputs.register_response(register, fmt=fmt)


@require_GET
def risk_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """One risk's card, laid out like a corporate risk card."""
    risk = access.get_risk_for_user(request.user, pk)
    if fmt not in FORMATS:
        raise Http404("No such format.")
    return outputs.risk_card_response(risk, fmt=fmt)
