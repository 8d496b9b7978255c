"""Reads about accounts: two-factor status and the access log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Concat
from django_otp.plugins.otp_totp.models import TOTPDevice

from assure.accounts.models import AccessLog


def user_requires_two_factor(user: Any) -> bool:
    staff = getattr(user, "staff", None)
    if staff is None:
        return False
    return staff.roles.filter(requires_two_factor=True).exists()


def user_has_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def access_log_search(
    *,
    text: str = "",
    object_type: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AccessLog]:
    entries = AccessLog.objects.select_related("user", "user__staff")
    text = " ".join(text.split())
    if text:
        entries = entries.annotate(
            person=Concat("user__staff__first_name", Value(" "), "user__staff__last_name")
        ).filter(
            Q(user__email__icontains=text)
            | Q(person__icontains=text)
            | Q(summary__icontains=text)
            | Q(object_id=text)
            | Q(path__icontains=text)
        )
    if object_type:
        entries = entries.filter(object_type=object_type)
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    return entries.order_by("-at")
