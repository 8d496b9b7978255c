"""Every main page, opened in a real browser by the person it is for, passes axe-core at WCAG 2.2 AA.

Each page is also screenshotted into test-results/screenshots/ for people to look at.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from assure.accounts.models import AccessAction, AccessLog
from assure.core.models import Job, JobStatus
from assure.core.testing import Personas
from assure.organisation.models import Staff

pytestmark = pytest.mark.browser

UrlFor = Callable[[Personas], str]


def _to(name: str, **kwargs: Callable[[Personas], Any]) -> UrlFor:
    return lambda p: reverse(name, kwargs={key: get(p) for key, get in kwargs.items()})


def _access_log_entries(p: Personas) -> str:
    for n, (action, kind) in enumerate([(AccessAction.VIEW, "child"), (AccessAction.EXPORT, "report")] * 2):
        AccessLog.objects.create(
            user=p.manager_a if n % 2 else p.performance_qa,
            action=action,
            object_type=kind,
            object_id=str(100 + n),
            summary=f"{kind} record {100 + n}",
            path=f"/children/{100 + n}/",
            ip_address="127.0.0.1",
        )
    return reverse("accounts:access-log")


def _finished_job(p: Personas) -> str:
    job = Job.objects.create(
        kind="organisation_import",
        title="Import of staff",
        created_by=p.admin,
        status=JobStatus.SUCCEEDED,
        progress=100,
        message="Imported 12 people.",
        result={"summary": "12 people imported.", "next_url": "/organisation/staff/", "next_label": "See the staff"},
        finished_at=timezone.now(),
    )
    return reverse("core:job-detail", kwargs={"pk": job.pk})


def _failed_job(p: Personas) -> str:
    job = Job.objects.create(
        kind="organisation_import",
        title="Import of teams",
        created_by=p.admin,
        status=JobStatus.FAILED,
        progress=40,
        message="The import stopped. Nothing was changed.",
        errors=["Row 3: the service area 'Early Help' does not exist.", "Row 7: enter the team's name."],
        finished_at=timezone.now(),
    )
    return reverse("core:job-detail", kwargs={"pk": job.pk})


def _job_list(p: Personas) -> str:
    _finished_job(p)
    Job.objects.create(kind="organisation_import", title="Import of roles", created_by=p.admin)
    return reverse("core:job-list")


def _notifications(p: Personas) -> str:
    from assure.core.models import Notification

    for subject, link in [
        ("Audit of child C102 graded inadequate", "/quality-assurance/"),
        ("Risk CSCR003 review due", ""),
    ]:
        Notification.objects.create(
            recipient=p.manager_a.staff, kind="test", subject=subject, body="Details.", link=link
        )
    return reverse("core:notifications")


def _audit_completed(p: Personas) -> int:
    """A Tier 1 audit completed through the services: escalated, with actions and a moderation."""
    from assure.audits.models import Moderation
    from assure.audits.services import audit_complete, audit_save_draft
    from assure.audits.tests.factories import AREAS, make_audit

    audit = make_audit(p, child_id=f"C{Staff.objects.count()}")
    answers: dict[str, Any] = {area: 3 for area in AREAS} | {"voice_of_child": 4}
    answers |= {f"{area}__evidence": "Seen twice in six months; no direct work recorded." for area in AREAS}
    audit_save_draft(
        audit=audit,
        answers=answers,
        overall_grade=4,
        with_practitioner=True,
        safeguarding_concern=False,
        safeguarding_detail="",
        learning_themes=["voice of the child"],
    )
    audit_complete(audit=audit, with_practitioner=True)
    grades = {area: 3 for area in AREAS}
    Moderation.objects.create(
        audit=audit, moderator=p.performance_qa.staff, area_grades=grades, overall_grade=3, completed_at=timezone.now()
    )
    return audit.pk


def _audit_draft(p: Personas) -> int:
    from assure.audits.tests.factories import make_audit

    return make_audit(p, child_id="C900", case_kind="cla").pk


def _hand_picking(p: Personas) -> str:
    """Hand-picking allowed for a month, and one allowance withdrawn, so the table and history show."""
    from assure.audits.handpicking import hand_picking_allow, hand_picking_withdraw
    from assure.audits.services import tools_install

    tools_install()
    hand_picking_allow(user=p.admin, month=None, tool_id="tier1-generic", reason="Ofsted focused visit on neglect")
    old = hand_picking_allow(user=p.admin, month=dt.date(2026, 1, 1), tool_id="", reason="Backlog after a move")
    hand_picking_withdraw(user=p.admin, allowance=old)
    return reverse("audits:hand-picking")


def _audit_tool(p: Personas) -> int:
    from assure.audits.models import AuditTool
    from assure.audits.services import tools_install

    tools_install()
    return AuditTool.objects.get(tool_id="tier1-generic").pk


def _with_audits(name: str) -> UrlFor:
    def _url(p: Personas) -> str:
        _audit_completed(p)
        _audit_draft(p)
        return reverse(name)

    return _url


def _sideways_overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (more than 0 means sideways scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _staff_without_account(p: Personas) -> int:
    return Staff.objects.create(first_name="Kim", last_name="New", email="kim.new@test.example").pk


def _set_password_link(p: Personas) -> str:
    uid = urlsafe_base64_encode(force_bytes(p.practitioner_a.pk))
    token = default_token_generator.make_token(p.practitioner_a)
    return reverse("accounts:set-password", kwargs={"uidb64": uid, "token": token})


def _snapshot(p: Personas) -> int:
    """A snapshot with data-quality findings, imported the way people import."""
    from assure.casedata.importing import ReturnFile
    from assure.casedata.services import returns_import

    header = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,01/02/2015,WBRI,,,\nA2,F,01/02/2016,XXXX,,,\n"
    episodes = (
        b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        b"A1,01/04/2024,S,C2,N1,U1,PR1,,,,,,\nA9,01/05/2024,S,C2,N1,U1,PR1,,,,,,\n"
    )
    files = [ReturnFile("header.csv", header), ReturnFile("episodes.csv", episodes)]
    snapshot, _ = returns_import(files=files, as_at=dt.date(2025, 3, 31), user=p.performance_qa)
    return snapshot.pk


def _indicator_page(name: str, **kwargs: Callable[[Personas], Any]) -> UrlFor:
    """A page of the indicators, once figures have been calculated from generated data."""

    def path(p: Personas) -> str:
        from assure.indicators.tests.factories import run_for_personas

        run = run_for_personas(p)
        values = {key: get(p) for key, get in kwargs.items()}
        if name == "indicators:children":
            figure = run.values.filter(level="team", org_unit=p.team_b.name, indicator_id="cla_count_31mar").last()
            assert figure is not None
            values.update(start=figure.period_start.isoformat(), end=figure.period_end.isoformat())
        return reverse(name, kwargs=values)

    return path


def _import_draft(p: Personas) -> str:
    """A report with the council's own column names, uploaded and waiting for its columns to be matched."""
    from assure.casedata.drafts import import_draft_create
    from assure.casedata.importing import ReturnFile

    report = b"Person ID,Date of visit,Child seen?,Seen on own,Worker\nA1,05/03/2025,Y,N,Sam\n"
    draft = import_draft_create(
        files=[ReturnFile("visits report.csv", report)], as_at=dt.date(2025, 3, 31), user=p.performance_qa
    )
    return reverse("casedata:draft-columns", kwargs={"pk": draft.pk, "upload_pk": draft.uploads.get().pk})


