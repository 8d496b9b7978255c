"""Helpers shared by the risk views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

RISKS = ("Risks", "/risks/")


def save_form(form: Any, save: Callable[..., Any], request: HttpRequest, success: str) -> Any:
    """Call a service with a valid form's data; put the service's validation errors back on the form."""
    if not form.is_valid():
        return None
    try:
        obj = save(**form.cleaned_data)
    except ValidationError as exc:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return None
    messages.success(request, success)
    return obj
