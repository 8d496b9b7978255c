"""Matching the columns of a file in no known layout, on import, and saving the match for next month."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from assure.casedata.drafts import import_draft_create, import_drafts_purge
from assure.casedata.importing import ReturnFile, needs_mapping
from assure.casedata.models import CaseRecord, ColumnMapping, ImportDraft, ReturnUpload, Snapshot
from assure.casedata.selectors import snapshot_tables
from assure.casedata.tests.test_import import EPISODES, GOOD_EPISODES, GOOD_HEADER, HEADER
from assure.core.models import Job, JobStatus
from assure.core.services import job_run
from assure.core.testing import workbook_bytes

pytestmark = pytest.mark.django_db
MOSAIC = (
    b"Person ID,Date of visit,Child seen?,Seen on own,Visit type,Notes\n"
    b"A1,05/03/2025,Y,1,CIN,ok\nA2,06/03/2025,N,0,CP,\n"
)
MATCHED = {
    "col_child_id": "Person ID",
    "col_visit_date": "Date of visit",
    "col_seen": "Child seen?",
    "col_seen_alone": "Seen on own",
    "col_kind": "Visit type",
}


def test_which_files_need_their_columns_matched() -> None:
    assert needs_mapping(ReturnFile("visits report.csv", MOSAIC))
    assert needs_mapping(ReturnFile("report.xlsx", workbook_bytes({"Visits": [["Person", "When"], ["A1", "x"]]})))
    assert not needs_mapping(ReturnFile("header.csv", HEADER + GOOD_HEADER))  # a 903 table
    wrong_903 = HEADER.replace(b"ETHNIC", b"ETHNICITY") + GOOD_HEADER
    assert not needs_mapping(ReturnFile("header.csv", wrong_903))  # reported as a 903 table with a column wrong
    assert not needs_mapping(ReturnFile("visits.csv", b"child_id,visit_date\nA1,01/01/2025\n"))  # generic already
    assert not needs_mapping(ReturnFile("empty.csv", b""))
    assert not needs_mapping(ReturnFile("visits report.csv", MOSAIC, previous_year=True))


def start(client: Any, *extra: tuple[str, bytes], as_at: str = "2025-03-31") -> Any:
    files = [("header.csv", HEADER + GOOD_HEADER), ("episodes.csv", EPISODES + GOOD_EPISODES), *extra]
    data = {"as_at": as_at, "returns": [SimpleUploadedFile(name, content) for name, content in files]}
    return client.post(reverse("casedata:upload"), data)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def selected(html: str) -> dict[str, str]:
    soup = BeautifulSoup(html, "html.parser")
    chosen = {}
    for select in soup.select("select"):
        option = select.find("option", selected=True)
        chosen[select["name"]] = option["value"] if option else ""
    return chosen


def test_a_file_with_its_own_headers_is_matched_saved_and_imported(client: Any, personas: Any) -> None:
    client.force_login(personas.performance_qa)
    response = start(client, ("visits report.csv", MOSAIC))
    draft = ImportDraft.objects.get()
    upload = draft.uploads.get(needs_mapping=True)
    assert response["Location"] == reverse("casedata:draft-columns", args=[draft.pk, upload.pk])
    assert Job.objects.count() == 0 and Snapshot.objects.count() == 0

    page = text(client.get(response["Location"]))
    assert "Match the columns of visits report.csv" in page and "Notes" in page
    assert selected(page) == {"use": "layout:visits", **MATCHED}  # the layout and columns guessed

    # Errors: a required column not chosen, one header chosen twice. Every choice and the name stay.
    wrong = {**MATCHED, "table": "visits", "col_visit_date": "", "col_kind": "Person ID", "save_as": "Mosaic visits"}
    page = text(client.post(response["Location"], wrong))
    assert "There is a problem" in page and "Select visit date" in page
    assert '"Person ID" is already matched to child id' in page
    kept = selected(page)
    assert kept["col_kind"] == "Person ID" and kept["col_visit_date"] == "" and kept["col_seen"] == "Child seen?"
    assert 'value="Mosaic visits"' in page
    assert ImportDraft.objects.get().job is None and ColumnMapping.objects.count() == 0

    done = client.post(response["Location"], {**MATCHED, "table": "visits", "save_as": "Mosaic visits"})
    job = Job.objects.get()
    assert done["Location"] == reverse("core:job-detail", args=[job.pk])
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.errors
    snapshot = Snapshot.objects.get()
    visits = snapshot_tables(snapshot, ["visits"])["visits"].sort("child_id")
    assert visits.select("child_id", "seen", "seen_alone", "kind").rows() == [
        ("A1", True, True, "CIN"),
        ("A2", False, False, "CP"),
    ]
    [mapped] = [s for s in snapshot.sources if s["name"] == "visits report.csv"]
    assert mapped["table"] == "visits" and mapped["mapping"]["Date of visit"] == "visit_date"
    assert any(f["code"] == "column-ignored" and f["field"] == "Notes" for f in snapshot.findings)
    saved = ColumnMapping.objects.get()
    assert (saved.name, saved.table, saved.columns["visit_date"]) == ("Mosaic visits", "visits", "Date of visit")
    assert [bytes(u.content) for u in ReturnUpload.objects.all()] == [b"", b"", b""]  # nothing left behind


def test_a_saved_mapping_is_offered_for_next_month_and_can_be_changed(client: Any, personas: Any) -> None:
    ColumnMapping.objects.create(
        name="Mosaic visits",
        table="visits",
        columns={"child_id": "person id", "visit_date": "Date of visit", "kind": "Visit type"},
    )
    client.force_login(personas.performance_qa)
    location = start(client, ("april visits.csv", MOSAIC), as_at="2025-04-30")["Location"]
    saved = ColumnMapping.objects.get()
    page = text(client.get(location))
    chosen = selected(page)
    assert chosen["use"] == f"saved:{saved.pk}"
    assert (chosen["col_child_id"], chosen["col_visit_date"], chosen["col_seen"]) == ("Person ID", "Date of visit", "")
    # Choosing another layout shows that layout's columns.
    other = text(client.get(location, {"use": "layout:contacts"}))
    assert "Contact ID" in other and selected(other)["use"] == "layout:contacts"
    client.post(location, {**MATCHED, "table": "visits"})
    job = Job.objects.get()
    job_run(job_id=job.pk)
    assert CaseRecord.objects.filter(table="visits").count() == 2


def test_the_same_file_matched_differently_is_a_new_import(client: Any, personas: Any) -> None:
    client.force_login(personas.performance_qa)
    for kind in ("Visit type", "Notes"):
        location = start(client, ("visits report.csv", MOSAIC))["Location"]
        client.post(location, {**MATCHED, "col_kind": kind, "table": "visits"})
        job_run(job_id=Job.objects.order_by("-pk").first().pk)  # type: ignore[union-attr]
    assert Snapshot.objects.count() == 2
    latest = snapshot_tables(Snapshot.objects.first(), ["visits"])["visits"]  # type: ignore[arg-type]
    assert sorted(latest["kind"].drop_nulls().to_list()) == ["OK"]


def test_a_taken_name_is_refused_and_a_cancelled_import_deletes_its_files(client: Any, personas: Any) -> None:
    ColumnMapping.objects.create(name="Mosaic visits", table="contacts", columns={"child_id": "x"})
    client.force_login(personas.performance_qa)
    location = start(client, ("visits report.csv", MOSAIC))["Location"]
    page = text(client.post(location, {**MATCHED, "table": "visits", "save_as": "mosaic VISITS"}))
    assert 'A saved mapping is already called "mosaic VISITS"' in page
    draft = ImportDraft.objects.get()
    client.post(reverse("casedata:draft-discard", args=[draft.pk]))
    assert ImportDraft.objects.count() == 0 and ReturnUpload.objects.count() == 0


def test_a_draft_is_only_for_the_person_who_uploaded_it(client: Any, personas: Any) -> None:
    draft = import_draft_create(files=[ReturnFile("v.csv", MOSAIC)], as_at=dt.date(2025, 3, 31), user=personas.admin)
    url = reverse("casedata:draft-columns", args=[draft.pk, draft.uploads.get().pk])
    client.force_login(personas.performance_qa)
    assert client.get(url).status_code == 404
    assert client.post(reverse("casedata:draft-discard", args=[draft.pk])).status_code == 404
    client.force_login(personas.director)
    assert client.get(url).status_code == 403
    assert ImportDraft.objects.count() == 1


def test_unfinished_drafts_are_deleted_after_a_day(personas: Any) -> None:
    old = import_draft_create(files=[ReturnFile("v.csv", MOSAIC)], as_at=dt.date(2025, 3, 31), user=personas.admin)
    ImportDraft.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=25))
    import_draft_create(files=[ReturnFile("v.csv", MOSAIC)], as_at=dt.date(2025, 4, 30), user=personas.admin)
    assert list(ImportDraft.objects.values_list("as_at", flat=True)) == [dt.date(2025, 4, 30)]
    assert ReturnUpload.objects.count() == 1
    assert import_drafts_purge(now=timezone.now() + dt.timedelta(days=2)) == 1


def test_saved_mappings_are_listed_and_deleted(client: Any, personas: Any) -> None:
    mapping = ColumnMapping.objects.create(name="Mosaic visits", table="visits", columns={"visit_date": "When"})
    client.force_login(personas.performance_qa)
    page = text(client.get(reverse("casedata:mapping-list")))
    assert "Mosaic visits" in page and "visit_date" in page and "When" in page
    client.post(reverse("casedata:mapping-delete", args=[mapping.pk]))
    assert ColumnMapping.objects.count() == 0
    client.force_login(personas.director)
    assert client.get(reverse("casedata:mapping-list")).status_code == 403
