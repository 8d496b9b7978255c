"""One risk: its page with history chart and checks, and the forms that change it."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assure.core.forms import submit_form
from assure.organisation.history import history_for
from assure.risks import access, charts, checks, selectors, services
from assure.risks.forms import (
    ActionForm,
    CompleteActionForm,
    ControlForm,
    CrossReferenceForm,
    EvidenceLinkForm,
    RescoreForm,
    RiskForm,
)
from assure.risks.models import Risk
from assure.risks.views.common import RISKS


def _crumbs(risk: Risk, *, include_risk: bool = True) -> list[tuple[str, str]]:
    crumbs = [RISKS, (risk.register.name, reverse("risks:register-detail", args=[risk.register_id]))]
    if include_risk:
        crumbs.append((risk.reference, reverse("risks:risk-detail", args=[risk.pk])))
    return crumbs


@require_GET
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user(request.user, pk)
    full = selectors.risks_for_checks(Risk.objects.filter(pk=risk.pk)).get()
    history = selectors.score_history(risk)
    events = [a for a in history if a.event]
    chosen = next((a for a in events if str(a.pk) == request.GET.get("since")), events[0] if events else None)
    matrix = risk.register.matrix
    context = {
        "page_title": f"{risk.reference}: {risk.title}",
        "risk": full,
        "matrix": matrix,
        "bands": {k: matrix.band(getattr(risk, f"{k}_score")) for k in ("inherent", "current", "target")},
        "findings": checks.risk_findings(full, timezone.localdate()),
        "history": history,
        "events": events,
        "chart": charts.score_history_svg(
            [(a.assessed_on, a.score) for a in history],
            [(a.assessed_on, a.event) for a in events],
            max_score=matrix.max_score,
        ),
        "since": chosen,
        "done_since": selectors.done_since(risk, chosen),
        "can_edit": access.can_edit_risk(request.user, risk),
        "changes": history_for(risk),
        "breadcrumbs": _crumbs(risk, include_risk=False),
    }
    return render(request, "risks/risk_detail.html", context)


def _form_page(request: HttpRequest, risk: Risk, title: str, form: object, **extra: object) -> HttpResponse:
    return render(
        request,
        "risks/form.html",
        {"page_title": title, "form": form, "breadcrumbs": _crumbs(risk), "matrix": risk.register.matrix, **extra},
    )


def risk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    initial = {name: getattr(risk, name) for name in services.RISK_FIELDS if hasattr(risk, name)}
    initial.update(owners=list(risk.owners.all()), category=risk.category, manager=risk.manager)
    form = RiskForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.risk_update(risk=risk, by=request.user, **d), request, "The risk has been saved."
    ):
        return redirect("risks:risk-detail", pk=risk.pk)
    return _form_page(request, risk, f"Edit {risk.reference}", form)


def risk_rescore(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    form = RescoreForm(
        request.POST or None,
        initial={
            "impact": risk.current_impact,
            "likelihood": risk.current_likelihood,
            "assessed_on": timezone.localdate(),
        },
    )
    if request.method == "POST" and submit_form(
        form,
        lambda **d: services.risk_rescore(risk=risk, by=request.user, **d),
        request,
        "The new score has been recorded.",
    ):
        return redirect("risks:risk-detail", pk=risk.pk)
    intro = (
        f"The current score is {risk.current_impact} × {risk.current_likelihood} = {risk.current_score}. "
        "Each re-score is kept in the risk's history."
    )
    return _form_page(request, risk, f"Re-score {risk.reference}", form, intro=intro)


def control_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    form = ControlForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.control_add(risk=risk, **d), request, "The control has been added."
    ):
        return redirect(reverse("risks:risk-detail", args=[risk.pk]) + "#controls")
    return _form_page(request, risk, f"Add a control to {risk.reference}", form)


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    form = ActionForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.action_add(risk=risk, **d), request, "The action has been added."
    ):
        return redirect(reverse("risks:risk-detail", args=[risk.pk]) + "#actions")
    return _form_page(request, risk, f"Add an action to {risk.reference}", form)


def action_complete(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_action_for_user_to_edit(request.user, pk)
    form = CompleteActionForm(request.POST or None, initial={"completed_on": timezone.localdate()})
    if request.method == "POST" and submit_form(
        form, lambda **d: services.action_complete(action=action, **d), request, "The action is marked complete."
    ):
        return redirect(reverse("risks:risk-detail", args=[action.risk_id]) + "#actions")
    return _form_page(
        request, action.risk, f"Complete an action on {action.risk.reference}", form, intro=action.description
    )


def cross_reference_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    form = CrossReferenceForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.cross_reference_add(risk=risk, **d), request, "The cross-reference has been added."
    ):
        return redirect("risks:risk-detail", pk=risk.pk)
    return _form_page(request, risk, f"Add a cross-reference to {risk.reference}", form)


def evidence_link_add(request: HttpRequest, pk: int) -> HttpResponse:
    risk = access.get_risk_for_user_to_edit(request.user, pk)
    form = EvidenceLinkForm(request.POST or None)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.evidence_link_add(risk=risk, **d), request, "The evidence has been linked."
    ):
        return redirect("risks:risk-detail", pk=risk.pk)
    return _form_page(request, risk, f"Link evidence to {risk.reference}", form)
