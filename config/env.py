"""Read Assure's configuration from environment variables, once, typed, failing loudly.

Every variable is documented in `.env.example`. For local development a `var/.env` file (written by
`make setup`, never committed) supplies values that the real environment does not.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_ENV_FILE = BASE_DIR / "var" / ".env"


def _load_local_file() -> dict[str, str]:
    values: dict[str, str] = {}
    if not LOCAL_ENV_FILE.exists():
        return values
    for line in LOCAL_ENV_FILE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


_LOCAL = _load_local_file()
_MISSING = object()


def _raw(name: str) -> str | None:
    if name in os.environ:
        return os.environ[name]
    return _LOCAL.get(name)


def env_str(name: str, default: str | object = _MISSING) -> str:
    value = _raw(name)
    if value is None or value == "":
        if default is _MISSING:
            raise ImproperlyConfigured(f"The environment variable {name} must be set (see .env.example).")
        return str(default)
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}.")


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _raw(name)
    if value is None or value.strip() == "":
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_daily_times(name: str) -> dict[str, dt.time | None]:
    """`job=HH:MM` pairs, comma-separated; `job=off` turns a job off: {"send_digests": time(6, 30)}."""
    times: dict[str, dt.time | None] = {}
    for item in env_list(name):
        job, _, when = (part.strip() for part in item.partition("="))
        if not job or not when:
            raise ImproperlyConfigured(f"{name}: write each job as name=HH:MM or name=off, not {item!r}.")
        if when.lower() == "off":
            times[job] = None
            continue
        try:
            times[job] = dt.time.fromisoformat(when)
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {job}'s time must be HH:MM (24-hour), not {when!r}.") from None
    return times
