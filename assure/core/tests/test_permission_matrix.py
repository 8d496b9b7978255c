"""Every URL, requested as every persona, is allowed or refused as the table below says.

A URL that is not in the table fails the suite: a new page must say who may open it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assure.core.models import Job
from assure.core.testing import Personas

ALL = "all signed-in people"
PUBLIC = "anyone, signed in or not"
SIGNED_IN_GO_HOME = "anyone; signed-in people are sent to their home page"
ORG_READERS = {
    "practitioner_a",
    "manager_a",
    "head_of_service_a",
    "practitioner_b",
    "iro",
    "performance_qa",
    "director",
    "admin",
}
ADMINS = {"admin"}
WORKING_ROLES = ORG_READERS  # everyone with a working role: not board members, not people with no role

Kwargs = Callable[[Personas], dict[str, Any]]


def _none(p: Personas) -> dict[str, Any]:
    return {}


def _job(p: Personas) -> dict[str, Any]:
    job = Job.objects.create(kind="test", title="A job started by the admin", created_by=p.admin)
    return {"pk": job.pk}


def _notification(p: Personas) -> dict[str, Any]:
    from assure.core.models import Notification

    note = Notification.objects.create(recipient=p.practitioner_a.staff, kind="test", subject="A test")
    return {"pk": note.pk}


def _organisation_import(p: Personas) -> dict[str, Any]:
    from assure.organisation.models import OrganisationImport

    upload = OrganisationImport.objects.create(uploaded_by=p.admin, file_name="staff.csv", kind="staff")
    return {"pk": upload.pk}


def _snapshot(p: Personas) -> dict[str, Any]:
    from assure.casedata.models import Snapshot

    snapshot = Snapshot.objects.create(seq=1, as_at="2025-03-31", fingerprint="x", importer_version="test")
    return {"pk": snapshot.pk}


def _audit(p: Personas) -> dict[str, Any]:
    from assure.audits.tests.factories import make_audit

    return {"pk": make_audit(p).pk}


def _hand_picking_allowance(p: Personas) -> dict[str, Any]:
    from assure.audits.models import HandPickingAllowance

    allowance = HandPickingAllowance.objects.create(tool_id="tier1-generic", reason="Test", allowed_by=p.admin)
    return {"pk": allowance.pk}


def _completed_audit(p: Personas) -> dict[str, Any]:
    from assure.audits.models import AuditStatus
    from assure.audits.tests.factories import make_audit

    audit = make_audit(p)
    audit.status = AuditStatus.COMPLETED
    audit.save()
    return {"pk": audit.pk}


def _audit_action(p: Personas) -> dict[str, Any]:
    import datetime as dt

    from assure.audits.models import AuditAction
    from assure.audits.tests.factories import make_audit

    audit = make_audit(p)
    owner = p.practitioner_a.staff
    action = AuditAction.objects.create(audit=audit, what="See the child", owner=owner, due_date=dt.date(2030, 1, 1))
    return {"pk": action.pk}


def _audit_tool(p: Personas) -> dict[str, Any]:
    from assure.audits.models import AuditTool
    from assure.audits.services import tools_install

    tools_install()
    return {"pk": AuditTool.objects.get(tool_id="tier1-generic").pk}


def _moderation(p: Personas) -> dict[str, Any]:
    from assure.audits.models import AuditStatus, Moderation
    from assure.audits.tests.factories import make_audit

    audit = make_audit(p)
    audit.status = AuditStatus.COMPLETED
    audit.save()
    return {"pk": Moderation.objects.create(audit=audit, moderator=p.performance_qa.staff).pk}


def _indicator_figure(p: Personas) -> dict[str, Any]:
    from assure.casedata.models import Snapshot
    from assure.indicators.models import IndicatorRun, IndicatorValue

    snapshot = Snapshot.objects.create(seq=1, as_at="2025-03-31", fingerprint="x", importer_version="test")
    run = IndicatorRun.objects.create(snapshot=snapshot, as_at="2025-03-31", la_code="990", engine_version="test")
    IndicatorValue.objects.create(
        run=run, indicator_id="icpc_within_15wd", period_start="2024-04-01", period_end="2025-03-31",
        level="authority", org_unit="990", numerator=0, denominator=0,
    )  # fmt: skip
    return {"indicator_id": "icpc_within_15wd", "level": "authority", "unit": "la", "start": "2024-04-01",
            "end": "2025-03-31"}  # fmt: skip


def _target(p: Personas) -> dict[str, Any]:
    from assure.indicators.models import Target

    return {"pk": Target.objects.create(indicator_id="icpc_within_15wd", target=80, effective_from="2024-04-01").pk}


def _import_draft(p: Personas) -> dict[str, Any]:
    from assure.casedata.models import ImportDraft

    draft = ImportDraft.objects.create(created_by=p.performance_qa, as_at="2025-03-31")
    upload = draft.uploads.create(name="v.csv", content=b"Person,When\nA1,01/01/2025\n", sha256="x", size=1)
    upload.needs_mapping = True
    upload.save()
    return {"pk": draft.pk, "upload_pk": upload.pk}


def _column_mapping(p: Personas) -> dict[str, Any]:
    from assure.casedata.models import ColumnMapping

    return {"pk": ColumnMapping.objects.create(name="Visits report", table="visits", columns={}).pk}


def _membership(p: Personas) -> dict[str, Any]:
    return {"pk": p.practitioner_a.staff.memberships.first().pk}  # type: ignore[union-attr]


def _risk_register(p: Personas) -> dict[str, Any]:
    from assure.risks.testing import register_build

    return {"pk": register_build(p).pk}


def _risk(p: Personas) -> dict[str, Any]:
    from assure.risks.testing import risk_build

    return {"pk": risk_build(p).pk}


def _risk_action(p: Personas) -> dict[str, Any]:
    from assure.risks.testing import action_build

    return action_build(p)


def _risk_version(p: Personas) -> dict[str, Any]:
    from assure.risks.testing import version_build

    return {"pk": version_build(p).pk}


def _risk_import(p: Personas) -> dict[str, Any]:
    from assure.risks.testing import import_build

    return {"pk": import_build(p).pk}


RISK_READERS = ORG_READERS
RISK_VERSION_READERS = ORG_READERS | {"board_member"}
RISK_REGISTER_EDITORS = {"performance_qa", "head_of_service_a"}  # P&QA and the register's owner
RISK_EDITORS = RISK_REGISTER_EDITORS | {"director"}  # and the risk's owner

# url name → (kwargs, who may open it). Everyone else must be refused (403 or 404).
MATRIX: dict[str, tuple[Kwargs, Any]] = {
    "core:home": (_none, ALL),
    "core:performance": (_none, ALL),
    "core:quality": (_none, WORKING_ROLES),
    "core:risks": (_none, WORKING_ROLES),
    "core:governance": (_none, ALL),
    "core:workforce": (_none, WORKING_ROLES),
    "core:administration": (_none, ADMINS),
    "core:scheduled-runs": (_none, ADMINS),
    "core:accessibility": (_none, PUBLIC),
    "core:cookies": (_none, PUBLIC),
    "core:healthz": (_none, PUBLIC),
    "core:job-list": (_none, ALL),
    "core:job-detail": (_job, {"admin", "performance_qa"}),
    "core:notifications": (_none, ALL),
    "core:notification-open": (_notification, "post only"),
    "core:notifications-read-all": (_none, "post only"),
    "accounts:login": (_none, SIGNED_IN_GO_HOME),
    "accounts:logout": (_none, "post only"),
    "accounts:profile": (_none, ALL),
    "accounts:password-change": (_none, ALL),
    "accounts:two-factor-setup": (_none, ALL),
    "accounts:two-factor-verify": (_none, ALL),
    "accounts:access-log": (_none, ADMINS),
    "accounts:manage": (lambda p: {"staff_pk": p.practitioner_a.staff_id}, ADMINS),
    "accounts:set-password": (lambda p: {"uidb64": "MQ", "token": "not-a-real-token"}, PUBLIC),
    "casedata:snapshot-list": (_none, {"performance_qa", "director", "admin"}),
    "casedata:upload": (_none, {"performance_qa"}),
    "casedata:draft-columns": (_import_draft, {"performance_qa"}),
    "casedata:draft-discard": (lambda p: {"pk": _import_draft(p)["pk"]}, "post only"),
    "casedata:mapping-list": (_none, {"performance_qa"}),
    "casedata:mapping-delete": (_column_mapping, "post only"),
    "casedata:snapshot-detail": (_snapshot, {"performance_qa", "director", "admin"}),
    "casedata:snapshot-quality": (_snapshot, {"performance_qa", "director"}),
    "casedata:snapshot-export": (_snapshot, {"performance_qa", "director"}),
    "audits:audit-list": (_none, WORKING_ROLES),
    "audits:audit-start": (_none, {"manager_a", "head_of_service_a", "iro", "performance_qa", "admin"}),
    "audits:hand-picking": (_none, ADMINS),
    "audits:hand-picking-withdraw": (_hand_picking_allowance, "post only"),
    "audits:audit-detail": (_audit, {"practitioner_a", "manager_a", "head_of_service_a", "performance_qa", "director"}),
    "audits:audit-edit": (_audit, {"manager_a"}),
    "audits:audit-comment": (_completed_audit, {"practitioner_a", "manager_a", "head_of_service_a"}),
    "audits:audit-amend": (_completed_audit, {"manager_a"}),
    "audits:action-add": (_audit, {"manager_a", "head_of_service_a", "performance_qa"}),
    "audits:action-update": (_audit_action, {"practitioner_a", "manager_a", "head_of_service_a", "performance_qa"}),
    "audits:compliance": (_none, {"manager_a", "head_of_service_a", "performance_qa", "director"}),
    "audits:programme": (_none, WORKING_ROLES),
    "audits:analytics": (_none, {"manager_a", "head_of_service_a", "performance_qa", "director", "board_member"}),
    "audits:moderation-list": (_none, {"head_of_service_a", "performance_qa", "director"}),
    "audits:moderation-sample": (_none, "post only"),
    "audits:moderation-grade": (_moderation, {"performance_qa"}),
    "audits:tool-list": (_none, WORKING_ROLES),
    "audits:tool-upload": (_none, {"performance_qa", "admin"}),
    "audits:tool-detail": (_audit_tool, WORKING_ROLES),
    "audits:tool-publish": (_audit_tool, "post only"),
    "indicators:catalogue": (_none, ALL),
    "indicators:scorecard": (_none, ORG_READERS | {"board_member"}),
    "indicators:scorecard-area": (
        lambda p: {"pk": p.area_a.pk},
        {"head_of_service_a", "performance_qa", "director", "board_member"},
    ),
    "indicators:scorecard-team": (
        lambda p: {"pk": p.team_a.pk},
        {"practitioner_a", "manager_a", "head_of_service_a", "performance_qa", "director", "board_member"},
    ),
    "indicators:scorecard-worker": (
        lambda p: {"pk": p.practitioner_a.staff_id},
        {"practitioner_a", "manager_a", "head_of_service_a", "performance_qa", "director"},
    ),
    "indicators:detail": (lambda p: {"indicator_id": "icpc_within_15wd"}, ORG_READERS | {"board_member"}),
    "indicators:children": (_indicator_figure, {"performance_qa", "director"}),
    "indicators:recalculate": (_none, "post only"),
    "indicators:target-list": (_none, {"performance_qa"}),
    "indicators:target-add": (_none, {"performance_qa"}),
    "indicators:target-edit": (_target, {"performance_qa"}),
    "organisation:structure": (_none, ORG_READERS),
    "organisation:authority-edit": (lambda p: {"pk": p.authority.pk}, ADMINS),
    "organisation:service-area-create": (_none, ADMINS),
    "organisation:service-area-detail": (lambda p: {"pk": p.area_a.pk}, ORG_READERS),
    "organisation:service-area-edit": (lambda p: {"pk": p.area_a.pk}, ADMINS),
    "organisation:team-create": (_none, ADMINS),
    "organisation:team-detail": (lambda p: {"pk": p.team_a.pk}, ORG_READERS),
    "organisation:team-edit": (lambda p: {"pk": p.team_a.pk}, ADMINS),
    "organisation:role-list": (_none, ADMINS),
    "organisation:role-edit": (lambda p: {"code": "practitioner"}, ADMINS),
    "organisation:staff-list": (_none, ORG_READERS),
    "organisation:staff-create": (_none, ADMINS),
    "organisation:staff-detail": (lambda p: {"pk": p.practitioner_a.staff_id}, ORG_READERS),
    "organisation:staff-edit": (lambda p: {"pk": p.practitioner_a.staff_id}, ADMINS),
    "organisation:staff-move": (lambda p: {"pk": p.practitioner_a.staff_id}, ADMINS),
    "organisation:membership-end": (_membership, ADMINS),
    "organisation:import": (_none, ADMINS),
    "organisation:import-preview": (_organisation_import, ADMINS),
    "organisation:import-template": (lambda p: {"kind": "staff"}, ADMINS),
    "risks:register-list": (_none, RISK_VERSION_READERS),
    "risks:register-create": (_none, {"performance_qa"}),
    "risks:register-detail": (_risk_register, RISK_READERS),
    "risks:register-edit": (_risk_register, RISK_REGISTER_EDITORS),
    "risks:register-checks": (_risk_register, RISK_READERS),
    "risks:risk-create": (_risk_register, RISK_REGISTER_EDITORS),
    "risks:register-publish": (_risk_register, RISK_REGISTER_EDITORS),
    "risks:register-export": (lambda p: {**_risk_register(p), "fmt": "xlsx"}, RISK_READERS),
    "risks:import-upload": (_risk_register, RISK_REGISTER_EDITORS),
    "risks:import-mapping": (_risk_import, RISK_REGISTER_EDITORS),
    "risks:version-detail": (_risk_version, RISK_VERSION_READERS),
    "risks:version-export": (lambda p: {**_risk_version(p), "fmt": "xlsx"}, RISK_VERSION_READERS),
    "risks:risk-detail": (_risk, RISK_READERS),
    "risks:risk-export": (lambda p: {**_risk(p), "fmt": "xlsx"}, RISK_READERS),
    "risks:risk-edit": (_risk, RISK_EDITORS),
    "risks:risk-rescore": (_risk, RISK_EDITORS),
    "risks:control-add": (_risk, RISK_EDITORS),
    "risks:action-add": (_risk, RISK_EDITORS),
    "risks:cross-reference-add": (_risk, RISK_EDITORS),
    "risks:evidence-link-add": (_risk, RISK_EDITORS),
    "risks:action-complete": (_risk_action, RISK_EDITORS),
}
MATRIX.update(
    {
        "alerts:tray": (_none, WORKING_ROLES),
        "alerts:summary": (_none, ORG_READERS - ADMINS - {"iro"} | {"board_member"}),
        "alerts:team": (
            lambda p: {"pk": p.team_a.pk},
            {"practitioner_a", "manager_a", "head_of_service_a", "performance_qa", "director"},
        ),
        "alerts:rules": (_none, ALL),
        "alerts:recompute": (_none, "post only"),
    }
)


def _child(p: Personas) -> dict[str, Any]:
    from assure.casedata.tests.children import snapshots_load

    snapshots_load()
    return {"child_id": "A1"}  # held by practitioner A in team A


CHILD_SEEKERS = {"practitioner_a", "manager_a", "head_of_service_a", "practitioner_b", "performance_qa", "director"}
MATRIX.update(
    {
        "casedata:child-find": (_none, CHILD_SEEKERS),
        "casedata:child-record": (_child, CHILD_SEEKERS - {"practitioner_b"}),
    }
)
# URLs whose access is governed by a library and tested on their own.
EXEMPT_PREFIXES = ("django-admin/", "oidc/")


def _url_names(resolver: URLResolver | None = None, namespace: str = "", prefix: str = "") -> list[tuple[str, str]]:
    names = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(EXEMPT_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(_url_names(entry, ns, route))
        elif isinstance(entry, URLPattern):
            names.append((f"{namespace}{entry.name}", route))
    return names


def test_every_url_is_in_the_matrix() -> None:
    missing = [f"{name} ({route})" for name, route in _url_names() if name not in MATRIX]
    assert not missing, f"Add these URLs to the permission matrix: {missing}"
    stale = set(MATRIX) - {name for name, _ in _url_names()}
    assert not stale, f"The matrix names URLs that no longer exist: {stale}"


PERSONAS = [*sorted(ORG_READERS | {"board_member", "no_role"}), "anonymous"]
PAIRS = [(name, persona) for name in MATRIX for persona in PERSONAS]


@pytest.mark.parametrize(("url_name", "persona"), PAIRS)
def test_permission_matrix(client: Any, personas: Personas, url_name: str, persona: str) -> None:
    kwargs_for, allowed = MATRIX[url_name]
    url = reverse(url_name, kwargs=kwargs_for(personas))
    if persona != "anonymous":
        client.force_login(personas.all()[persona])
    response = client.get(url)
    expected = _expected_status(allowed, persona)
    assert response.status_code in expected, f"{persona} GET {url}: {response.status_code}, expected {expected}"
    if response.status_code == 302 and persona == "anonymous":
        assert response["Location"].startswith(reverse("accounts:login"))


def _expected_status(allowed: Any, persona: str) -> set[int]:
    """200 for allowed; 403 or 404 (object hidden) for refused; anonymous people go to sign in."""
    if allowed == PUBLIC:
        return {200}
    if allowed == SIGNED_IN_GO_HOME:
        return {200} if persona == "anonymous" else {302}
    if persona == "anonymous":
        return {302}
    if allowed == "post only":
        return {405}
    return {200} if allowed == ALL or persona in allowed else {403, 404}


def test_matrix_size() -> None:
    """Reported in the issue note: how many URL × persona pairs the matrix checks."""
    assert len(PAIRS) == len(MATRIX) * len(PERSONAS) > 400
