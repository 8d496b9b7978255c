"""Sign-in, session-expiry and two-factor rules applied to every request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

SESSION_STARTED_KEY = "assure_session_started"
SSO_SESSION_KEY = "assure_signed_in_by_sso"


class AbsoluteSessionExpiryMiddleware:
    """End a session a fixed time after sign-in, however active it has been."""

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
                messages.info(
                    request, "Your session ended because you have been signed in for too long. Sign in again."
                )
                return redirect(reverse(settings.LOGIN_URL))
        return self.get_response(request)


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
            and not request.session.get(SSO_SESSION_KEY)
            and not user.is_verified()  # type: ignore[attr-defined,union-attr]
        ):
            from assure.accounts.selectors import user_has_device, user_requires_two_factor

            if user_requires_two_factor(user):
                target = "accounts:two-factor-verify" if user_has_device(user) else "accounts:two-factor-setup"
                return redirect(reverse(target))
        return self.get_response(request)
