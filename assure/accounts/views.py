"""Sign in and out, your account, two-factor set-up, and the access log."""

from __future__ import annotations

import base64
from http import HTTPStatus
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts import selectors, services
from assure.accounts.forms import (
    AccessLogSearchForm,
    AccountActionForm,
    AssurePasswordChangeForm,
    AssureSetPasswordForm,
    SignInForm,
    TokenForm,
)
from assure.accounts.models import User
from assure.accounts.oidc import signed_in_by_sso, sso_enabled
from assure.organisation.access import get_staff_for_user_to_edit
from assure.organisation.history import history_for
from assure.organisation.selectors import today, user_scope


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            page_title="Sign in",
            sso_enabled=sso_enabled(),
            sso_refused=self.request.GET.get("sso") == "refused",
            oidc_label=settings.OIDC_LOGIN_LABEL,
        )
        return context


def locked_out(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The page shown while django-axes has locked sign-in (settings.AXES_LOCKOUT_CALLABLE)."""
    context = {"page_title": "Too many attempts to sign in"}
    return render(request, "accounts/locked_out.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)


class SignOutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


class ChangePasswordView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = AssurePasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if request.user.is_authenticated and not request.user.has_usable_password():
            raise PermissionDenied("You sign in with your council account, so there is no password to change here.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(page_title="Change your password", breadcrumbs=[("Your account", "/accounts/profile/")])
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Your password has been changed.")
        return super().form_valid(form)


def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    staff = user.staff
    memberships = staff.memberships.on(today()).select_related("team") if staff else []
    context = {
        "page_title": "Your account",
        "staff": staff,
        "roles": sorted(role.label for role in staff.roles.all()) if staff else [],
        "memberships": memberships,
        "has_device": selectors.user_has_device(user),
        # Single sign-on is exempt: the council's own sign-in does the second step.
        "requires_two_factor": selectors.user_requires_two_factor(user) and not signed_in_by_sso(request),
        "scope": user_scope(user),
    }
    return render(request, "accounts/profile.html", context)


def _qr_data_uri(device: TOTPDevice) -> str:
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, title="QR code for your authenticator app")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if selectors.user_has_device(user):
        # Otherwise someone with only the password could add their own app and so pass the second step.
        return redirect("accounts:profile" if user.is_verified() else "accounts:two-factor-verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    form = TokenForm(request.POST or None)
    if request.method == "POST" and device is not None and form.is_valid():
        if services.totp_device_confirm(device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(
                request, "Two-factor sign-in is set up. You will be asked for a code each time you sign in."
            )
            return redirect("core:home")
        form.add_error("token", "That code is not right. Check the time on your phone and enter the newest code.")
    if device is None:
        device = services.totp_device_start(user=user)
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    context = {
        "page_title": "Set up two-factor sign-in",
        "form": form,
        "qr": _qr_data_uri(device),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_factor_setup.html", context)


def _safe_next(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=request.is_secure())
    return next_url if allowed else ""


def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(_safe_next(request) or "core:home")
        form.add_error("token", "That code is not right. Enter the newest code from your authenticator app.")
    context = {"page_title": "Enter your sign-in code", "form": form, "next": _safe_next(request)}
    return render(request, "accounts/two_factor_verify.html", context)


def access_log(request: HttpRequest) -> HttpResponse:
    if not user_scope(request.user).is_admin:
        raise PermissionDenied("Only system administrators can search the access log.")
    form = AccessLogSearchForm(request.GET or None)
    entries = selectors.access_log_search()
    if form.is_bound and form.is_valid():
        entries = selectors.access_log_search(**form.cleaned_data)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {
        "page_title": "Access log",
        "form": form,
        "page": page,
        "breadcrumbs": [("Administration", "/administration/")],
    }
    return render(request, "accounts/access_log.html", context)


def account_manage(request: HttpRequest, staff_pk: int) -> HttpResponse:
    """An administrator gives a member of staff a sign-in account, or looks after it."""
    staff = get_staff_for_user_to_edit(request.user, staff_pk)
    account = User.objects.filter(staff=staff).first()
    form = AccountActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        message = _account_action(request, staff, account, form.cleaned_data["action"])
        messages.success(request, message)
        return redirect("accounts:manage", staff_pk=staff.pk)
    context = {
        "page_title": f"Sign-in account for {staff.full_name}",
        "staff": staff,
        "account": account,
        "has_device": bool(account) and selectors.user_has_device(account),
        "sso": sso_enabled(),
        "history": history_for(account) if account else [],
        "breadcrumbs": [
            ("Organisation", reverse("organisation:structure")),
            ("Staff", reverse("organisation:staff-list")),
            (staff.full_name, reverse("organisation:staff-detail", args=[staff.pk])),
        ],
    }
    return render(request, "accounts/manage.html", context)


def _account_action(request: HttpRequest, staff: Any, account: User | None, action: str) -> str:
    if action == "create" or account is None:
        account = services.account_create_for_staff(staff=staff)
        services.account_send_password_link(user=account, base_url=request.build_absolute_uri("/"))
        return f"{staff.full_name} has a sign-in account. A link to set a password has been sent to {account.email}."
    if action == "send_link":
        services.account_send_password_link(user=account, base_url=request.build_absolute_uri("/"))
        return f"A link to set a password has been sent to {account.email}."
    if action == "reset_two_factor":
        services.account_reset_two_factor(user=account)
        return f"{staff.full_name} will set up two-factor sign-in again when they next sign in."
    services.account_set_active(user=account, active=action == "switch_on")
    return f"{staff.full_name}'s account is switched {'on' if account.is_active else 'off'}."


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """Where the e-mailed link leads: choose a password, then sign in."""

    template_name = "accounts/set_password.html"
    form_class = AssureSetPasswordForm
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        valid = context.get("validlink")
        context["page_title"] = "Set your password" if valid else "This link has expired or been used"
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, "Your password has been set. Sign in with it now.")
        return super().form_valid(form)
