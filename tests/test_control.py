"""control.csv, table-driven: every rule names file, line, column and rule, the bad row is left
out, every good row still loads, and the export carries the control claims of the filter."""

from __future__ import annotations

import pandas as pd
import pytest

from kursk_monitor import export
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.problems import Problem
from kursk_monitor.schema import CLAIM_HOLDERS, CONTROL_CLAIMS, CONTROL_HOLDERS
from tests.test_validation import CONTROL, write_folder

# (case id, appended row, expected error problems as (line, column, rule))
BAD_CONTROL = [
    ("holder not allowed", "C003,2024-09-12,,sudzha,kr_nis,RU,recaptured,S001,2,", [(4, "holder", "not_allowed")]),
    ("claim not allowed", "C003,2024-09-12,,sudzha,kr_nis,RUS,liberated,S001,2,", [(4, "claim", "not_allowed")]),
    (
        "unknown place",
        "C003,2024-09-12,,snagost,kr_nis,RUS,recaptured,S001,2,",
        [(4, "location_id", "unknown_reference")],
    ),
    (
        "unknown claimant",
        "C003,2024-09-12,,sudzha,ru_mod,RUS,recaptured,S001,2,",
        [(4, "claimant_id", "unknown_reference")],
    ),
    (
        "unknown source",
        "C003,2024-09-12,,sudzha,kr_nis,RUS,recaptured,S001;S404,2,",
        [(4, "source_ids", "unknown_reference")],
    ),
    ("no source", "C003,2024-09-12,,sudzha,kr_nis,RUS,recaptured,,2,", [(4, "source_ids", "required")]),
    ("no place", "C003,2024-09-12,,,kr_nis,RUS,recaptured,S001,2,", [(4, "location_id", "required")]),
    ("impossible date", "C003,2024-09-31,,sudzha,kr_nis,RUS,recaptured,S001,2,", [(4, "date", "bad_date")]),
    ("day-first date", "C003,12.09.2024,,sudzha,kr_nis,RUS,recaptured,S001,2,", [(4, "date", "bad_date")]),
    ("bad as_of", "C003,2024-09-12,2024-9-1,sudzha,kr_nis,RUS,recaptured,S001,2,", [(4, "as_of", "bad_date")]),
    (
        "as_of after date",
        "C003,2024-09-12,2024-09-13,sudzha,kr_nis,RUS,recaptured,S001,2,",
        [(4, "as_of", "as_of_after_date")],
    ),
    (
        "captured names no side",
        "C003,2024-08-15,,sudzha,kr_nis,contested,captured,S001,2,",
        [(4, "holder", "holder_claim_mismatch")],
    ),
    (
        "holding names no side",
        "C003,2024-08-27,,sudzha,kr_nis,contested,holding,S001,2,",
        [(4, "holder", "holder_claim_mismatch")],
    ),
    (
        "withdrew names no side",
        "C003,2025-03-15,,sudzha,kr_nis,contested,withdrew,S001,2,",
        [(4, "holder", "holder_claim_mismatch")],
    ),
    (
        "entered names a side",
        "C003,2025-03-12,,sudzha,kr_nis,RUS,entered,S001,2,",
        [(4, "holder", "holder_claim_mismatch")],
    ),
    (
        "contested names a side",
        "C003,2025-03-12,,sudzha,kr_nis,UKR,contested,S001,2,",
        [(4, "holder", "holder_claim_mismatch")],
    ),
    (
        "credibility not allowed",
        "C003,2024-09-12,,sudzha,kr_nis,RUS,recaptured,S001,7,",
        [(4, "credibility", "not_allowed")],
    ),
    ("bad id", "K3,2024-09-12,,sudzha,kr_nis,RUS,recaptured,S001,2,", [(4, "control_id", "bad_id")]),
    ("duplicate id", "C002,2024-09-12,,sudzha,kr_nis,RUS,recaptured,S001,2,", [(4, "control_id", "duplicate_id")]),
    ("too few fields", "C003,2024-09-12,,sudzha,kr_nis,RUS", [(4, "claim", "too_few_fields")]),
]


@pytest.mark.parametrize(("row", "expected"), [c[1:] for c in BAD_CONTROL], ids=[c[0] for c in BAD_CONTROL])
def test_bad_control_row_is_reported_and_left_out(tmp_path, row, expected):
    data = load_dataset(write_folder(tmp_path, {"control.csv": CONTROL + row + "\n"}))
    errors = [(p.line, p.column, p.rule) for p in data.problems if p.severity == "error"]
    assert errors == expected
    assert all(p.file == "control.csv" for p in data.problems)
    assert list(data.tables["control"]["control_id"]) == ["C001", "C002"]  # both good rows kept


