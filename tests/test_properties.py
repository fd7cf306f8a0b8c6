"""Property-based tests of every parser: whatever text, cell or URL comes in, the result is a
typed value or a located problem, never a crash."""

from __future__ import annotations

import csv
import io
import re
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from kursk_monitor.csvread import UnreadableFile, parse_text
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter, from_query
from kursk_monitor.schema import CATEGORIES, CREDIBILITY, METRICS, RELIABILITY

CORPUS_BASE = Path(__file__).resolve().parent / "corpus" / "base"
settings.register_profile("kursk", database=None)
settings.load_profile("kursk")
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# --- csvread.parse_text -------------------------------------------------------------------------

csv_ish = st.text(alphabet=st.sampled_from(list('ab1 ,;"\n\r\t\ufeffäß\x00')), max_size=200)


def _has_readable_header(text: str) -> bool:
    """True when the first line with a non-blank cell reads as one complete CSV record of text
    (a NUL byte in it marks a binary file)."""
    lines = [line for line in re.split(r"\r\n|\r|\n", text) if line.strip()]
    if not lines:
        return False
    delimiter = ";" if ("," not in lines[0] and ";" in lines[0]) else ","
    for line in lines:
        try:
            cells = next(csv.reader(io.StringIO(line), delimiter=delimiter, strict=True), [])
        except csv.Error:
            return False
        if any(cell.strip() for cell in cells):
            return "\x00" not in line
    return False


@given(st.one_of(st.text(max_size=300), csv_ish))
@settings(max_examples=400, deadline=None)
def test_parse_text_never_crashes_and_lines_are_real(text):
    try:
        table = parse_text(text, "x.csv")
    except UnreadableFile:
        # allowed only for text without content, or whose header opens a quote that never closes
        # (the csv module in strict mode cannot read the header record either)
        assert not _has_readable_header(text), "a header was there"
        return
    n_lines = len(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    assert table.header
    assert len(table.lines) == len(table.records)
    assert all(1 <= line <= n_lines for line in table.lines)
    assert table.lines == sorted(table.lines)
    assert len(set(table.lines)) == len(table.lines)
    for problem in table.problems:
        assert 1 <= problem.line <= n_lines
    assert not any("\x00" in cell for record in table.records for cell in record)


cell_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\x00"), max_size=20)
header_name = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)


@given(
    st.lists(header_name, min_size=2, max_size=5, unique=True).flatmap(
        lambda header: st.tuples(
            st.just(header),
            st.lists(st.lists(cell_text, min_size=len(header), max_size=len(header)), max_size=8),
        )
    )
)
@settings(max_examples=200, deadline=None)
def test_parse_text_round_trips_what_a_csv_writer_wrote(header_and_rows):
    header, rows = header_and_rows
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    table = parse_text(buffer.getvalue(), "x.csv")
    assert table.header == header
    assert table.records == [row for row in rows if any(cell.strip() for cell in row)]
    assert not table.problems


# --- validation of cells, through load_dataset --------------------------------------------------

DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
INT_RE = re.compile(r"\d+|\d{1,3}(?:([,. '])\d{3})(?:\1\d{3})*")


def expected_date(cell: str) -> date | None:
    cell = cell.strip()
    if not DATE_RE.fullmatch(cell):
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError:
        return None


def expected_int(cell: str) -> int | None:
    cell = cell.strip()
    if not INT_RE.fullmatch(cell):
        return None
    return int(re.sub(r"[,. ']", "", cell))


date_cells = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.tuples(st.integers(1990, 2030), st.integers(0, 13), st.integers(0, 32)).map(
        lambda t: f"{t[0]:04d}-{t[1]:02d}-{t[2]:02d}"
    ),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.text(alphabet="0123456789-./ ", max_size=12),
)
int_cells = st.one_of(
    st.integers(0, 10**9).map(str),
    st.integers(1000, 10**9).flatmap(
        lambda n: st.sampled_from([",", ".", " ", "'"]).map(lambda sep: f"{n:,}".replace(",", sep))
    ),
    st.integers(-1000, -1).map(str),
    st.text(alphabet="0123456789,. '-e", max_size=10),
)
id_lists = st.lists(st.sampled_from(["S001", "S002", "S003", "S999", "", " ", "s001"]), min_size=1, max_size=4).map(
    ";".join
)
padding = st.sampled_from(["", " ", "  "])

FIGURE_HEADER = [
    "figure_id",
    "claimed_on",
    "date_precision",
    "as_of",
    "claimant_id",
    "metric",
    "value_low",
    "value_high",
    "qualifier",
    "claim_kind",
    "location_id",
    "source_ids",
    "credibility",
    "note",
    "note_de",
]


@st.composite
def figure_rows(draw):
    n = draw(st.integers(1, 6))
    rows = []
    for i in range(n):
        claimed_on = draw(padding) + draw(date_cells) + draw(padding)
        low = draw(int_cells)
        high = draw(st.one_of(st.just(low), int_cells))
        sources = draw(id_lists)
        rows.append(
            {
                "figure_id": f"F{i + 1:03d}",
                "claimed_on": claimed_on,
                "date_precision": "day",
                "as_of": "",
                "claimant_id": "kr_nis",
                "metric": "killed",
                "value_low": low,
                "value_high": high,
                "qualifier": "about",
                "claim_kind": "assessment",
                "location_id": "",
                "source_ids": sources,
                "credibility": "3",
                "note": "",
                "note_de": "",
            }
        )
    return rows


@pytest.fixture(scope="module")
def base_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("props")
    for path in CORPUS_BASE.iterdir():
        shutil.copy(path, folder / path.name)
    return folder