def _column_mappings(p: Personas) -> str:
    from assure.casedata.models import ColumnMapping

    columns = {"child_id": "Person ID", "visit_date": "Date of visit", "seen": "Child seen?"}
    ColumnMapping.objects.create(name="Visits report", table="visits", columns=columns, created_by=p.performance_qa)
    return reverse("casedata:mapping-list")


def _membership(p: Personas) -> int:
    return p.practitioner_a.staff.memberships.get().pk  # type: ignore[union-attr]


def _deadlines(name: str, **kwargs: Callable[[Personas], Any]) -> UrlFor:
    """A page of deadlines, after working out those of a small hand-made snapshot."""

    def url(p: Personas) -> str:
        from assure.alerts.tests.factories import deadline_set_load

        deadline_set_load()
        return reverse(name, kwargs={key: get(p) for key, get in kwargs.items()})

    return url


def _child(child_id: str, query: str = "") -> UrlFor:
    """A child's record (or Find a child), after storing two snapshots of hand-made children."""

    def url(p: Personas) -> str:
        from assure.audits.tests.factories import make_audit
        from assure.casedata.tests.children import snapshots_load

        snapshots_load()
        make_audit(p, child_id="A1")
        if not child_id:
            return reverse("casedata:child-find") + query
        return reverse("casedata:child-record", args=[child_id]) + query

    return url


