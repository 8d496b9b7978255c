"""Writes for accounts: the access log, account creation and two-factor devices."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import HttpRequest
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
