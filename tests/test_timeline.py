"""The timeline figure: lanes, colours, hover, periods, weekly strips at scale, the claims layer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from kursk_monitor.dataset import load_dataset
from kursk_monitor.labels import Labels
from kursk_monitor.style import CATEGORY_COLOURS, claimant_styles
from kursk_monitor.timeline import source_line, timeline_figure, weekly_counts
from kursk_monitor.timeline_text import date_ticks, event_table

ACTORS = pd.DataFrame(
    {
        "actor_id": ["kr_nis", "ru_mod", "ua_president"],
        "name": ["NIS (South Korea)", "Russian MoD", "President of Ukraine"],
        "name_de": ["NIS (Südkorea)", "Russisches Verteidigungsministerium", ""],
        "country": ["KOR", "RUS", "UKR"],
    }
)
LOCATIONS = pd.DataFrame(
    {"location_id": ["sudzha", "vladivostok"], "name": ["Sudzha", "Vladivostok"], "name_de": ["Sudscha", "Wladiwostok"]}
)
SOURCES = pd.DataFrame(
    {
        "source_id": ["S001", "S002", "S003"],
        "publisher": ["KBS World", "Reuters", "Reuters"],
    }
)


def _events() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "event_id": ["E001", "E002", "E003", "E004"],
            "date": ["2024-10-18", "2024-10-24", "2024-11-01", "2024-10-24"],
            "end_date": [None, None, "2024-11-30", None],
            "date_precision": ["day", "day", "month", "week"],
            "title": ["NIS discloses the first transfer", "Putin <b>does not deny</b>", "Fighting", "Statement"],
            "title_de": ["NIS enthüllt die erste Verlegung", "", "Kämpfe", ""],
            "description": ["", "", "", ""],
            "description_de": ["", "", "", ""],
            "category": ["intelligence", "statement", "military", "statement"],
            "actor_ids": [("kr_nis",), ("ru_mod", "kr_nis"), (), ("ua_president",)],
            "location_id": ["vladivostok", "", "sudzha", ""],
            "source_ids": [("S001",), ("S002", "S003"), ("S002",), ("S001",)],
            "credibility": [2, 1, 3, 6],
            "reliability": ["B", "A", "A", "F"],
        }
    )
    for column in ("date", "end_date"):
        frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
    return frame


def _figures() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "figure_id": ["F1", "F2"],
            "claimed_on": pd.to_datetime(["2024-10-18", "2024-12-17"]).astype("datetime64[ns]"),
            "date_precision": ["day", "day"],
            "claimant_id": ["kr_nis", "ru_mod"],
            "metric": ["troops_deployment", "killed"],
            "value_low": pd.array([1500, 100], dtype="Int64"),
            "value_high": pd.array([1500, 200], dtype="Int64"),
            "qualifier": ["about", "range"],
            "location_id": ["vladivostok", ""],
            "source_ids": [("S001",), ("S003",)],
            "credibility": [2, 4],
            "reliability": ["B", "A"],
        }
    )
    return frame


def labels(lang="en", actors=ACTORS, locations=LOCATIONS, sources=SOURCES) -> Labels:
    return Labels.build({"actors": actors, "locations": locations, "sources": sources}, lang)


def build(events=None, lang="en", **options):
    return timeline_figure(_events() if events is None else events, labels(lang), **options)


def traces(fig, meta):
    return [trace for trace in fig.data if trace.meta == meta]


def test_category_lanes_in_schema_order_with_shared_colours():
    fig = build()
    assert list(fig.layout.yaxis.ticktext) == ["Military", "Intelligence", "Statement"]
    markers = traces(fig, "events")
    assert [t.name for t in markers] == ["Military", "Intelligence", "Statement"]
    for trace, category in zip(markers, ["military", "intelligence", "statement"], strict=True):
        assert trace.marker.color == CATEGORY_COLOURS[category]
    assert sum(len(t.x) for t in markers) == 4


def test_same_day_same_lane_events_are_offset_not_hidden():
    statements = traces(build(), "events")[2]
    assert len(statements.y) == 2
    assert statements.y[0] != statements.y[1]
    assert all(abs(y - 2) < 0.5 for y in statements.y)


def test_actor_lanes_repeat_shared_events_and_use_claimant_styles():
    fig = build(lanes="actor")
    labels = list(fig.layout.yaxis.ticktext)
    assert labels == ["NIS (South Korea)", "Russian MoD", "President of Ukraine", "No actor named"]
    by_name = {t.name: t for t in traces(fig, "events")}
    assert {row[0] for row in by_name["NIS (South Korea)"].customdata} == {"E001", "E002"}
    assert [row[0] for row in by_name["No actor named"].customdata] == ["E003"]
    styles = claimant_styles(ACTORS)
    assert by_name["Russian MoD"].marker.color == styles["ru_mod"][0]
    assert by_name["Russian MoD"].marker.symbol == styles["ru_mod"][1]
    assert fig.layout.yaxis.title.text == "Actor"


def test_periods_are_drawn_as_bars():
    (period,) = traces(build(), "period")
    assert list(period.x[:2]) == [pd.Timestamp("2024-11-01"), pd.Timestamp("2024-11-30")]
    assert period.mode == "lines"


def test_hover_in_german_with_precision_actors_place_sources_and_grade():
    fig = build(lang="de")
    hover = {row[0]: text for t in traces(fig, "events") for row, text in zip(t.customdata, t.hovertext, strict=True)}
    first = hover["E001"]
    assert "NIS enthüllt die erste Verlegung" in first
    assert "18. Oktober 2024 (Tag bekannt)" in first
    assert "Akteure: NIS (Südkorea)" in first
    assert "Ort: Wladiwostok" in first
    assert "Quellen: KBS World" in first
    assert "B – meist zuverlässig" in first or "Bewertung: B" in first
    assert "November 2024 – 30. November 2024 (Monat bekannt)" in hover["E003"]
    assert "Woche vom 24. Oktober 2024 (Woche bekannt)" in hover["E004"]
    # an empty German title falls back to English; data text is never HTML
    assert "Putin &lt;b&gt;does not deny&lt;/b&gt;" in hover["E002"]
    assert "Quellen: Reuters" in hover["E002"]


def test_title_subtitle_source_line_and_as_of_inside_the_figure(monkeypatch):
    monkeypatch.setenv("KURSK_MONITOR_TODAY", "2024-11-01")  # data a week old: the plain as-of line
    fig = build(lang="de", subtitle="Ereignisse, alle Daten", as_of=pd.Timestamp("2024-10-24"))
    assert "Zeitleiste der Ereignisse" in fig.layout.title.text
    assert fig.layout.title.subtitle.text == "Ereignisse, alle Daten"
    notes = {a.name: a.text for a in fig.layout.annotations if a.name}
    assert notes["as_of"] == "Datenstand 24. Oktober 2024"
    assert notes["sources"] == "Quellen: 3 Berichte — Reuters, KBS World"


def test_german_month_ticks():
    ticks, labels = date_ticks(pd.Timestamp("2024-06-19"), pd.Timestamp("2025-01-10"), "de")
    assert labels[:3] == ["Juli 2024", "Aug. 2024", "Sept. 2024"]
    assert ticks[0] == pd.Timestamp("2024-07-01")


def test_highlighted_event_is_ringed():
    (ring,) = traces(build(highlight="E003"), "selected")
    assert list(ring.x) == [pd.Timestamp("2024-11-01")]
    assert traces(build(highlight="E999"), "selected") == []


def test_empty_selection_says_so():
    fig = build(events=_events().iloc[0:0])
    assert traces(fig, "events") == []
    assert any(a.text == "No events match the filter." for a in fig.layout.annotations)


def test_figure_claims_layer_on_a_log_axis_below():
    fig = build(figures=_figures())
    claims = traces(fig, "figures")
    assert {t.name for t in claims} == {"NIS (South Korea)", "Russian MoD"}
    assert all(t.yaxis == "y2" for t in claims)
    assert fig.layout.yaxis2.type == "log"
    assert fig.layout.showlegend
    russian = next(t for t in claims if t.name == "Russian MoD")
    assert list(russian.y) == [150.0]
    assert list(russian.error_y.array) == [50.0]
    assert "killed: <b>100–200</b>" in russian.hovertext[0].lower()
    assert "Sources: 3 reports" in next(a.text for a in fig.layout.annotations if a.name == "sources")


@pytest.fixture(scope="module")
def many(small_data_dir):
    return load_dataset(small_data_dir)


def test_many_events_become_weekly_strips(many):
    events = many.tables["events"]
    fig = timeline_figure(events, Labels.build(many.tables, "en"), aggregate_above=100)
    assert traces(fig, "events") == []
    (strip,) = traces(fig, "weekly")
    assert np.nansum(np.asarray(strip.z, dtype=float)) == len(events)
    assert "300 events are too many" in fig.layout.title.subtitle.text
    assert "events" in strip.text[0][0] or strip.text[0][0].endswith("events")


def test_weekly_counts_per_actor_lane(many):
    events = many.tables["events"]
    fig = timeline_figure(events, Labels.build(many.tables, "en"), lanes="actor", aggregate_above=100)
    (strip,) = traces(fig, "weekly")
    assert np.nansum(np.asarray(strip.z, dtype=float)) == sum(max(len(ids), 1) for ids in events["actor_ids"])


def test_weekly_counts_start_on_monday():
    rows = _events().assign(lane="x")
    weeks, counts = weekly_counts(rows, ["x"])
    assert all(week.day_of_week == 0 for week in weeks)
    assert counts.sum() == 4


def test_many_claims_become_weekly_medians(many):
    fig = timeline_figure(
        many.tables["events"].iloc[:10],
        Labels.build(many.tables, "de"),
        figures=many.tables["figures"],
        aggregate_above=50,
    )
    claims = traces(fig, "figures")
    assert claims and all(t.legendgrouptitle.text == "Wöchentlicher Median je Kennzahl" for t in claims)
    assert "Angaben" in claims[0].hovertext[0]


def test_source_line_counts_distinct_reports():
    assert source_line(["S001", "S002", "S001"], labels()) == "Sources: 2 reports — KBS World, Reuters"
    assert source_line([], labels()) == ""


def test_event_table_in_german():
    names = Labels("de", actors={"kr_nis": "NIS"}, places={"sudzha": "Sudscha"}, publishers=labels().publishers)
    table = event_table(_events(), names)
    assert list(table.columns[:5]) == ["ID", "Datum", "Ende", "Datumsgenauigkeit", "Titel"]
    assert list(table["ID"]) == ["E001", "E002", "E004", "E003"]
    assert table.loc[0, "Titel"] == "NIS enthüllt die erste Verlegung"
    assert table.loc[1, "Quellen"] == "Reuters"


def test_exported_table_is_safe_and_keeps_iso_dates():
    from kursk_monitor.export import to_csv_bytes

    events = _events()
    events.loc[0, "title"] = '=HYPERLINK("http://x")'
    names = Labels("en", publishers=labels().publishers)
    text = to_csv_bytes(event_table(events, names, for_export=True)).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "2024-11-01,2024-11-30," in text
