"""Uploading the analyst's own data: safe names and paths, limits, merge/replace, nothing curated touched."""

from __future__ import annotations

import gc
import hashlib
import io
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from kursk_monitor import paths, upload
from kursk_monitor import upload_folders as folders
from kursk_monitor.dataset import load_dataset
from kursk_monitor.upload import KNOWN_FILES, collect, prepare

FIGURES_HEADER = (
    "figure_id,claimed_on,claimant_id,metric,value_low,value_high,qualifier,claim_kind,source_ids,credibility\n"
)


def digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def make_zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


def first_ids(data_dir: Path) -> tuple[str, str, str]:
    data = load_dataset(data_dir)
    return (
        data.tables["actors"]["actor_id"].iloc[0],
        data.tables["sources"]["source_id"].iloc[0],
        data.tables["figures"]["figure_id"].iloc[0],
    )


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("figures.csv", "figures.csv"),
        ("FIGURES.CSV", "figures.csv"),
        ("C:\\Users\\me\\events.csv", "events.csv"),
        ("notes.csv", None),
        ("figures.csv.exe", None),
        ("passwd", None),
        ("", None),
    ],
)
def test_only_known_names_are_accepted(name, accepted):
    files, problems = collect([(name, b"a,b\n1,2\n")])
    assert [f.filename for f in files] == ([accepted] if accepted else [])
    if not accepted:
        assert problems and "expected one of" in problems[0].message


@pytest.mark.parametrize(
    "member",
    [
        "../../etc/passwd",
        "../figures.csv",
        "../../../../tmp/figures.csv",
        "/etc/figures.csv",
        "/figures.csv",
        "data/../../figures.csv",
        "C:\\temp\\figures.csv",
        "..\\..\\figures.csv",
    ],
)
def test_zip_with_unsafe_paths_never_writes_outside(tmp_path, small_data_dir, member):
    folder = tmp_path / "session"
    folder.mkdir()
    before_parent = digest(tmp_path)
    archive = make_zip({member: FIGURES_HEADER.encode() + b"F999,2025-01-01,x,killed,1,1,exact,assessment,S1,2\n"})
    result = prepare([("data.zip", archive)], "replace", small_data_dir, folder=folder)
    assert any(p.rule in ("unsafe_path", "unknown_file") for p in result.problems)
    after = digest(tmp_path)
    outside = {k for k in after if not k.startswith("session/")}
    assert outside == {k for k in before_parent if not k.startswith("session/")}
    assert set(p.name for p in folder.iterdir()) <= set(KNOWN_FILES)
    assert not (folder / "figures.csv").exists()
    assert not Path(tempfile.gettempdir(), "figures.csv").exists() or "tmp/figures.csv" not in member


def test_zip_of_a_data_folder_is_read(small_data_dir, tmp_path):
    members = {f"mydata/{p.name}": p.read_bytes() for p in small_data_dir.iterdir()}
    members["mydata/README.txt"] = b"hello"
    members["__MACOSX/mydata/._figures.csv"] = b"junk"
    result = prepare([("mydata.zip", make_zip(members))], "replace", small_data_dir, folder=tmp_path / "out")
    assert result.errors == 0, [p.format() for p in result.problems]
    assert any(p.rule == "unknown_file" and p.severity == "warning" for p in result.problems)
    original = load_dataset(small_data_dir)
    assert result.loaded_rows == sum(r.loaded for r in original.reports.values())


def test_bad_zip_is_reported():
    files, problems = collect([("data.zip", b"not a zip at all")])
    assert not files
    assert problems[0].rule == "bad_zip"


def test_size_limit(monkeypatch):
    monkeypatch.setattr(upload, "MAX_FILE_BYTES", 100)
    files, problems = collect([("figures.csv", b"x" * 101)])
    assert not files
    assert problems[0].rule == "too_large"
    assert "limit" in problems[0].message
    archive = make_zip({"figures.csv": b"x" * 101})
    files, problems = collect([("small.zip", archive)])
    assert not files
    assert problems[0].rule == "too_large"


def test_row_limit(monkeypatch, small_data_dir, tmp_path):
    monkeypatch.setattr(upload, "MAX_ROWS_PER_FILE", 3)
    body = "".join(f"F9{i:03d},2025-01-01,a,killed,1,1,exact,assessment,S1,2\n" for i in range(5))
    result = prepare([("figures.csv", (FIGURES_HEADER + body).encode())], "merge", small_data_dir, tmp_path / "o")
    limit = [p for p in result.problems if p.rule == "too_many_rows"]
    assert limit and "200,000" not in limit[0].message and "limit is 3 rows" in limit[0].message
    # the curated figures are still there
    assert result.summary[3]["loaded"] == load_dataset(small_data_dir).reports["figures"].loaded


