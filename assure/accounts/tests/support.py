"""Helpers shared by the accounts tests."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import User
from assure.core.testing import PASSWORD
from assure.organisation.models import Role

LOGIN_URL = "/accounts/login/"


def sign_in(client: Client, user: User | str, password: str = PASSWORD, **extra: Any) -> Any:
    """Post the sign-in form, as a browser would, and return the response."""
    email = user if isinstance(user, str) else user.email
    return client.post(LOGIN_URL, {"username": email, "password": password}, **extra)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def require_two_factor(role_code: str) -> None:
    Role.objects.filter(code=role_code).update(requires_two_factor=True)


def totp_code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows now (or that many 30-second steps later)."""
    device.refresh_from_db()
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + steps_ahead)
    return f"{code:0{device.digits}d}"
