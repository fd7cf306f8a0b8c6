"""The `validate` command: line format, summary, exit codes and JSON report."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from kursk_monitor import paths
from kursk_monitor.cli import main
from kursk_monitor.schema import TABLES
from tests.test_validation import FIGURES, SOURCES, write_folder

ROOT = Path(__file__).resolve().parent.parent
CORPUS_BASE = ROOT / "tests" / "corpus" / "base"


def test_clean_folder_exits_zero(tmp_path, capsys):
    assert main(["validate", str(write_folder(tmp_path))]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert out == [f"{tmp_path}: 14 of 14 rows loaded; 0 error(s), 0 warning(s) in 7 files"]


def test_problems_print_file_line_column_and_exit_one(tmp_path, capsys):
    folder = write_folder(
        tmp_path, {"figures.csv": FIGURES + "F009,2024-10-18,ghost,killed,1,1,exact,assessment,,S001,2,\n"}
    )
    assert main(["validate", str(folder)]) == 1
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0] == "figures.csv:4: claimant_id: unknown actor id 'ghost' (not in actors.csv)"
    assert lines[-1].endswith("14 of 15 rows loaded; 1 error(s), 0 warning(s) in 7 files")


def test_unreadable_directory_exits_two(tmp_path, capsys):
    assert main(["validate", str(tmp_path / "missing")]) == 2
    assert "not a readable folder" in capsys.readouterr().err


def test_json_report_has_every_file(tmp_path, capsys):
    folder = write_folder(
        tmp_path, {"figures.csv": FIGURES + "F009,2024-10-18,kr_nis,killed,9,1,range,assessment,,S001,2,\n"}
    )
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


# --- files that are not what they seem, and output that must not land where it would do harm ---------


def copy_base(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in CORPUS_BASE.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def one_error_line(text: str, expected: str) -> None:
    assert text.splitlines() == [f"error: {expected}"], text


def run_cli(*args: str, user: str | None = None) -> subprocess.CompletedProcess:
    """The command in a fresh process, as another user when `user` is given (root reads everything)."""
    prefix = ["setpriv", f"--reuid={user}", f"--regid={user}", "--clear-groups"] if user else []
    return subprocess.run(
        [*prefix, sys.executable, "-m", "kursk_monitor", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        (
            "figures.csv",
            lambda path, secret: path.symlink_to(secret),
            "file is a symbolic link; links are not followed",
        ),
        ("figures.csv", lambda path, secret: path.mkdir(), "file is a folder, not a regular file"),
        (
            "movements.csv",
            lambda path, secret: path.symlink_to(secret),
            "file is a symbolic link; links are not followed",
        ),
    ],
)
def test_a_data_file_that_is_not_a_regular_file_is_one_problem(tmp_path, capsys, name, make, expected):
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:TOPSECRET\n", encoding="utf-8")
    folder = copy_base(tmp_path / "data")
    (folder / name).unlink()
    make(folder / name, secret)
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{name}:0: -: {expected}" in out.splitlines()
    assert "TOPSECRET" not in out


def test_a_named_pipe_does_not_hang_validate(tmp_path):
    folder = copy_base(tmp_path / "data")
    (folder / "events.csv").unlink()
    os.mkfifo(folder / "events.csv")
    result = run_cli("validate", str(folder))
    assert result.returncode == 1, result.stderr
    assert "events.csv:0: -: file is a named pipe, not a regular file" in result.stdout.splitlines()


@pytest.fixture
def shared_tmp():
    """A folder another user can enter (pytest's own temp folder is private to root)."""
    folder = Path(tempfile.mkdtemp(prefix="kursk_cli_"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.skipif(not shutil.which("setpriv"), reason="needs setpriv to run as an unprivileged user")
def test_permission_problems_are_one_line_and_exit_two(shared_tmp):
    unreadable = copy_base(shared_tmp / "unreadable")
    unreadable.chmod(0)
    result = run_cli("validate", str(unreadable), user="65534")
    assert result.returncode == 2
    one_error_line(result.stderr, f"{unreadable} is not a readable folder (permission denied)")
    readable = copy_base(shared_tmp / "data")
    locked = shared_tmp / "locked"
    locked.mkdir(mode=0o555)
    locked.chmod(0o555)
    result = run_cli("export", "--data", str(readable), "--out", str(locked / "out"), user="65534")
    assert result.returncode == 2
    one_error_line(result.stderr, f"{locked / 'out'} cannot be created (permission denied)")


@pytest.fixture
def curated(tmp_path, monkeypatch) -> Path:
    """A copy of the corpus base standing in for the curated data folder."""
    folder = copy_base(tmp_path / "curated")
    monkeypatch.setattr(paths, "DATA_DIR", folder)
    monkeypatch.delenv("KURSK_MONITOR_DATA", raising=False)
    return folder


def folder_digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def test_output_is_never_written_into_a_data_folder(tmp_path, capsys, curated):
    before = folder_digest(curated)
    other = copy_base(tmp_path / "other")
    other_before = folder_digest(other)
    (tmp_path / "link_to_curated").symlink_to(curated)
    cases = [
        (["export", "--out", str(curated)], curated),
        (["export", "--out", str(curated / "sub")], curated),
        (["export", "--out", str(tmp_path / "link_to_curated")], curated),
        (["export", "--data", str(other), "--out", str(other)], other),
        (["brief", "--no-images", "--data", str(other), "--out", str(other)], other),
        (["synth", "--events", "10", "--out", str(curated)], curated),
    ]
    for argv, protected in cases:
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("error: ") and len(err.splitlines()) == 1, err
        assert f"is inside the data folder {protected}" in err
    assert folder_digest(curated) == before
    assert folder_digest(other) == other_before
    assert not (curated / "sub").exists()


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda out, victim: out.write_text("a file"), "{out} exists and is not a folder"),
        (
            lambda out, victim: (out.mkdir(), (out / "figures.csv").symlink_to(victim)),
            "{out}/figures.csv is a symbolic link; output is not written through links",
        ),
        (
            lambda out, victim: (out.mkdir(), os.mkfifo(out / "figures.csv")),
            "{out}/figures.csv is not a regular file; it is not overwritten",
        ),
    ],
)
def test_a_bad_output_path_is_one_line_and_exit_two(tmp_path, make, expected):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    out = tmp_path / "out"
    make(out, victim)
    result = run_cli("export", "--data", str(copy_base(tmp_path / "data")), "--out", str(out))  # a pipe may block
    assert result.returncode == 2
    one_error_line(result.stderr, expected.format(out=out))
    assert victim.read_text(encoding="utf-8") == "precious"


def test_an_output_folder_under_proc_is_one_line(tmp_path, capsys):
    assert main(["export", "--data", str(copy_base(tmp_path / "data")), "--out", "/proc/self/kursk"]) == 2
    one_error_line(capsys.readouterr().err, "/proc/self/kursk cannot be created (No such file or directory)")


def test_a_warning_line_says_warning_once(tmp_path, capsys):
    sources = SOURCES + "S003,X,T,javascript:alert(1),2024-01-01,en,wire,B\n"
    assert main(["validate", str(write_folder(tmp_path, {"sources.csv": sources}))]) == 0
    line = capsys.readouterr().out.splitlines()[0]
    assert line.startswith("sources.csv:4: warning: url: 'javascript:alert(1)' is not a web address")
    assert line.count("warning") == 1


def test_an_unknown_column_warning_says_warning_once(tmp_path, capsys):
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
    assert out[-1].endswith("0 error(s), 1 warning(s) in 7 files")
