from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from assure.core.notifications import notification_unread_count
from assure.organisation.selectors import authority_get, user_scope

SERVICE_NAME = "Assure"

# The service navigation: (label, url name, who sees it).
_SECTIONS = [
    ("Home", "core:home", "all"),
    ("Performance", "core:performance", "all"),
    ("Quality assurance", "core:quality", "staff"),
    ("Risks", "core:risks", "staff"),
    ("Governance", "core:governance", "all"),
    ("Workforce", "core:workforce", "staff"),
    ("Administration", "core:administration", "admin"),
]


def layout(request: HttpRequest) -> dict[str, Any]:
    authority = authority_get()
    context: dict[str, Any] = {
        "service_name": SERVICE_NAME,
        "authority_name": authority.name if authority else "Children's services",
    }
    if not request.user.is_authenticated:
        return context
    scope = user_scope(request.user)
    items = []
    for label, name, audience in _SECTIONS:
        if audience == "admin" and not scope.is_admin:
            continue
        if audience == "staff" and not scope.has_working_role:
            continue
        url = reverse(name)
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    context["navigation"] = items
    context["unread_notifications"] = notification_unread_count(request.user)
    return context
