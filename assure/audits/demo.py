"""A year of audits for the demo authority: allocated by the quotas from the demo case data, graded
with more "requires improvement" than "outstanding", moderated with some disagreement, and with some
actions overdue. Loaded once: nothing is added when audits already exist."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from assure.accounts.models import User
from assure.audits import rules
from assure.audits.allocation import AllocationError, audits_allocate, open_cases
from assure.audits.demo_history import demo_histories_date
from assure.audits.handpicking import hand_picking_allow
from assure.audits.models import (
    AllocationMethod,
    Audit,
    AuditAction,
    AuditStatus,
    Moderation,
    ProgrammeEntry,
    ProgrammeKind,
)
from assure.audits.selectors import month_start, staff_with_role, tool_active, tool_definition
from assure.audits.services import audit_create, tools_install
from assure.core.workdays import add_working_days
from assure.organisation.models import Membership, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode
from assure.organisation.selectors import staff_by_email, teams_by_name, today

FOCUS_THEMES = [
    "Public Law Outline",
    "Statutory visits",
    "Children in need, including private fostering",
    "Child protection plans",
    "PEPs and health assessments",
    "Care plans",
    "Reviews for children in care",
]
THEMATIC_THEMES = [
    "Neglect",
    "Domestic abuse",
    "Missing from home or care",
    "Exploitation",
    "Disabled children",
    "Pathway plans for care leavers",
]
LEARNING = [
    "voice of the child",
    "drift in planning",
    "management oversight",
    "smart plans",
    "chronologies",
    "fathers and wider family",
    "step-down decisions",
    "neglect thresholds",
    "recording of direct work",
]
OVERALL_WEIGHTS = {1: 6, 2: 40, 3: 44, 4: 10}
EVIDENCE = {
    1: "Practice goes beyond the standard and has clearly changed things for the child.",
    2: "The standard is met and the record shows it.",
    3: "Some of the standard is met; gaps in recording or follow-through.",
    4: "Little evidence the standard is met; the child may be left at risk.",
}


def _months(on: dt.date, count: int) -> list[dt.date]:
    first = month_start(on)
    months = []
    for back in range(count - 1, -1, -1):
        index = first.year * 12 + first.month - 1 - back
        months.append(dt.date(index // 12, index % 12 + 1, 1))
    return months


def _programmes(months: list[dt.date]) -> None:
    for n, month in enumerate(months):
        for a, area in enumerate(ServiceArea.objects.order_by("name")):
            theme = FOCUS_THEMES[(n + a) % len(FOCUS_THEMES)]
            ProgrammeEntry.objects.get_or_create(kind=ProgrammeKind.FOCUS, month=month, service_area=area, theme=theme)
        theme = THEMATIC_THEMES[n % len(THEMATIC_THEMES)]
        ProgrammeEntry.objects.get_or_create(kind=ProgrammeKind.THEMATIC, month=month, service_area=None, theme=theme)


class _Grader:
    def __init__(self, rng: random.Random, on: dt.date):
        self.rng = rng
        self.on = on
        self.generous: set[int] = set()
        self.team_bias: dict[int, float] = {}

    def overall_target(self, audit: Audit) -> int:
        bias = self.team_bias.setdefault(audit.team_id, self.rng.uniform(-0.4, 0.4))
        grade = self.rng.choices(list(OVERALL_WEIGHTS), weights=list(OVERALL_WEIGHTS.values()))[0]
        return max(1, min(4, round(grade + bias)))

    def complete(self, audit: Audit, *, finished: bool) -> None:
        definition = tool_definition(audit.tool)
        target = self.overall_target(audit)
        answers: dict[str, Any] = {}
        for item in definition.items(audit.case_kind):
            if item.type == "grade":
                answers[item.item_id] = max(1, min(4, target + self.rng.choice([-1, 0, 0, 0, 1])))
                answers[item.item_id + "__evidence"] = EVIDENCE[answers[item.item_id]]
            elif item.type == "yes_no":
                answers[item.item_id] = "yes" if self.rng.random() < (0.9 if target <= 2 else 0.6) else "no"
            elif item.type == "choice":
                answers[item.item_id] = self.rng.choice(item.choices)
            elif item.type == "date" and item.required:
                answers[item.item_id] = (audit.month + dt.timedelta(days=self.rng.randint(0, 20))).isoformat()
            elif item.type == "text" and item.required:
                answers[item.item_id] = "Recorded during the audit conversation with the practitioner."
        grades = rules.area_grades(definition, answers, audit.case_kind)
        suggested = rules.suggest_overall(definition, grades) or target
        overall = suggested
        if audit.auditor_id in self.generous and overall > 1:
            cap = rules.best_allowed(definition, grades)
            overall = max(overall - 1, cap or 1)
        audit.answers = answers
        audit.suggested_grade = suggested if definition.rules.overall else None
        audit.overall_grade = overall if definition.rules.overall else None
        audit.learning_themes = self.rng.sample(LEARNING, self.rng.randint(1, 2))
        audit.with_practitioner = self.rng.random() < 0.8
        audit.safeguarding_concern = self.rng.random() < 0.01
        if audit.safeguarding_concern:
            audit.safeguarding_detail = "Concern raised with the team manager the same day; strategy discussion held."
        if not finished:
            audit.status = AuditStatus.IN_PROGRESS
            audit.save()
            return
        day = min(audit.due_date, audit.month + dt.timedelta(days=self.rng.randint(5, 27)), self.on)
        audit.completed_at = timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
        outcome = rules.evaluate(definition, answers, case_kind=audit.case_kind, overall=audit.overall_grade)
        audit.escalated_to = list(outcome.escalate_to)
        audit.status = AuditStatus.COMPLETED
        if self.rng.random() < 0.7:
            audit.practitioner_comment = "Discussed in supervision; I agree with the findings."
            audit.manager_comment = "Actions agreed and diarised for review in supervision."
        audit.save()
        owner = audit.practitioner or audit.auditor
        todo = [(a.text, add_working_days(day, a.due_working_days), True) for a in outcome.actions]
        if (audit.overall_grade or 0) >= 3:
            todo.append(("Update the plan with the gaps the audit found", day + dt.timedelta(days=20), False))
        for what, due, by_rule in todo:
            done = due < self.on and self.rng.random() < 0.8
            AuditAction.objects.create(
                audit=audit,
                what=what,
                owner=owner,
                due_date=due,
                reviewed_on=due - dt.timedelta(days=2) if due < self.on else None,
                completed_on=min(due + dt.timedelta(days=self.rng.randint(-3, 4)), self.on) if done else None,
                evidence="Checked on the child's record in supervision." if done else "",
                created_by_rule=by_rule,
            )
        if not audit.actions.filter(completed_on__isnull=True).exists():
            audit.status = AuditStatus.CLOSED
            audit.closed_at = audit.completed_at
            audit.save(update_fields=["status", "closed_at"])

    def moderate(self, audit: Audit, moderator: Staff) -> None:
        definition = tool_definition(audit.tool)
        generous = audit.auditor_id in self.generous
        grades = {}
        for item_id, grade in rules.area_grades(definition, audit.answers, audit.case_kind).items():
            shift = 1 if generous and self.rng.random() < 0.4 else self.rng.choice([0] * 8 + [1, -1])
            grades[item_id] = max(1, min(4, grade + shift))
        overall = audit.overall_grade or 3
        overall = max(1, min(4, overall + (1 if generous and self.rng.random() < 0.5 else 0)))
        Moderation.objects.create(
            audit=audit,
            moderator=moderator,
            area_grades=grades,
            overall_grade=overall,
            comment="Second grading from the record and a conversation with the auditor.",
            completed_at=audit.completed_at,
        )


def _staff_audits(month: dt.date, grader: _Grader, finished: bool) -> None:
    """Observations of practice and supervision file audits for the month, done by managers."""
    rng = grader.rng
    observation, supervision = tool_active("observation-of-practice"), tool_active("supervision-file")
    members = list(
        Membership.objects.on(month).filter(staff__roles__code=RoleCode.PRACTITIONER).select_related("staff", "team")
    )
    managers = {
        m.team_id: m.staff
        for m in Membership.objects.on(month).filter(staff__roles__code=RoleCode.TEAM_MANAGER).select_related("staff")
    }
    for member in rng.sample(members, min(4, len(members))):
        manager = managers.get(member.team_id)
        if manager is None:
            continue
        audit = audit_create(
            tool=observation,
            team=member.team,
            auditor=manager,
            month=month,
            practitioner=member.staff,
            subject=f"Observation of {member.staff}",
        )
        grader.complete(audit, finished=finished)
    heads = {a.pk: a.head for a in ServiceArea.objects.select_related("head")}
    for team_id, manager in rng.sample(sorted(managers.items()), min(2, len(managers))):
        team = Team.objects.get(pk=team_id)
        head = heads.get(team.service_area_id)
        if head is None:
            continue
        audit = audit_create(
            tool=supervision,
            team=team,
            auditor=head,
            month=month,
            practitioner=manager,
            subject=f"Supervision file of {manager}",
        )
        grader.complete(audit, finished=finished)


def _thematic(month: dt.date, grader: _Grader, qa: list[Staff], finished: bool) -> None:
    entry = ProgrammeEntry.objects.filter(kind=ProgrammeKind.THEMATIC, month=month).first()
    if entry is None or not qa:
        return
    drawn = set(Audit.objects.filter(month=month).values_list("child_id", flat=True))
    cases = [c for c in open_cases(month)[0] if c.child_id not in drawn]
    teams = teams_by_name()
    workers = staff_by_email()
    for case in grader.rng.sample(cases, min(3, len(cases))):
        audit = audit_create(
            tool=tool_active("thematic"),
            team=teams[case.team],
            auditor=grader.rng.choice(qa),
            month=month,
            child_id=case.child_id,
            case_kind=case.case_kind,
            practitioner=workers.get(case.worker),
            theme=entry.theme,
        )
        grader.complete(audit, finished=finished)


def _beyond_quota(month: dt.date, grader: _Grader, qa: list[Staff]) -> None:
    """This month's case audits outside the draw: three managers' additional Tier 1 audits, and two
    children hand-picked by the QA team under an administrator's allowance for the month."""
    drawn = set(Audit.objects.filter(month=month).values_list("child_id", flat=True))
    cases = [c for c in open_cases(month)[0] if c.child_id not in drawn]
    managers = {
        m.team.name: m.staff
        for m in Membership.objects.on(month)
        .filter(staff__roles__code=RoleCode.TEAM_MANAGER)
        .select_related("staff", "team")
    }
    teams, workers, tier1 = teams_by_name(), staff_by_email(), tool_active("tier1-generic")
    chosen = grader.rng.sample(cases, min(5, len(cases)))
    for case in chosen[:3]:
        manager = managers.get(case.team)
        if manager is not None:
            audit_create(
                tool=tier1, team=teams[case.team], auditor=manager, month=month, child_id=case.child_id,
                case_kind=case.case_kind, practitioner=workers.get(case.worker), method=AllocationMethod.ADDITIONAL,
                allocated_by=manager,
            )  # fmt: skip
    admin = User.objects.filter(staff__roles__code=RoleCode.SYSTEM_ADMINISTRATOR, is_active=True).first()
    if admin is None or not qa:
        return
    hand_picking_allow(
        user=admin, month=month, tool_id=tier1.tool_id, reason="Ofsted focused visit on neglect: cases named by the"
        " inspectors' sample request",
    )  # fmt: skip
    for case in chosen[3:]:
        audit_create(
            tool=tier1, team=teams[case.team], auditor=qa[0], month=month, child_id=case.child_id,
            case_kind=case.case_kind, practitioner=workers.get(case.worker), method=AllocationMethod.HAND_PICKED,
            allocated_by=qa[0], reason="In the inspectors' sample for the focused visit",
        )  # fmt: skip


