"""Audit analytics and the compliance board for a large authority's year of audits.

    .venv/bin/python benchmarks/bench_audits.py          # 20,000 audits (BENCH_AUDITS=N for another size)

Builds a fresh SQLite database (or uses `BENCH_DATABASE_URL`, e.g. a scratch PostgreSQL database,
which it empties first), generates an authority of 8 service areas, 40 teams and 400 staff with a
year of completed audits (every graded item answered, evidence text, learning themes), 1.5 actions
and one moderation in ten per audit, then times:

- the analytics page's figures (`audit_analytics`: database grouped counts and Polars), against the
  first, pure Python version (`benchmarks/audits_python.py`) measured in the same run;
- the compliance board for the busiest month, against its Python version;
- the analytics page itself, requested as a performance and QA officer.

Results of new and baseline are checked equal. Times are the best of three. Goal: the analytics
figures for 20,000 audits in under 1 s. Figures only; nothing here is a test.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

AUDITS = int(os.environ.get("BENCH_AUDITS", "20000"))
ON = dt.date(2026, 11, 20)
RUNS = 3
THEMES = [
    "voice of the child", "drift in planning", "management oversight", "chronology", "neglect",
    "domestic abuse", "exploitation", "fathers", "health", "education", "contingency planning",
    "direct work", "multi-agency working", "recording", "cultural identity",
]  # fmt: skip
EVIDENCE = "Seen alone on two visits; the plan names what must change but not by when. " * 3


def best(func: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(RUNS):
        began = time.perf_counter()
        result = func()
        times.append(time.perf_counter() - began)
    return min(times), result


def _setup_django() -> None:
    url = os.environ.get("BENCH_DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["SQLITE_PATH"] = str(Path(tempfile.mkdtemp()) / "bench-audits.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if url:
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)


def _organisation() -> dict[str, Any]:
    from assure.accounts.models import User
    from assure.organisation.models import Directorate, LocalAuthority, Membership, Role, ServiceArea, Staff, Team
    from assure.organisation.roles import RoleCode

    for code in RoleCode:
        Role.objects.get_or_create(code=code.value)
    authority = LocalAuthority.objects.create(name="Benchmark Borough", la_code="998", ons_code="E09000998")
    directorate = Directorate.objects.create(authority=authority, name="Children's Services")
    areas = [ServiceArea.objects.create(directorate=directorate, name=f"Service {n + 1}") for n in range(8)]
    teams = [
        Team.objects.create(service_area=a, name=f"{a.name} team {n + 1}", team_type="cin_cp")
        for a in areas
        for n in range(5)
    ]
    staff = Staff.objects.bulk_create(
        Staff(first_name=f"Person{n}", last_name=f"Staff{n}", email=f"person{n}@bench.example") for n in range(400)
    )
    Membership.objects.bulk_create(
        Membership(staff=s, team=teams[n % len(teams)], start_date=dt.date(2020, 1, 1)) for n, s in enumerate(staff)
    )
    managers, workers = staff[: len(teams)], staff[len(teams) :]
    Role.objects.get(code=RoleCode.TEAM_MANAGER).staff.add(*managers)
    Role.objects.get(code=RoleCode.PRACTITIONER).staff.add(*workers)
    qa = Staff.objects.create(first_name="Quality", last_name="Officer", email="qa@bench.example")
    qa.roles.add(Role.objects.get(code=RoleCode.PERFORMANCE_QA))
    user = User.objects.create_user("qa@bench.example", "not-a-real-password-1", staff=qa)
    return {"teams": teams, "managers": managers, "workers": workers, "qa": qa, "user": user}


def _answers(rng: random.Random, definition: Any, case_kind: str, target: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for item in definition.items(case_kind):
        if item.type == "grade":
            answers[item.item_id] = max(1, min(4, target + rng.choice([-1, 0, 0, 0, 1])))
            answers[item.item_id + "__evidence"] = EVIDENCE
        elif item.type == "yes_no":
            answers[item.item_id] = rng.choice(["yes", "yes", "no"])
        elif item.type == "text":
            answers[item.item_id] = EVIDENCE
    return answers


def _audits(org: dict[str, Any], count: int) -> None:
    from assure.audits.models import Audit, AuditAction, AuditStatus, AuditTool, Moderation
    from assure.audits.selectors import tool_definition
    from assure.audits.services import tools_install

    tools_install()
    tools = {t.tool_id: t for t in AuditTool.objects.filter(status="active")}
    mix = ["tier1-generic"] * 14 + ["tier2-head-of-service", "thematic", "observation-of-practice"]
    rng = random.Random(20_000)
    months = [dt.date(ON.year - (ON.month - 1 - k < 0), (ON.month - 1 - k) % 12 + 1, 1) for k in range(12)]
    rows = []
    for n in range(count):
        tool = tools[rng.choice(mix)]
        definition = tool_definition(tool)
        team_index = rng.randrange(len(org["teams"]))
        case_kind = "" if tool.kind == "observation" else rng.choice(["cin", "cp", "cla", "cla"])
        target = rng.choices([1, 2, 3, 4], weights=[10, 28, 44, 18])[0]
        month = months[n % 12]
        current = month == months[0]
        rows.append(
            Audit(
                tool=tool,
                child_id="" if tool.kind == "observation" else f"C{n:06d}",
                subject="Observation" if tool.kind == "observation" else "",
                case_kind=case_kind,
                team=org["teams"][team_index],
                practitioner=rng.choice(org["workers"]),
                auditor=org["managers"][team_index],
                month=month,
                due_date=(month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1),
                status=AuditStatus.IN_PROGRESS if current and rng.random() < 0.4 else AuditStatus.COMPLETED,
                answers=_answers(rng, definition, case_kind, target),
                overall_grade=target if definition.rules.overall else None,
                learning_themes=rng.sample(THEMES, rng.choice([0, 1, 1, 2, 3])),
                completed_at=None if current else dt.datetime(month.year, month.month, 20, tzinfo=dt.UTC),
                with_practitioner=True,
            )
        )
    audits = Audit.objects.bulk_create(rows, batch_size=1000)
    AuditAction.objects.bulk_create(
        (
            AuditAction(audit=a, what="Update the plan with dates", owner=a.practitioner, due_date=a.due_date,
                        completed_on=a.due_date if rng.random() < 0.7 else None)
            for a in audits for _ in range(rng.choice([1, 1, 2]))
        ),
        batch_size=2000,
    )  # fmt: skip
    Moderation.objects.bulk_create(
        (
            Moderation(audit=a, moderator=org["qa"], overall_grade=a.overall_grade, completed_at=a.completed_at,
                       area_grades={k: v for k, v in a.answers.items() if isinstance(v, int)})
            for a in audits[::10] if a.overall_grade
        ),
        batch_size=2000,
    )  # fmt: skip


def main() -> None:
    _setup_django()
    from django.db import connection
    from django.test import Client

    from assure.audits.analytics import audit_analytics
    from assure.audits.compliance import compliance_board
    from assure.audits.models import Audit, AuditAction, Moderation
    from assure.organisation.selectors import user_scope
    from benchmarks.audits_python import audit_analytics_python, compliance_board_python

    began = time.perf_counter()
    org = _organisation()
    _audits(org, AUDITS)
    built = time.perf_counter() - began
    print(
        f"{connection.vendor}: {Audit.objects.count():,} audits, {AuditAction.objects.count():,} actions, "
        f"{Moderation.objects.count():,} moderations (built in {built:.0f} s)",
        flush=True,
    )
    scope = user_scope(org["user"])
    new_s, new = best(lambda: audit_analytics(scope=scope, on=ON))
    old_s, old = best(lambda: audit_analytics_python(scope=scope, on=ON))
    same = new == old and [list(k.items()) for *_, k in new.themes] == [list(k.items()) for *_, k in old.themes]
    month = ON.replace(day=1)
    board_s, board = best(lambda: compliance_board(scope=scope, month=month, on=ON))
    board_old_s, board_old = best(lambda: compliance_board_python(scope=scope, month=month, on=ON))
    logging.disable(logging.INFO)  # the sign-in library's messages
    client = Client(SERVER_NAME="localhost")
    client.force_login(org["user"])
    page_s, response = best(lambda: client.get("/audits/analytics/"))
    assert response.status_code == 200
    print(f"{'':<40} {'new s':>8} {'Python s':>9} {'speed-up':>9}  check")
    print(f"{'Analytics figures (12 months)':<40} {new_s:>8.3f} {old_s:>9.3f} {old_s / new_s:>8.1f}x  "
          f"{'equal' if same else 'DIFFERENT'}")  # fmt: skip
    print(f"{'Compliance board (' + f'{month:%b %Y}, {board.total.due + board.total.additional} audits)':<40} "
          f"{board_s:>8.3f} {board_old_s:>9.3f} {board_old_s / board_s:>8.1f}x  "
          f"{'equal' if board == board_old else 'DIFFERENT'}")  # fmt: skip
    print(f"{'Analytics page (GET, rendered)':<40} {page_s:>8.3f}")
    goal = "met" if new_s < 1 else "MISSED"
    print(f"Goal: analytics figures for {AUDITS:,} audits under 1 s: {goal} ({new_s:.3f} s).")


if __name__ == "__main__":
    main()