def _risk_with_history(p: Personas) -> int:
    """A risk re-scored after an inspection, with actions completed since, as the risk page shows it."""
    from assure.risks.services import action_add, action_complete, control_add, risk_rescore
    from assure.risks.testing import risk_build

    risk = risk_build(p, reference="CSCR001")
    risk_rescore(
        risk=risk,
        by=p.performance_qa,
        impact=5,
        likelihood=5,
        reason="Inspection found children left in harm.",
        event="Ofsted inspection: inadequate",
        assessed_on=dt.date.today() - dt.timedelta(days=40),
    )
    control_add(risk=risk, description="Weekly oversight of open enquiries", effectiveness="partly")
    action = action_add(risk=risk, description="Relaunch thresholds", owner=None, due_date=dt.date.today())
    action_complete(action=action, completed_on=dt.date.today() - dt.timedelta(days=10))
    return risk.pk


def _risk_register(p: Personas) -> int:
    from assure.risks.models import Risk

    _risk_with_history(p)
    return Risk.objects.get(reference="CSCR001").register_id


def _risk_import(p: Personas) -> int:
    from assure.risks.testing import import_build

    return import_build(p).pk


def _risk_version(p: Personas) -> int:
    from assure.risks.models import Risk
    from assure.risks.services import register_publish, risk_rescore
    from assure.risks.testing import risk_build

    register = Risk.objects.get(pk=_risk_with_history(p)).register
    register_publish(register=register, by=p.performance_qa)
    risk_build(p, reference="CSCR002", title="Foster carer sufficiency")
    risk_rescore(risk=Risk.objects.get(reference="CSCR001"), by=None, impact=5, likelihood=4, reason="Better")
    return register_publish(register=register, by=p.performance_qa).pk


def _daily_job_runs(p: Personas) -> str:
    from assure.core.models import ScheduledRun

    now = timezone.now()
    ScheduledRun.objects.create(job="send_digests", day=now.date(), status="succeeded", started_at=now,
                                finished_at=now, output="12 digests sent; 3 people had nothing due.")  # fmt: skip
    ScheduledRun.objects.create(job="risk_reminders", day=now.date(), status="failed", started_at=now,
                                finished_at=now, output="OperationalError: the database is locked")  # fmt: skip
    return reverse("core:scheduled-runs")


HOME_PERSONAS = [
    "practitioner_a",
    "manager_a",
    "head_of_service_a",
    "iro",
    "performance_qa",
    "director",
    "board_member",
    "admin",
    "no_role",
]

