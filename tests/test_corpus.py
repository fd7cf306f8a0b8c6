"""A corpus of broken data files, end to end: the validator names every defect by
file:line:column:rule, every good row still loads, and the app shows the problem count.

Each folder under tests/corpus/ (except `base/`, a small valid data folder) holds the file(s)
that replace their namesakes in `base/`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kursk_monitor import export, i18n
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import t
from kursk_monitor.labels import Labels

CORPUS = Path(__file__).resolve().parent / "corpus"
BASE_IDS = {
    "sources": {"S001", "S002", "S003"},
    "actors": {"us_dod", "kr_nis", "ua_hur"},
    "locations": {"kursk_oblast", "sudzha", "vladivostok"},
    "figures": {"F001", "F002", "F003", "F004"},
    "events": {"E001", "E002", "E003"},
    "movements": {"M001"},
    "control": {"C001", "C002", "C003"},
}
ID_COLUMN = {
    "sources": "source_id",
    "actors": "actor_id",
    "locations": "location_id",
    "figures": "figure_id",
    "events": "event_id",
    "movements": "movement_id",
    "control": "control_id",
}

# case -> (expected problems "file:line:column:rule:severity", ids left out per table)
EXPECTED: dict[str, tuple[list[str], dict[str, set[str]]]] = {
    "bom": ([], {}),
    "cp1252": ([], {}),
    "semicolon": ([], {}),
    "number_formats": (
        [
            "figures.csv:4:value_high:bad_number:error",
            "figures.csv:5:value_low:bad_number:error",
        ],
        {"figures": {"F003", "F004"}},
    ),
    "quoted_newlines": (["events.csv:4:category:not_allowed:error"], {"events": {"E002"}}),
    "unclosed_quote": (["figures.csv:3::unclosed_quote:error"], {"figures": {"F002"}}),
    "field_counts": (
        [
            "figures.csv:2:note:too_few_fields:error",
            "figures.csv:3:field 19:too_many_fields:error",
            "figures.csv:4:field 19:too_many_fields:warning",
        ],
        {"figures": {"F001", "F002"}},
    ),
    "missing_column": (
        [
            "figures.csv:1:metrc:unknown_column:warning",
            "figures.csv:1:metric:missing_column:error",
        ],
        {"figures": BASE_IDS["figures"]},
    ),
    # the third row reuses E002 where base has E003: the first E002 stays, the second is left out
    "duplicate_ids": (["events.csv:4:event_id:duplicate_id:error"], {"events": {"E003"}}),
    "bad_dates": (
        [
            "figures.csv:2:claimed_on:bad_date:error",
            "figures.csv:3:claimed_on:bad_date:error",
            "figures.csv:4:as_of:bad_date:error",
        ],
        {"figures": {"F001", "F002", "F003"}},
    ),
    "low_high": (["figures.csv:3:value_high:low_greater_than_high:error"], {"figures": {"F002"}}),
    "lat_95": (["locations.csv:3:lat:out_of_range:error"], {"locations": {"sudzha"}}),
    "unknown_refs": (
        [
            "figures.csv:2:claimant_id:unknown_reference:error",
            "figures.csv:3:source_ids:unknown_reference:error",
            "figures.csv:4:location_id:unknown_reference:error",
        ],
        {"figures": {"F001", "F002", "F003"}},
    ),
    # spreadsheet exports end with rows of bare delimiters: blank lines, not defects
    "delimiter_only_rows": ([], {}),
    # an inch mark inside an unquoted field is plain text, also on the last line
    "stray_quote_last_row": ([], {}),
    # a quote opened on F002's line is closed only by the quote on F004's line: F002 is left out,
    # F003 and F004 are read on their own lines and load
    "stray_quote_closed_later": (["figures.csv:3::stray_quote:error"], {"figures": {"F002"}}),
    # an unknown claim kind and an empty one are errors; case is forgiven ("Forecast")
    "bad_claim_kind": (
        [
            "figures.csv:3:claim_kind:not_allowed:error",
            "figures.csv:4:claim_kind:required:error",
        ],
        {"figures": {"F002", "F003"}},
    ),
    # "the past week" may not start after the day the claim describes; a one-day period may
    "period_after_claim": (["figures.csv:4:period_start:period_after_claim:error"], {"figures": {"F003"}}),
    "restates_cycle": (
        [
            "figures.csv:4:restates:restates_cycle:error",
            "figures.csv:5:restates:restates_cycle:error",
        ],
        {"figures": {"F003", "F004"}},
    ),
    # a file from before claim kinds existed: every claim is read as an assessment, all rows load
    "legacy_header": (["figures.csv:1:claim_kind:missing_column_default:warning"], {}),
    "binary_garbage": (["events.csv:0::unreadable_file:error"], {"events": BASE_IDS["events"]}),
    "empty_file": (["movements.csv:0::unreadable_file:error"], {"movements": BASE_IDS["movements"]}),
    "control_bad_holder": (["control.csv:3:holder:not_allowed:error"], {"control": {"C002"}}),
    "control_unknown_place": (["control.csv:4:location_id:unknown_reference:error"], {"control": {"C003"}}),
    "control_bad_dates": (
        [
            "control.csv:2:date:bad_date:error",
            "control.csv:3:as_of:as_of_after_date:error",
        ],
        {"control": {"C001", "C002"}},
    ),
    # "entered" asserts no side's control, so a holder of UKR contradicts it
    "control_holder_claim": (["control.csv:4:holder:holder_claim_mismatch:error"], {"control": {"C003"}}),
    # formulas hidden behind control, zero-width, no-break-space and BOM characters load as text
    "formula_behind_control": ([], {}),
    # an upper-case scheme is a web address; a bad optional address is dropped and its row kept
    "upper_case_url": (["sources.csv:3:url:bad_url:warning", "sources.csv:4:url:bad_url:warning"], {}),
    # bidi override and isolate controls are removed from names, the rows kept
    "bidi_names": (["actors.csv:2:name:bidi_control:warning", "actors.csv:4:name_de:bidi_control:warning"], {}),
    # a NUL byte leaves out its row only (also further down than the first 4 KB)
    "nul_byte": (["figures.csv:3::nul_byte:error"], {"figures": {"F002"}}),
}


def test_every_corpus_folder_has_an_expectation():
    folders = {p.name for p in CORPUS.iterdir() if p.is_dir()} - {"base"}
    assert folders == set(EXPECTED)


def build_case(case: str, target: Path) -> Path:
    """The base folder with the case's files laid over it."""
    target.mkdir(parents=True, exist_ok=True)
    for source in (CORPUS / "base", CORPUS / case):
        for path in source.iterdir():
            shutil.copy(path, target / path.name)
    return target


