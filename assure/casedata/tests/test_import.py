"""Importing returns: the pages, the background job, the command, and bad input that stores nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import load_workbook

from assure.accounts.models import AccessLog
from assure.casedata.importing import ReturnFile
from assure.casedata.models import CaseRecord, Snapshot
from assure.casedata.selectors import snapshot_tables
from assure.casedata.services import ImportRefused, returns_import
from assure.core.models import Job, JobStatus
from assure.core.services import job_run

DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
AS_AT = "2025-03-31"
MARCH_31 = dt.date(2025, 3, 31)
HEADER = b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
EPISODES = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"


def shared_903() -> list[ReturnFile]:
    return [ReturnFile(p.name, p.read_bytes()) for p in sorted((DATA / "ssda903").glob("*.csv"))]


def small_903(header_rows: bytes, episode_rows: bytes = b"") -> list[ReturnFile]:
    return [ReturnFile("header.csv", HEADER + header_rows), ReturnFile("episodes.csv", EPISODES + episode_rows)]


GOOD_HEADER = b"A1,M,01/02/2015,WBRI,,,\nA2,F,29/02/2016,AIND,,,\n"
GOOD_EPISODES = b"A1,01/04/2024,S,C2,N1,U1,PR1,,,,,,\n"


@pytest.mark.django_db
def test_the_shared_samples_import_with_explained_findings() -> None:
    files = [*shared_903(), *(ReturnFile(p.name, p.read_bytes()) for p in sorted((DATA / "cin").glob("*.xml")))]
    snapshot, created = returns_import(files=files, as_at=MARCH_31)
    assert created
    codes = {f["code"] for f in snapshot.findings}
    # The fake 903 header uses the pre-2024/25 SEX codes; the fake episodes overlap in 72 places;
    # CHILD10 has social-worker and DoLo rows but no header row; the 2024 CIN file is hand-made
    # with three deliberate faults. None of this stops the import.
    assert codes <= {"sex-old-code", "episode-overlap", "child-orphan", "code-unknown", "date-order"}
    assert sum(f["code"] == "episode-overlap" for f in snapshot.findings) == 72
    assert snapshot.summary["cla_episodes"]["added"] == 5050
    assert CaseRecord.objects.filter(table="children").count() == snapshot.summary["children"]["added"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ([ReturnFile("header.csv", b"")], "file-empty"),
        (small_903(b"A1,M,31/02/2015,WBRI,,,\n"), "date-invalid"),
        (small_903(b"A1,M,01/02/2015,WBRI,,,\nA1,F,01/02/2015,WBRI,,,\n"), "child-duplicate"),
        ([ReturnFile("episodes.csv", EPISODES + GOOD_EPISODES)], "header-missing"),
        (
            [
                ReturnFile(
                    "header.csv",
                    "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,M,01/02/2015,WBRI,,,Zoë\n".encode("cp1252"),
                )
            ],
            "encoding",
        ),
        ([ReturnFile("cin.xml", b"<Message><Header><CollectionDetails><Collection>CIN</Coll")], "xml-malformed"),
        (
            [ReturnFile("903.xml", b"<?xml version='1.0'?>\n<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID>")],
            "xml-malformed",
        ),
    ],
    ids=[
        "zero-bytes",
        "31-february",
        "duplicate-child",
        "missing-table",
        "wrong-encoding",
        "truncated-cin",
        "truncated-903",
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_stored(
    files: list[ReturnFile], expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        returns_import(files=files, as_at=MARCH_31)
    assert expected in {f.code for f in refused.value.findings}
    for finding in refused.value.findings:
        assert finding.message and str(finding).startswith(finding.file)
    assert Snapshot.objects.count() == 0 and CaseRecord.objects.count() == 0


@pytest.mark.django_db
def test_a_byte_order_mark_is_fine() -> None:
    with_bom = ReturnFile("episodes.csv", b"\xef\xbb\xbf" + EPISODES + GOOD_EPISODES)
    snapshot, _ = returns_import(files=[ReturnFile("header.csv", HEADER + GOOD_HEADER), with_bom], as_at=MARCH_31)
    assert snapshot.summary["cla_episodes"]["added"] == 1


@pytest.mark.django_db
def test_a_very_large_file_imports(tmp_path: Path) -> None:
    rows = b"".join(b"C%d,F,01/02/2012,WBRI,,,\n" % i for i in range(60_000))
    snapshot, _ = returns_import(files=[ReturnFile("header.csv", HEADER + rows)], as_at=MARCH_31)
    assert snapshot.summary["children"]["added"] == 60_000


def test_the_command_prints_the_snapshot_id_or_the_problems(db: None, tmp_path: Path, capsys: Any) -> None:
    (tmp_path / "header.csv").write_bytes(HEADER + GOOD_HEADER)
    (tmp_path / "episodes.csv").write_bytes(EPISODES + GOOD_EPISODES)
    call_command("import_returns", "--as-at", AS_AT, str(tmp_path / "header.csv"), str(tmp_path / "episodes.csv"))
    assert capsys.readouterr().out.strip() == str(Snapshot.objects.get().pk)
    (tmp_path / "bad.csv").write_bytes(HEADER + b"B1,M,31/02/2015,WBRI,,,\n")
    with pytest.raises(CommandError, match="1 problem; nothing was imported"):
        call_command("import_returns", "--as-at", "2025-04-30", str(tmp_path / "bad.csv"))
    assert 'bad.csv, row 2, field "DOB": "31/02/2015"' in capsys.readouterr().err
    assert Snapshot.objects.count() == 1


def upload(client: Any, *files: tuple[str, bytes], as_at: str = AS_AT) -> Job:
    data = {"as_at": as_at, "returns": [SimpleUploadedFile(name, content) for name, content in files]}
    response = client.post(reverse("casedata:upload"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))
    job_run(job_id=job.pk)  # what the worker does
    job.refresh_from_db()
    return job


def test_uploading_runs_an_import_job_and_shows_the_snapshot(client: Any, personas: Any) -> None:
    client.force_login(personas.performance_qa)
    job = upload(
        client,
        ("header.csv", HEADER + GOOD_HEADER),
        ("episodes.csv", EPISODES + GOOD_EPISODES + b"A9,01/04/2024,S,C2,N1,U1,PR1,,,,,,\n"),
    )
    assert job.status == JobStatus.SUCCEEDED, job.errors
    snapshot = Snapshot.objects.get()
    page = client.get(job.result["next_url"]).content.decode()
    assert "Snapshot 1 as at 31/03/2025" in page and "header.csv" in page
    quality = client.get(reverse("casedata:snapshot-quality", args=[snapshot.pk])).content.decode()
    assert "A9" in quality and "child-orphan" in quality
    assert AccessLog.objects.filter(object_type="snapshot-quality", action="view").count() == 1
    download = client.get(
        reverse("casedata:snapshot-quality", args=[snapshot.pk]), {"format": "xlsx", "rule": "child-orphan"}
    )
    sheet = load_workbook(io.BytesIO(download.content)).active
    assert [c.value for c in sheet[1]][:3] == ["file", "row", "field"] and sheet.max_row == 2
    assert AccessLog.objects.filter(object_type="snapshot-quality", action="export").count() == 1


def test_a_bad_upload_fails_with_row_and_field_and_stores_nothing(client: Any, personas: Any) -> None:
    client.force_login(personas.performance_qa)
    job = upload(client, ("header.csv", HEADER + b"A1,M,31/02/2015,WBRI,,,\n"))
    assert job.status == JobStatus.FAILED
    assert any('header.csv, row 2, field "DOB": "31/02/2015"' in e for e in job.errors)
    assert Snapshot.objects.count() == 0
    assert [bytes(u.content) for u in job.return_uploads.all()] == [b""]  # the refused file is not kept
    page = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "31/02/2015" in page and "Nothing was changed" in page


def test_the_upload_form_needs_a_date_and_files(client: Any, personas: Any) -> None:
    client.force_login(personas.performance_qa)
    page = client.post(reverse("casedata:upload"), {"as_at": ""}).content.decode()
    assert "There is a problem" in page and "Enter as at" in page


def test_only_the_performance_team_imports(client: Any, personas: Any) -> None:
    client.force_login(personas.director)
    assert client.post(reverse("casedata:upload"), {"as_at": AS_AT}).status_code == 403
    client.force_login(personas.admin)
    snapshot = Snapshot.objects.create(seq=1, as_at=AS_AT, fingerprint="x", importer_version="t")
    assert client.get(reverse("casedata:snapshot-quality", args=[snapshot.pk])).status_code == 403


def test_a_return_downloads_from_a_snapshot_and_reads_back(client: Any, personas: Any, tmp_path: Path) -> None:
    import zipfile

    from assure.casedata.importing import read_returns

    snapshot, _ = returns_import(files=small_903(GOOD_HEADER, GOOD_EPISODES), as_at=MARCH_31)
    client.force_login(personas.performance_qa)
    url = reverse("casedata:snapshot-export", args=[snapshot.pk])
    assert "Download a return" in client.get(url).content.decode()
    response = client.get(url, {"fmt": "903-csv", "collection_year": 2025})
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = [ReturnFile(name, archive.read(name)) for name in archive.namelist()]
    again = read_returns(files, as_at=MARCH_31)
    assert sorted(again.tables["cla_episodes"]["child_id"].to_list()) == ["A1"]
    assert AccessLog.objects.filter(object_type="snapshot-return", action="export").count() == 1
    xml = client.get(url, {"fmt": "cin-xml", "collection_year": 2025})
    assert xml.content.startswith(b"<?xml") and b"<Message" in xml.content
    call_command("export_returns", "--snapshot", str(snapshot.pk), "--format", "903-xml", "--out", str(tmp_path))
    assert (tmp_path / "ssda903-990-2024-25.xml").read_bytes().count(b"<CHILD>") == 1  # only A1 is looked after


def test_an_annex_a_workbook_downloads_from_a_snapshot(client: Any, personas: Any) -> None:
    snapshot, _ = returns_import(files=small_903(GOOD_HEADER, GOOD_EPISODES), as_at=MARCH_31)
    client.force_login(personas.performance_qa)
    response = client.get(
        reverse("casedata:snapshot-export", args=[snapshot.pk]), {"fmt": "annex-a", "collection_year": 2025}
    )
    book = load_workbook(io.BytesIO(response.content))
    assert "List 8" in book.sheetnames
    assert book["List 8"]["A1"].value == "Child Unique ID"
    assert book["List 8"]["A2"].value == "A1"


@pytest.mark.django_db
def test_a_bad_practice_record_file_stores_nothing_from_any_file() -> None:
    core_groups = ReturnFile("core_groups.csv", b"child_id,plan_id,meeting_date\nA1,A1/CP/1,2025-13-01\n")
    peps = ReturnFile("peps.csv", b"child_id,pep_date\nA1,01/02/2025\n")
    with pytest.raises(ImportRefused) as refused:
        returns_import(files=[*small_903(GOOD_HEADER, GOOD_EPISODES), core_groups, peps], as_at=MARCH_31)
    assert [str(f) for f in refused.value.findings if f.code == "date-invalid"] == [
        'core_groups.csv, row 2, field "meeting_date": "2025-13-01" is not a real date.'
    ]
    assert Snapshot.objects.count() == 0 and CaseRecord.objects.count() == 0


@pytest.mark.django_db
def test_practice_records_import_beside_the_903() -> None:
    oversight = ReturnFile(
        "Oversight report.csv", b"Child ID,Supervision Date,Supervisor ID,Kind\nA1,03/03/2025,tm@x.example,Oversight\n"
    )
    iros = ReturnFile("iro.csv", b"child_id,iro_id,start_date\nA1,Jo.Smith@x.example,2024-04-01\n")
    snapshot, _ = returns_import(files=[*small_903(GOOD_HEADER, GOOD_EPISODES), oversight, iros], as_at=MARCH_31)
    stored = snapshot_tables(snapshot, ["supervisions", "iro_allocations"])
    assert stored["supervisions"].rows() == [("A1", dt.date(2025, 3, 3), "tm@x.example", "OVERSIGHT")]
    assert stored["iro_allocations"].rows() == [("A1", "Jo.Smith@x.example", dt.date(2024, 4, 1), None)]