# name → (who opens it, where). Each opens the page with a GET as that person.
PAGES: dict[str, tuple[str, UrlFor]] = {
    **{f"home-{persona}": (persona, _to("core:home")) for persona in HOME_PERSONAS},
    "performance": ("performance_qa", _to("core:performance")),
    "notifications": ("manager_a", _notifications),
    "notifications-empty": ("practitioner_a", _to("core:notifications")),
    "performance-board-member": ("board_member", _to("core:performance")),
    "quality-assurance": ("performance_qa", _to("core:quality")),
    "audit-list": ("manager_a", _with_audits("audits:audit-list")),
    "audit-form": ("manager_a", _to("audits:audit-edit", pk=_audit_draft)),
    "audit-start": ("performance_qa", _with_audits("audits:audit-start")),
    "audit-completed": ("manager_a", _to("audits:audit-detail", pk=_audit_completed)),
    "audit-compliance": ("performance_qa", _with_audits("audits:compliance")),
    "audit-analytics": ("performance_qa", _with_audits("audits:analytics")),
    "audit-analytics-board-member": ("board_member", _with_audits("audits:analytics")),
    "audit-moderation": ("performance_qa", _with_audits("audits:moderation-list")),
    "audit-programme": ("performance_qa", _to("audits:programme")),
    "audit-tools": ("performance_qa", _to("audits:tool-list")),
    "audit-hand-picking": ("admin", _hand_picking),
    "audit-tool-detail": ("performance_qa", _to("audits:tool-detail", pk=_audit_tool)),
    "risks": ("performance_qa", _to("core:risks")),
    "risk-registers": ("performance_qa", _to("risks:register-list")),
    "risk-register": ("performance_qa", _to("risks:register-detail", pk=_risk_register)),
    "risk-register-checks": ("performance_qa", _to("risks:register-checks", pk=_risk_register)),
    "risk-detail": ("practitioner_a", _to("risks:risk-detail", pk=_risk_with_history)),
    "risk-create": ("performance_qa", _to("risks:risk-create", pk=_risk_register)),
    "risk-rescore": ("performance_qa", _to("risks:risk-rescore", pk=_risk_with_history)),
    "risk-version": ("performance_qa", _to("risks:version-detail", pk=_risk_version)),
    "risk-version-board-member": ("board_member", _to("risks:version-detail", pk=_risk_version)),
    "risk-register-create": ("performance_qa", _to("risks:register-create")),
    "risk-edit": ("performance_qa", _to("risks:risk-edit", pk=_risk_with_history)),
    "risk-import-upload": ("performance_qa", _to("risks:import-upload", pk=_risk_register)),
    "risk-import-mapping": ("performance_qa", _to("risks:import-mapping", pk=_risk_import)),
    "governance": ("director", _to("core:governance")),
    "workforce": ("head_of_service_a", _to("core:workforce")),
    "administration": ("admin", _to("core:administration")),
    "organisation-structure": ("admin", _to("organisation:structure")),
    "organisation-structure-practitioner": ("practitioner_a", _to("organisation:structure")),
    "service-area-detail": ("admin", _to("organisation:service-area-detail", pk=lambda p: p.area_a.pk)),
    "team-detail": ("admin", _to("organisation:team-detail", pk=lambda p: p.team_a.pk)),
    "staff-list": ("admin", _to("organisation:staff-list")),
    "staff-detail": ("admin", _to("organisation:staff-detail", pk=lambda p: p.practitioner_a.staff_id)),
    "authority-edit": ("admin", _to("organisation:authority-edit", pk=lambda p: p.authority.pk)),
    "service-area-create": ("admin", _to("organisation:service-area-create")),
    "service-area-edit": ("admin", _to("organisation:service-area-edit", pk=lambda p: p.area_a.pk)),
    "team-create": ("admin", _to("organisation:team-create")),
    "team-edit": ("admin", _to("organisation:team-edit", pk=lambda p: p.team_a.pk)),
    "staff-create": ("admin", _to("organisation:staff-create")),
    "staff-edit": ("admin", _to("organisation:staff-edit", pk=lambda p: p.practitioner_a.staff_id)),
    "staff-move": ("admin", _to("organisation:staff-move", pk=lambda p: p.practitioner_a.staff_id)),
    "membership-end": ("admin", _to("organisation:membership-end", pk=_membership)),
    "role-list": ("admin", _to("organisation:role-list")),
    "role-edit": ("admin", _to("organisation:role-edit", code=lambda p: "practitioner")),
    "organisation-import": ("admin", _to("organisation:import")),
    "imported-data-empty": ("performance_qa", _to("casedata:snapshot-list")),
    "import-returns": ("performance_qa", _to("casedata:upload")),
    "snapshot-detail": ("performance_qa", _to("casedata:snapshot-detail", pk=_snapshot)),
    "snapshot-quality": ("performance_qa", _to("casedata:snapshot-quality", pk=_snapshot)),
    "snapshot-export": ("performance_qa", _to("casedata:snapshot-export", pk=_snapshot)),
    "alerts-work-tray": ("practitioner_a", _deadlines("alerts:tray")),
    "alerts-home-practitioner": ("practitioner_a", _deadlines("core:home")),
    "alerts-home-manager": ("manager_a", _deadlines("core:home")),
    "alerts-team": ("manager_a", _deadlines("alerts:team", pk=lambda p: p.team_a.pk)),
    "alerts-summary": ("director", _deadlines("alerts:summary")),
    "alerts-summary-board-member": ("board_member", _deadlines("alerts:summary")),
    "alerts-rules": ("practitioner_a", _to("alerts:rules")),
    "child-record": ("manager_a", _child("A1")),
    "child-record-earlier": ("manager_a", _child("A1", "?snapshot=1")),
    "child-record-older-only": ("performance_qa", _child("OLD1")),
    "child-record-in-care": ("practitioner_b", _child("B1")),
    "child-find-found": ("practitioner_a", _child("", "?id=A1")),
    "child-find-no-child": ("practitioner_a", _child("", "?id=B1")),
    "child-find-error": ("practitioner_a", _child("", "?id=" + "x" * 41)),
    "indicator-catalogue": ("practitioner_a", _to("indicators:catalogue")),
    "scorecard-authority": ("director", _indicator_page("indicators:scorecard")),
    "scorecard-board-member": ("board_member", _indicator_page("indicators:scorecard")),
    "scorecard-with-recalculate": ("performance_qa", _indicator_page("indicators:scorecard")),
    "scorecard-team": ("manager_a", _indicator_page("indicators:scorecard-team", pk=lambda p: p.team_a.pk)),
    "indicator-detail": (
        "performance_qa",
        _indicator_page("indicators:detail", indicator_id=lambda p: "cp_repeat_plan"),
    ),
    "indicator-children": (
        "practitioner_b",
        _indicator_page(
            "indicators:children",
            indicator_id=lambda p: "cla_count_31mar",
            level=lambda p: "team",
            unit=lambda p: p.team_b.pk,
        ),
    ),
    "target-list": ("performance_qa", _to("indicators:target-list")),
    "target-add": ("performance_qa", _to("indicators:target-add")),
    "import-match-columns": ("performance_qa", _import_draft),
    "column-mappings": ("performance_qa", _column_mappings),
    "your-account": ("manager_a", _to("accounts:profile")),
    "change-password": ("manager_a", _to("accounts:password-change")),
    "two-factor-setup": ("manager_a", _to("accounts:two-factor-setup")),
    "two-factor-verify": ("manager_a", _to("accounts:two-factor-verify")),
    "account-manage": ("admin", _to("accounts:manage", staff_pk=lambda p: p.practitioner_a.staff_id)),
    "account-manage-no-account": ("admin", _to("accounts:manage", staff_pk=_staff_without_account)),
    "access-log": ("admin", _access_log_entries),
    "job-list": ("admin", _job_list),
    "daily-jobs": ("admin", _daily_job_runs),
    "job-detail-finished": ("admin", _finished_job),
    "job-detail-failed": ("admin", _failed_job),
    "error-403": ("practitioner_a", _to("core:administration")),
    "error-404": ("admin", _to("organisation:team-detail", pk=lambda p: 999_999)),
    "error-404-no-such-page": ("manager_a", lambda p: "/no-such-page/"),
}


