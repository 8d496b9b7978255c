"""The demo authority: loads each domain's demo content and the sign-ins, one per role."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction

from assure.accounts.models import User
from assure.accounts.services import account_create_for_staff
from assure.organisation.demo import generate
from assure.organisation.models import Staff
from assure.organisation.roles import ROLE_LABELS
from assure.organisation.services import demo_authority_load


def demo_password() -> str:
    """The demo sign-ins' password: generated on first use and kept in var/, never committed."""
    path = settings.VAR_DIR / "demo-password"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(12) + "\n", encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


@transaction.atomic
def demo_load(*, seed: int = 2026) -> bool:
    _, created = demo_authority_load(seed=seed)
    password = demo_password()
    demo = generate(seed)
    for person in demo.signins().values():
        staff = Staff.objects.get(email=person.email)
        if not User.objects.filter(email=staff.email).exists():
            account_create_for_staff(staff=staff, password=password)
            created = True
    return created


def demo_signins(*, seed: int = 2026) -> list[tuple[str, str, str]]:
    demo = generate(seed)
    rows = []
    for role, person in demo.signins().items():
        if User.objects.filter(email=person.email).exists():
            rows.append((ROLE_LABELS[role], person.email, f"{person.first_name} {person.last_name}"))
    return rows
