"""The indicator pages through HTTP, as each persona: scorecards, detail, drill-down, targets."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assure.accounts.models import AccessLog
from assure.core.testing import Personas
from assure.indicators.models import IndicatorRun, IndicatorValue, Target

pytestmark = pytest.mark.django_db


def test_the_figures_are_stored_by_organisation_unit_with_the_authoritys_la_code(
    run: IndicatorRun, personas: Personas
) -> None:
    assert run.la_code == "990" and run.rows == run.values.count() > 0
    levels = set(run.values.values_list("level", flat=True))
    assert {"authority", "service_area", "team", "worker", "age_band", "sex"} <= levels
    teams = set(run.values.filter(level="team").values_list("org_unit", flat=True))
    assert personas.team_a.name in teams and personas.team_b.name in teams
    areas = set(run.values.filter(level="service_area").values_list("org_unit", flat=True))
    assert areas <= {personas.area_a.name, personas.area_b.name} and areas
    rate = run.values.get(indicator_id="cla_rate_per_10k", level="authority", period_end=run.as_at)
    assert rate.denominator == 2_600 and rate.value == pytest.approx(10_000 * rate.numerator / 2_600)


def test_the_authority_scorecard_shows_each_indicator_with_rag_against_a_target(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    Target.objects.create(indicator_id="icpc_within_15wd", target=101, tolerance=0, effective_from="2020-01-01")
    client.force_login(personas.practitioner_a)
    page = client.get(reverse("indicators:scorecard")).content.decode()
    assert "Initial child protection conferences within 15 working days" in page
    assert "govuk-tag--red" in page  # nobody reaches 101%
    assert "Children looked after" in page


def test_board_members_see_small_numbers_hidden_and_no_children(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    IndicatorValue.objects.filter(run=run, indicator_id="cp_repeat_plan", level="authority").update(numerator=2)
    client.force_login(personas.board_member)
    page = client.get(reverse("indicators:scorecard")).content.decode()
    assert "hidden (small numbers)" in page
    assert "children behind" not in page
    value = run.values.filter(level="authority", indicator_id="icpc_within_15wd").first()
    assert value is not None
    url = reverse(
        "indicators:children", args=["icpc_within_15wd", "authority", "la", value.period_start, value.period_end]
    )
    assert client.get(url).status_code == 403


def test_scorecard_query_counts_do_not_grow_with_the_data(client: Any, run: IndicatorRun, personas: Personas) -> None:
    client.force_login(personas.director)
    pages = [
        reverse("indicators:scorecard"),
        reverse("indicators:scorecard-area", args=[personas.area_a.pk]),
        reverse("indicators:scorecard-team", args=[personas.team_a.pk]),
        reverse("indicators:scorecard-worker", args=[personas.practitioner_a.staff_id]),
    ]
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts == [19, 19, 18, 18]  # pinned: a change here is a new query per page, not per row


def test_a_team_figure_leads_to_its_children_and_the_view_is_logged(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    figure = (
        run.values.filter(level="team", org_unit=personas.team_b.name, indicator_id="cla_count_31mar")
        .order_by("-period_end")
        .first()
    )
    assert figure is not None and figure.numerator > 0
    url = reverse(
        "indicators:children",
        args=["cla_count_31mar", "team", personas.team_b.pk, figure.period_start, figure.period_end],
    )
    client.force_login(personas.practitioner_b)
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('<tr class="govuk-table__row"><td') == figure.numerator
    log = AccessLog.objects.get(user=personas.practitioner_b)
    assert log.object_type == "indicator figure" and "cla_count_31mar" in log.summary
    exported = client.get(url + "?format=csv")
    assert exported["Content-Type"].startswith("text/csv")
    assert len(exported.content.decode().strip().splitlines()) == figure.numerator + 1
    assert AccessLog.objects.filter(user=personas.practitioner_b, action="export").count() == 1
    client.force_login(personas.practitioner_a)  # team A sees nothing of team B's children
    assert client.get(url).status_code in {403, 404}


def test_an_indicator_page_has_its_definition_chart_history_and_breakdowns(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    client.force_login(personas.performance_qa)
    page = client.get(reverse("indicators:detail", args=["assessments_within_45wd"])).content.decode()
    assert "AssessmentActualStartDate" in page and "<svg" in page and "By age band" in page
    assert page.count("/indicators/assessments_within_45wd/children/authority/la/") >= 3
    xlsx = client.get(reverse("indicators:detail", args=["assessments_within_45wd"]) + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("indicators:detail", args=["no_such_thing"])).status_code == 404


def test_targets_are_added_and_changed_with_clear_errors(client: Any, personas: Personas) -> None:
    client.force_login(personas.performance_qa)
    bad = client.post(
        reverse("indicators:target-add"),
        {"indicator_id": "icpc_within_15wd", "target": "eighty", "tolerance": "-1", "effective_from": "1/4/2025",
         "effective_to": "1/1/2025"},
    )  # fmt: skip
    assert bad.status_code == 200 and not Target.objects.exists()
    text = bad.content.decode()
    assert "govuk-error-summary" in text and 'value="1/4/2025"' in text  # nothing typed is lost
    good = client.post(
        reverse("indicators:target-add"),
        {"indicator_id": "icpc_within_15wd", "target": "80", "tolerance": "5", "effective_from": "1/4/2025"},
    )
    assert good.status_code == 302
    target = Target.objects.get()
    client.post(
        reverse("indicators:target-edit", args=[target.pk]),
        {"indicator_id": "icpc_within_15wd", "target": "82", "tolerance": "5", "effective_from": "1/4/2025"},
    )
    target.refresh_from_db()
    assert target.target == 82
    history = client.get(reverse("indicators:target-edit", args=[target.pk])).content.decode()
    assert "Change history" in history and "82" in history


def test_scorecards_compare_with_england_the_region_and_neighbours(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    from assure.indicators.models import PublishedFigure, StatisticalNeighbour

    year = "2025-03-31"
    rows = [("national", "E92000001", "", 24.5), ("regional", "E12000009", "", 30.0), ("la", "990", "E12000009", 40.0),
            ("la", "801", "E12000009", 10.0), ("la", "802", "E12000009", 20.0)]  # fmt: skip
    for level, code, region, value in rows:
        PublishedFigure.objects.create(indicator_id="cp_repeat_plan", year_ending=year, level=level, code=code,
                                       region_code=region, value=value, source="test")  # fmt: skip
    for rank, code in enumerate(("801", "802"), start=1):
        StatisticalNeighbour.objects.create(model="2025", la_code="990", neighbour_code=code, rank=rank)
    client.force_login(personas.director)
    exported = client.get(reverse("indicators:scorecard") + "?format=csv").content.decode()
    line = next(row for row in exported.splitlines() if row.startswith("cp_repeat_plan,"))
    assert line.endswith(",24.5,30.0,15.0")  # England, the region, the mean of the two neighbours
    page = client.get(reverse("indicators:scorecard")).content.decode()
    assert "DfE for us 40.0%" in page and ">24.5%<" in page and ">15.0%<" in page  # shown as our own are


def test_published_figures_are_shown_in_the_indicators_unit(client: Any, run: IndicatorRun, personas: Personas) -> None:
    # A count as a whole number with thousands, a rate as it is; what DfE does not publish says so.
    counts = [("national", "E92000001", 81770.0), ("regional", "E12000009", 14620.0)]
    _published("cla_count_31mar", "2025-03-31", counts)
    _published("cla_rate_per_10k", "2025-03-31", [("national", "E92000001", 67.0)])
    personas.authority.region_code = "E12000009"
    personas.authority.save()
    client.force_login(personas.director)
    page = client.get(reverse("indicators:scorecard")).content.decode()
    assert ">81,770<" in page and ">14,620<" in page and "81770.0" not in page
    assert ">67.0<" in page
    rows = page.split("<tr")
    count_row = next(r for r in rows if "Children looked after<" in r)
    assert count_row.count("no DfE figure") == 1  # the neighbours: no figures for them
    detail = client.get(reverse("indicators:detail", args=["cla_count_31mar"])).content.decode()
    assert "81,770 (2025)" in detail


def _published(indicator_id: str, year: str, rows: list[tuple[str, str, float]]) -> None:
    from assure.indicators.models import PublishedFigure

    for level, code, value in rows:
        PublishedFigure.objects.create(indicator_id=indicator_id, year_ending=year, level=level, code=code,
                                       name=f"Place {code}", value=value, source="test")  # fmt: skip


def test_an_authority_dfe_does_not_list_compares_with_its_configured_region_and_neighbours(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    from assure.indicators.models import StatisticalNeighbour

    places = [("national", "E92000001", 24.5), ("regional", "E12000002", 22.0), ("regional", "E12000009", 30.0),
              ("la", "801", 10.0), ("la", "802", 20.0), ("la", "803", 60.0)]  # fmt: skip
    _published("cp_repeat_plan", "2025-03-31", places)
    for model, code, rank in (("2021", "801", 1), ("2021", "802", 2), ("2025", "803", 1)):
        StatisticalNeighbour.objects.create(model=model, la_code="350", neighbour_code=code, rank=rank)
    client.force_login(personas.director)
    url = reverse("indicators:scorecard")

    def cp_repeat_line() -> str:
        exported = client.get(url + "?format=csv").content.decode()
        return next(row for row in exported.splitlines() if row.startswith("cp_repeat_plan,"))

    assert cp_repeat_line().endswith(",24.5,,")  # no region and no neighbours for LA 990 in DfE's tables
    authority = personas.authority
    authority.region_code, authority.neighbours_of = "E12000002", "350"
    authority.save()
    assert cp_repeat_line().endswith(",24.5,22.0,60.0")  # North West; Bolton's 2025 neighbours for 2025
    page = client.get(url).content.decode()
    assert "Compared with the North West region and the statistical neighbours of LA code 350" in page
    authority.neighbour_model = "2021"
    authority.save()
    assert cp_repeat_line().endswith(",24.5,22.0,15.0")  # the 2021 model, as configured, for every year


def _sheet(response: Any) -> list[tuple[Any, ...]]:
    import io

    from openpyxl import load_workbook

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


def test_every_indicator_download_has_readable_headers_and_labels(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    Target.objects.create(indicator_id="icpc_within_15wd", target=101, tolerance=0, effective_from="2020-01-01")
    client.force_login(personas.director)
    scorecard = _sheet(client.get(reverse("indicators:scorecard") + "?format=xlsx"))
    assert scorecard[0] == ("Indicator ID", "Indicator", "Period start", "Period end", "Numerator", "Denominator",
                            "Value", "Previous period", "Against target (RAG)", "Direction of travel", "England",
                            "Region", "Statistical neighbours")  # fmt: skip
    icpc = next(row for row in scorecard if row[0] == "icpc_within_15wd")
    assert icpc[8] == "Red" and icpc[3].date() == run.as_at  # a label, and a date Excel reads as one
    history = _sheet(client.get(reverse("indicators:detail", args=["icpc_within_15wd"]) + "?format=xlsx"))
    assert history[0] == ("Period start", "Period end", "Numerator", "Denominator", "Value", "Year of DfE's figures",
                          "England", "Region", "Statistical neighbours")  # fmt: skip
    figure = run.values.filter(level="team", org_unit=personas.team_b.name, indicator_id="cla_count_31mar").first()
    assert figure is not None
    unit = ["cla_count_31mar", "team", personas.team_b.pk, figure.period_start, figure.period_end]
    url = reverse("indicators:children", args=unit)
    children = _sheet(client.get(url + "?format=xlsx"))
    assert children[0] == ("Child ID", "Date", "Counted in the numerator", "Value", "Worker", "Team", "Service area",
                           "Age band")  # fmt: skip
    assert {row[2] for row in children[1:]} <= {"Yes", "No"} and len(children) == figure.numerator + 1
    workers = {row[4] for row in children[1:]}
    assert workers and not any("@" in w for w in workers)  # names of the organisation's staff, not e-mail addresses


def test_a_year_to_date_with_nothing_counted_gives_way_to_the_year_before(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    # Care leavers are recorded once a year: before the next return the current year has nothing in it.
    ours = IndicatorValue.objects.filter(run=run, indicator_id="care_leavers_eet_17_18", level="authority")
    ours.delete()
    years = [(dt.date(2023, 4, 1), dt.date(2024, 3, 31), 6, 10), (dt.date(2024, 4, 1), dt.date(2025, 3, 31), 7, 10),
             (dt.date(2025, 4, 1), run.as_at, 0, 0)]  # fmt: skip
    for start, end, numerator, denominator in years:
        IndicatorValue.objects.create(
            run=run, indicator_id="care_leavers_eet_17_18", period_start=start, period_end=end, level="authority",
            org_unit=run.la_code, numerator=numerator, denominator=denominator,
            value=100 * numerator / denominator if denominator else None,
        )  # fmt: skip
    client.force_login(personas.director)
    page = client.get(reverse("indicators:scorecard")).content.decode()
    row = next(r for r in page.split("<tr") if "Care leavers aged 17 to 18 in education" in r)
    assert "1 Apr 2024 to 31 Mar 2025" in row and "70.0%" in row and "60.0%" in row  # and the year before it
    assert "latest with a figure" in row and ">70.0%<span" in row  # the figure shown
    IndicatorValue.objects.create(
        run=run, indicator_id="care_leavers_eet_17_18", period_start=dt.date(2024, 4, 1),
        period_end=dt.date(2025, 3, 31), level="team", org_unit=personas.team_a.name, numerator=3, denominator=4,
        value=75.0,
    )  # fmt: skip
    detail = client.get(reverse("indicators:detail", args=["care_leavers_eet_17_18"])).content.decode()
    assert "By team, 1 Apr 2024 to 31 Mar 2025" in detail and "75.0%" in detail  # the same period as the scorecard


def _group(run: IndicatorRun, indicator_id: str, level: str, figures: dict[str, tuple[float, float]]) -> None:
    """Replace one period's figures at `level` with these (org unit: numerator, denominator)."""
    start, end = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
    IndicatorValue.objects.filter(run=run, indicator_id=indicator_id, level=level, period_end=end).delete()
    for org_unit, (numerator, denominator) in figures.items():
        IndicatorValue.objects.create(
            run=run, indicator_id=indicator_id, period_start=start, period_end=end, level=level, org_unit=org_unit,
            numerator=numerator, denominator=denominator, value=100 * numerator / denominator,
        )  # fmt: skip