def test_axe_reports_failures(page: Page, axe: Any) -> None:
    """The check itself works: a page with known failures does not pass."""
    page.set_content(
        '<html lang="en"><head><title>Broken</title></head><body><main>'
        '<img src="data:,"><a href="/"></a><p style="color:#bbb;background:#fff">Faint text</p>'
        "</main></body></html>"
    )
    found = {violation["id"] for violation in axe()}
    assert {"image-alt", "link-name", "color-contrast"} <= found


@pytest.mark.parametrize("name", PAGES)
def test_signed_in_page_is_accessible(
    name: str, page: Page, personas: Personas, sign_in: Any, url: Any, check_accessible: Any
) -> None:
    persona, path = PAGES[name]
    sign_in(personas.all()[persona])
    response = page.goto(url(path(personas)))
    assert response is not None
    expected = 403 if name == "error-403" else 404 if name.startswith("error-404") else 200
    assert response.status == expected, f"{persona} GET {path(personas)}: {response.status}"
    expect(page.locator("h1")).to_have_count(1)
    check_accessible(name)


@pytest.mark.parametrize(
    "name,path",
    [
        ("sign-in", "/accounts/login/"),
        ("accessibility-statement", "/accessibility/"),
        ("cookies", "/cookies/"),
    ],
)
def test_signed_out_page_is_accessible(name: str, path: str, page: Page, url: Any, check_accessible: Any) -> None:
    response = page.goto(url(path))
    assert response is not None and response.status == 200
    check_accessible(name)


