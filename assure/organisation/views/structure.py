"""The organisation tree: authority, service areas, teams and roles."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from assure.core.forms import submit_form
from assure.organisation import access, selectors, services
from assure.organisation.forms import AuthorityForm, RoleForm, ServiceAreaForm, TeamForm
from assure.organisation.history import history_for
from assure.organisation.models import Role

ORG = ("Organisation", "/organisation/")


def structure(request: HttpRequest) -> HttpResponse:
    access.require_view_organisation(request.user)
    context = {
        "page_title": "Organisation",
        "authority": selectors.authority_get(),
        "areas": selectors.service_area_list(),
        "teams": selectors.team_list(),
        "can_edit": access.can_edit_organisation(request.user),
    }
    return render(request, "organisation/structure.html", context)


def authority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    authority = access.get_authority_for_user_to_edit(request.user, pk)
    form = AuthorityForm(request.POST or None, instance=authority)
    if request.method == "POST" and submit_form(
        form,
        lambda **d: services.authority_update(authority=authority, **d),
        request,
        "The authority's details have been saved.",
    ):
        return redirect("organisation:structure")
    context = {
        "page_title": "Edit the authority's details",
        "form": form,
        "breadcrumbs": [ORG],
        "history": history_for(authority),
    }
    return render(request, "organisation/form.html", context)


def service_area_detail(request: HttpRequest, pk: int) -> HttpResponse:
    area = access.get_service_area_for_user(request.user, pk)
    context = {
        "page_title": area.name,
        "area": area,
        "teams": selectors.team_list(service_area=area),
        "history": history_for(area),
        "can_edit": access.can_edit_organisation(request.user),
        "breadcrumbs": [ORG],
    }
    return render(request, "organisation/service_area_detail.html", context)


def service_area_create(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    form = ServiceAreaForm(request.POST or None)
    if request.method == "POST" and (
        area := submit_form(form, services.service_area_save, request, "The service area has been added.")
    ):
        return redirect("organisation:service-area-detail", pk=area.pk)  # type: ignore[attr-defined]
    return render(
        request, "organisation/form.html", {"page_title": "Add a service area", "form": form, "breadcrumbs": [ORG]}
    )


def service_area_edit(request: HttpRequest, pk: int) -> HttpResponse:
    area = access.get_service_area_for_user_to_edit(request.user, pk)
    form = ServiceAreaForm(request.POST or None, instance=area)
    if request.method == "POST" and submit_form(
        form,
        lambda **d: services.service_area_save(service_area=area, **d),
        request,
        "The service area has been saved.",
    ):
        return redirect("organisation:service-area-detail", pk=area.pk)
    crumbs = [ORG, (area.name, reverse("organisation:service-area-detail", args=[area.pk]))]
    return render(
        request, "organisation/form.html", {"page_title": f"Edit {area.name}", "form": form, "breadcrumbs": crumbs}
    )


def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.get_team_for_user(request.user, pk)
    context = {
        "page_title": team.name,
        "team": team,
        "members": selectors.team_members(team=team),
        "past_members": team.memberships.filter(end_date__lt=selectors.today())
        .select_related("staff")
        .order_by("-end_date")[:50],
        "history": history_for(team),
        "can_edit": access.can_edit_organisation(request.user),
        "breadcrumbs": [
            ORG,
            (team.service_area.name, reverse("organisation:service-area-detail", args=[team.service_area_id])),
        ],
    }
    return render(request, "organisation/team_detail.html", context)


def team_create(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    form = TeamForm(request.POST or None, initial={"is_active": True, "service_area": request.GET.get("service_area")})
    if request.method == "POST" and (
        team := submit_form(form, services.team_save, request, "The team has been added.")
    ):
        return redirect("organisation:team-detail", pk=team.pk)  # type: ignore[attr-defined]
    return render(request, "organisation/form.html", {"page_title": "Add a team", "form": form, "breadcrumbs": [ORG]})


def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = access.get_team_for_user_to_edit(request.user, pk)
    form = TeamForm(request.POST or None, instance=team)
    if request.method == "POST" and submit_form(
        form, lambda **d: services.team_save(team=team, **d), request, "The team has been saved."
    ):
        return redirect("organisation:team-detail", pk=team.pk)
    crumbs = [ORG, (team.name, reverse("organisation:team-detail", args=[team.pk]))]
    return render(
        request, "organisation/form.html", {"page_title": f"Edit {team.name}", "form": form, "breadcrumbs": crumbs}
    )


def role_list(request: HttpRequest) -> HttpResponse:
    access.require_edit_organisation(request.user)
    services.roles_ensure()
    context = {
        "page_title": "Roles",
        "roles": Role.objects.all(),
        "breadcrumbs": [("Administration", "/administration/")],
    }
    return render(request, "organisation/role_list.html", context)


def role_edit(request: HttpRequest, code: str) -> HttpResponse:
    access.require_edit_organisation(request.user)
    role = get_object_or_404(Role, code=code)
    form = RoleForm(request.POST or None, initial={"requires_two_factor": role.requires_two_factor})
    if request.method == "POST" and submit_form(
        form, lambda **d: services.role_update(role=role, **d), request, f"{role.label}: two-factor setting saved."
    ):
        return redirect("organisation:role-list")
    crumbs = [("Administration", "/administration/"), ("Roles", reverse("organisation:role-list"))]
    return render(
        request,
        "organisation/form.html",
        {"page_title": f"Role: {role.label}", "form": form, "breadcrumbs": crumbs, "history": history_for(role)},
    )
