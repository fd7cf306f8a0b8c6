"""The *Your data* page's check accepts ACLED and UCDP GED files and reports their bad rows by line."""

from __future__ import annotations

from pathlib import Path

from kursk_monitor import upload
from kursk_monitor.dataset import load_dataset
from kursk_monitor.paths import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def uploads(*names: str) -> list[tuple[str, bytes]]:
    return [(name, (FIXTURES / name).read_bytes()) for name in names]


def test_event_files_are_added_to_the_curated_data_with_their_bad_rows_reported(tmp_path):
    curated = load_dataset(DATA_DIR)
    prepared = upload.prepare(uploads("acled_bad.csv", "ucdp_ged.csv"), "merge", DATA_DIR, folder=tmp_path)
    located = [(p.file, p.line, p.column) for p in prepared.problems]
    assert located == [
        ("acled_bad.csv", 6, "event_date"),
        ("acled_bad.csv", 7, "latitude"),
        ("acled_bad.csv", 8, "time_precision"),
        ("acled_bad.csv", 9, ""),
    ]
    data = load_dataset(tmp_path)
    assert data.error_count == 0
    assert len(data.events) == len(curated.events) + 5
    events = next(row for row in prepared.summary if row["file"] == "events.csv")
    assert "acled_bad.csv (ACLED)" in events["origin"]


def test_event_files_alone_replace_the_curated_data(tmp_path):
    prepared = upload.prepare(uploads("acled_explorer.csv"), "replace", DATA_DIR, folder=tmp_path)
    assert prepared.problems == []
    assert len(load_dataset(tmp_path).events) == 3


def test_an_unknown_file_is_still_refused_by_name():
    _incoming, problems = upload.collect([("notes.csv", b"a,b\n1,2\n")])
    assert [p.rule for p in problems] == ["unknown_file"]


def test_import_problems_read_in_german():
    _incoming, problems = upload.collect(uploads("acled_bad.csv"))
    assert problems[0].text("de").startswith("„2024-13-45“ ist kein Datum")
