"""Writes for accounts: the access log, account creation and two-factor devices."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import AccessAction, AccessLog, User
from assure.organisation.models import Staff


def access_log_record(
    *,
    request: HttpRequest,
    action: str = AccessAction.VIEW,
    object_type: str,
    object_id: str | int = "",
    summary: str,
    path: str | None = None,
) -> AccessLog:
    """Record that the signed-in person viewed or exported child-identifiable data."""
    user: Any = request.user
    return AccessLog.objects.create(
        user=user,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        summary=summary[:300],
        path=(path or request.get_full_path())[:500],
        ip_address=request.META.get("REMOTE_ADDR") or None,
    )


@transaction.atomic
def account_create_for_staff(*, staff: Staff, password: str | None = None) -> User:
    """Give a member of staff a sign-in account (a password, or single sign-on only)."""
    user, created = User.objects.get_or_create(email=staff.email.lower(), defaults={"staff": staff})
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
    elif user.staff_id != staff.pk:
        user.staff = staff
        user.save(update_fields=["staff"])
    return user


def totp_device_start(*, user: Any) -> TOTPDevice:
    """Start (or restart) setting up an authenticator app; the device is unconfirmed until verified."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(token):
        return False
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


def account_send_password_link(*, user: User, base_url: str) -> None:
    """E-mail a single-use link to set a password (valid for PASSWORD_RESET_TIMEOUT)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("accounts:set-password", kwargs={"uidb64": uid, "token": default_token_generator.make_token(user)})
    body = render_to_string("accounts/email/set_password.txt", {"user": user, "url": base_url.rstrip("/") + path})
    send_mail("Set your Assure password", body, None, [user.email])


def account_set_active(*, user: User, active: bool) -> User:
    user.is_active = active
    user.save(update_fields=["is_active"])
    return user


def account_reset_two_factor(*, user: User) -> int:
    """Remove a person's authenticator apps (a lost phone); they set one up again at next sign-in."""
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    return deleted