@pytest.mark.parametrize(
    "name,link,title",
    [
        ("set-password", _set_password_link, "Set your password"),
        ("set-password-expired", lambda p: _set_password_link(p)[:-4] + "xxx/", "This link has expired or been used"),
    ],
)
def test_set_password_pages_are_accessible(
    name: str, link: UrlFor, title: str, page: Page, personas: Personas, url: Any, check_accessible: Any
) -> None:
    """Where the e-mailed link leads, signed out: the form, and the page for a used or expired link."""
    response = page.goto(url(link(personas)))
    assert response is not None and response.status == 200
    expect(page.locator("h1")).to_have_text(title)
    check_accessible(name)


def test_sign_in_errors_are_accessible(page: Page, personas: Personas, url: Any, check_accessible: Any) -> None:
    page.goto(url("/accounts/login/"))
    page.fill("#id_username", personas.manager_a.email)
    page.fill("#id_password", "not the password")
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct e-mail address and password")
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    check_accessible("sign-in-errors")


def test_form_errors_are_accessible(
    page: Page, personas: Personas, sign_in: Any, url: Any, check_accessible: Any
) -> None:
    """An empty team form comes back with the GOV.UK error summary, linked to each field in error."""
    sign_in(personas.admin)
    page.goto(url(reverse("organisation:team-create")))
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page.locator(".govuk-error-message").first).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: Add a team"))
    links = summary.locator("a")
    assert links.all_inner_texts() == ["Enter name", "Select service area", "Select type of team"]
    for link in links.all():
        target = link.get_attribute("href")
        assert target and page.locator(target).count() == 1, f"the error summary link {target} has no field"
    links.first.click()
    expect(page.locator("#id_name")).to_be_focused()
    check_accessible("team-create-errors")


def _csv(name: str, rows: list[list[str]]) -> dict[str, Any]:
    text = "\n".join(",".join(row) for row in rows) + "\n"
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


STAFF_HEADER = ["email", "first_name", "last_name", "job_title", "roles", "team", "start_date"]


def _good_import(p: Personas) -> list[dict[str, Any]]:
    structure = [["service_area", "team", "team_type"], ["Safeguarding", "Family Support East", "cin_cp"]]
    staff = [
        STAFF_HEADER,
        ["jo.new@test.example", "Jo", "New", "Social Worker", "practitioner", "Family Support East", "01/09/2025"],
        [
            p.practitioner_a.email,
            "Worker",
            "A",
            "Senior Social Worker",
            "practitioner",
            "Children in Care 1",
            "2025-09-01",
        ],
    ]
    return [_csv("structure.csv", structure), _csv("staff.csv", staff)]


def _bad_import(p: Personas) -> list[dict[str, Any]]:
    staff = [
        STAFF_HEADER,
        ["not-an-address", "Jo", "New", "Social Worker", "wizard", "No Such Team", "31/02/2025"],
    ]
    return [_csv("staff.csv", staff)]


