"""The selection's row picking: ids looked up through pyarrow give what pandas' `isin` gives, the
distinct id lists of a large selection read from codes equal the hashed ones in the same order,
and the name layout's grid finds exactly the overlaps a pass over every box finds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kursk_monitor import label_layout, selection, table_cache
from kursk_monitor.filters import ViewFilter
from kursk_monitor.search_text import SEARCH_COLUMN
from kursk_monitor.synth import write_acled_like

IDS = st.text(alphabet="abcS0123", min_size=0, max_size=3)


@pytest.mark.parametrize("dtype", ["str", object, "string[python]"])
@given(values=st.lists(st.one_of(IDS, st.none()), max_size=30), wanted=st.lists(IDS, max_size=10))
@settings(max_examples=60, deadline=None)
def test_is_in_agrees_with_pandas(dtype, values, wanted):
    column = pd.Series(values, dtype=dtype)
    expected = column.isin(wanted).to_numpy()
    assert selection.is_in(column, wanted).tolist() == expected.tolist()
    assert selection.is_in(column, set(wanted)).tolist() == expected.tolist()


def test_is_in_with_values_that_are_not_text():
    column = pd.Series(["a", "1", None], dtype="str")
    assert selection.is_in(column, ["a", 1]).tolist() == [True, False, False]


def test_rows_with_keeps_order_and_labels():
    frame = pd.DataFrame({"id": ["c", "a", "b", "a"], "n": [1, 2, 3, 4]}, index=[9, 8, 7, 6]).astype({"id": "str"})
    picked = selection.rows_with(frame, "id", {"a", "c"})
    assert picked.index.tolist() == [9, 8, 6]
    assert picked["n"].tolist() == [1, 2, 4]


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A folder past `selection.LARGE` events, loaded once from CSV and once from the cache."""
    folder = tmp_path_factory.mktemp("large")
    write_acled_like(folder, events=selection.LARGE + 5_000)
    return folder


def _hashed(frame: pd.DataFrame, column: str) -> list[tuple]:
    return frame[column].drop_duplicates().tolist()


@pytest.mark.parametrize("cached", [False, True])
def test_distinct_lists_of_a_large_selection_match_hashing(large, tmp_path, monkeypatch, cached):
    monkeypatch.setenv("KURSK_MONITOR_CACHE", str(tmp_path / "cache"))
    dataset = table_cache.load(large)
    if cached:  # the first load wrote the cache; this one reads it, with the dictionary's codes
        dataset = table_cache.load(large)
    events = dataset.tables["events"]
    assert len(events) >= selection.LARGE
    # read from the cache, the table comes with the codes of its dictionary-encoded lists
    assert ((id(events), "source_ids") in selection._LIST_CODES) is cached
    for credibility in (6, 4, 3):
        chosen = dataset.select(ViewFilter(min_credibility=credibility)).events
        if len(chosen) < selection.LARGE:
            continue
        for column in ("source_ids", "actor_ids"):
            assert selection.distinct_lists(chosen, events, column) == _hashed(chosen, column)
    sel = dataset.select(ViewFilter(min_credibility=4))
    expected = list(
        dict.fromkeys(s for name in sel.frames for ids in _hashed(sel.frames[name], "source_ids") for s in ids)
    )
    assert sel.cited() == expected


def test_selected_frames_leave_the_tables_alone(large, monkeypatch, tmp_path):
    monkeypatch.setenv("KURSK_MONITOR_CACHE", "off")
    dataset = table_cache.load(large)
    for view in (ViewFilter(), ViewFilter(min_credibility=4)):
        chosen = dataset.select(view)
        assert SEARCH_COLUMN not in chosen.events and SEARCH_COLUMN in dataset.tables["events"]
        chosen.events["category"] = "changed"
        assert (dataset.tables["events"]["category"] != "changed").all()


BOX = st.tuples(
    st.floats(-50, 700, allow_nan=False), st.floats(-50, 700, allow_nan=False), st.floats(1, 200), st.floats(1, 40)
).map(lambda b: (b[0], b[1], b[0] + b[2], b[1] + b[3]))


@given(filed=st.lists(BOX, max_size=60), probes=st.lists(BOX, min_size=1, max_size=20))
@settings(max_examples=80, deadline=None)
def test_box_grid_finds_the_overlaps_a_full_pass_finds(filed, probes):
    grid = label_layout._Boxes(tuple(filed))
    for probe in probes:
        expected = any(label_layout._overlaps(probe, other) for other in filed)
        assert grid.overlaps(probe) is expected
        ignore = filed[0] if filed else None
        expected = any(label_layout._overlaps(probe, o) for o in filed if o != ignore)
        assert grid.overlaps(probe, ignore=ignore) is expected


def test_box_grid_is_empty_at_first():
    assert not label_layout._Boxes().overlaps((0.0, 0.0, 10.0, 10.0))
    assert np.isfinite(label_layout._Boxes.CELL_PX)