def _signature(problem) -> str:
    return f"{problem.file}:{problem.line}:{problem.column}:{problem.rule}:{problem.severity}"


def test_base_is_clean():
    data = load_dataset(CORPUS / "base")
    assert data.problems == []
    for name, ids in BASE_IDS.items():
        assert set(data.tables[name][ID_COLUMN[name]]) == ids


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_validator_names_each_defect_and_keeps_good_rows(case, tmp_path):
    expected_problems, left_out = EXPECTED[case]
    data = load_dataset(build_case(case, tmp_path))
    assert sorted(_signature(p) for p in data.problems) == sorted(expected_problems)
    for problem in data.problems:
        assert problem.message, problem
    for name, ids in BASE_IDS.items():
        loaded = set(data.tables[name][ID_COLUMN[name]])
        assert loaded == ids - left_out.get(name, set()), name
        assert data.reports[name].loaded == len(loaded)
    assert data.error_count == sum(p.endswith(":error") for p in expected_problems)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_export_of_every_case_holds_no_formula(case, tmp_path):
    data = load_dataset(build_case(case, tmp_path / "data"))
    export.write_export(data.select(ViewFilter()), Labels.build(data.tables, "en"), tmp_path / "out")
    book = load_workbook(tmp_path / "out" / "kursk_monitor_export.xlsx")
    formulas = [
        (s.title, c.coordinate, c.value) for s in book for row in s.iter_rows() for c in row if c.data_type == "f"
    ]
    assert formulas == []


def test_cp1252_umlauts_are_decoded(tmp_path):
    actors = load_dataset(build_case("cp1252", tmp_path)).tables["actors"].set_index("actor_id")
    assert actors.loc["kr_nis", "name_de"] == "Nationaler Nachrichtendienst (Südkorea)"


def test_bom_does_not_leak_into_the_first_column(tmp_path):
    figures = load_dataset(build_case("bom", tmp_path)).tables["figures"]
    assert list(figures["figure_id"]) == ["F001", "F002", "F003", "F004"]


def test_semicolon_file_with_decimal_commas(tmp_path):
    locations = load_dataset(build_case("semicolon", tmp_path)).tables["locations"].set_index("location_id")
    assert locations.loc["sudzha", "lat"] == pytest.approx(51.191)
    assert locations.loc["vladivostok", "lon"] == pytest.approx(131.885)
    assert locations.loc["vladivostok", "source_ids"] == ("S001", "S002")
    assert locations.loc["sudzha", "note"] == "Held by Ukraine; later retaken"


def test_thousands_separators_and_loose_id_lists(tmp_path):
    figures = load_dataset(build_case("number_formats", tmp_path)).tables["figures"].set_index("figure_id")
    assert (figures.loc["F001", "value_low"], figures.loc["F001", "value_high"]) == (1500, 1500)
    assert (figures.loc["F002", "value_low"], figures.loc["F002", "value_high"]) == (10000, 10000)
    assert figures.loc["F002", "source_ids"] == ("S001", "S002")


def test_addresses_and_names_are_cleaned(tmp_path):
    sources = load_dataset(build_case("upper_case_url", tmp_path / "u")).tables["sources"].set_index("source_id")
    assert list(sources["url"]) == ["https://EXAMPLE.ORG/1", "", ""]
    actors = load_dataset(build_case("bidi_names", tmp_path / "b")).tables["actors"].set_index("actor_id")
    assert actors.loc["us_dod", "name"] == "US Department of esnefeD"  # shown as stored, not reversed
    assert actors.loc["ua_hur", "name_de"] == "Militärnachrichtendienst der Ukraine"


def test_quoted_line_breaks_are_kept(tmp_path):
    events = load_dataset(build_case("quoted_newlines", tmp_path)).tables["events"].set_index("event_id")
    assert events.loc["E001", "description"] == "Two lines:\nthe second line, with a comma"


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_app_overview_shows_problem_count(case, tmp_path, make_app):
    expected_problems, _ = EXPECTED[case]
    errors = sum(p.endswith(":error") for p in expected_problems)
    warnings = len(expected_problems) - errors
    at = make_app(data_dir=build_case(case, tmp_path)).run()
    assert not at.exception, [e.value for e in at.exception]
    warning_texts = [w.value for w in at.warning]
    info_texts = [i.value for i in at.info]
    if errors:
        assert t("overview.problems_found", "en", errors=i18n.fmt_number(errors, "en")) in warning_texts
    if warnings:
        assert t("overview.problems_warnings", "en", warnings=i18n.fmt_number(warnings, "en")) in info_texts
    if not expected_problems:
        assert t("overview.problems_none", "en") in [s.value for s in at.success]
