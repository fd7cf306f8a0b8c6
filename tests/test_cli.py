"""The `validate` command: line format, summary, exit codes and JSON report."""

from __future__ import annotations

import json
import subprocess
import sys

from kursk_monitor.cli import main
from kursk_monitor.schema import TABLES
from tests.test_validation import FIGURES, write_folder


def test_clean_folder_exits_zero(tmp_path, capsys):
    assert main(["validate", str(write_folder(tmp_path))]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{tmp_path}: 12 of 12 rows loaded; 0 error(s), 0 warning(s) in 6 files"]


def test_problems_print_file_line_column_and_exit_one(tmp_path, capsys):
    folder = write_folder(tmp_path, {"figures.csv": FIGURES + "F009,2024-10-18,ghost,killed,1,1,exact,,S001,2,\n"})
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "figures.csv:4: claimant_id: unknown actor id 'ghost' (not in actors.csv)"
    assert lines[-1].endswith("12 of 13 rows loaded; 1 error(s), 0 warning(s) in 6 files")


def test_unreadable_directory_exits_two(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "not a readable folder" in capsys.readouterr().err


def test_json_report_has_every_file(tmp_path, capsys):
    folder = write_folder(tmp_path, {"figures.csv": FIGURES + "F009,2024-10-18,kr_nis,killed,9,1,range,,S001,2,\n"})
    assert main(["validate", "--json", str(folder)]) == 1
    report = json.loads(capsys.readouterr().out)
    assert set(report["files"]) == {spec.filename for spec in TABLES}
    figures = report["files"]["figures.csv"]
    assert (figures["rows"], figures["loaded"]) == (3, 2)
    (problem,) = figures["problems"]
    assert problem["line"] == 4
    assert problem["column"] == "value_high"
    assert problem["value"] == "1"
    assert "greater" in problem["message"]


def test_module_entry_point_runs_on_curated_data():
    result = subprocess.run(
        [sys.executable, "-m", "kursk_monitor", "validate"], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s)" in result.stdout


def test_a_warning_line_says_warning_once(tmp_path, capsys):
    folder = write_folder(tmp_path)
    actors = folder / "actors.csv"
    lines = actors.read_text(encoding="utf-8").splitlines()
    lines[0] += ",extra_col"
    actors.write_text("\n".join(f"{line}," if i else line for i, line in enumerate(lines)) + "\n", encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    warning = next(line for line in out if "extra_col" in line)
    assert warning.startswith("actors.csv:1: warning: extra_col: ")
    assert warning.count("warning") == 1
    assert out[-1].endswith("0 error(s), 1 warning(s) in 6 files")
