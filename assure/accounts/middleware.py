"""Sign-in, session-expiry and two-factor rules applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from assure.accounts.oidc import signed_in_by_sso

SESSION_STARTED_KEY = "assure_session_started"
SESSION_ENDED_MESSAGE = "Your session ended because you have been signed in for too long. Sign in again."


class AbsoluteSessionExpiryMiddleware:
    """End a session a fixed time after sign-in, however active it has been.

    The request carries on signed out, so the sign-in requirement sends the person to the sign-in
    page with `next` set. The message is added in `process_view`, once the message middleware
    (which comes later in the list) has set up its storage.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            started = request.session.get(SESSION_STARTED_KEY)
            now = time.time()
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - float(started) > settings.SESSION_ABSOLUTE_SECONDS:
                logout(request)
                request.assure_session_ended = True  # type: ignore[attr-defined]
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Callable[..., Any], *args: Any) -> None:
        if getattr(request, "assure_session_ended", False):
            messages.info(request, SESSION_ENDED_MESSAGE)


class TwoFactorRequiredMiddleware:
    """People whose role requires two-factor must set it up and use it on password sign-in."""

    ALLOWED = ("/accounts/two-factor", "/accounts/logout", "/static/", "/accessibility", "/cookies")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(self.ALLOWED)
            and not signed_in_by_sso(request)
            and not user.is_verified()  # type: ignore[attr-defined,union-attr]
        ):
            from assure.accounts.selectors import user_has_device, user_requires_two_factor

            if user_requires_two_factor(user):
                if not user_has_device(user):
                    return redirect("accounts:two-factor-setup")
                url = reverse("accounts:two-factor-verify")
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return redirect(url)
        return self.get_response(request)
