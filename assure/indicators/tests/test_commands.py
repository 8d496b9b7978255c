"""The command line: indicator_values prints the figures; import_benchmarks loads DfE's tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from assure.core.models import Job
from assure.core.services import job_run
from assure.core.testing import Personas
from assure.indicators.models import IndicatorRun, PublishedFigure, StatisticalNeighbour
from assure.indicators.selectors import published_for
from assure.indicators.services import indicator_recalculation_start

pytestmark = pytest.mark.django_db
BENCHMARKS = Path(__file__).resolve().parents[4] / "shared" / "data" / "benchmarks"
needs_data = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="DfE sample tables are not on this machine")


def _rows(**options: object) -> list[dict[str, str]]:
    out = io.StringIO()
    call_command("indicator_values", stdout=out, **options)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def test_indicator_values_prints_one_row_per_indicator_period_and_unit(run: IndicatorRun, personas: Personas) -> None:
    rows = _rows(snapshot=run.snapshot_id, format="csv")
    assert list(rows[0]) == ["indicator_id", "period_start", "period_end", "org_unit_code", "numerator", "denominator",
                             "value"]  # fmt: skip
    keys = [(r["indicator_id"], r["period_start"], r["period_end"], r["org_unit_code"]) for r in rows]
    assert len(keys) == len(set(keys))
    stored = run.values.filter(level__in=["authority", "service_area", "team", "worker"]).count()
    assert len(rows) == stored
    icpc = _rows(snapshot=run.snapshot_id, format="csv", indicator="icpc_within_15wd")
    authority = [r for r in icpc if r["org_unit_code"] == "990"]
    assert {r["indicator_id"] for r in icpc} == {"icpc_within_15wd"} and len(
        authority
    ) == 3  # three years to 31 March 2025
    last = authority[-1]
    assert last["period_end"] == "2025-03-31" and last["period_start"] == "2024-04-01"
    assert float(last["value"]) == pytest.approx(100 * float(last["numerator"]) / float(last["denominator"]), rel=1e-5)


def test_indicator_values_names_a_wrong_snapshot_or_indicator(run: IndicatorRun) -> None:
    with pytest.raises(CommandError, match="no snapshot with id 999"):
        _rows(snapshot=999)
    with pytest.raises(CommandError, match="no indicator 'icpc'"):
        _rows(snapshot=run.snapshot_id, indicator="icpc")


def test_an_import_job_queues_the_recalculation_which_reports_progress(run: IndicatorRun) -> None:
    job = indicator_recalculation_start(snapshot=run.snapshot)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == "succeeded", job.errors
    assert job.progress == 100 and "figures calculated" in job.result["summary"]
    assert IndicatorRun.objects.filter(snapshot=run.snapshot).count() == 1  # replaced, not added


@needs_data
def test_import_benchmarks_loads_england_regions_authorities_and_neighbours(run: IndicatorRun) -> None:
    out = io.StringIO()
    call_command("import_benchmarks", str(BENCHMARKS), stdout=out)
    assert "Skipped national_cla_adopted" in out.getvalue()
    england = PublishedFigure.objects.get(indicator_id="referrals_rereferral_12m", level="national",
                                          year_ending="2025-03-31")  # fmt: skip
    assert (england.numerator, england.denominator, england.value) == (142_900, 632_830, 22.6)
    cin = PublishedFigure.objects.get(indicator_id="cin_rate_per_10k", level="national", year_ending="2025-03-31")
    assert cin.value == pytest.approx(402_400 / 12_183_016 * 10_000)  # from the ONS estimate for mid-2024
    assert StatisticalNeighbour.objects.filter(model="2025", la_code="301").count() == 10
    assert StatisticalNeighbour.objects.filter(model="2021", la_code="202", rank=1).get().neighbour_code == "213"
    camden = published_for("202").for_period("cp_repeat_plan", run.as_at)
    assert camden.england == 24.5 and camden.own is not None and camden.region is not None
    assert camden.neighbour_count >= 8 and camden.neighbours is not None
    call_command("import_benchmarks", str(BENCHMARKS), stdout=io.StringIO())  # again: replaced, not doubled
    assert PublishedFigure.objects.filter(indicator_id="referrals_rereferral_12m", level="national",
                                          year_ending="2025-03-31").count() == 1  # fmt: skip


def test_import_benchmarks_refuses_a_file_it_does_not_know_and_imports_nothing(tmp_path: Path) -> None:
    good = tmp_path / "c1.csv"
    good.write_text(
        "time_period,geographic_level,country_code,country_name,referral_count,rereferral_count,rereferral_percent\n"
        "2025,National,E92000001,England,100,20,20\n"
    )
    bad = tmp_path / "other.csv"
    bad.write_text("time_period,geographic_level,something\n2025,National,1\n")
    with pytest.raises(CommandError, match=r"other\.csv: none of its columns"):
        call_command("import_benchmarks", str(good), str(bad), stdout=io.StringIO())
    assert not PublishedFigure.objects.exists()
    broken = tmp_path / "sn.csv"
    broken.write_text(
        "old_la_code,la_name," + ",".join(f"SN_{i},SN_{i}P" for i in range(1, 11)) + "\n301,X,30x,Close\n"
    )
    with pytest.raises(CommandError, match=r"sn\.csv, row 2, column SN_1: '30x' is not an LA code"):
        call_command("import_benchmarks", str(broken), stdout=io.StringIO())
    assert not Job.objects.exists()
