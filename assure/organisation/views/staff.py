"""Staff: the directory, a person's page, adding and editing people, and dated team moves."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from assure.core.forms import submit_form
from assure.organisation import access, selectors, services
from assure.organisation.forms import EndMembershipForm, MoveForm, StaffCreateForm, StaffForm, StaffSearchForm
from assure.organisation.history import history_for
from assure.organisation.views.structure import ORG

STAFF = ("Staff", "/organisation/staff/")


def staff_list(request: HttpRequest) -> HttpResponse:
    access.require_view_organisation(request.user)
    form = StaffSearchForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {"search": form.cleaned_data["q"] or "", "team": form.cleaned_data["team"]}
    page = Paginator(selectors.staff_list(**filters), 50).get_page(request.GET.get("page"))
    context = {
        "page_title": "Staff",
        "form": form,
        "page": page,
        "can_edit": access.can_edit_organisation(request.user),
        "breadcrumbs": [ORG],
    }
    return render(request, "organisation/staff_list.html", context)


def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_for_user(request.user, pk)
    context = {
        "page_title": staff.full_name,
        "staff": staff,
        "memberships": staff.memberships.select_related("team").order_by("-start_date"),
        "today": selectors.today(),
        "history": history_for(staff),
        "can_edit": access.can_edit_organisation(request.user),
        "breadcrumbs": [ORG, STAFF],
    }
    return render(request, "organisation/staff_detail.html", context)


def staff_create(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    form = StaffCreateForm(request.POST or None, initial={"is_active": True, "fte": "1.00"})

    def create(*, team: Any = None, start_date: Any = None, **fields: Any) -> Any:
        staff = services.staff_save(**fields)
        if team is not None:
            services.staff_move(staff=staff, team=team, on=start_date)
        return staff

    if request.method == "POST" and (staff := submit_form(form, create, request, "The person has been added.")):
        return redirect("organisation:staff-detail", pk=staff.pk)  # type: ignore[attr-defined]
    return render(
        request, "organisation/form.html", {"page_title": "Add a person", "form": form, "breadcrumbs": [ORG, STAFF]}
    )


def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_for_user_to_edit(request.user, pk)
    form = StaffForm(request.POST or None, instance=staff)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.staff_save(staff=staff, **d), request, "The person's details have been saved."
    ):
        return redirect("organisation:staff-detail", pk=staff.pk)
    crumbs = [ORG, STAFF, (staff.full_name, reverse("organisation:staff-detail", args=[staff.pk]))]
    return render(
        request,
        "organisation/form.html",
        {"page_title": f"Edit {staff.full_name}", "form": form, "breadcrumbs": crumbs},
    )


def staff_move(request: HttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_for_user_to_edit(request.user, pk)
    form = MoveForm(request.POST or None, initial={"start_date": selectors.today()})
    if request.method == "POST" and submit_form(
        form,
        lambda team, start_date: services.staff_move(staff=staff, team=team, on=start_date),
        request,
        f"{staff.full_name} has been moved.",
    ):
        return redirect("organisation:staff-detail", pk=staff.pk)
    crumbs = [ORG, STAFF, (staff.full_name, reverse("organisation:staff-detail", args=[staff.pk]))]
    return render(
        request,
        "organisation/form.html",
        {"page_title": f"Move {staff.full_name} to another team", "form": form, "breadcrumbs": crumbs},
    )


def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = access.get_membership_for_user_to_edit(request.user, pk)
    staff = membership.staff
    form = EndMembershipForm(request.POST or None, initial={"end_date": selectors.today()})
    if request.method == "POST" and submit_form(
        form,
        lambda end_date: services.membership_end(membership=membership, on=end_date),
        request,
        "The team membership has been ended.",
    ):
        return redirect("organisation:staff-detail", pk=staff.pk)
    crumbs = [ORG, STAFF, (staff.full_name, reverse("organisation:staff-detail", args=[staff.pk]))]
    title = f"End {staff.full_name}'s membership of {membership.team.name}"
    return render(request, "organisation/form.html", {"page_title": title, "form": form, "breadcrumbs": crumbs})