@pytest.mark.parametrize(
    "name,files,title,width",
    [
        ("import-preview", _good_import, "Check the changes before you import them", 1280),
        ("import-problems", _bad_import, "Error: There is a problem with your import", 1280),
        ("import-no-file", lambda p: [], "Error: Import structure or staff", 1280),
        ("narrow-import-preview", _good_import, "Check the changes before you import them", 320),
        ("narrow-import-problems", _bad_import, "Error: There is a problem with your import", 320),
    ],
)
def test_organisation_import_pages_are_accessible(
    name: str,
    files: Callable[[Personas], list[dict[str, Any]]],
    title: str,
    width: int,
    page: Page,
    personas: Personas,
    sign_in: Any,
    url: Any,
    check_accessible: Any,
) -> None:
    """The import is driven through its real upload form; the preview, the problems and the empty form
    are each checked, on a desktop and on a 320px-wide screen."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(personas.admin)
    page.goto(url(reverse("organisation:import")))
    if upload := files(personas):
        page.set_input_files("input[type=file]", upload)
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile(f"^{re.escape(title)}"))
    if "preview" not in name:
        expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_accessible(name)
    overflow = _sideways_overflow(page)
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than the {width}px screen"


@pytest.mark.parametrize("name", ["team-create", "staff-create", "staff-edit", "role-edit"])
def test_choices_are_govuk_controls_big_enough_to_hit(
    name: str, page: Page, personas: Personas, sign_in: Any, url: Any
) -> None:
    """Checkboxes and radios use GOV.UK Frontend's markup, with targets of at least 24 by 24 CSS pixels
    (WCAG 2.5.8), not the browser's small native boxes."""
    persona, path = PAGES[name]
    sign_in(personas.all()[persona])
    page.goto(url(path(personas)))
    controls = page.locator("input[type=checkbox], input[type=radio]")
    assert controls.count() > 0
    for control in controls.all():
        assert "__input" in (control.get_attribute("class") or ""), f"{name}: {control.evaluate('e => e.outerHTML')}"
        box = control.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24, f"{name}: a {box} target for {control}"


def test_skip_link_is_the_first_tab_stop(page: Page, personas: Personas, sign_in: Any, url: Any) -> None:
    sign_in(personas.manager_a)
    for path in ["/", "/accessibility/"]:
        page.goto(url(path))
        page.keyboard.press("Tab")
        skip = page.locator(".govuk-skip-link")
        expect(skip).to_be_focused()
        expect(skip).to_have_text("Skip to main content")
        box = skip.bounding_box()
        assert box and box["width"] > 1 and box["height"] > 1, "the focused skip link is not shown"
        page.keyboard.press("Enter")
        expect(page.locator("#main-content")).to_be_focused()


# Pages with tables, forms and panels, checked again on a 320px-wide screen.
NARROW = [
    "home-manager_a",
    "home-head_of_service_a",
    "organisation-structure",
    "service-area-detail",
    "team-detail",
    "staff-list",
    "staff-detail",
    "staff-edit",
    "role-list",
    "access-log",
    "job-list",
]


@pytest.mark.parametrize("name", NARROW)
def test_narrow_screen_reflows(
    name: str, page: Page, personas: Personas, sign_in: Any, url: Any, check_accessible: Any
) -> None:
    """At 320 CSS pixels wide (400% zoom) the page needs no sideways scrolling (WCAG 1.4.10 Reflow);
    a wide table may scroll inside its own box."""
    persona, path = PAGES[name]
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(personas.all()[persona])
    page.goto(url(path(personas)))
    check_accessible(f"narrow-{name}")
    overflow = _sideways_overflow(page)
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than a 320px screen"


def test_a_wide_table_scrolls_from_the_keyboard(page: Page, personas: Personas, sign_in: Any, url: Any) -> None:
    """On a narrow screen the staff table scrolls inside its own box, which keyboard users can reach and
    scroll with the arrow keys (WCAG 2.1.1)."""
    page.set_viewport_size({"width": 320, "height": 640})
    sign_in(personas.admin)
    page.goto(url(reverse("organisation:staff-list")))
    container = page.get_by_role("region", name="Staff")
    assert container.evaluate("e => e.scrollWidth > e.clientWidth"), "the table fits; nothing to scroll"
    container.focus()
    expect(container).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")


def test_column_matching_errors_are_accessible(
    page: Page, personas: Personas, sign_in: Any, url: Any, check_accessible: Any
) -> None:
    """A required column left unmatched comes back with the error summary, and the other choices stay."""
    sign_in(personas.performance_qa)
    page.goto(url(_import_draft(personas)))
    page.select_option("#id_col_visit_date", "")
    page.fill("#id_save_as", "Visits report")
    page.get_by_role("button", name="Continue and import").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select visit date")
    expect(page.locator("#id_col_child_id")).to_have_value("Person ID")
    expect(page.locator("#id_save_as")).to_have_value("Visits report")
    check_accessible("import-match-columns-errors")
