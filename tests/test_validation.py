"""Table-driven tests of reading and validating a data folder: every bad-input rule, and that
every good row still loads."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from kursk_monitor.dataset import load_dataset

SOURCES = """source_id,publisher,title,url,published,language,source_type,reliability
S001,KBS World,NIS report,http://world.kbs.co.kr/a,2024-10-18,en,broadcaster,B
S002,Example Agency,Second report,https://example.org/b,,de,wire,C
"""
ACTORS = """actor_id,name,name_de,kind,country,description
kr_nis,National Intelligence Service,Nationaler Nachrichtendienst,intelligence,KOR,
us_dod,US Department of Defense,US-Verteidigungsministerium,government,USA,
nato,NATO,NATO,international_org,NATO,
"""
LOCATIONS = """location_id,name,name_de,lat,lon,country,admin1,kind,geo_precision
sudzha,Sudzha,Sudscha,51.19139,35.27056,RUS,Kursk Oblast,town,1
vladivostok,Vladivostok,Wladiwostok,43.115,131.885,RUS,Primorsky Krai,port,1
"""
FIGURES_HEADER = "figure_id,claimed_on,claimant_id,metric,value_low,value_high,qualifier,claim_kind,location_id,source_ids,credibility,note\n"
GOOD_FIGURE = (
    "F001,2024-10-18,kr_nis,troops_deployment,1500,1500,about,assessment,vladivostok,S001,2,first contingent\n"
)
FIGURES = (
    FIGURES_HEADER
    + GOOD_FIGURE
    + "F002,2024-11-04,us_dod,troops_in_kursk,10000,10000,at_least,assessment,,S001;S002,2,\n"
)
EVENTS = """event_id,date,end_date,date_precision,title,title_de,category,actor_ids,location_id,source_ids,credibility
E001,2024-06-19,,day,Treaty signed,Vertrag unterzeichnet,diplomatic,kr_nis,,S001,1
E002,2024-10-08,2024-10-13,day,First transfer by sea,Erste Verlegung auf dem Seeweg,military,kr_nis;us_dod,vladivostok,S001,2
"""
MOVEMENTS = """movement_id,date,end_date,date_precision,from_location_id,to_location_id,mode,personnel_low,personnel_high,source_ids,credibility
M001,2024-10-08,2024-10-13,day,vladivostok,sudzha,rail,1500,1500,S001,3
"""
CONTROL_HEADER = "control_id,date,as_of,location_id,claimant_id,holder,claim,source_ids,credibility,note\n"
CONTROL = (
    CONTROL_HEADER
    + "C001,2024-08-15,,sudzha,kr_nis,UKR,captured,S001,2,\n"
    + "C002,2025-03-13,2025-03-12,sudzha,us_dod,RUS,recaptured,S001;S002,2,\n"
)

GOOD = {
    "sources.csv": SOURCES,
    "actors.csv": ACTORS,
    "locations.csv": LOCATIONS,
    "figures.csv": FIGURES,
    "events.csv": EVENTS,
    "movements.csv": MOVEMENTS,
    "control.csv": CONTROL,
}


def write_folder(root: Path, overrides: dict[str, str | bytes | None] | None = None) -> Path:
    files = {**GOOD, **(overrides or {})}
    for name, content in files.items():
        if content is None:
            continue
        path = root / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def test_good_folder_loads_cleanly(tmp_path):
    data = load_dataset(write_folder(tmp_path))
    assert data.problems == []
    assert {name: len(frame) for name, frame in data.tables.items()} == {
        "sources": 2,
        "actors": 3,
        "locations": 2,
        "figures": 2,
        "events": 2,
        "movements": 1,
        "control": 2,
    }
    figures = data.tables["figures"]
    assert figures["claimed_on"].dtype == "datetime64[ns]"
    assert figures.loc[1, "source_ids"] == ("S001", "S002")
    assert figures.loc[1, "reliability"] == "B"  # best of B and C
    assert figures.loc[0, "claimant_country"] == "KOR"
    assert data.tables["events"].loc[1, "actor_countries"] == ("KOR", "USA")
    control = data.tables["control"]
    assert control["date"].dtype == "datetime64[ns]"
    assert control.loc[1, "source_ids"] == ("S001", "S002")
    assert (control.loc[1, "reliability"], control.loc[1, "claimant_country"]) == ("B", "USA")


# (case id, file, content, expected (line, column, rule) problems, rows loaded in that file)
BAD_FIGURES = [
    ("bad date", "F003,2024-13-01,kr_nis,killed,1,1,exact,assessment,,S001,2,\n", [(4, "claimed_on", "bad_date")]),
    (
        "impossible day",
        "F003,2024-02-30,kr_nis,killed,1,1,exact,assessment,,S001,2,\n",
        [(4, "claimed_on", "bad_date")],
    ),
    (
        "day-first date",
        "F003,18.10.2024,kr_nis,killed,1,1,exact,assessment,,S001,2,\n",
        [(4, "claimed_on", "bad_date")],
    ),
    (
        "unknown claimant",
        "F003,2024-10-18,xyz,killed,1,1,exact,assessment,,S001,2,\n",
        [(4, "claimant_id", "unknown_reference")],
    ),
    (
        "unknown source in list",
        "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001;S999,2,\n",
        [(4, "source_ids", "unknown_reference")],
    ),
    (
        "unknown location",
        "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,nowhere,S001,2,\n",
        [(4, "location_id", "unknown_reference")],
    ),
    (
        "duplicate id",
        "F001,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,\n",
        [(4, "figure_id", "duplicate_id")],
    ),
    (
        "low above high",
        "F003,2024-10-18,kr_nis,killed,300,200,range,assessment,,S001,2,\n",
        [(4, "value_high", "low_greater_than_high")],
    ),
    (
        "metric not allowed",
        "F003,2024-10-18,kr_nis,troops_in_rusia,1,1,exact,assessment,,S001,2,\n",
        [(4, "metric", "not_allowed")],
    ),
    (
        "qualifier not allowed",
        "F003,2024-10-18,kr_nis,killed,1,1,roughly,assessment,,S001,2,\n",
        [(4, "qualifier", "not_allowed")],
    ),
    (
        "credibility not allowed",
        "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,7,\n",
        [(4, "credibility", "not_allowed")],
    ),
    (
        "not a number",
        "F003,2024-10-18,kr_nis,killed,many,1,exact,assessment,,S001,2,\n",
        [(4, "value_low", "bad_number")],
    ),
    (
        "negative number",
        "F003,2024-10-18,kr_nis,killed,-5,1,exact,assessment,,S001,2,\n",
        [(4, "value_low", "bad_number")],
    ),
    ("missing required value", "F003,,kr_nis,killed,1,1,exact,assessment,,S001,2,\n", [(4, "claimed_on", "required")]),
    ("no source", "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,,,2,\n", [(4, "source_ids", "required")]),
    ("too few fields", "F003,2024-10-18,kr_nis,killed,1,1\n", [(4, "qualifier", "too_few_fields")]),
    (
        "too many fields",
        "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,note,extra\n",
        [(4, "field 13", "too_many_fields")],
    ),
    ("bad id pattern", "X3,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,\n", [(4, "figure_id", "bad_id")]),
]


@pytest.mark.parametrize(("row", "expected"), [c[1:] for c in BAD_FIGURES], ids=[c[0] for c in BAD_FIGURES])
def test_bad_figure_row_is_reported_and_left_out(tmp_path, row, expected):
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES + row}))
    found = [(p.line, p.column, p.rule) for p in data.problems if p.severity == "error"]
    assert found == expected
    assert all(p.file == "figures.csv" for p in data.problems)
    assert list(data.tables["figures"]["figure_id"]) == ["F001", "F002"]  # both good rows kept


@pytest.mark.parametrize(
    ("file", "content", "expected"),
    [
        ("locations.csv", LOCATIONS + "north,North,,95,35,RUS,,town,1\n", (4, "lat", "out_of_range")),
        ("locations.csv", LOCATIONS + "east,East,,51,181,RUS,,town,1\n", (4, "lon", "out_of_range")),
        ("locations.csv", LOCATIONS + "mid,Mid,,51,35,RUS,,hamlet,1\n", (4, "kind", "not_allowed")),
        ("sources.csv", SOURCES + "S003,X,T,,2024-01-01,eng,wire,B\n", (4, "language", "not_allowed")),
        ("sources.csv", SOURCES + "S003,X,T,,2024-01-01,en,blog,B\n", (4, "source_type", "not_allowed")),
        ("sources.csv", SOURCES + "S003,X,T,,2024-01-01,en,wire,G\n", (4, "reliability", "not_allowed")),
        ("actors.csv", ACTORS + "x1,X,,official,Korea,\n", (5, "country", "not_allowed")),
        (
            "events.csv",
            EVENTS + "E003,2024-10-20,2024-10-01,day,T,,military,,,S001,2\n",
            (4, "end_date", "end_before_start"),
        ),
        ("events.csv", EVENTS + "E003,2024-10-20,,day,T,,parade,,,S001,2\n", (4, "category", "not_allowed")),
        (
            "events.csv",
            EVENTS + "E003,2024-10-20,,day,T,,military,kr_nis;nobody,,S001,2\n",
            (4, "actor_ids", "unknown_reference"),
        ),
        (
            "movements.csv",
            MOVEMENTS + "M002,2024-10-20,,day,vladivostok,atlantis,rail,,,S001,3\n",
            (3, "to_location_id", "unknown_reference"),
        ),
    ],
)
def test_bad_rows_in_other_files(tmp_path, file, content, expected):
    data = load_dataset(write_folder(tmp_path, {file: content}))
    errors = [(p.file, p.line, p.column, p.rule) for p in data.problems if p.severity == "error"]
    assert errors == [(file, *expected)]
    table = data.tables[file.removesuffix(".csv")]
    assert len(table) == GOOD[file].count("\n") - 1  # every good row loaded


def test_missing_required_column_is_reported_for_the_header(tmp_path):
    content = FIGURES.replace(",claimant_id,", ",claimant,")
    data = load_dataset(write_folder(tmp_path, {"figures.csv": content}))
    missing = [p for p in data.problems if p.rule == "missing_column"]
    assert [(p.file, p.line, p.column) for p in missing] == [("figures.csv", 1, "claimant_id")]
    assert "did you mean" not in missing[0].message or "claimant" in missing[0].message
    assert data.tables["figures"].empty
    assert len(data.tables["events"]) == 2  # other files unaffected


def test_unreadable_file_does_not_take_other_files_down(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"actors.csv": b"\x00\x01\x02binary\x00"}))
    assert [(p.file, p.rule) for p in data.problems] == [("actors.csv", "unreadable_file")]
    assert len(data.tables["figures"]) == 2  # references to actors are not checked against nothing
    assert len(data.tables["sources"]) == 2


def test_missing_file_is_reported(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"events.csv": None}))
    assert [(p.file, p.rule) for p in data.problems] == [("events.csv", "unreadable_file")]
    assert data.tables["events"].empty
    assert "date" in data.tables["events"].columns


def test_movements_file_is_optional(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"movements.csv": None}))
    assert data.problems == []


@pytest.mark.parametrize(
    ("encoding", "prefix"),
    [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("cp1252", b""), ("latin-1", b"")],
)
def test_encodings(tmp_path, encoding, prefix):
    content = ACTORS + "ru_duma,State Duma,Staatsduma (Rußland – Parlament),government,RUS,\n"
    if encoding == "latin-1":
        content = content.replace("–", "-")
    data = load_dataset(write_folder(tmp_path, {"actors.csv": prefix + content.encode(encoding)}))
    assert data.problems == []
    names = data.tables["actors"].set_index("actor_id")["name_de"]
    assert names["ru_duma"].startswith("Staatsduma (Rußland")


def test_semicolon_separated_file_from_german_spreadsheets(tmp_path):
    content = LOCATIONS.replace(",", ";").replace("51.19139", '"51,19139"')
    data = load_dataset(write_folder(tmp_path, {"locations.csv": content}))
    assert data.problems == []
    assert data.tables["locations"].set_index("location_id").loc["sudzha", "lat"] == pytest.approx(51.19139)


def test_quoted_line_breaks_blank_lines_and_line_numbers(tmp_path):
    content = (
        FIGURES_HEADER
        + "\n"
        + 'F001,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,"a note\nover two lines"\n'
        + "\n"
        + "F002,2024-99-18,kr_nis,killed,1,1,exact,assessment,,S001,2,\n"
    )
    data = load_dataset(write_folder(tmp_path, {"figures.csv": content}))
    assert [(p.line, p.column) for p in data.problems] == [(6, "claimed_on")]
    assert data.tables["figures"].loc[0, "note"] == "a note\nover two lines"


def test_unclosed_quote_skips_only_its_line(tmp_path):
    content = (
        FIGURES_HEADER
        + 'F001,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,"never closed\n'
        + GOOD_FIGURE.replace("F001", "F002")
        + GOOD_FIGURE.replace("F001", "F003")
    )
    data = load_dataset(write_folder(tmp_path, {"figures.csv": content}))
    assert [(p.line, p.rule) for p in data.problems] == [(2, "unclosed_quote")]
    assert list(data.tables["figures"]["figure_id"]) == ["F002", "F003"]


@pytest.mark.parametrize("closed_on_last_line", [False, True])
def test_stray_quote_closed_on_a_later_line_skips_only_its_line(tmp_path, closed_on_last_line):
    """A quote opened on F001's line and closed only on a later line would make one record of the
    lines between; the good rows on those lines still load."""
    last = GOOD_FIGURE.replace("F001", "F004").replace("first contingent", '"a quoted, note"')
    rows = [GOOD_FIGURE.replace("F001", "F002"), GOOD_FIGURE.replace("F001", "F003"), last]
    if not closed_on_last_line:
        rows.append(GOOD_FIGURE.replace("F001", "F005"))
    content = FIGURES_HEADER + 'F001,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,"never closed here\n'
    data = load_dataset(write_folder(tmp_path, {"figures.csv": content + "".join(rows)}))
    assert [(p.line, p.rule) for p in data.problems] == [(2, "stray_quote")]
    assert "closes only on line 5" in data.problems[0].message
    expected = ["F002", "F003", "F004"] + ([] if closed_on_last_line else ["F005"])
    assert list(data.tables["figures"]["figure_id"]) == expected
    assert data.tables["figures"].set_index("figure_id").loc["F004", "note"] == "a quoted, note"


@pytest.mark.parametrize(("cell", "value"), [("10000", 10000), ('"10,000"', 10000), ("10.000", 10000), ("0", 0)])
def test_numbers_with_thousands_separators(tmp_path, cell, value):
    row = f"F003,2024-10-18,kr_nis,killed,{cell},{cell},exact,assessment,,S001,2,\n"
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES_HEADER + row}))
    assert data.problems == []
    assert data.tables["figures"].loc[0, "value_low"] == value


def test_enum_case_and_whitespace_are_forgiven(tmp_path):
    row = "F003, 2024-10-18 ,kr_nis,Killed,1,1,EXACT,assessment,,S001,2,\n"
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES_HEADER + row}))
    assert data.problems == []
    row = data.tables["figures"].iloc[0]
    assert (row["metric"], row["qualifier"], row["claimed_on"]) == ("killed", "exact", pd.Timestamp("2024-10-18"))


def test_warnings_keep_the_row(tmp_path):
    rows = "F003,2024-10-18,kr_nis,killed,5,5,range,assessment,,S001,2,,\n"  # one empty trailing field
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES_HEADER + rows}))
    assert {p.rule for p in data.problems} == {"too_many_fields", "qualifier_mismatch"}
    assert all(p.severity == "warning" for p in data.problems)
    assert list(data.tables["figures"]["figure_id"]) == ["F003"]


def test_problem_names_file_line_column_value(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES + BAD_FIGURES[0][1]}))
    (problem,) = data.problems
    assert problem.format().startswith("figures.csv:4: claimed_on: '2024-13-01'")
    assert problem.value == "2024-13-01"


def test_week_and_month_precision_cover_their_whole_period(tmp_path):
    from datetime import date

    from kursk_monitor.filters import ViewFilter

    events = EVENTS + "E003,2025-03-01,,month,Month-precision event,,military,,,S001,2\n"
    data = load_dataset(write_folder(tmp_path, {"events.csv": events}))
    table = data.tables["events"].set_index("event_id")
    assert table.loc["E003", "period_end"] == pd.Timestamp("2025-03-31")
    assert table.loc["E002", "period_end"] == pd.Timestamp("2024-10-13")  # explicit end date wins
    mid_march = ViewFilter(date_from=date(2025, 3, 15), date_to=date(2025, 3, 20))
    assert list(data.select(mid_march).events["event_id"]) == ["E003"]


def test_number_split_by_an_unquoted_comma_is_one_clear_problem(tmp_path):
    row = "F003,2024-10-18,kr_nis,killed,10,000,10000,exact,assessment,,S001,2,\n"  # 10,000 not quoted; note empty
    data = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES + row}))
    assert [(p.line, p.rule, p.severity) for p in data.problems] == [(4, "too_many_fields", "error")]
    assert "unquoted comma" in data.problems[0].message
    assert list(data.tables["figures"]["figure_id"]) == ["F001", "F002"]


def test_empty_columns_added_by_a_spreadsheet_are_harmless(tmp_path):
    lines = FIGURES.splitlines()
    rows_padded = "\n".join([lines[0]] + [line + ",," for line in lines[1:]]) + "\n"
    data = load_dataset(write_folder(tmp_path, {"figures.csv": rows_padded}))
    assert {(p.rule, p.severity) for p in data.problems} == {("too_many_fields", "warning")}
    assert list(data.tables["figures"]["figure_id"]) == ["F001", "F002"]
    all_padded = "".join(line + ",,\n" for line in lines)  # header too: two unnamed empty columns
    data = load_dataset(write_folder(tmp_path, {"figures.csv": all_padded}))
    assert [p for p in data.problems if p.severity == "error"] == []
    assert list(data.tables["figures"]["figure_id"]) == ["F001", "F002"]


@pytest.mark.parametrize(
    ("url", "loaded_url", "problem"),
    [
        ("https://example.org/a", "https://example.org/a", None),
        ("HTTPS://Example.org/A", "https://Example.org/A", None),
        ("Http://example.org/b", "http://example.org/b", None),
        ("ftp://example.org/c", "", "bad_url"),
        ("javascript:alert(1)", "", "bad_url"),
        ("data:text/html;<b>x</b>", "", "bad_url"),
        ("www.example.org", "", "bad_url"),
    ],
)
def test_a_bad_optional_url_is_reported_and_the_row_kept_without_it(tmp_path, url, loaded_url, problem):
    data = load_dataset(write_folder(tmp_path, {"sources.csv": SOURCES + f"S003,X,T,{url},2024-01-01,en,wire,B\n"}))
    found = [(p.line, p.column, p.rule, p.severity) for p in data.problems]
    assert found == ([(4, "url", problem, "warning")] if problem else [])
    sources = data.tables["sources"].set_index("source_id")
    assert sources.loc["S003", "url"] == loaded_url  # the row is kept, without an address that is not one
    if problem:
        assert "the row is kept without it" in data.problems[0].message
        assert data.problems[0].text("de").endswith("die Zeile bleibt, ohne die Adresse")


@pytest.mark.parametrize(
    ("column", "value", "hint"),
    [
        ("figure_id", "X3", "'X3' is not a valid figure_id (expected F followed by at least three digits, e.g. F001)"),
        (
            "figure_id",
            "F12",
            "'F12' is not a valid figure_id (expected F followed by at least three digits, e.g. F001)",
        ),
    ],
)
def test_an_id_rule_is_explained_in_words(tmp_path, column, value, hint):
    row = f"{value},2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,\n"
    (problem,) = load_dataset(write_folder(tmp_path, {"figures.csv": FIGURES + row})).problems
    assert (problem.column, problem.rule, problem.message) == (column, "bad_id", hint)
    assert "\\d" not in problem.message
    assert (
        problem.text("de")
        == f"„{value}“ ist keine gültige Kennung in „{column}“ (erwartet: F und mindestens drei Ziffern, z. B. F001)"
    )


def test_every_id_column_has_a_hint_in_both_languages():
    from kursk_monitor import i18n
    from kursk_monitor.schema import TABLES

    for spec in TABLES:
        for lang in i18n.LANGUAGES:
            assert i18n.has(f"id_hint.{spec.id_column}", lang), (spec.id_column, lang)


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("control", list(BIDI_CONTROLS))
def test_bidi_controls_are_removed_from_names_with_a_warning(tmp_path, control):
    actors = ACTORS + f"evil,Ev{control}il Corp,B{control}öse,official,RUS,desc{control}ription\n"
    data = load_dataset(write_folder(tmp_path, {"actors.csv": actors}))
    found = sorted((p.line, p.column, p.rule, p.severity) for p in data.problems)
    assert found == [
        (5, "description", "bidi_control", "warning"),
        (5, "name", "bidi_control", "warning"),
        (5, "name_de", "bidi_control", "warning"),
    ]
    evil = data.tables["actors"].set_index("actor_id").loc["evil"]
    assert (evil["name"], evil["name_de"], evil["description"]) == ("Evil Corp", "Böse", "description")


def test_bidi_marks_in_right_to_left_text_are_kept(tmp_path):
    actors = ACTORS + "rtl,\u200fName\u200e,,official,RUS,\n"
    data = load_dataset(write_folder(tmp_path, {"actors.csv": actors}))
    assert data.problems == []
    assert data.tables["actors"].set_index("actor_id").loc["rtl", "name"] == "\u200fName\u200e"


NUL_ROW = "F003,2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,a\x00b\n"


@pytest.mark.parametrize("padding_rows", [0, 200])  # the NUL early in the file, or after the first 4 KB
def test_a_nul_byte_leaves_out_its_row_wherever_it_is(tmp_path, padding_rows):
    padding = "".join(
        f"F{900 + i},2024-10-18,kr_nis,killed,1,1,exact,assessment,,S001,2,\n" for i in range(padding_rows)
    )
    figures = FIGURES + padding + NUL_ROW + "F004,2024-10-19,kr_nis,killed,2,2,exact,assessment,,S001,2,\n"
    assert (figures.index("\x00") > 4096) == bool(padding_rows)
    data = load_dataset(write_folder(tmp_path, {"figures.csv": figures}))
    line = 4 + padding_rows
    assert [(p.file, p.line, p.rule, p.severity) for p in data.problems] == [("figures.csv", line, "nul_byte", "error")]
    ids = set(data.tables["figures"]["figure_id"])
    assert {"F001", "F002", "F004"} <= ids and "F003" not in ids
    assert data.reports["figures"].rows - data.reports["figures"].loaded == 1


def test_a_nul_byte_in_the_header_means_a_binary_file(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"figures.csv": "figure_id\x00" + FIGURES}))
    (problem,) = data.problems
    assert (problem.file, problem.line, problem.rule) == ("figures.csv", 0, "unreadable_file")
    assert problem.message == "file is not a text file (binary content: a NUL byte on line 1)"
