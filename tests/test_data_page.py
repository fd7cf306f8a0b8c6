"""AppTest of the "Your data" page: upload, check, use, go back; the curated data stays untouched."""

from __future__ import annotations

import gc
import hashlib
import io
import tempfile
import zipfile
from pathlib import Path

import pytest

from kursk_monitor.dataset import load_dataset
from kursk_monitor.upload_folders import FOLDER_PREFIX
from kursk_monitor_ui.shell import DATA_DIR_STATE

XSS = Path(__file__).parent / "fixtures" / "xss"
FIGURES_HEADER = (
    "figure_id,claimed_on,claimant_id,metric,value_low,value_high,qualifier,claim_kind,source_ids,credibility\n"
)


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def overview_counts(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.fixture
def curated(tmp_path, small_data_dir) -> Path:
    """A copy of the small synthetic folder acting as the curated data."""
    folder = tmp_path / "curated"
    folder.mkdir()
    for path in small_data_dir.iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def upload_rows(curated: Path) -> bytes:
    data = load_dataset(curated)
    actor = data.tables["actors"]["actor_id"].iloc[0]
    source = data.tables["sources"]["source_id"].iloc[0]
    rows = [
        f"F9000001,2025-01-02,{actor},killed,5,6,range,assessment,{source},2",
        f"F9000002,2025-13-02,{actor},killed,5,6,range,assessment,{source},2",
        f"F9000003,2025-01-03,{actor},wounded,7,7,exact,assessment,{source},3",
    ]
    return (FIGURES_HEADER + "\n".join(rows) + "\n").encode()


def test_page_renders_without_uploads(make_app, curated):
    at = make_app(data_dir=curated, page="data.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Your data"
    assert at.file_uploader
    assert not [b for b in at.button if b.key == "km_use_upload"]
    assert len(at.get("download_button")) == 8  # seven CSV tables and one workbook


def test_upload_check_use_and_back(make_app, curated):
    before = digest(curated)
    at = make_app(data_dir=curated, page="data.py")
    at.run()
    at.file_uploader[0].set_value(("figures.csv", upload_rows(curated), "text/csv"))
    at.run()
    assert not at.exception
    # the report is shown before anything is used
    assert DATA_DIR_STATE not in at.session_state
    assert "1 problem(s)" in at.warning[0].value
    problems = at.dataframe[-1].value
    assert list(problems["File"]) == ["figures.csv"]
    assert list(problems["Line"]) == [3]
    assert list(problems["Column"]) == ["claimed_on"]
    use = at.button(key="km_use_upload")
    assert not use.disabled
    use.click().run()
    assert not at.exception
    folder = Path(at.session_state[DATA_DIR_STATE])
    assert folder.is_dir() and folder != curated
    merged = load_dataset(folder)
    assert {"F9000001", "F9000003"} <= set(merged.tables["figures"]["figure_id"])
    assert "F9000002" not in set(merged.tables["figures"]["figure_id"])
    assert any("own files" in i.value for i in at.info)
    # the overview now counts the merged claims
    curated_claims = len(load_dataset(curated).tables["figures"])
    at.switch_page("pages/overview.py").run()
    assert not at.exception
    assert overview_counts(at)["figures.csv"] == str(curated_claims + 2)
    at.switch_page("pages/data.py").run()
    at.button(key="km_back_to_curated").click().run()
    assert not at.exception
    assert DATA_DIR_STATE not in at.session_state
    assert digest(curated) == before


def test_replace_with_a_zip(make_app, curated):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in XSS.glob("*.csv"):
            archive.write(path, f"hostile/{path.name}")
        archive.writestr("../../escape/figures.csv", FIGURES_HEADER)
    at = make_app(data_dir=curated, page="data.py")
    at.run()
    at.radio(key="km_upload_mode").set_value("replace").run()
    at.file_uploader[0].set_value(("hostile.zip", buffer.getvalue(), "application/zip"))
    at.run()
    assert not at.exception
    rules = list(at.dataframe[-1].value["Problem"])
    assert any("outside the archive" in r for r in rules)
    at.button(key="km_use_upload").click().run()
    assert not at.exception
    data = load_dataset(at.session_state[DATA_DIR_STATE])
    assert set(data.tables["actors"]["actor_id"]) == {"xss_actor", "formula_actor"}
    # hostile names are shown as plain text in tables, never as markdown/HTML
    at.switch_page("pages/overview.py").run()
    assert not at.exception


def test_seeded_data_folder_is_used_and_cleared(make_app, curated, tmp_path):
    at = make_app(data_dir=curated, page="data.py")
    at.session_state[DATA_DIR_STATE] = str(XSS)
    at.session_state["km_upload_active_mode"] = "replace"
    at.run()
    assert not at.exception
    assert "instead of the curated data" in at.info[0].value
    sheet_counts = [b.proto.label for b in at.get("download_button")]
    assert any("Actors" in label and "(2)" in label for label in sheet_counts)
    at.button(key="km_back_to_curated").click().run()
    assert DATA_DIR_STATE not in at.session_state
    assert XSS.is_dir()  # a folder not made by the upload is never removed


def test_unknown_file_is_refused_in_german(make_app, curated):
    at = make_app(data_dir=curated, page="data.py", lang="de")
    at.run()
    assert at.title[0].value == "Eigene Daten"
    at.file_uploader[0].set_value(("passwd.csv", b"root:x:0:0\n", "text/csv"))
    at.run()
    assert not at.exception
    problems = at.dataframe[-1].value
    assert problems["Problem"].iloc[0].startswith("Kein Name einer Datendatei")


def test_no_upload_folder_outlives_its_check_or_session(make_app, curated, tmp_path, monkeypatch):
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp_root))

    def folders() -> list[Path]:
        return sorted(temp_root.glob(f"{FOLDER_PREFIX}*"))

    at = make_app(data_dir=curated, page="data.py")
    at.run()
    at.file_uploader[0].set_value(("figures.csv", upload_rows(curated), "text/csv")).run()
    first = folders()
    assert len(first) == 1
    at.file_uploader[0].set_value(("figures.csv", upload_rows(curated) + b"\n", "text/csv")).run()
    assert len(folders()) == 1 and folders() != first  # a new check replaces the old folder
    at.button(key="km_use_upload").click().run()
    assert folders() == [Path(at.session_state[DATA_DIR_STATE])]
    at.button(key="km_back_to_curated").click().run()
    assert not at.exception
    assert folders() == [at.session_state["km_upload_pending"].folder]  # the check stays on screen
    at.file_uploader[0].set_value([]).run()
    assert folders() == []
    at.file_uploader[0].set_value(("figures.csv", upload_rows(curated), "text/csv")).run()
    at.button(key="km_use_upload").click().run()
    assert len(folders()) == 1
    del at  # the session ends
    gc.collect()
    assert folders() == []


def test_the_report_counts_rows_left_out_and_flags_an_empty_zip(make_app, curated):
    data = load_dataset(curated)
    actor = data.tables["actors"]["actor_id"].iloc[0]
    source = data.tables["sources"]["source_id"].iloc[0]
    rows = [
        f"F9000001,2025-13-02,{actor},killed,x,y,range,assessment,{source},2",  # three problems, one row
        f"F9000002,2025-01-02,{actor},killed,5,6,range,assessment,{source},2",
    ]
    at = make_app(data_dir=curated, page="data.py")
    at.run()
    at.file_uploader[0].set_value(("figures.csv", (FIGURES_HEADER + "\n".join(rows) + "\n").encode(), "text/csv"))
    at.run()
    summary = at.dataframe[0].value.set_index("File")
    assert summary.loc["figures.csv", "Rows left out"] == 1
    assert "3 problem(s)" in at.warning[0].value
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    at.file_uploader[0].set_value(("empty.zip", buffer.getvalue(), "application/zip")).run()
    assert not at.exception
    assert not at.success  # never "No problems found" for an archive without data
    assert "1 problem(s)" in at.warning[0].value
    assert "none of the data files" in at.dataframe[-1].value["Problem"].iloc[0]
