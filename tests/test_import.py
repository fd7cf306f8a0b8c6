"""`python -m kursk_monitor import`: ACLED and UCDP GED files become a data folder that validates."""

from __future__ import annotations

from pathlib import Path

import pytest

from kursk_monitor.cli import main
from kursk_monitor.dataset import load_dataset
from kursk_monitor.paths import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def run(capsys, *argv) -> tuple[int, list[str]]:
    status = main(["import", *map(str, argv)])
    return status, capsys.readouterr().out.splitlines()


@pytest.mark.parametrize(
    ("fixture", "events", "claims"),
    [("acled_api.csv", 5, 2), ("acled_explorer.csv", 3, 1), ("ucdp_ged.csv", 3, 2)],
)
def test_each_format_gives_a_folder_that_validates_clean(capsys, tmp_path, fixture, events, claims):
    status, _ = run(capsys, FIXTURES / fixture, "--out", tmp_path)
    data = load_dataset(tmp_path)
    assert status == 0
    assert data.problems == []
    assert (len(data.events), len(data.figures)) == (events, claims)
    assert set(data.events["location_id"]) <= set(data.locations["location_id"])


def test_explorer_dates_read_as_the_api_dates(capsys, tmp_path):
    run(capsys, FIXTURES / "acled_api.csv", "--out", tmp_path / "api")
    run(capsys, FIXTURES / "acled_explorer.csv", "--out", tmp_path / "explorer")
    api = load_dataset(tmp_path / "api").events
    explorer = load_dataset(tmp_path / "explorer").events
    assert list(explorer["date"]) == list(api["date"][:3])
    assert list(explorer["date_precision"]) == ["day", "week", "month"]


def test_acled_fatalities_become_one_local_killed_claim_per_event(capsys, tmp_path):
    run(capsys, FIXTURES / "acled_api.csv", "--out", tmp_path)
    data = load_dataset(tmp_path)
    first = data.figures.iloc[0]
    assert (first["metric"], first["value_low"], first["value_high"]) == ("killed", 12, 12)
    assert (first["claimant_id"], first["claim_kind"], first["scope"]) == ("acled", "assessment", "local")
    assert first["period_start"] == data.events.iloc[0]["date"]
    assert "any side" in first["note"]
    # events with 0 fatalities (unknown in ACLED) make no claim
    assert len(data.figures) == 2


def test_ucdp_low_best_high_is_our_range_with_best_in_the_note(capsys, tmp_path):
    run(capsys, FIXTURES / "ucdp_ged.csv", "--out", tmp_path)
    data = load_dataset(tmp_path)
    claim = data.figures.iloc[0]
    assert (claim["value_low"], claim["value_high"], claim["qualifier"]) == (8, 15, "range")
    assert "best estimate 10" in claim["note"]
    assert str(claim["period_start"].date()) == "2024-12-14"
    month = data.events.iloc[2]
    assert (str(month["end_date"].date()), month["date_precision"]) == ("2024-12-31", "month")


def test_places_actors_and_sources_are_shared_and_graded(capsys, tmp_path):
    run(capsys, FIXTURES / "acled_api.csv", "--out", tmp_path, "--grade", "outlet one=B")
    data = load_dataset(tmp_path)
    assert list(data.events["location_id"]).count("acled_sudzha") == 2
    assert data.locations["location_id"].str.startswith("acled_").all()
    by_publisher = dict(zip(data.sources["publisher"], data.sources["reliability"], strict=True))
    assert by_publisher["Outlet One"] == "B"
    assert by_publisher["Outlet Two"] == "F"
    actors = data.actors.set_index("name")
    assert actors.loc["Military Forces of Russia (2000-)", ["kind", "country"]].tolist() == ["military", "RUS"]
    assert actors.loc["Civilians (Ukraine)", ["kind", "country"]].tolist() == ["other", "UKR"]


def test_bad_rows_are_reported_on_their_physical_lines_and_left_out(capsys, tmp_path):
    status, lines = run(capsys, FIXTURES / "acled_bad.csv", "--out", tmp_path)
    bad = str(FIXTURES / "acled_bad.csv")
    located = [line.removeprefix(bad + ":") for line in lines if line.startswith(bad + ":")]
    reported = [line.split(": ")[:2] for line in located if line[0].isdigit()]
    # line 3 is blank, the note of the row on line 4 runs over line 5
    assert reported == [
        ["6", "event_date"],
        ["7", "latitude"],
        ["8", "time_precision"],
        ["9", "-"],
    ]
    assert status == 1
    data = load_dataset(tmp_path)
    assert data.problems == []
    assert sorted(data.events["note"].str.split(";").str[0]) == ["ACLED event TST1001", "ACLED event TST1002"]
    assert "runs over two lines" in data.events.set_index("date_precision").loc["week", "description"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a,b,c\n1,2,3\n", "format not recognised"),
        (
            "event_id_cnty,event_date,event_type,sub_event_type,fatalities\nX1,2024-12-14,Battles,Armed clash,0\n",
            "without the column(s) time_precision",
        ),
        ("", "is empty"),
    ],
)
def test_a_file_in_neither_format_exits_2(capsys, tmp_path, content, expected):
    path = tmp_path / "mine.csv"
    path.write_text(content, encoding="utf-8")
    status, lines = run(capsys, path, "--out", tmp_path / "out")
    assert status == 2
    assert any(line.startswith(f"{path}:") and expected in line for line in lines)


def test_an_unusable_file_beside_a_good_one_still_imports_the_good_one(capsys, tmp_path):
    status, _ = run(capsys, FIXTURES / "ucdp_ged.csv", tmp_path / "missing.csv", "--out", tmp_path / "out")
    assert status == 2
    assert len(load_dataset(tmp_path / "out").events) == 3


def test_merge_adds_rows_after_the_curated_ones_without_clashes(capsys, tmp_path):
    curated = load_dataset(DATA_DIR)
    status, _ = run(
        capsys, FIXTURES / "acled_api.csv", FIXTURES / "ucdp_ged.csv", "--out", tmp_path, "--merge", DATA_DIR
    )
    merged = load_dataset(tmp_path)
    assert status == 0
    assert merged.error_count == 0
    assert len(merged.events) == len(curated.events) + 8
    assert len(merged.figures) == len(curated.figures) + 4
    assert set(curated.events["event_id"]) <= set(merged.events["event_id"])


def test_a_second_merge_reuses_actors_places_and_sources(capsys, tmp_path):
    run(capsys, FIXTURES / "acled_api.csv", "--out", tmp_path / "one")
    run(capsys, FIXTURES / "acled_explorer.csv", "--out", tmp_path / "two", "--merge", tmp_path / "one")
    one, two = load_dataset(tmp_path / "one"), load_dataset(tmp_path / "two")
    assert two.error_count == 0
    assert len(two.events) == 8
    assert len(two.actors) == len(one.actors)
    assert len(two.locations) == len(one.locations)
    assert len(two.sources) == len(one.sources)


def test_merge_never_writes_into_the_folder_it_reads(capsys, tmp_path):
    status = main(["import", str(FIXTURES / "ucdp_ged.csv"), "--out", str(DATA_DIR), "--merge", str(DATA_DIR)])
    assert status == 2
    assert "error:" in capsys.readouterr().err


def test_a_malformed_grade_is_refused(capsys, tmp_path):
    status = main(["import", str(FIXTURES / "ucdp_ged.csv"), "--out", str(tmp_path), "--grade", "Reuters=Z"])
    assert status == 2
    assert "PUBLISHER=GRADE" in capsys.readouterr().err
