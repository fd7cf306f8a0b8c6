"""Hostile sizes stay cheap and get a clear message: blank lines, physical lines, cell length.

The same limits hold for `validate`, the upload page and `KURSK_MONITOR_DATA`, because all three
read through `kursk_monitor.csvread`.
"""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest

from kursk_monitor import csvread, i18n, upload
from kursk_monitor.cli import main
from kursk_monitor.csvread import MAX_COLUMNS_PER_FILE, UnreadableFile, parse_text
from kursk_monitor.dataset import load_dataset
from kursk_monitor.schema import MAX_CELL_CHARS
from tests.test_validation import EVENTS, FIGURES, write_folder

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
    for lang in i18n.LANGUAGES:
        assert i18n.fmt_number(MAX_CELL_CHARS, lang) in i18n.t("problem.cell_too_long", lang)


def figures_with_note(note: str) -> str:
    rows = FIGURES.splitlines()
    return "\n".join([rows[0], f'{rows[1].rsplit(",", 1)[0]},"{note}"', rows[2]]) + "\n"


@pytest.mark.parametrize(
    ("length", "left_out"),
    [(MAX_CELL_CHARS, False), (MAX_CELL_CHARS + 1, True), (1_000_001, True), (3_000_000, True)],
)
def test_an_over_long_cell_is_a_problem_on_its_line(tmp_path, capsys, length, left_out):
    folder = write_folder(tmp_path, {"figures.csv": figures_with_note("x" * length)})
    data = load_dataset(folder)
    problems = [(p.file, p.line, p.column, p.rule) for p in data.problems]
    assert problems == ([("figures.csv", 2, "note", "cell_too_long")] if left_out else [])
    assert len(data.tables["figures"]) == (1 if left_out else 2)
    assert main(["validate", str(folder)]) == (1 if left_out else 0)
    out = capsys.readouterr().out
    if left_out:
        assert f"figures.csv:2: note: cell has {length:,} characters; the limit is {MAX_CELL_CHARS:,}" in out
        assert len(out) < 2_000  # the value is not printed whole


def test_an_over_long_cell_in_an_upload_is_reported(tmp_path):
    huge = figures_with_note("x" * 1_000_001).encode()
    result = upload.prepare([("figures.csv", huge)], "replace", write_folder(tmp_path), tmp_path / "o")
    assert ("figures.csv", 2, "cell_too_long") in [(p.file, p.line, p.rule) for p in result.problems]
    assert result.summary[3]["loaded"] == 1


def test_the_app_runs_on_a_folder_with_an_over_long_cell(tmp_path, make_app):
    folder = write_folder(tmp_path, {"figures.csv": figures_with_note("x" * 1_000_001)})
    at = make_app(data_dir=folder).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("1 problem" in w.value for w in at.warning), [w.value for w in at.warning]


@pytest.mark.parametrize(
    ("columns", "refused"),
    [(MAX_COLUMNS_PER_FILE, False), (MAX_COLUMNS_PER_FILE + 1, True), (100_000, True)],
)
def test_a_header_with_too_many_columns_is_refused_early(tmp_path, capsys, columns, refused):
    header = FIGURES.splitlines()[0].split(",")
    header += ["note"] * (columns - len(header))
    figures = ",".join(header) + "\n" + "\n".join(FIGURES.splitlines()[1:]) + "\n"
    data = load_dataset(write_folder(tmp_path, {"figures.csv": figures}))
    rules = {p.rule for p in data.problems if p.file == "figures.csv"}
    if refused:
        assert rules == {"too_many_columns"}
        assert main(["validate", str(tmp_path)]) == 1
        assert f"figures.csv:0: -: file has {columns:,} columns in its header; the limit is" in capsys.readouterr().out
    else:
        assert "too_many_columns" not in rules
    assert len(data.tables["events"]) == 2
