"""Every page that names a child links to the child's record, and the link opens it."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse
from django.utils.html import escape

from assure.audits.tests.factories import make_audit
from assure.casedata.tests.children import ODD_ID, snapshots_load
from assure.core.testing import Personas


def _record(child_id: str) -> str:
    return reverse("casedata:child-record", args=[child_id])


def _html(client: Any, user: Any, url: str) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_work_tray_and_team_deadlines_link_each_child(client: Any, personas: Personas) -> None:
    snapshots_load()
    tray = _html(client, personas.practitioner_a, reverse("alerts:tray"))
    assert f'href="{_record("A1")}"' in tray
    team = _html(client, personas.manager_a, reverse("alerts:team", args=[personas.team_a.pk]))
    assert f'href="{_record("A1")}"' in team
    assert client.get(_record("A1")).status_code == 200  # the manager may follow the link


def test_audit_pages_link_the_childs_record_and_the_child_filter_still_works(client: Any, personas: Personas) -> None:
    snapshots_load()
    audit = make_audit(personas, child_id=ODD_ID)
    make_audit(personas, child_id="A1")
    detail = _html(client, personas.manager_a, reverse("audits:audit-detail", args=[audit.pk]))
    assert f'href="{escape(_record(ODD_ID))}"' in detail and "?child=" not in detail
    record = _html(client, personas.manager_a, _record(ODD_ID))
    every = re.search(r'href="([^"]*\?child=[^"]*)"', record)
    assert every is not None
    filtered = client.get(every.group(1).replace("&amp;", "&"))
    assert [a.child_id for a in filtered.context["audits"]] == [ODD_ID]
    assert f'href="{escape(_record(ODD_ID))}"' in filtered.content.decode()


def test_the_children_behind_a_figure_link_to_records_the_reader_may_open(client: Any, personas: Personas) -> None:
    from assure.indicators.tests.factories import run_for_personas

    run = run_for_personas(personas)  # generated data allocated to the personas' teams
    figure = run.values.filter(level="team", org_unit=personas.team_b.name, indicator_id="cla_count_31mar")
    latest = figure.order_by("-period_end").first()
    assert latest is not None and latest.numerator > 0
    url = reverse(
        "indicators:children",
        args=["cla_count_31mar", "team", personas.team_b.pk, latest.period_start, latest.period_end],
    )
    page = _html(client, personas.practitioner_b, url)
    links = re.findall(r'href="(/data/children/[^"]+)"', page)
    assert len(links) == latest.numerator
    record = client.get(links[0])
    assert record.status_code == 200 and "Legal status" in record.content.decode()


def test_the_performance_section_offers_find_a_child_to_those_who_may_use_it(client: Any, personas: Personas) -> None:
    find = reverse("casedata:child-find")
    assert find in _html(client, personas.practitioner_a, reverse("core:performance"))
    assert find not in _html(client, personas.board_member, reverse("core:performance"))