@given(rows=figure_rows())
@SLOW
def test_every_cell_becomes_a_typed_value_or_a_located_problem(base_copy, rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=FIGURE_HEADER, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    (base_copy / "figures.csv").write_text(buffer.getvalue(), encoding="utf-8")
    data = load_dataset(base_copy)
    figures = data.tables["figures"].set_index("figure_id")
    problems = [p for p in data.problems if p.file == "figures.csv"]
    assert all(2 <= p.line <= len(rows) + 1 for p in problems), problems
    errors_at = {p.line for p in problems if p.severity == "error"}
    for line, row in enumerate(rows, start=2):
        claimed = expected_date(row["claimed_on"])
        low, high = expected_int(row["value_low"]), expected_int(row["value_high"])
        ids = [part.strip() for part in row["source_ids"].split(";") if part.strip()]
        sources_ok = bool(ids) and all(i in {"S001", "S002", "S003"} for i in ids)
        valid = claimed is not None and low is not None and high is not None and low <= high and sources_ok
        if row["figure_id"] in figures.index:
            assert line not in errors_at
            assert valid, row
            loaded = figures.loc[row["figure_id"]]
            assert loaded["claimed_on"] == pd.Timestamp(claimed)
            assert (loaded["value_low"], loaded["value_high"]) == (low, high)
            assert loaded["source_ids"] == tuple(ids)
        else:
            assert line in errors_at, (row, problems)
            assert not valid, (row, problems)


# --- filters.from_query -------------------------------------------------------------------------

param_names = st.sampled_from(
    ["from", "to", "actor", "claimant", "country", "metric", "category", "place", "reliability", "credibility", "q"]
)
param_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["2024-10-18", "2025-02-30", "xx", "", "A", "f", "3", "7", *METRICS[:3], *CATEGORIES[:2]]),
)


@given(
    st.dictionaries(
        st.one_of(param_names, st.text(max_size=10)),
        st.one_of(param_values, st.lists(param_values, max_size=4)),
        max_size=8,
    )
)
@settings(max_examples=400, deadline=None)
def test_from_query_never_raises(params):
    parsed = from_query(params, known={"actor": {"kr_nis", "us_dod"}, "country": {"KOR"}, "place": {"kursk"}})
    view = parsed.filter
    assert isinstance(view, ViewFilter)
    assert view.min_reliability in RELIABILITY
    assert str(view.min_credibility) in CREDIBILITY
    assert set(view.metrics) <= set(METRICS)
    assert set(view.categories) <= set(CATEGORIES)
    assert set(view.actors) <= {"kr_nis", "us_dod"}
    if view.date_from and view.date_to:
        assert view.date_from <= view.date_to
    for param, value, reason in parsed.ignored:
        assert isinstance(param, str) and isinstance(value, str) and reason.startswith("reason_")


@given(
    st.builds(
        ViewFilter,
        date_from=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2024, 12, 31)),
        date_to=st.none() | st.dates(min_value=date(2025, 1, 1), max_value=date(2025, 12, 31)),
        actors=st.lists(st.sampled_from(["kr_nis", "us_dod"]), unique=True).map(tuple),
        metrics=st.lists(st.sampled_from(METRICS), unique=True, max_size=3).map(tuple),
        categories=st.lists(st.sampled_from(CATEGORIES), unique=True, max_size=3).map(tuple),
        min_reliability=st.sampled_from(RELIABILITY),
        min_credibility=st.integers(1, 6),
        text=st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=20).map(str.strip),
    )
)
@settings(max_examples=200, deadline=None)
def test_filter_round_trips_through_the_url(view):
    assume("," not in view.text)
    parsed = from_query(view.to_query(), known={"actor": {"kr_nis", "us_dod"}})
    assert parsed.ignored == []
    assert parsed.filter == view


# --- blank lines and hostile characters ------------------------------------------------------------


@given(
    st.lists(st.lists(st.from_regex(r"[a-z0-9]{1,6}", fullmatch=True), min_size=3, max_size=3), max_size=6),
    st.lists(st.integers(0, 5), min_size=7, max_size=7),
)
@settings(max_examples=200, deadline=None)
def test_blank_lines_anywhere_keep_records_and_their_physical_lines(rows, blanks):
    text, line, expected_lines = "", 1, []
    for index, row in enumerate([["a", "b", "c"], *rows]):
        text += "\n" * blanks[index]
        line += blanks[index]
        if index:
            expected_lines.append(line)
        text += ",".join(row) + "\n"
        line += 1
    table = parse_text(text, "x.csv")
    assert table.header == ["a", "b", "c"]
    assert table.records == rows
    assert table.lines == expected_lines


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
name_text = st.text(
    alphabet=st.one_of(st.sampled_from(list(BIDI)), st.characters(blacklist_categories=("Cs", "Cc"))),
    min_size=1,
    max_size=30,
)


@given(name=name_text)
@SLOW
def test_no_bidi_control_reaches_a_loaded_name(base_copy, name):
    assume(name.strip(" \u00a0") and not set(name) <= set(BIDI) | {" "})
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["actor_id", "name", "name_de", "kind", "country", "description", "description_de"])
    writer.writerow(["kr_nis", name, "", "intelligence", "KOR", "", ""])
    writer.writerows(
        [["us_dod", "US", "", "government", "USA", "", ""], ["ua_hur", "UA", "", "intelligence", "UKR", "", ""]]
    )
    (base_copy / "actors.csv").write_text(buffer.getvalue(), encoding="utf-8")
    data = load_dataset(base_copy)
    actors = data.tables["actors"].set_index("actor_id")
    if "kr_nis" not in actors.index:  # a name of spaces only after cleaning is a missing value
        return
    loaded = actors.loc["kr_nis", "name"]
    assert not set(loaded) & set(BIDI)
    warned = any(p.rule == "bidi_control" for p in data.problems)
    assert warned == bool(set(name) & set(BIDI))
