"""The period, the as-of line and the data's age come from the data and an injectable today;
uploaded rows are marked as the analyst's own on the overview."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from kursk_monitor import freshness
from kursk_monitor.chart_frame import as_of_line
from kursk_monitor.dataset import load_dataset
from kursk_monitor.upload import prepare

ROOT = Path(__file__).resolve().parent.parent
NEWEST = pd.Timestamp("2026-03-17")

AS_OF_CASES = [
    ("en", date(2026, 4, 1), "Data as of 17 March 2026"),
    ("en", date(2026, 5, 16), "Data as of 17 March 2026"),  # 60 days: not yet stale
    ("en", date(2026, 5, 17), "Data as of 17 March 2026 — 61 days old"),
    ("de", date(2026, 12, 1), "Datenstand 17. März 2026 – 259 Tage alt"),
    ("de", date(2026, 4, 1), "Datenstand 17. März 2026"),
]


@pytest.mark.parametrize(("lang", "today", "expected"), AS_OF_CASES)
def test_as_of_says_how_old_stale_data_is(lang, today, expected):
    assert freshness.as_of_text(NEWEST, lang, today) == expected


@pytest.mark.parametrize(("lang", "today", "expected"), AS_OF_CASES)
def test_every_picture_foot_uses_the_injected_today(monkeypatch, lang, today, expected):
    monkeypatch.setenv(freshness.TODAY_ENV, today.isoformat())
    assert as_of_line(NEWEST, lang) == expected


def test_today_is_injectable_and_ignores_garbage(monkeypatch):
    monkeypatch.setenv(freshness.TODAY_ENV, "2030-01-02")
    assert freshness.today() == date(2030, 1, 2)
    monkeypatch.setenv(freshness.TODAY_ENV, "soon")
    assert freshness.today() == date.today()


@pytest.mark.parametrize(
    ("lang", "span", "expected"),
    [
        ("en", ("2024-06-19", "2026-03-17"), "June 2024 – March 2026"),
        ("de", ("2024-06-19", "2026-03-17"), "Juni 2024 – März 2026"),
        ("en", ("2026-03-01", "2026-03-17"), "March 2026"),
    ],
)
def test_period_comes_from_first_and_last_dates(lang, span, expected):
    assert freshness.period_text(tuple(pd.Timestamp(d) for d in span), lang) == expected


def test_catalogues_name_no_fixed_period():
    for name in ("en.toml", "de.toml"):
        text = (ROOT / "kursk_monitor" / "locales" / name).read_text(encoding="utf-8")
        for fixed in ("December 2025", "Dezember 2025", "– 2025", "2024 – "):
            assert fixed not in text, (name, fixed)


def test_readme_period_does_not_lag_the_curated_data():
    last = load_dataset(ROOT / "data").date_span[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    named = re.search(r"through\s+([A-Z][a-z]+ \d{4})", readme)
    assert named, "the README names the period the data runs through"
    assert pd.Timestamp(datetime.strptime(named.group(1), "%B %Y")) >= last.to_period("M").to_timestamp()


def texts(at) -> str:
    kinds = ("title", "markdown", "caption", "warning", "info")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind))


def test_overview_names_the_data_period_and_warns_when_stale(make_app, small_data_dir, monkeypatch):
    first, last = load_dataset(small_data_dir).date_span
    monkeypatch.setenv(freshness.TODAY_ENV, (last + pd.Timedelta(days=100)).date().isoformat())
    at = make_app(small_data_dir)
    at.run()
    assert not at.exception
    assert freshness.period_text((first, last), "en") in at.markdown[0].value
    assert "— 100 days old" in " ".join(c.value for c in at.caption)
    assert any("more than 60 days old" in w.value for w in at.warning)


def test_overview_has_no_stale_warning_for_fresh_data(make_app, small_data_dir, monkeypatch):
    _first, last = load_dataset(small_data_dir).date_span
    monkeypatch.setenv(freshness.TODAY_ENV, (last + pd.Timedelta(days=3)).date().isoformat())
    at = make_app(small_data_dir, lang="de")
    at.run()
    assert not at.exception
    assert "Tage alt" not in texts(at)
    assert "Datenstand" in texts(at)


def test_uploaded_rows_are_marked_as_the_analysts_own(make_app, tmp_path):
    curated = load_dataset(ROOT / "data").tables["events"]
    key_event = curated[curated["key"] == "1"].iloc[0]
    header = "event_id,date,date_precision,title,title_de,category,actor_ids,location_id,source_ids,credibility,key"
    row = (
        f"E9000001,2025-01-05,day,My own key event,Mein eigenes Ereignis,{key_event['category']},"
        f"{';'.join(key_event['actor_ids'])},{key_event['location_id']},{';'.join(key_event['source_ids'])},3,1"
    )
    prepared = prepare([("events.csv", f"{header}\n{row}\n".encode())], "merge", ROOT / "data", tmp_path / "m")
    assert prepared.own_ids["events"] == {"E9000001"}
    at = make_app()
    at.session_state["km_data_dir"] = str(prepared.folder)
    at.session_state["km_own_rows"] = (str(prepared.folder), prepared.mode, prepared.own_ids)
    at.run()
    assert not at.exception
    assert any("from your own upload" in i.value and "1 in events.csv" in i.value for i in at.info)
    key_dates = "\n".join(m.value for m in at.markdown)
    assert "My own key event (your upload)" in key_dates
    assert f"{key_event['title']} (your upload)" not in key_dates
