"""Test support shared by every app's tests: page checks and named personas.

Imported only by tests; kept in the package so each app's tests can use it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bs4 import BeautifulSoup
from django.test import Client
from openpyxl import Workbook

from assure.accounts.models import User
from assure.organisation.models import Directorate, LocalAuthority, Membership, Role, ServiceArea, Staff, Team
from assure.organisation.roles import RoleCode

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test fixture, not a secret


def workbook_bytes(sheets: dict[str, list[list[Any]]], **cells: Any) -> bytes:
    """An .xlsx file: each sheet's rows from A1, then cells of the first sheet by reference (B3="=1+1")."""
    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    first = book.worksheets[0]
    for reference, value in cells.items():
        first[reference] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


class PageCheckError(AssertionError):
    pass


def check_page(html: str, *, path: str = "") -> None:
    """The house rules for every full HTML page: one h1, title starts with it, unique ids,
    forms with actions, and an error summary wherever an error message is shown."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find("html") is None:
        return  # a fragment for HTMX, checked as part of its full page
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        raise PageCheckError(f"{path}: expected one <h1>, found {len(h1s)}")
    heading = " ".join(h1s[0].get_text().split())
    title = " ".join((soup.title.get_text() if soup.title else "").split())
    if title.startswith("Error: "):
        title = title.removeprefix("Error: ")
    if not heading or not title.startswith(heading):
        raise PageCheckError(f"{path}: <title> {title!r} does not start with the <h1> {heading!r}")
    ids = Counter(tag["id"] for tag in soup.find_all(id=True))
    duplicates = [i for i, n in ids.items() if n > 1]
    if duplicates:
        raise PageCheckError(f"{path}: duplicate ids {duplicates}")
    for form in soup.find_all("form"):
        if not form.get("action"):
            raise PageCheckError(f"{path}: a <form> has no action")
    if soup.select(".govuk-error-message") and not soup.select(".govuk-error-summary"):
        raise PageCheckError(f"{path}: error messages are shown without the GOV.UK error summary")


class PageCheckingClient(Client):
    """A test client that applies `check_page` to every HTML page a test fetches."""

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        is_html = response.get("Content-Type", "").startswith("text/html")
        is_page = response.status_code < 300 or response.status_code in {400, 403, 404}
        ours = not request.get("PATH_INFO", "").startswith("/django-admin/")  # Django's admin has its own markup
        if is_html and is_page and ours and not getattr(response, "streaming", False):
            check_page(response.content.decode(), path=request.get("PATH_INFO", ""))
        return response


@dataclass
class Personas:
    """Named people in a small authority. Team A and team B are in different service areas."""

    authority: LocalAuthority
    area_a: ServiceArea
    area_b: ServiceArea
    team_a: Team
    team_a2: Team
    team_b: Team
    practitioner_a: User
    manager_a: User
    head_of_service_a: User
    practitioner_b: User
    iro: User
    performance_qa: User
    director: User
    board_member: User
    admin: User
    no_role: User

    def all(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def make_person(email: str, roles: list[RoleCode], team: Team | None, *, start: dt.date | None = None) -> User:
    first, _, last = email.partition("@")[0].partition(".")
    staff = Staff.objects.create(
        first_name=first.title(),
        last_name=(last or "Test").title(),
        email=email,
        job_title=roles[0].value if roles else "",
    )
    staff.roles.set(Role.objects.filter(code__in=[r.value for r in roles]))
    if team is not None:
        Membership.objects.create(staff=staff, team=team, start_date=start or dt.date(2020, 1, 1))
    user = User.objects.create_user(email, PASSWORD, staff=staff)
    return user


def build_personas() -> Personas:
    for code in RoleCode:
        Role.objects.get_or_create(code=code.value)
    authority = LocalAuthority.objects.create(name="Testshire County Council", la_code="990", ons_code="E10000990")
    directorate = Directorate.objects.create(authority=authority, name="Children's Services")
    area_a = ServiceArea.objects.create(directorate=directorate, name="Safeguarding")
    area_b = ServiceArea.objects.create(directorate=directorate, name="Children in Care")
    team_a = Team.objects.create(service_area=area_a, name="Family Support North", team_type="cin_cp")
    team_a2 = Team.objects.create(service_area=area_a, name="Assessment 1", team_type="assessment")
    team_b = Team.objects.create(service_area=area_b, name="Children in Care 1", team_type="children_in_care")
    hos = make_person("hos.a@test.example", [RoleCode.HEAD_OF_SERVICE], None)
    area_a.head = hos.staff
    area_a.save()
    return Personas(
        authority=authority,
        area_a=area_a,
        area_b=area_b,
        team_a=team_a,
        team_a2=team_a2,
        team_b=team_b,
        practitioner_a=make_person("worker.a@test.example", [RoleCode.PRACTITIONER], team_a),
        manager_a=make_person("manager.a@test.example", [RoleCode.TEAM_MANAGER], team_a),
        head_of_service_a=hos,
        practitioner_b=make_person("worker.b@test.example", [RoleCode.PRACTITIONER], team_b),
        iro=make_person("iro.one@test.example", [RoleCode.IRO], None),
        performance_qa=make_person("pqa.one@test.example", [RoleCode.PERFORMANCE_QA], None),
        director=make_person("director.one@test.example", [RoleCode.DIRECTOR], None),
        board_member=make_person("councillor.one@test.example", [RoleCode.BOARD_MEMBER], None),
        admin=make_person("admin.one@test.example", [RoleCode.SYSTEM_ADMINISTRATOR], None),
        no_role=make_person("nobody.here@test.example", [], None),
    )
