"""The SSDA903 parser on an XML return (the same data as CSVs gives the same tables) and over two years."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from assure.casedata.parsers.ssda903 import merge_years, parse_903

# Two children as the 903 would hold them: header items, then records nested in the HEADER, then episodes.
CHILDREN: list[dict[str, Any]] = [
    {
        "header": {"CHILDID": "101", "UPN": "A123456789012", "SEX": "M", "DOB": "03/05/2012", "ETHNIC": "WBRI"},
        "uasc": None,
        "reviews": [("10/06/2024", "PN1"), ("10/12/2024", "PN2")],
        "missing": [("M", "01/07/2024", "03/07/2024")],
        "oc2": {"SDQ_SCORE": "14", "CONVICTED": "0", "HEALTH_CHECK": "1", "IMMUNISATIONS": "1", "TEETH_CHECK": "1"},
        "oc3": None,
        "ad1": {"DATE_INT": "01/10/2024", "DATE_MATCH": "01/12/2024", "FOSTER_CARE": "1", "NB_ADOPTR": "2",
                "SEX_ADOPTR": "MF", "LS_ADOPTR": "L0"},
        "permanence": {"PREV_PERM": "P2", "LA_PERM": "E09000027", "DATE_PERM": "about 2019"},
        "placed": [{"DATE_PLACED": "01/10/2024", "DATE_PLACED_CEASED": "", "REASON_PLACED_CEASED": ""}],
        "episodes": [
            {"DECOM": "01/05/2024", "RNE": "S", "LS": "C1", "CIN": "N1", "PL": "U4", "PLACE_PROVIDER": "PR1",
             "DEC": "01/09/2024", "REC": "X1", "REASON_PLACE_CHANGE": "CARPL", "HOME_POST": "AB1 2CD"},
            {"DECOM": "01/09/2024", "RNE": "L", "LS": "C2", "CIN": "N1", "PL": "U4", "PLACE_PROVIDER": "PR1"},
        ],
    },
    {
        "header": {"CHILDID": "102", "UPN": "UN2", "SEX": "2", "DOB": "20/11/2008", "ETHNIC": "BAFR", "MOTHER": "0"},
        "uasc": "11/11/2026",
        "reviews": [("15/08/2024", "PN5")],
        "missing": [("A", "04/02/2025", "")],
        "oc2": None,
        "oc3": {"IN_TOUCH": "YES", "ACTIV": "F2", "ACCOM": "D1"},
        "ad1": None,
        "permanence": None,
        "placed": [],
        "episodes": [
            {"DECOM": "12/07/2024", "RNE": "S", "LS": "V2", "CIN": "N8", "PL": "K2", "PLACE_PROVIDER": "PR4",
             "URN": "SC999999", "PL_POST": "ZZ9 9ZZ"},
        ],
    },
]  # fmt: skip

HEADER = ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")
EPISODE = (
    *("CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC"),
    *("REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN"),
)
OC2: tuple[str, ...] = (
    "CHILD",
    "DOB",
    "SDQ_SCORE",
    "SDQ_REASON",
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
)
OC2 += ("HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED")
AD1 = ("CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _element(tag: str, items: dict[str, str], indent: str) -> str:
    inner = "".join(f"{indent}  <{k}>{v}</{k}>\n" if v else f"{indent}  <{k} />\n" for k, v in items.items())
    return f"{indent}<{tag}>\n{inner}{indent}</{tag}>\n"


def as_xml() -> bytes:
    parts = ["<?xml version='1.0' encoding='utf-8'?>\n<EXPSSDA903>\n"]
    for child in CHILDREN:
        items = child["header"] | (child["oc3"] or {}) | (child["ad1"] or {})
        items |= {"UASC": "1" if child["uasc"] else "", "DUC": child["uasc"] or ""}
        nested = [_element("AREVIEW", {"REVIEW": d, "REVIEW_CODE": c}, "      ") for d, c in child["reviews"]]
        nested += [_element("AMISSING", dict(zip(("MISSING", "MIS_START", "MIS_END"), m, strict=True)), "      ")
                   for m in child["missing"]]  # fmt: skip
        nested += [_element("OC2", child["oc2"], "      ")] if child["oc2"] else []
        nested += [_element("PERMANENCE", child["permanence"], "      ")] if child["permanence"] else []
        nested += [_element("AD_PLACED", placed, "      ") for placed in child["placed"]]
        header = _element("HEADER", items, "    ").replace("    </HEADER>", "".join(nested) + "    </HEADER>")
        episodes = "".join(_element("EPISODE", episode, "    ") for episode in child["episodes"])
        parts.append(f"  <CHILD>\n{header}{episodes}  </CHILD>\n")
    parts.append("</EXPSSDA903>\n")
    return "".join(parts).encode()


def _csv(columns: tuple[str, ...], rows: list[dict[str, str]]) -> bytes:
    lines = [",".join(columns)] + [",".join(row.get(c, "") for c in columns) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def as_csvs() -> list[tuple[str, bytes]]:
    header, episodes, reviews, missing, oc2, uasc = [], [], [], [], [], []
    oc3, ad1, permanence, placed = [], [], [], []
    for child in CHILDREN:
        items = dict(child["header"])
        key = {"CHILD": items.pop("CHILDID"), "DOB": items["DOB"]}
        header.append(key | items)
        episodes += [key | {"PLACE": e["PL"]} | e for e in child["episodes"]]
        reviews += [key | {"REVIEW": d, "REVIEW_CODE": c} for d, c in child["reviews"]]
        missing += [key | dict(zip(("MISSING", "MIS_START", "MIS_END"), m, strict=True)) for m in child["missing"]]
        oc2 += [key | child["oc2"]] if child["oc2"] else []
        uasc += [key | {"SEX": items["SEX"], "DUC": child["uasc"]}] if child["uasc"] else []
        oc3 += [key | child["oc3"]] if child["oc3"] else []
        ad1 += [key | child["ad1"]] if child["ad1"] else []
        permanence += [key | child["permanence"]] if child["permanence"] else []
        placed += [key | row for row in child["placed"]]
    return [
        ("header.csv", _csv(HEADER, header)),
        ("episodes.csv", _csv(EPISODE, episodes)),
        ("reviews.csv", _csv(("CHILD", "DOB", "REVIEW", "REVIEW_CODE"), reviews)),
        ("missing.csv", _csv(("CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"), missing)),
        ("oc2.csv", _csv(OC2, oc2)),
        ("uasc.csv", _csv(("CHILD", "SEX", "DOB", "DUC"), uasc)),
        ("oc3.csv", _csv(("CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"), oc3)),
        ("ad1.csv", _csv(AD1, ad1)),
        ("prev.csv", _csv(("CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"), permanence)),
        ("placed.csv", _csv(("CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"), placed)),
    ]


def test_the_xml_gives_the_same_tables_as_the_same_data_in_csvs() -> None:
    from_xml, xml_findings = parse_903([("return.xml", as_xml())], collection_year=2025)
    from_csv, csv_findings = parse_903(as_csvs(), collection_year=2025)
    for name, frame in from_csv.items():
        assert frame.equals(from_xml[name]), name
    assert from_xml["children"].select("child_id", "sex", "upn_unknown", "uasc", "uasc_ceased").rows() == [
        ("101", "M", None, False, None),
        ("102", "F", "UN2", True, dt.date(2026, 11, 11)),
    ]
    assert from_xml["cla_episodes"].height == 3 and from_xml["cla_reviews"].height == 3
    assert from_xml["missing"]["kind"].to_list() == ["M", "A"]
    assert from_xml["health"].select("child_id", "sdq_score", "health_check").rows() == [("101", 14, True)]
    assert from_xml["care_leavers"].select("child_id", "activity").rows() == [("102", "F2")]
    assert from_xml["adoptions"].select("child_id", "foster_care", "adopters_sex").rows() == [("101", True, "MF")]
    assert from_xml["previous_permanence"].row(0) == ("101", "P2", "E09000027", "about 2019")
    assert from_xml["placed_for_adoption"].select("child_id", "decision_date").rows() == [("101", dt.date(2024, 10, 1))]
    # Both say child 102 uses the old SEX code, on its Header row (CSV) or HEADER element's line (XML).
    assert [(f.code, f.row) for f in csv_findings] == [("sex-old-code", 3)]
    header_line = [n for n, line in enumerate(as_xml().decode().splitlines(), 1) if line == "    <HEADER>"][1]
    assert [(f.code, f.file, f.row) for f in xml_findings] == [("sex-old-code", "return.xml", header_line)]


def test_an_xml_finding_gives_the_line_of_its_element() -> None:
    content = as_xml().replace(b"<LS>V2</LS>", b"<LS>Q7</LS>")
    _, findings = parse_903([("return.xml", content)], collection_year=2025)
    unknown = next(f for f in findings if f.code == "code-unknown")
    lines = content.decode().splitlines()
    episode_line = max(n for n, line in enumerate(lines, 1) if line.strip() == "<EPISODE>")
    assert (unknown.row, unknown.field, unknown.value, unknown.child_id) == (episode_line, "LS", "Q7", "102")


def test_a_truncated_xml_is_reported_with_a_line_number() -> None:
    whole = as_xml()
    content = whole[: whole.index(b"<CHILD>", whole.index(b"</CHILD>")) + 60]  # cut inside the second child
    tables, findings = parse_903([("return.xml", content)], collection_year=2025)
    (finding,) = (f for f in findings if f.code == "xml-malformed")
    assert finding.file == "return.xml" and finding.row is not None and finding.row > 1
    assert tables["children"]["child_id"].to_list() == ["101"]  # what came before the cut


def test_an_xml_that_is_not_a_903_return_is_reported() -> None:
    _, findings = parse_903([("cin.xml", b"<Message><Header /></Message>")], collection_year=2025)
    assert [(f.code, f.row) for f in findings] == [("xml-root", 1)]


def test_an_xml_with_an_entity_bomb_is_not_expanded() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        b"<EXPSSDA903><CHILD><HEADER><CHILDID>&b;</CHILDID></HEADER></CHILD></EXPSSDA903>"
    )
    tables, _ = parse_903([("bomb.xml", bomb)], collection_year=2025)
    assert tables["children"]["child_id"].to_list() in ([None], [])


def _year(rows: list[str], header: str = "1,M,01/01/2015,WBRI,A1,,") -> dict[str, pl.DataFrame]:
    columns = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
    files = [
        ("header.csv", f"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n{header}\n".encode()),
        ("episodes.csv", "\n".join([columns, *rows, ""]).encode()),
        ("reviews.csv", b"CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2015,01/03/2024,PN1\n"),
    ]
    tables, findings = parse_903(files, collection_year=2025)
    assert [f for f in findings if f.code != "sex-old-code"] == []
    return tables


def test_two_years_merge_into_one_history() -> None:
    previous = _year(["1,01/06/2023,S,C2,N1,U1,PR1,01/02/2024,X1,,,,", "1,01/02/2024,P,C2,N1,U4,PR1,,,,,,"])
    current = _year(
        ["1,01/02/2024,P,C2,N1,U4,PR1,15/06/2024,E4A,,,,"],  # spans 31 March 2024: now ended
        header="1,F,01/01/2015,WOTH,A1,,",
    )
    merged = merge_years(current, previous)
    episodes = merged["cla_episodes"].select("start_date", "end_date", "reason_ceased").rows()
    assert episodes == [
        (dt.date(2023, 6, 1), dt.date(2024, 2, 1), "X1"),
        (dt.date(2024, 2, 1), dt.date(2024, 6, 15), "E4A"),
    ]
    assert merged["cla_reviews"].height == 1
    assert merged["children"].select("child_id", "sex", "ethnicity").rows() == [("1", "F", "WOTH")]
    assert set(merged) == set(current)