@transaction.atomic
def audits_demo_load(*, seed: int = 2026, on: dt.date | None = None) -> bool:
    if Audit.objects.exists():
        return False
    tools_install()
    on = on or today()
    months = _months(on, 12)
    _programmes(months)
    rng = random.Random(seed)
    grader = _Grader(rng, on)
    auditors = sorted(staff_with_role(RoleCode.TEAM_MANAGER), key=lambda s: s.pk)
    grader.generous = {s.pk for s in rng.sample(auditors, max(1, len(auditors) // 5))}
    qa = [
        s for s in staff_with_role(RoleCode.PERFORMANCE_QA) if not s.roles.filter(code=RoleCode.TEAM_MANAGER).exists()
    ]
    for index, month in enumerate(months):
        current = month == months[-1]
        try:
            run, _ = audits_allocate(month=month, seed=seed * 100 + index)
        except AllocationError:
            return False
        _thematic(month, grader, qa, finished=not current)
        _staff_audits(month, grader, finished=not current)
        if current:
            _beyond_quota(month, grader, qa)
        for audit in Audit.objects.filter(month=month).select_related("tool").order_by("pk"):
            roll = rng.random()
            if current:
                if roll < 0.45:
                    grader.complete(audit, finished=True)
                elif roll < 0.65:
                    grader.complete(audit, finished=False)
            elif roll < 0.94 or month < months[-3]:
                grader.complete(audit, finished=True)
            elif roll < 0.97:
                grader.complete(audit, finished=False)  # left in progress: overdue
        if not current and qa:
            done = list(
                Audit.objects.filter(
                    month=month, allocation_run=run, overall_grade__isnull=False, status__in=["completed", "closed"]
                )
            )
            for n, audit in enumerate(rng.sample(done, max(1, len(done) // 8)) if done else []):
                moderator = qa[n % len(qa)]
                if moderator.pk != audit.auditor_id:
                    grader.moderate(audit, moderator)
    demo_histories_date(on=on)
    return True
