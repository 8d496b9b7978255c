"""Drafting a new tool version from YAML or Excel, refusing bad definitions, and publishing it."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assure.audits.models import AuditTool
from assure.audits.services import tools_install
from assure.audits.tooldefs import TOOLS_DIR
from assure.core.testing import Personas, workbook_bytes

pytestmark = pytest.mark.django_db


def upload(client: Any, name: str, content: bytes) -> Any:
    return client.post(reverse("audits:tool-upload"), {"definition": SimpleUploadedFile(name, content)})


def generic_v2() -> dict:
    data = yaml.safe_load((TOOLS_DIR / "tier1_generic.yaml").read_text())
    data["version"] = 2
    data["sections"][1]["items"].append({"id": "family_network", "type": "yes_no", "title": "Wider family considered"})
    return data


def test_a_new_version_is_drafted_then_published_and_old_audits_keep_theirs(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.performance_qa)
    response = upload(client, "tier1_generic_v2.yaml", yaml.safe_dump(generic_v2()).encode())
    draft = AuditTool.objects.get(tool_id="tier1-generic", version=2)
    assert response["Location"] == reverse("audits:tool-detail", kwargs={"pk": draft.pk})
    assert draft.status == "draft"
    client.post(reverse("audits:tool-publish", kwargs={"pk": draft.pk}))
    statuses = dict(AuditTool.objects.filter(tool_id="tier1-generic").values_list("version", "status"))
    assert statuses == {1: "retired", 2: "active"}


def test_bad_definitions_are_refused_with_each_problem(client: Any, personas: Personas):
    tools_install()
    client.force_login(personas.performance_qa)
    data = generic_v2()
    data["grade_scale"] = "seven-point"
    data["sections"][0]["items"][1]["id"] = "referral_liaison"
    data["sections"][0]["items"][2]["type"] = "yes_no"
    page = upload(client, "bad.yaml", yaml.safe_dump(data).encode()).content.decode()
    assert "bad.yaml: tool: grade_scale &#x27;seven-point&#x27; is not a known scale" in page
    assert "item id &#x27;referral_liaison&#x27; is used more than once" in page
    data["grade_scale"] = "four-point"
    data["sections"][0]["items"][1]["id"] = "risk_analysis"
    page = upload(client, "changed.yaml", yaml.safe_dump(data).encode()).content.decode()
    assert "item &#x27;voice_of_child&#x27; was a grade item in version 1; give a changed item a new id" in page
    assert not AuditTool.objects.filter(tool_id=data["tool_id"], version=2).exists()
    assert "not a UTF-8 text file" in upload(client, "binary.yaml", b"\xff\xfe\x00").content.decode()


def xlsx_tool(item_id: str = "home_seen", rule_item: str = "home_seen") -> bytes:
    return workbook_bytes(
        {
            "tool": [
                ["field", "value"],
                ["tool_id", "home-visit"],
                ["version", 1],
                ["title", "Home visit audit"],
                ["kind", "case"],
                ["grade_scale", "four-point"],
            ],
            "items": [
                [
                    "section_id",
                    "section_title",
                    "id",
                    "type",
                    "title",
                    "guidance",
                    "required",
                    "applies_to",
                    "choices",
                    "evidence",
                ],
                [
                    "visit",
                    "The visit",
                    item_id,
                    "grade",
                    "The child's home was seen",
                    "Bedroom seen",
                    "yes",
                    "",
                    "",
                    "yes",
                ],
                [
                    "visit",
                    "The visit",
                    "visit_kind",
                    "choice",
                    "Kind of visit",
                    "",
                    "no",
                    "cin, cp",
                    "Announced, Unannounced",
                    "",
                ],
            ],
            "rules": [
                ["rule", "a", "b", "c", "d"],
                ["overall_cap", 4, 3],
                ["escalation", 4, "head_of_service, assistant_director"],
                ["auto_action", 4, 5, "Visit again and see the bedroom", rule_item],
            ],
        }
    )


def test_excel_draft_becomes_the_same_definition(client: Any, personas: Personas):
    client.force_login(personas.performance_qa)
    assert upload(client, "home-visit.xlsx", xlsx_tool()).status_code == 302
    tool = AuditTool.objects.get(tool_id="home-visit")
    items = tool.definition["sections"][0]["items"]
    assert [i["id"] for i in items] == ["home_seen", "visit_kind"]
    assert items[1]["applies_to"] == ["cin", "cp"] and items[1]["choices"] == ["Announced", "Unannounced"]
    assert tool.definition["rules"]["escalation"] == {"4": ["head_of_service", "assistant_director"]}  # JSON keys
    assert "tool_id: home-visit" in tool.source_text


def test_excel_rule_naming_a_missing_item_is_refused(client: Any, personas: Personas):
    client.force_login(personas.performance_qa)
    page = upload(client, "home-visit.xlsx", xlsx_tool(rule_item="bedroom")).content.decode()
    assert "names item &#x27;bedroom&#x27;, which the tool does not have" in page
    assert not AuditTool.objects.exists()


def test_only_the_qa_team_drafts_tools(client: Any, personas: Personas):
    client.force_login(personas.manager_a)
    assert upload(client, "home-visit.xlsx", xlsx_tool()).status_code == 403


def test_install_audit_tools_adds_new_shipped_versions_once(personas: Personas):
    """After an upgrade: a database holding version 1 of a tool gets the shipped version 2 in use,
    version 1 kept (audits started on it keep it); a second run adds nothing."""
    from io import StringIO

    from django.core.management import call_command

    from assure.audits.models import ToolStatus

    out = StringIO()
    call_command("install_audit_tools", stdout=out)
    assert "audit tool version(s) added" in out.getvalue()
    shipped = AuditTool.objects.get(tool_id="thematic", status=ToolStatus.ACTIVE)
    shipped.version = 1  # as an installation from before the shipped tool's version 2 holds it
    shipped.save()
    call_command("install_audit_tools", stdout=out)
    assert list(AuditTool.objects.filter(tool_id="thematic").order_by("version").values_list("version", "status")) == [
        (1, ToolStatus.RETIRED),
        (2, ToolStatus.ACTIVE),
    ]
    again = StringIO()
    call_command("install_audit_tools", stdout=again)
    assert again.getvalue().strip() == "Every shipped audit tool is stored."
    # A newer version of the QA team's own is never replaced by an older shipped one.
    AuditTool.objects.filter(tool_id="thematic", version=2).update(version=3)
    call_command("install_audit_tools", stdout=again)
    assert list(AuditTool.objects.filter(tool_id="thematic", status=ToolStatus.ACTIVE).values_list("version")) == [(3,)]
    assert not AuditTool.objects.filter(tool_id="thematic", version=2).exists()
