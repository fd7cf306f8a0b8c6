"""The columnar cache gives back exactly what validating the folder gives, and notices every change."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from kursk_monitor import table_cache
from kursk_monitor.dataset import load_dataset
from kursk_monitor.paths import DATA_DIR


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("KURSK_MONITOR_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(table_cache, "MIN_BYTES", 0)
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    return copy


def assert_same(a, b):
    for name in a.tables:
        pd.testing.assert_frame_equal(a.tables[name], b.tables[name])
        assert (a.lines[name] == b.lines[name]).all()
    assert a.problems == b.problems
    assert [(r.rows, r.loaded, r.readable) for r in a.reports.values()] == [
        (r.rows, r.loaded, r.readable) for r in b.reports.values()
    ]


def test_a_cached_folder_loads_as_validated_without_reading_the_files_again(folder, monkeypatch):
    fresh = table_cache.load(folder)
    monkeypatch.setattr(table_cache, "load_dataset", lambda _d: pytest.fail("the folder was validated again"))
    assert_same(fresh, table_cache.load(folder))


def test_problems_and_line_numbers_survive_the_cache(folder):
    events = folder / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "E999,2024-13-01,,day,Bad,,,,military,,,S001,2,,\n")
    fresh = table_cache.load(folder)
    cached = table_cache.load(folder)
    assert [p.format() for p in cached.problems] == [p.format() for p in fresh.problems]
    assert any(p.column == "date" for p in cached.problems)
    assert_same(fresh, cached)


def test_a_changed_file_is_validated_again(folder):
    before = table_cache.load(folder)
    path = folder / "events.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # the last event removed
    after = table_cache.load(folder)
    assert len(after.events) == len(before.events) - 1
    assert_same(after, load_dataset(folder))


def test_the_cache_can_be_turned_off(folder, tmp_path, monkeypatch):
    monkeypatch.setenv("KURSK_MONITOR_CACHE", "off")
    table_cache.load(folder)
    assert not (tmp_path / "cache").exists()


def test_the_cache_is_kept_outside_the_data_folder(folder, tmp_path):
    table_cache.load(folder)
    assert sorted(p.name for p in folder.iterdir()) == sorted(p.name for p in DATA_DIR.iterdir())
    assert len(list((tmp_path / "cache").iterdir())) == 1
