"""The demo authority: loads each domain's demo content and the sign-ins, one per role."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.db import transaction

from assure.accounts.models import User
from assure.accounts.services import account_create_for_staff
from assure.casedata.generator import generate_authority, population
from assure.casedata.generator.staff import iros_from_demo, managers_from_demo, workers_from_demo
from assure.casedata.models import Snapshot
from assure.casedata.services import snapshot_fingerprint, snapshot_store
from assure.indicators.demo import demo_indicators_load
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


DEMO_AS_AT = dt.date(2026, 10, 31)


@transaction.atomic
def demo_load(*, seed: int = 2026, children_in_need_per_year: int = 3000) -> bool:
    _, created = demo_authority_load(seed=seed)
    password = demo_password()
    demo = generate(seed)
    for person in demo.signins().values():
        staff = Staff.objects.get(email=person.email)
        if not User.objects.filter(email=staff.email).exists():
            account_create_for_staff(staff=staff, password=password)
            created = True
    from assure.alerts.services import deadline_set_ensure_latest
    from assure.audits.demo import audits_demo_load
    from assure.risks.demo import risks_demo_load

    created = risks_demo_load() or created
    created = _demo_case_data(seed, children_in_need_per_year) or created
    deadline_set_ensure_latest()
    return audits_demo_load(seed=seed) or created


def _demo_case_data(seed: int, children_in_need_per_year: int) -> bool:
    """Three years of synthetic child-level data, allocated to the demo staff, as one snapshot."""
    # "practice": the data carries management oversight, plan reviews, health, PEPs, pathway plans and IROs.
    checksum = hashlib.sha256(f"demo-{seed}-{children_in_need_per_year}-{DEMO_AS_AT}-practice".encode()).hexdigest()
    source: dict[str, object] = {
        "name": f"Synthetic demo data (seed {seed}, {children_in_need_per_year} children in need a year)",
        "format": "synthetic",
        "sha256": checksum,
        "size": 0,
    }
    existing = Snapshot.objects.filter(fingerprint=snapshot_fingerprint(as_at=DEMO_AS_AT, checksums=[checksum])).first()
    if existing is not None:
        return demo_indicators_load(snapshot=existing, population=population(children_in_need_per_year))
    authority = generate(seed)
    tables = generate_authority(
        seed,
        start=DEMO_AS_AT.replace(year=DEMO_AS_AT.year - 3),
        end=DEMO_AS_AT,
        children_in_need_per_year=children_in_need_per_year,
        workers=workers_from_demo(authority),
        managers=managers_from_demo(authority),
        iros=iros_from_demo(authority),
    )
    snapshot, created = snapshot_store(tables=tables, as_at=DEMO_AS_AT, sources=[source])
    return demo_indicators_load(snapshot=snapshot, population=population(children_in_need_per_year)) or created


def demo_signins(*, seed: int = 2026) -> list[tuple[str, str, str]]:
    demo = generate(seed)
    rows = []
    for role, person in demo.signins().items():
        if User.objects.filter(email=person.email).exists():
            rows.append((ROLE_LABELS[role], person.email, f"{person.first_name} {person.last_name}"))
    return rows
