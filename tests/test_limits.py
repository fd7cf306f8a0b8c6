"""Hostile sizes stay cheap and get a clear message: blank lines, physical lines per file.

The same limits hold for `validate`, the upload page and `KURSK_MONITOR_DATA`, because all three
read through `kursk_monitor.csvread`.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from kursk_monitor import csvread, upload
from kursk_monitor.cli import main
from kursk_monitor.csvread import UnreadableFile, parse_text
from kursk_monitor.dataset import load_dataset
from tests.test_validation import EVENTS, write_folder

EVENTS_HEADER, FIRST_EVENT = EVENTS.splitlines()[:2]


def peak_bytes(action) -> int:
    """Peak memory Python allocated while `action` ran (not wall-clock: noisy on a shared machine)."""
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("blank_line", ["\n", "\r\n", " \n", ",,,\n"])
def test_blank_lines_cost_a_few_bytes_each(blank_line):
    blank_lines = 200_000
    text = EVENTS_HEADER + "\n" + blank_line * blank_lines + FIRST_EVENT + "\n"
    table = parse_text(text, "events.csv")
    assert table.lines == [blank_lines + 2]  # the row keeps its physical line
    growth = peak_bytes(lambda: parse_text(text, "events.csv")) - len(text)
    assert growth / blank_lines < 8 * len(blank_line) + 16, f"{growth / blank_lines:.0f} bytes per blank line"


def test_too_many_physical_lines_is_one_clear_problem(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(csvread, "MAX_LINES_PER_FILE", 50)
    events = EVENTS + "\n" * 60
    with pytest.raises(UnreadableFile, match="limit is 50 lines per file") as raised:
        parse_text(events, "events.csv")
    assert raised.value.rule == "too_many_lines"
    folder = write_folder(tmp_path, {"events.csv": events})
    data = load_dataset(folder)
    (problem,) = data.problems
    assert (problem.file, problem.line, problem.rule) == ("events.csv", 0, "too_many_lines")
    assert len(data.tables["figures"]) == 2  # the other files still load
    assert main(["validate", str(folder)]) == 1
    assert "events.csv:0: -: file has 63 lines; the limit is 50 lines per file" in capsys.readouterr().out


def test_a_zip_of_twenty_megabytes_of_blank_lines_is_refused_cheaply(tmp_path):
    events = (EVENTS + "\n" * (20 * upload.MB)).encode()[: 20 * upload.MB]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("events.csv", events)
    assert len(buffer.getvalue()) < 100_000

    def check():
        result = upload.prepare([("blank.zip", buffer.getvalue())], "merge", write_folder(tmp_path), tmp_path / "o")
        assert [(p.file, p.rule) for p in result.problems] == [("blank.zip › events.csv", "too_many_lines")]
        assert result.summary[4]["loaded"] == 2  # the curated events are still there

    assert peak_bytes(check) < 250 * upload.MB


def test_limit_problems_are_translated(tmp_path, monkeypatch):
    monkeypatch.setattr(csvread, "MAX_LINES_PER_FILE", 5)
    (problem,) = load_dataset(write_folder(tmp_path, {"events.csv": EVENTS + "\n" * 9})).problems
    assert problem.text("de").startswith("Die Datei hat mehr Zeilen als erlaubt")