GOOD_CONTROL = [
    ("denied, still held", "C003,2025-04-26,,sudzha,kr_nis,UKR,denied,S001,3,"),
    ("denied, still fought over", "C003,2025-04-26,,sudzha,kr_nis,contested,denied,S001,3,"),
    ("entered", "C003,2025-03-12,,sudzha,kr_nis,contested,entered,S001,3,"),
    ("withdrew, left to the other side", "C003,2025-03-15,,sudzha,kr_nis,RUS,withdrew,S001,1,"),
    ("as_of on the day itself", "C003,2025-03-15,2025-03-15,sudzha,kr_nis,RUS,recaptured,S001,1,"),
    ("values in another case", "C003,2025-03-15,,sudzha,kr_nis,rus,Recaptured,S001,1,"),
    ("quoted note with a comma", 'C003,2025-03-15,,sudzha,kr_nis,RUS,recaptured,S001,1,"map, not statement"'),
]


@pytest.mark.parametrize("row", [c[1] for c in GOOD_CONTROL], ids=[c[0] for c in GOOD_CONTROL])
def test_good_control_rows_load(tmp_path, row):
    data = load_dataset(write_folder(tmp_path, {"control.csv": CONTROL + row + "\n"}))
    assert data.problems == []
    control = data.tables["control"].set_index("control_id")
    assert control.loc["C003", "holder"] in CONTROL_HOLDERS  # spelled as the schema spells it
    assert control.loc["C003", "claim"] in CONTROL_CLAIMS


def test_every_claim_kind_says_which_holders_it_takes():
    assert set(CLAIM_HOLDERS) == set(CONTROL_CLAIMS)
    assert all(set(holders) <= set(CONTROL_HOLDERS) for holders in CLAIM_HOLDERS.values())


def test_mismatch_message_names_the_holders_the_claim_takes(tmp_path):
    row = "C003,2025-03-12,,sudzha,kr_nis,UKR,entered,S001,2,\n"
    data = load_dataset(write_folder(tmp_path, {"control.csv": CONTROL + row}))
    (problem,) = data.problems
    assert problem.format() == (
        "control.csv:4: holder: holder 'UKR' does not fit claim 'entered', which takes holder contested"
    )


def test_control_file_is_optional(tmp_path):
    data = load_dataset(write_folder(tmp_path, {"control.csv": None}))
    assert data.problems == []
    control = data.tables["control"]
    assert control.empty
    assert {"date", "holder", "claim", "reliability", "claimant_country"} <= set(control.columns)


@pytest.mark.parametrize(
    ("rule", "value", "expected"),
    [
        (
            "as_of_after_date",
            "2024-09-13",
            "as_of 2024-09-13 liegt nach dem Tag, an dem die Angabe veröffentlicht wurde",
        ),
        ("holder_claim_mismatch", "RUS", "holder „RUS“ passt nicht zur Art der Angabe (siehe data/README.md)"),
    ],
)
def test_new_rules_are_translated(rule, value, expected):
    problem = Problem("control.csv", 4, "holder", value, rule, "English message")
    assert problem.text("de") == expected


def test_export_carries_the_control_claims_of_the_filter(tmp_path):
    row = "C003,2025-04-26,,vladivostok,nato,contested,denied,S002,3,\n"
    data = load_dataset(write_folder(tmp_path, {"control.csv": CONTROL + row}))
    everything = export.filtered_tables(data.select(ViewFilter()))
    assert list(everything["control"]["control_id"]) == ["C001", "C002", "C003"]
    tables = export.filtered_tables(data.select(ViewFilter(locations=("sudzha",), actors=("us_dod",))))
    assert list(tables["control"]["control_id"]) == ["C002"]
    assert set(tables["actors"]["actor_id"]) >= {"us_dod"}
    assert "S002" in set(tables["sources"]["source_id"])


def test_a_later_control_claim_moves_the_as_of_date(tmp_path):
    row = "C003,2026-01-05,,sudzha,kr_nis,RUS,holding,S001,2,\n"
    data = load_dataset(write_folder(tmp_path, {"control.csv": CONTROL + row}))
    assert data.as_of() == pd.Timestamp("2026-01-05")