def test_merge_keeps_good_rows_and_reports_bad_ones_by_uploaded_line(small_data_dir, tmp_path):
    actor, source, existing_figure = first_ids(small_data_dir)
    rows = [
        f"F9000001,2025-01-02,{actor},killed,5,6,range,assessment,{source},2",
        f"F9000002,2025-13-02,{actor},killed,5,6,range,assessment,{source},2",  # bad date, line 3
        f"{existing_figure},2025-01-02,{actor},killed,5,6,range,assessment,{source},2",  # duplicate id, line 4
        f"F9000004,2025-01-02,{actor},killed,5",  # too few fields, line 5
        f"F9000005,2025-01-03,{actor},wounded,7,7,exact,assessment,{source},3",
    ]
    data = (FIGURES_HEADER + "\n".join(rows) + "\n").encode()
    curated_before = digest(small_data_dir)
    result = prepare([("Figures.csv", data)], "merge", small_data_dir, tmp_path / "merged")
    assert digest(small_data_dir) == curated_before
    by_line = {(p.file, p.line, p.rule) for p in result.problems}
    assert ("Figures.csv", 3, "bad_date") in by_line
    assert ("Figures.csv", 4, "duplicate_id") in by_line
    assert ("Figures.csv", 5, "too_few_fields") in by_line
    merged = load_dataset(result.folder)
    ids = set(merged.tables["figures"]["figure_id"])
    assert {"F9000001", "F9000005"} <= ids
    curated = load_dataset(small_data_dir)
    assert set(curated.tables["figures"]["figure_id"]) <= ids
    assert len(ids) == len(curated.tables["figures"]) + 2


def test_merge_accepts_semicolon_cp1252_and_other_column_order(small_data_dir, tmp_path):
    actor, source, _ = first_ids(small_data_dir)
    text = (
        "credibility;source_ids;figure_id;claimed_on;claimant_id;metric;value_low;value_high;qualifier;note\n"
        f'2;{source};F9100001;2025-02-01;{actor};killed;"10.000";10000;about;Gefallene Soldaten – Schätzung\n'
    )
    result = prepare([("figures.csv", text.encode("cp1252"))], "merge", small_data_dir, tmp_path / "m")
    assert result.errors == 0, [p.format() for p in result.problems]
    figures = load_dataset(result.folder).tables["figures"]
    row = figures[figures["figure_id"] == "F9100001"].iloc[0]
    assert row["value_low"] == 10000
    assert row["note"] == "Gefallene Soldaten – Schätzung"


def test_multi_line_quoted_rows_keep_their_lines(small_data_dir, tmp_path):
    actor, source, _ = first_ids(small_data_dir)
    header = FIGURES_HEADER.strip() + ",note\n"
    rows = (
        f'F9200001,2025-01-02,{actor},killed,5,6,range,assessment,{source},2,"two\nlines"\n'
        f"F9200002,2025-01-02,{actor},bogus_metric,5,6,range,assessment,{source},2,\n"
    )
    result = prepare([("figures.csv", (header + rows).encode())], "merge", small_data_dir, tmp_path / "m")
    bad = [p for p in result.problems if p.rule == "not_allowed"]
    assert [(p.file, p.line) for p in bad] == [("figures.csv", 4)]


