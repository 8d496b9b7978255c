"""The shell's pages: home per role, section landing pages, static pages and background jobs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from assure.core import notifications as notifications_mod
from assure.core import selectors
from assure.core.services import jobs_fail_stale
from assure.organisation.selectors import user_scope

SECTIONS = {
    "performance": "Performance",
    "quality": "Quality assurance",
    "risks": "Risks",
    "governance": "Governance",
    "workforce": "Workforce",
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"page_title": "Home", "panels": selectors.home_panels(request.user)})


def _section(request: HttpRequest, key: str) -> HttpResponse:
    scope = user_scope(request.user)
    if key in {"quality", "risks", "workforce"} and not scope.has_working_role:
        raise PermissionDenied("This section is for staff working in the service.")
    return render(
        request,
        f"core/sections/{key}.html",
        {"page_title": SECTIONS[key], "scope": scope},
    )


@require_GET
def performance(request: HttpRequest) -> HttpResponse:
    return _section(request, "performance")


@require_GET
def quality(request: HttpRequest) -> HttpResponse:
    return _section(request, "quality")


@require_GET
def risks(request: HttpRequest) -> HttpResponse:
    return _section(request, "risks")


@require_GET
def governance(request: HttpRequest) -> HttpResponse:
    return _section(request, "governance")


@require_GET
def workforce(request: HttpRequest) -> HttpResponse:
    return _section(request, "workforce")


@require_GET
def administration(request: HttpRequest) -> HttpResponse:
    if not user_scope(request.user).is_admin:
        raise PermissionDenied("Only system administrators can open Administration.")
    return render(request, "core/administration.html", {"page_title": "Administration"})


@login_not_required
@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"page_title": "Accessibility statement"})


@login_not_required
@require_GET
def cookies(request: HttpRequest) -> HttpResponse:
    return render(request, "core/cookies.html", {"page_title": "Cookies"})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


@require_GET
def job_list(request: HttpRequest) -> HttpResponse:
    jobs_fail_stale()
    jobs = selectors.job_list_for_user(request.user)[:100]
    return render(
        request,
        "core/job_list.html",
        {"page_title": "Background jobs", "jobs": jobs, "breadcrumbs": [("Home", "/")]},
    )


@require_GET
def scheduled_runs(request: HttpRequest) -> HttpResponse:
    if not user_scope(request.user).is_admin:
        raise PermissionDenied("Only system administrators can see the daily jobs.")
    runs = selectors.scheduled_runs_recent()
    context = {
        "page_title": "Daily jobs",
        "states": selectors.daily_job_states(runs),
        "runs": runs,
        "breadcrumbs": [("Administration", reverse("core:administration"))],
    }
    return render(request, "core/scheduled_runs.html", context)


@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    jobs_fail_stale()
    job = selectors.get_job_for_user(request.user, pk)
    context = {"page_title": job.title, "job": job, "breadcrumbs": [("Home", "/"), ("Background jobs", "/jobs/")]}
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "core/includes/job_progress.html", context)
    return render(request, "core/job_detail.html", context)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    context = {"page_title": "Sorry, there is a problem with your request"}
    return render(request, "400.html", context, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"page_title": "You do not have access to this page"}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", {"page_title": "Page not found"}, status=404)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    notifications = notifications_mod.notification_list_for_user(request.user).select_related("recipient")[:200]
    return render(
        request,
        "core/notification_list.html",
        {
            "page_title": "Notifications",
            "notifications": notifications,
            "unread": notifications_mod.notification_unread_count(request.user),
            "breadcrumbs": [("Home", "/")],
        },
    )


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go to what it is about (or back to the list)."""
    notification = notifications_mod.get_notification_for_user(request.user, pk)
    notifications_mod.notification_mark_read(notification=notification)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None) and link.startswith("/"):
        return redirect(link)
    return redirect("core:notifications")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    staff = getattr(request.user, "staff", None)
    if staff is not None:
        count = notifications_mod.notifications_mark_all_read(staff=staff)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read.")
    return redirect("core:notifications")