def test_one_small_figure_is_hidden_with_another_so_the_total_cannot_give_it_away(
    client: Any, run: IndicatorRun, personas: Personas
) -> None:
    # Three teams add up to the authority's figure: hiding only the small one would let anyone take the
    # other two from the total. Another goes with it (and, as each persona's service area has one team,
    # whose figure is that area's, the areas too): the same on the indicator's page and each team's own.
    indicator = "cp_repeat_plan"
    IndicatorValue.objects.filter(run=run, indicator_id=indicator, period_end__gt=dt.date(2025, 3, 31)).delete()
    teams = {personas.team_a.name: (20.0, 40.0), personas.team_b.name: (9.0, 30.0), "Team C": (1.0, 8.0)}
    _group(run, indicator, "team", teams)
    _group(run, indicator, "age_band", {"10 to 15": (12.0, 50.0), "16 and over": (18.0, 28.0)})  # none small
    _group(run, indicator, "authority", {run.la_code: (30.0, 78.0)})  # what they add up to
    client.force_login(personas.board_member)
    detail = client.get(reverse("indicators:detail", args=[indicator])).content.decode()
    rows = detail.split("By team")[1].split("</table>")[0].split("<tr")
    hidden_teams = {name for name in teams if "hidden (small numbers)" in next(r for r in rows if f">{name}<" in r)}
    assert "Team C" in hidden_teams and len(hidden_teams) >= 2  # never the small one alone
    assert "64.3%" in detail.split("By age band")[1]  # no group is small: all shown
    for team in (personas.team_a, personas.team_b):
        page = client.get(reverse("indicators:scorecard-team", args=[team.pk])).content.decode()
        row = next(r for r in page.split("<tr") if "Second or subsequent child protection plans" in r)
        assert ("hidden (small numbers)" in row.split("Trend")[0]) == (team.name in hidden_teams), team.name
    client.force_login(personas.director)  # who sees figures whole
    whole = client.get(reverse("indicators:detail", args=[indicator])).content.decode()
    assert "hidden (small numbers)" not in whole and "30.0%" in whole and "12.5%" in whole