def test_replace_uses_only_uploaded_files(small_data_dir, tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "xss"
    uploads = [(p.name, p.read_bytes()) for p in fixture.glob("*.csv")]
    result = prepare(uploads, "replace", small_data_dir, tmp_path / "r")
    data = load_dataset(result.folder)
    assert set(data.tables["actors"]["actor_id"]) == {"xss_actor", "formula_actor"}
    assert [(p.file, p.line, p.rule) for p in result.problems] == [("sources.csv", 4, "bad_url")]


def test_replace_warns_about_missing_files(small_data_dir, tmp_path):
    source = (small_data_dir / "sources.csv").read_bytes()
    result = prepare([("sources.csv", source)], "replace", small_data_dir, tmp_path / "r")
    missing = {p.file for p in result.problems if p.rule == "not_uploaded"}
    assert missing == {"actors.csv", "locations.csv", "figures.csv", "events.csv"}


def test_curated_data_folder_is_never_modified(tmp_path):
    before = digest(paths.DATA_DIR)
    upload_text = FIGURES_HEADER + "F9999999,2025-01-02,nobody,killed,1,1,exact,assessment,S999,2\n"
    for mode in upload.MODES:
        prepare([("figures.csv", upload_text.encode())], mode, paths.DATA_DIR, tmp_path / mode)
    assert digest(paths.DATA_DIR) == before


def test_new_folder_is_private_and_discard_only_removes_own_folders(tmp_path):
    folder = folders.new_folder()
    assert folder.is_dir() and (folder.stat().st_mode & 0o777) == 0o700
    other = tmp_path / "keep"
    other.mkdir()
    folders.discard(other)
    assert other.exists()
    folders.discard(folder)
    assert not folder.exists()


def test_bad_mode_raises(small_data_dir):
    with pytest.raises(ValueError):
        prepare([], "overwrite", small_data_dir)


def upload_folders(root: Path) -> list[Path]:
    return sorted(root.glob(f"{folders.FOLDER_PREFIX}*"))


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """A temp root of this test's own, so folders of other processes on the machine do not count."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


def test_the_folder_of_a_check_goes_with_the_check(private_tmp, small_data_dir):
    upload_text = FIGURES_HEADER + "F9999999,2025-01-02,nobody,killed,1,1,exact,assessment,S999,2\n"
    result = prepare([("figures.csv", upload_text.encode())], "merge", small_data_dir)
    assert upload_folders(private_tmp) == [result.folder]
    del result
    gc.collect()
    assert upload_folders(private_tmp) == []
    result = prepare([("figures.csv", upload_text.encode())], "merge", small_data_dir)
    result.owner.discard()
    assert upload_folders(private_tmp) == []


def test_no_folder_is_left_when_the_process_stops_or_is_killed(private_tmp, small_data_dir):
    script = (
        "import sys, tempfile; from kursk_monitor import upload; tempfile.tempdir = sys.argv[1];"
        "kept = upload.prepare([('figures.csv', b'figure_id\\n')], 'merge', sys.argv[2]);"
        "print(kept.folder, flush=True); sys.stdin.read()"
    )
    command = [sys.executable, "-c", script, str(private_tmp), str(small_data_dir)]
    stopped = subprocess.run(command, input="", capture_output=True, text=True, cwd=paths.PROJECT_DIR, timeout=120)
    assert stopped.returncode == 0, stopped.stderr
    assert stopped.stdout.strip() and upload_folders(private_tmp) == []
    killed = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=paths.PROJECT_DIR)
    left = Path(killed.stdout.readline().strip())
    killed.kill()
    killed.wait(timeout=60)
    assert upload_folders(private_tmp) == [left]  # a killed process cannot clean up ...
    folders.new_folder().rmdir()
    assert upload_folders(private_tmp) == []  # ... the next folder made removes its leftovers


@pytest.mark.parametrize(
    "members",
    [{}, {"README.txt": b"hello"}, {"data/notes.csv": b"a,b\n1,2\n"}, {"data/": b""}],
    ids=["empty", "readme only", "unknown csv", "folder only"],
)
def test_a_zip_without_data_files_is_an_error_not_a_clean_report(small_data_dir, tmp_path, members):
    result = prepare([("mine.zip", make_zip(members))], "merge", small_data_dir, tmp_path / "o")
    errors = [(p.file, p.rule) for p in result.problems if p.severity == "error"]
    assert errors == [("mine.zip", "no_data_files")]
    (problem,) = [p for p in result.problems if p.rule == "no_data_files"]
    assert "none of the data files" in problem.message
    assert problem.text("de").startswith("Das Archiv enthält keine der Datendateien")


def test_rows_left_out_counts_rows_not_problems(small_data_dir, tmp_path):
    actor, source, _ = first_ids(small_data_dir)
    rows = [
        f"F9000001,2025-13-02,{actor},killed,x,y,range,assessment,{source},2",  # three problems, one row
        "F9000002,2025-13-02,nobody,killed,5,6,range,assessment,S999,9",  # four problems, one row
        f"F9000003,2025-01-02,{actor},killed,5,6,range,assessment,{source},2",
        f"F9000004,2025-01-02,{actor},killed,5",  # too few fields
        f"F9000005,2025-01-02,{actor},killed,5,6,range,assessment,{source},2\x00",  # NUL byte
    ]
    text = FIGURES_HEADER + "\n".join(rows) + "\n"
    result = prepare([("figures.csv", text.encode())], "replace", small_data_dir, tmp_path)
    figures = next(item for item in result.summary if item["file"] == "figures.csv")
    assert result.errors > 4
    assert (figures["rows"], figures["loaded"], figures["left_out"]) == (5, 1, 4)


def test_a_second_copy_of_a_file_is_said_to_be_ignored():
    files, problems = collect([("figures.csv", b"a\n1\n"), ("data/FIGURES.csv", b"a\n2\n")])
    assert [f.data for f in files] == [b"a\n1\n"]
    (problem,) = problems
    assert "this copy is ignored" in problem.message
    assert "die erste wird verwendet" in problem.text("de")


def test_the_folders_of_an_ended_session_are_swept(private_tmp):
    from kursk_monitor_ui import upload_sessions

    owners = {"gone": folders.UploadFolder(), "here": folders.UploadFolder(), "blip": folders.UploadFolder()}
    for session_id, owner in owners.items():
        upload_sessions._folders.setdefault(session_id, upload_sessions.weakref.WeakSet()).add(owner)
        upload_sessions._last_active[session_id] = 0.0
    active = {"here"}
    try:
        upload_sessions.sweep(100.0, active.__contains__, ttl=120)  # disconnected, may still come back
        assert len(upload_folders(private_tmp)) == 3
        active.add("blip")  # reconnected within the time
        upload_sessions.sweep(110.0, active.__contains__, ttl=120)
        active.discard("blip")
        upload_sessions.sweep(200.0, active.__contains__, ttl=120)
        assert upload_folders(private_tmp) == sorted([owners["here"].path, owners["blip"].path])
        upload_sessions.sweep(231.0, active.__contains__, ttl=120)
        assert upload_folders(private_tmp) == [owners["here"].path]
    finally:
        for session_id in owners:
            upload_sessions._folders.pop(session_id, None)
            upload_sessions._last_active.pop(session_id, None)
