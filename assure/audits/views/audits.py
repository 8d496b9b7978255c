"""Pages for one audit: the list, an audit, the form, comments, actions and amendments."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from assure.accounts.services import access_log_record
from assure.audits import access, services
from assure.audits.agreement import outcome
from assure.audits.forms import EVIDENCE, ActionForm, ActionUpdateForm, AmendForm, AuditForm, CommentForm
from assure.audits.models import Audit, AuditStatus, Moderation
from assure.audits.selectors import audit_versions, tool_definition
from assure.audits.starting import can_start_any
from assure.audits.tooldefs import ROUTE_LABELS
from assure.organisation.history import history_for
from assure.organisation.models import Membership, Staff
from assure.organisation.selectors import today, user_scope

QUALITY = ("Quality assurance", "/quality-assurance/")


def _audit_crumbs(audit: Audit | None = None) -> list[tuple[str, str]]:
    crumbs = [QUALITY, ("Audits", reverse("audits:audit-list"))]
    if audit is not None:
        crumbs.append((f"Audit {audit.pk}", reverse("audits:audit-detail", kwargs={"pk": audit.pk})))
    return crumbs


def _log(request: HttpRequest, audit: Audit, what: str) -> None:
    if audit.child_id:
        access_log_record(
            request=request, object_type="audit", object_id=audit.pk, summary=f"{what} of child {audit.child_id}"
        )


@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    scope = user_scope(request.user)
    if not scope.has_working_role:
        raise PermissionDenied("Audits are for staff working in the service.")
    audits = access.audits_for_user(request.user).filter(is_current=True)
    status = request.GET.get("status", "")
    if status in AuditStatus.values:
        audits = audits.filter(status=status)
    child = request.GET.get("child", "").strip()[:40]
    if child:
        audits = audits.filter(child_id=child)
    mine = request.GET.get("mine") == "1"
    if mine:
        audits = audits.filter(auditor_id=scope.staff_id)
    audits = audits.annotate(open_actions=Count("actions", filter=Q(actions__completed_on__isnull=True))).order_by(
        "-month", "status", "due_date"
    )[:300]
    rows = list(audits)
    if any(a.child_id for a in rows):
        about = f" of child {child}" if child else ""
        access_log_record(request=request, object_type="audit-list", summary=f"list of {len(rows)} audits{about}")
    context = {
        "page_title": "Audits",
        "audits": rows,
        "status": status,
        "mine": mine,
        "child": child,
        "statuses": AuditStatus.choices,
        "today": today(),
        "can_start": can_start_any(request.user),
        "breadcrumbs": [QUALITY],
    }
    return render(request, "audits/audit_list.html", context)


@require_GET
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = access.get_audit_for_user(request.user, pk)
    _log(request, audit, "audit")
    definition = tool_definition(audit.tool)
    scope = user_scope(request.user)
    pending = Moderation.objects.filter(audit=audit, moderator_id=scope.staff_id, completed_at__isnull=True).first()
    if pending is not None:  # keep the second grading blind until the moderator has saved it
        return redirect("audits:moderation-grade", pk=pending.pk)
    answers = []
    for section in definition.sections:
        rows = []
        for item in section.items:
            if not item.applies(audit.case_kind):
                continue
            value: Any = audit.answers.get(item.item_id, "")
            shown = definition.scale.label(value) if item.type == "grade" and value != "" else value
            rows.append(
                {
                    "item": item,
                    "value": shown,
                    "grade": value if item.type == "grade" else None,
                    "colour": definition.scale.colour(value) if item.type == "grade" else "",
                    "evidence": audit.answers.get(item.item_id + EVIDENCE, ""),
                }
            )
        answers.append((section.title, rows))
    context = {
        "page_title": f"{definition.title}: {'child ' + audit.child_id if audit.child_id else audit.subject}",
        "audit": audit,
        "definition": definition,
        "answers": answers,
        "overall_label": definition.scale.label(audit.overall_grade),
        "overall_colour": definition.scale.colour(audit.overall_grade),
        "suggested_label": definition.scale.label(audit.suggested_grade),
        "actions": audit.actions.select_related("owner"),
        "today": today(),
        "versions": audit_versions(audit),
        "can_edit": audit.auditor_id == scope.staff_id and audit.is_open_for_editing,
        "can_amend": audit.auditor_id == scope.staff_id and audit.is_current and not audit.is_open_for_editing,
        "can_comment": access.can_comment(request.user, audit) and not audit.is_open_for_editing,
        "can_manage_actions": access.can_manage_actions(request.user, audit)
        and audit.is_current
        and audit.status != AuditStatus.CLOSED,
        "moderation_rows": _moderation_rows(audit, definition),
        "escalated": [ROUTE_LABELS.get(route, route) for route in audit.escalated_to],
        "history": history_for(audit),
        "breadcrumbs": _audit_crumbs(),
    }
    return render(request, "audits/audit_detail.html", context)


def _moderation_rows(audit: Audit, definition: Any) -> list[dict[str, str]]:
    moderation = Moderation.objects.filter(audit=audit, completed_at__isnull=False).first()
    if moderation is None:
        return []
    pairs = [
        (i.title, audit.answers.get(i.item_id), moderation.area_grades.get(i.item_id))
        for i in definition.graded_items(audit.case_kind)
    ]
    pairs.append(("Overall judgement", audit.overall_grade, moderation.overall_grade))
    label = definition.scale.label
    return [
        {"area": area, "auditor": label(mine), "moderator": label(theirs), "outcome": outcome(mine, theirs)}
        for area, mine, theirs in pairs
        if isinstance(mine, int) and isinstance(theirs, int)
    ]


def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = access.get_audit_for_user_to_edit(request.user, pk)
    if not audit.is_open_for_editing:
        raise PermissionDenied("This audit is completed. Amend it as a new version, giving a reason.")
    _log(request, audit, "audit form")
    definition = tool_definition(audit.tool)
    form = AuditForm(request.POST or None, audit=audit, definition=definition)
    if request.method == "POST":
        if not form.is_valid():
            if form.completing:  # keep what can be kept as a draft while the gaps are shown
                data = request.POST.copy()
                data["action"] = "save"
                draft = AuditForm(data, audit=audit, definition=definition)
                if draft.is_valid():
                    _save_draft(audit, draft)
        else:
            _save_draft(audit, form)
            if not form.completing:
                messages.success(request, "Your draft is saved.")
                return redirect("audits:audit-edit", pk=audit.pk)
            try:
                services.audit_complete(audit=audit, with_practitioner=bool(form.with_practitioner()))
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, "The audit is completed and the people the rules name have been told.")
                return redirect("audits:audit-detail", pk=audit.pk)
    context = {
        "page_title": f"Audit child {audit.child_id}" if audit.child_id else f"Audit: {audit.subject}",
        "audit": audit,
        "definition": definition,
        "form": form,
        "breadcrumbs": _audit_crumbs(audit),
    }
    return render(request, "audits/audit_form.html", context)


def _save_draft(audit: Audit, form: AuditForm) -> None:
    services.audit_save_draft(
        audit=audit,
        answers=form.answers(),
        overall_grade=form.overall(),
        with_practitioner=form.with_practitioner(),
        safeguarding_concern=form.cleaned_data["safeguarding_concern"],
        safeguarding_detail=form.cleaned_data["safeguarding_detail"],
        learning_themes=form.learning_themes(),
    )


def audit_comment(request: HttpRequest, pk: int) -> HttpResponse:
    audit = access.get_audit_for_user_to_comment(request.user, pk)
    _log(request, audit, "audit comments")
    initial = {"practitioner_comment": audit.practitioner_comment, "manager_comment": audit.manager_comment}
    form = CommentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_comment(audit=audit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Comments saved.")
            return redirect("audits:audit-detail", pk=audit.pk)
    context = {"page_title": "Comments from supervision", "form": form, "audit": audit}
    return render(request, "audits/simple_form.html", {**context, "breadcrumbs": _audit_crumbs(audit)})


def _team_staff(audit: Audit) -> Any:
    ids = Membership.objects.on(today()).filter(team=audit.team).values("staff_id")
    return Staff.objects.filter(Q(pk__in=ids) | Q(pk=audit.auditor_id), is_active=True).distinct()


def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    audit = access.get_audit_for_user_to_manage_actions(request.user, pk)
    _log(request, audit, "audit actions")
    form = ActionForm(request.POST or None, staff=_team_staff(audit))
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(audit=audit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action added.")
            return redirect("audits:audit-detail", pk=audit.pk)
    context = {"page_title": "Add an action", "form": form, "audit": audit}
    return render(request, "audits/simple_form.html", {**context, "breadcrumbs": _audit_crumbs(audit)})


def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = access.get_action_for_user_to_edit(request.user, pk)
    audit = action.audit
    _log(request, audit, "audit action")
    initial = {"reviewed_on": action.reviewed_on, "completed_on": action.completed_on, "evidence": action.evidence}
    form = ActionUpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.action_update(action=action, **form.cleaned_data)
        messages.success(request, "Action updated.")
        return redirect("audits:audit-detail", pk=audit.pk)
    context = {"page_title": "Update an action", "form": form, "audit": audit, "action": action}
    return render(request, "audits/simple_form.html", {**context, "breadcrumbs": _audit_crumbs(audit)})


def audit_amend(request: HttpRequest, pk: int) -> HttpResponse:
    audit = access.get_audit_for_user_to_edit(request.user, pk)
    _log(request, audit, "audit amendment")
    form = AmendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.audit_amend(audit=audit, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Version {new.version} is open for your changes.")
            return redirect("audits:audit-edit", pk=new.pk)
    context = {"page_title": "Amend a completed audit", "form": form, "audit": audit}
    return render(request, "audits/simple_form.html", {**context, "breadcrumbs": _audit_crumbs(audit)})
