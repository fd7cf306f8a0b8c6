"""Claim integrity: claim kinds, counted periods, restatements and the `--strict` check for claims
that may be counted twice. Table-driven: each case is a few figure rows and what a curator sees."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from kursk_monitor.cli import main
from kursk_monitor.dataset import load_dataset
from kursk_monitor.integrity import explained_ids, strict_problems, suspected_double_counts, window_pairs
from kursk_monitor.rowchecks import cycle_members
from tests.test_validation import ACTORS, write_folder

HEADER = (
    "figure_id,claimed_on,as_of,claimant_id,metric,value_low,value_high,qualifier,"
    "claim_kind,period_start,restates,scope,source_ids,credibility,note\n"
)
FIRST = "F001,2024-12-19,,kr_nis,killed,100,100,at_least,assessment,,,,S001,2,\n"
SECOND = "F002,2024-12-27,,us_dod,killed_or_wounded,1000,1000,more_than,assessment,2024-12-20,,,S002,2,\n"


def figures(*rows: str) -> str:
    return HEADER + FIRST + SECOND + "".join(rows)


# (case, extra rows, expected errors as (line, column, rule), ids loaded)
RULES = [
    ("every kind is allowed", ["F003,2025-01-05,,us_dod,killed,1,1,exact,Evidence,,,local,S001,2,\n"], [], 3),
    (
        "unknown kind",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,rumour,,,,S001,2,\n"],
        [(4, "claim_kind", "not_allowed")],
        2,
    ),
    ("empty kind", ["F003,2025-01-05,,us_dod,killed,1,1,exact,,,,,S001,2,\n"], [(4, "claim_kind", "required")], 2),
    (
        "unknown scope",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,plan,,,national,S001,2,\n"],
        [(4, "scope", "not_allowed")],
        2,
    ),
    (
        "period starts after the claim",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,2025-01-06,,,S001,2,\n"],
        [(4, "period_start", "period_after_claim")],
        2,
    ),
    (
        "period starts after as_of, though before the claim",
        ["F003,2025-01-05,2024-12-31,us_dod,killed,1,1,exact,assessment,2025-01-02,,,S001,2,\n"],
        [(4, "period_start", "period_after_claim")],
        2,
    ),
    (
        "a one-day period on the day described",
        ["F003,2025-01-05,2025-01-04,us_dod,killed,1,1,exact,assessment,2025-01-04,,,S001,2,\n"],
        [],
        3,
    ),
    (
        "period start is not a date",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,last week,,,S001,2,\n"],
        [(4, "period_start", "bad_date")],
        2,
    ),
    ("restates an earlier claim", ["F003,2025-01-05,,us_dod,killed,100,100,about,assessment,,F001,,S001,2,\n"], [], 3),
    (
        "restates an earlier claim of the same day with a lower id",
        ["F003,2024-12-19,,us_dod,killed,100,100,about,assessment,,F001,,S001,2,\n"],
        [],
        3,
    ),
    (
        "restates an unknown id",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F099,,S001,2,\n"],
        [(4, "restates", "unknown_reference")],
        2,
    ),
    (
        "restates itself",
        ["F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F003,,S001,2,\n"],
        [(4, "restates", "restates_self")],
        2,
    ),
    (
        "restates a later claim",
        ["F003,2024-12-01,,us_dod,killed,1,1,exact,assessment,,F001,,S001,2,\n"],
        [(4, "restates", "restates_not_earlier")],
        2,
    ),
    (
        "restates a claim of the same day with a higher id",
        [
            "F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F004,,S001,2,\n",
            "F004,2025-01-05,,us_dod,killed,1,1,exact,assessment,,,,S001,2,\n",
        ],
        [(4, "restates", "restates_not_earlier")],
        3,
    ),
    (
        "restates a claim on another metric",
        ["F003,2025-01-05,,us_dod,killed,1000,1000,about,assessment,,F002,,S001,2,\n"],
        [(4, "restates", "restates_other_metric")],
        2,
    ),
    (
        "a cycle of three",
        [
            "F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F005,,S001,2,\n",
            "F004,2025-01-06,,us_dod,killed,1,1,exact,assessment,,F003,,S001,2,\n",
            "F005,2025-01-07,,us_dod,killed,1,1,exact,assessment,,F004,,S001,2,\n",
        ],
        [(4, "restates", "restates_cycle"), (5, "restates", "restates_cycle"), (6, "restates", "restates_cycle")],
        2,
    ),
    (
        "a chain into a cycle: only the cycle is wrong",
        [
            "F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F004,,S001,2,\n",
            "F004,2025-01-06,,us_dod,killed,1,1,exact,assessment,,F003,,S001,2,\n",
            "F005,2025-01-07,,us_dod,killed,1,1,exact,assessment,,F004,,S001,2,\n",
        ],
        [(4, "restates", "restates_cycle"), (5, "restates", "restates_cycle")],
        3,
    ),
]


@pytest.mark.parametrize(("rows", "expected", "loaded"), [c[1:] for c in RULES], ids=[c[0] for c in RULES])
def test_claim_rules_name_line_and_column(tmp_path, rows, expected, loaded):
    data = load_dataset(write_folder(tmp_path, {"figures.csv": figures(*rows)}))
    errors = [(p.line, p.column, p.rule) for p in data.problems if p.severity == "error"]
    assert errors == expected
    assert all(p.message for p in data.problems)
    assert len(data.tables["figures"]) == loaded
    assert {"F001", "F002"} <= set(data.tables["figures"]["figure_id"])  # good rows always load


def test_messages_say_what_is_wrong(tmp_path):
    rows = [
        "F003,2025-01-05,,us_dod,killed,1,1,exact,assessment,2025-01-06,,,S001,2,\n",
        "F004,2024-12-01,,us_dod,killed,1,1,exact,assessment,,F001,,S001,2,\n",
        "F005,2025-01-05,,us_dod,killed,1,1,exact,assessment,,F006,,S001,2,\n",
        "F006,2025-01-06,,us_dod,killed,1,1,exact,assessment,,F005,,S001,2,\n",
    ]
    data = load_dataset(write_folder(tmp_path, {"figures.csv": figures(*rows)}))
    messages = {p.line: p.format() for p in data.problems}
    assert messages[4] == (
        "figures.csv:4: period_start: period_start 2025-01-06 is after 2025-01-05, the day the claim describes "
        "(as_of, else claimed_on); a counted period must start by then"
    )
    assert "restates 'F001' (claimed 2024-12-19), which is not earlier than this claim (2024-12-01)" in messages[5]
    assert "cycle (F005 → F006 → F005)" in messages[6]
    assert [p.text("de") for p in data.problems if p.line == 5] == [
        "Die wiederholte Angabe „F001“ ist nicht früher als diese"
    ]


def test_loaded_claims_keep_kind_period_restates_and_scope(tmp_path):
    rows = ["F003,2025-01-05,,us_dod,killed,100,100,about,forecast,,F001,local,S001,2,\n"]
    table = (
        load_dataset(write_folder(tmp_path, {"figures.csv": figures(*rows)})).tables["figures"].set_index("figure_id")
    )
    assert table.loc["F003", ["claim_kind", "restates", "scope"]].tolist() == ["forecast", "F001", "local"]
    assert table.loc["F002", "period_start"] == pd.Timestamp("2024-12-20")
    assert pd.isna(table.loc["F001", "period_start"])


def test_file_without_claim_kind_column_reads_every_claim_as_an_assessment(tmp_path):
    old = "figure_id,claimed_on,claimant_id,metric,value_low,value_high,qualifier,source_ids,credibility\n"
    rows = "F001,2024-10-18,kr_nis,killed,1,1,exact,S001,2\nF002,2024-10-19,kr_nis,killed,2,2,exact,S001,2\n"
    data = load_dataset(write_folder(tmp_path, {"figures.csv": old + rows}))
    assert [(p.line, p.column, p.rule, p.severity) for p in data.problems] == [
        (1, "claim_kind", "missing_column_default", "warning")
    ]
    assert "every row is read with claim_kind 'assessment'" in data.problems[0].message
    assert list(data.tables["figures"]["claim_kind"]) == ["assessment", "assessment"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("anon,Unnamed sources,,anonymous,,\n", []),
        ("anon,Unnamed Korean sources,,anonymous,KOR,\n", []),
        ("body,A ministry,,government,,\n", [(5, "country", "required")]),
    ],
)
def test_only_an_anonymous_claimant_may_leave_the_country_empty(tmp_path, row, expected):
    data = load_dataset(write_folder(tmp_path, {"actors.csv": ACTORS + row}))
    assert [(p.line, p.column, p.rule) for p in data.problems] == expected


@pytest.mark.parametrize(
    ("target", "cycle"),
    [
        ([-1, 0, 1], [False, False, False]),  # a chain
        ([1, 0, -1], [True, True, False]),  # a pair
        ([0, -1], [True, False]),  # a self-loop
        ([1, 2, 0, 0, 3], [True, True, True, False, False]),  # chains leading into a cycle
        ([], []),
    ],
)
def test_cycle_members(target, cycle):
    assert cycle_members(np.asarray(target, dtype=np.int64)).tolist() == cycle


# --- the --strict check ------------------------------------------------------------------------


def claim(fid, day, low, high=None, country="USA", sources=("S001",), metric="killed", restates="", note=""):
    return {
        "figure_id": fid,
        "claimed_on": pd.Timestamp(day),
        "metric": metric,
        "value_low": low,
        "value_high": low if high is None else high,
        "restates": restates,
        "source_ids": tuple(sources),
        "claimant_country": country,
        "note": note,
    }


BASE = claim("F001", "2024-12-19", 100)
# (case, second claim, pair warned about)
PAIRS = [
    ("same value, shared source, same day", claim("F002", "2024-12-19", 100, country="KOR"), True),
    ("same value, same country, no shared source", claim("F002", "2024-12-22", 100, sources=("S002",)), True),
    ("7 days apart is still within the window", claim("F002", "2024-12-26", 100, country="KOR"), True),
    ("8 days apart is outside", claim("F002", "2024-12-27", 100), False),
    ("overlapping range", claim("F002", "2024-12-20", 50, 150, country="KOR"), True),
    ("values do not overlap", claim("F002", "2024-12-20", 101), False),
    ("another metric", claim("F002", "2024-12-20", 100, metric="wounded"), False),
    ("other country and other source", claim("F002", "2024-12-20", 100, country="KOR", sources=("S002",)), False),
    ("no country known on either side", claim("F002", "2024-12-20", 100, country="", sources=("S002",)), False),
    ("marked as restating", claim("F002", "2024-12-20", 100, restates="F001"), False),
    ("explained in its note", claim("F002", "2024-12-20", 100, note="A separate count, independent of F001."), False),
    ("note names another claim", claim("F002", "2024-12-20", 100, note="independent of F009"), True),
]


@pytest.mark.parametrize(("other", "warned"), [c[1:] for c in PAIRS], ids=[c[0] for c in PAIRS])
def test_suspected_double_counts(other, warned):
    frame = pd.DataFrame([BASE, other]).assign(line=[2, 3])
    problems = suspected_double_counts(frame)
    assert bool(problems) == warned
    for problem in problems:
        assert (problem.file, problem.line, problem.column, problem.value) == ("figures.csv", 3, "restates", "F001")
        assert problem.severity == "warning"
        assert "F002 (line 3) and F001 (line 2)" in problem.message


def test_explanation_in_the_earlier_note_counts_too():
    first = {**BASE, "note": "Counted separately: independent of F002 and F003."}
    frame = pd.DataFrame([first, claim("F002", "2024-12-20", 100), claim("F003", "2024-12-21", 100)])
    assert [(p.line, p.value) for p in suspected_double_counts(frame.assign(line=[2, 3, 4]))] == [(4, "F002")]


@pytest.mark.parametrize(
    ("note", "ids"),
    [
        ("independent of F041", {"F041"}),
        ("Independent of F041, F043 and F050; see there.", {"F041", "F043", "F050"}),
        ("F041 is independent", set()),
        ("", set()),
    ],
)
def test_explanation_marker(note, ids):
    assert explained_ids(note) == ids


def test_window_pairs_visit_only_neighbours_in_time():
    days = np.array([0, 1, 5, 20, 21])
    first, second = window_pairs(days, 7)
    assert list(zip(first.tolist(), second.tolist(), strict=True)) == [(0, 1), (0, 2), (1, 2), (3, 4)]


def test_strict_check_scales_with_claims_per_window_not_all_pairs():
    days = np.arange(100_000) // 10  # ten claims a day for 10,000 days
    first, _ = window_pairs(days, 7)
    assert len(first) < 100_000 * 80  # all pairs would be about 5 * 10**9


def test_validate_strict_reports_pairs_by_line_and_in_json(tmp_path, capsys):
    rows = ["F003,2024-12-20,,kr_nis,killed,100,100,about,assessment,,,,S003,2,\n"]
    sources = "source_id,publisher,title,url,published,language,source_type,reliability\n" + "".join(
        f"S00{i},P,T,,,en,wire,B\n" for i in (1, 2, 3)
    )
    folder = write_folder(tmp_path, {"figures.csv": figures(*rows), "sources.csv": sources})
    assert main(["validate", str(folder)]) == 0
    assert "0 warning(s)" in capsys.readouterr().out
    assert main(["validate", "--strict", str(folder)]) == 0  # warnings do not fail the run
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(
        "figures.csv:4: warning: restates: F003 (line 4) and F001 (line 2) may count the same claim"
    )
    assert out[-1].endswith("0 error(s), 1 warning(s) in 7 files")
    main(["validate", "--strict", "--json", str(folder)])
    problems = json.loads(capsys.readouterr().out)["files"]["figures.csv"]["problems"]
    assert [(p["line"], p["rule"], p["value"]) for p in problems] == [(4, "suspected_double_count", "F001")]


@pytest.fixture(scope="module")
def curated():
    return load_dataset()


def test_curated_data_passes_the_strict_check(curated):
    assert curated.problems == []
    assert strict_problems(curated) == []


# curated claims the re-check recoded: (figure id, column, value)
CURATED = [
    ("F005", "claim_kind", "plan"),  # "preparing 10,000", not troops in Russia
    ("F005", "metric", "troops_deployment"),
    ("F015", "claim_kind", "forecast"),
    ("F050", "claim_kind", "capability"),
    ("F089", "claim_kind", "evidence"),
    ("F092", "claim_kind", "evidence"),
    ("F097", "claim_kind", "evidence"),
    ("F097", "claimant_id", "kr_nis"),  # the NIS's tally, not a North Korean statement
    ("F045", "period_start", pd.Timestamp("2024-12-20")),
    ("F047", "restates", "F045"),
    ("F024", "restates", "F019"),
    ("F085", "restates", "F041"),
    ("F048", "qualifier", "exact"),
    ("F001", "claimant_id", "ua_intel_sources"),
    ("F103", "claimant_id", "mixed_sources_anon"),
    ("F001", "scope", "local"),
    ("F090", "location_id", ""),
]


@pytest.mark.parametrize(("figure_id", "column", "value"), CURATED)
def test_curated_claims_say_what_they_count(curated, figure_id, column, value):
    figures = curated.tables["figures"].set_index("figure_id")
    assert figures.loc[figure_id, column] == value


def test_publishers_are_no_longer_claimants_of_relayed_numbers(curated):
    data = curated
    assert not {"kyiv_post", "reuters"} & set(data.tables["figures"]["claimant_id"])
    assert "kyiv_post" not in set(data.tables["events"].set_index("event_id").loc["E005", "actor_ids"])
    assert not {"F042", "F083", "F088"} & set(data.tables["figures"]["figure_id"])  # merged into F041, F082, F074


def test_uploaded_file_without_claim_kind_is_merged_with_one_warning(small_data_dir, tmp_path):
    from kursk_monitor.upload import prepare

    curated = load_dataset(small_data_dir)
    actor, source = curated.tables["actors"]["actor_id"].iloc[0], curated.tables["sources"]["source_id"].iloc[0]
    old = "figure_id,claimed_on,claimant_id,metric,value_low,value_high,qualifier,source_ids,credibility\n"
    text = old + f"F9300001,2025-01-02,{actor},killed,5,6,range,{source},2\n"
    result = prepare([("Figures.csv", text.encode())], "merge", small_data_dir, tmp_path / "m")
    assert [(p.file, p.line, p.rule, p.severity) for p in result.problems] == [
        ("Figures.csv", 1, "missing_column_default", "warning")
    ]
    figures = load_dataset(result.folder).tables["figures"].set_index("figure_id")
    assert figures.loc["F9300001", "claim_kind"] == "assessment"
