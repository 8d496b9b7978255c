"""The administrator's page for allowing (and withdrawing) hand-picked allocation of audits."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assure.audits import handpicking
from assure.audits.forms import HandPickingForm
from assure.audits.models import HandPickingAllowance
from assure.organisation.history import history_for_all

QUALITY = ("Quality assurance", "/quality-assurance/")


def hand_picking(request: HttpRequest) -> HttpResponse:
    handpicking.require_allow_hand_picking(request.user)
    tools = handpicking.case_tools()
    form = HandPickingForm(request.POST or None, tools=tools)
    if request.method == "POST" and form.is_valid():
        try:
            allowance = handpicking.hand_picking_allow(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{allowance}. The reason is kept in the change history.")
            return redirect("audits:hand-picking")
    allowances = list(handpicking.allowances_all()[:100])
    for allowance in allowances:
        allowance.tool_title = tools.get(allowance.tool_id, allowance.tool_id)  # type: ignore[attr-defined]
    context = {
        "page_title": "Hand-picked allocation",
        "form": form,
        "allowances": allowances,
        "history": history_for_all(HandPickingAllowance.objects.filter(pk__in=[a.pk for a in allowances[:20]])),
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/hand_picking.html", context)


@require_POST
def hand_picking_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    handpicking.require_allow_hand_picking(request.user)
    allowance = get_object_or_404(HandPickingAllowance, pk=pk)
    handpicking.hand_picking_withdraw(user=request.user, allowance=allowance)
    messages.success(request, f"Withdrawn: {allowance}.")
    return redirect("audits:hand-picking")
