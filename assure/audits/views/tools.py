"""Audit tools: the list, one version, and drafting and publishing a new version."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from assure.audits import access, services
from assure.audits.forms import ToolUploadForm
from assure.audits.models import AuditTool, ToolStatus
from assure.audits.selectors import tool_definition
from assure.audits.selectors import tool_list as tools_all
from assure.audits.tooldefs import ROUTE_LABELS, ToolDefinitionError
from assure.organisation.selectors import user_scope

QUALITY = ("Quality assurance", "/quality-assurance/")
TOOLS = ("Audit tools", "/audits/tools/")


def _require_working_role(request: HttpRequest) -> None:
    if not user_scope(request.user).has_working_role:
        raise PermissionDenied("Audit tools are for staff working in the service.")


@require_GET
def tool_list(request: HttpRequest) -> HttpResponse:
    _require_working_role(request)
    context = {
        "page_title": "Audit tools",
        "tools": tools_all(),
        "can_manage": access.can_manage_tools(request.user),
        "form": ToolUploadForm() if access.can_manage_tools(request.user) else None,
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/tool_list.html", context)


@require_GET
def tool_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_working_role(request)
    tool = get_object_or_404(AuditTool, pk=pk)  # tools hold no child data: readable by all staff
    definition = tool_definition(tool)
    context = {
        "page_title": str(tool),
        "tool": tool,
        "definition": definition,
        "escalation": [
            (f"{g} ({definition.scale.label(g)})", [ROUTE_LABELS.get(r, r).lower() for r in routes])
            for g, routes in sorted(definition.rules.escalation.items())
        ],
        "can_publish": access.can_manage_tools(request.user) and tool.status == ToolStatus.DRAFT,
        "breadcrumbs": [QUALITY, TOOLS],
    }
    return render(request, "audits/tool_detail.html", context)


def tool_upload(request: HttpRequest) -> HttpResponse:
    access.require_manage_tools(request.user)
    form = ToolUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["definition"]
        try:
            definition, text = services.tool_read(content=upload.read(2_000_000), source=upload.name)
            tool = services.tool_draft(definition=definition, text=text, source=upload.name)
        except ToolDefinitionError as error:
            for problem in error.problems:
                form.add_error("definition", f"{error.source}: {problem}")
        else:
            messages.success(request, f"{tool} is saved as a draft. Check it, then put it in use.")
            return redirect("audits:tool-detail", pk=tool.pk)
    context = {"page_title": "Upload a tool definition", "form": form, "breadcrumbs": [QUALITY, TOOLS]}
    return render(request, "audits/simple_form.html", context)


@require_POST
def tool_publish(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_manage_tools(request.user)
    tool = get_object_or_404(AuditTool, pk=pk, status=ToolStatus.DRAFT)
    services.tool_publish(tool=tool)
    messages.success(request, f"{tool} is now in use. Audits already started keep their version.")
    return redirect(reverse("audits:tool-detail", kwargs={"pk": tool.pk}))
