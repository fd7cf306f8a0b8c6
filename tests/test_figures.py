"""Figure builders: what an analyst sees in the charts and tables of the figures page."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kursk_monitor import synth
from kursk_monitor.claim_tables import claims_table, contradictions_table
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.contradictions import find_contradictions
from kursk_monitor.dataset import load_dataset
from kursk_monitor.figures import (
    AGGREGATE_LIMIT,
    DETAIL_LIMIT,
    ChartContext,
    claim_points,
    claims_over_time,
    figure_size,
    latest_comparison,
    source_line,
)
from kursk_monitor.labels import Labels
from kursk_monitor.style import claimant_styles

ACTORS = pd.DataFrame(
    {
        "actor_id": ["us_dod", "us_state", "kr_nis", "ua_president", "kp_state_media"],
        "name": ["US Department of Defense", "US State Department", "NIS", "President of Ukraine", "KCNA"],
        "country": ["USA", "USA", "KOR", "UKR", "PRK"],
    }
)
SOURCES = pd.DataFrame(
    {
        "source_id": ["S001", "S002", "S003", "S004"],
        "publisher": ["Reuters", "KBS World", "Reuters", "Yonhap"],
        "url": ["https://example.org/1", "https://example.org/2", "", "https://example.org/4"],
    }
)


def claim_frame(*rows) -> pd.DataFrame:
    """Figures rows from (claimant, metric, date, low, high, qualifier, source ids)."""
    country = dict(zip(ACTORS["actor_id"], ACTORS["country"], strict=True))
    records = [
        {
            "figure_id": f"F{i:03d}",
            "claimed_on": pd.Timestamp(day),
            "date_precision": "day",
            "as_of": pd.NaT,
            "claimant_id": claimant,
            "metric": metric,
            "value_low": low,
            "value_high": high,
            "qualifier": qualifier,
            "location_id": "",
            "source_ids": ids,
            "credibility": 2,
            "note": "",
            "note_de": "",
            "reliability": "B",
            "claimant_country": country.get(claimant, ""),
        }
        for i, (claimant, metric, day, low, high, qualifier, ids) in enumerate(rows, start=1)
    ]
    frame = pd.DataFrame(records)
    frame["value_low"] = frame["value_low"].astype("Int64")
    frame["value_high"] = frame["value_high"].astype("Int64")
    return frame


CLAIMS = claim_frame(
    ("us_dod", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "at_least", ("S001",)),
    ("us_state", "troops_in_kursk", "2024-11-04", 10_000, 10_000, "up_to", ("S002",)),
    ("kr_nis", "troops_in_kursk", "2024-12-19", 11_000, 12_000, "range", ("S001", "S004")),
    ("ua_president", "troops_in_kursk", "2024-11-04", 11_000, 11_000, "about", ("S003",)),
    ("kr_nis", "troops_in_russia", "2024-10-23", 3_000, 3_000, "about", ("S002",)),
    ("kr_nis", "killed", "2025-09-02", 2_000, 2_000, "about", ("S004",)),
    ("kp_state_media", "killed", "2025-09-02", 350, 350, "about", ("S002",)),
)


def labels(lang: str = "en", sources: pd.DataFrame = SOURCES) -> Labels:
    return Labels.build({"actors": ACTORS, "sources": sources}, lang)


def chart(lang: str = "en", subtitle: str = "Claims by everyone, all dates") -> ChartContext:
    return ChartContext(labels(lang), subtitle=subtitle, as_of=pd.Timestamp("2024-10-24"), sources=SOURCES)


def title_text(fig) -> str:
    """The title block as shown: the title, then the subtitle lines."""
    return "<br>".join(filter(None, [fig.layout.title.text, fig.layout.title.subtitle.text]))


def foot_text(fig) -> str:
    """The foot lines under the chart, top to bottom."""
    return "<br>".join(a.text for a in fig.layout.annotations if a.name in ("sources", "as_of", "key", "note"))


def traces_of(fig, claimant_id: str):
    return [tr for tr in fig.data if (tr.meta or {}).get("claimant_id") == claimant_id]


# --- points and lines ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "low", "high", "y", "open_ended"),
    [
        ("at_least", 10_000, 10_000, 10_000, True),
        ("more_than", 3_000, 3_000, 3_000, True),
        ("up_to", 5_000, 5_000, 5_000, True),
        ("range", 11_000, 12_000, 11_500, False),
        ("about", 1_500, 1_500, 1_500, False),
        ("exact", 6, 6, 6, False),
    ],
)
def test_claim_points(qualifier, low, high, y, open_ended):
    point = claim_points(claim_frame(("kr_nis", "killed", "2025-01-01", low, high, qualifier, ("S001",)))).iloc[0]
    assert point["y"] == y
    assert bool(point["open_ended"]) is open_ended


def test_source_line_counts_reports_and_names_publishers_most_cited_first():
    line = source_line([("S001",), ("S001", "S004"), ("S003",)], labels("en"))
    assert line == "Sources: 3 reports — Reuters, Yonhap"
    assert source_line([], labels("en")) == "Sources: none"


def test_source_line_shortens_long_lists_in_german():
    sources = pd.DataFrame({"source_id": [f"S{i}" for i in range(6)], "publisher": list("ABCDEF")})
    line = source_line([(f"S{i}",) for i in range(6)], labels("de", sources))
    assert line == "Quellen: 6 Berichte — A, B, C, D und 2 weitere"


# --- claims over time ------------------------------------------------------------------------


def test_time_chart_has_one_series_per_claimant_of_one_metric():
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart())
    legend = [tr.name for tr in fig.data if tr.showlegend is not False]
    assert sorted(legend) == sorted(["US Department of Defense", "US State Department", "NIS", "President of Ukraine"])
    # troops_in_russia and killed claims never enter the troops_in_kursk chart
    plotted = sum(len(tr.y) for tr in fig.data)
    assert plotted == 4


def test_time_chart_draws_ranges_and_marks_qualifiers():
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart())
    (nis,) = traces_of(fig, "kr_nis")
    assert nis.y[0] == pytest.approx(11_500)
    assert nis.error_y.array[0] == pytest.approx(500)
    assert nis.error_y.arrayminus[0] == pytest.approx(500)
    (dod,) = traces_of(fig, "us_dod")
    assert dod.marker.symbol.endswith("-open")
    assert list(dod.text) == ["≥"]
    assert np.isnan(dod.error_y.array[0])  # a single number has no bar
    (state,) = traces_of(fig, "us_state")
    assert list(state.text) == ["≤"]
    (president,) = traces_of(fig, "ua_president")
    assert list(president.text) == ["~"]
    assert not president.marker.symbol.endswith("-open")


def test_time_chart_hover_names_claim_sources_and_grades():
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart())
    (nis,) = traces_of(fig, "kr_nis")
    hover = nis.hovertext[0]
    assert "NIS" in hover
    assert "11,000–12,000" in hover
    assert "19 Dec 2024" in hover
    assert "Reuters, Yonhap" in hover
    assert "reliability B" in hover and "credibility 2" in hover


def test_time_chart_stands_alone_title_subtitle_sources_as_of(monkeypatch):
    monkeypatch.setenv("KURSK_MONITOR_TODAY", "2024-11-01")  # data a week old: the plain as-of line
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart(subtitle="Claims by NIS, 1 Oct 2024 – 30 Nov 2024"))
    assert "Troops in Kursk Oblast: claims over time" in title_text(fig)
    assert "Claims by NIS, 1 Oct 2024 – 30 Nov 2024" in title_text(fig)
    foot = foot_text(fig)
    assert "Sources: 4 reports — Reuters, KBS World, Yonhap" in foot
    assert "Data as of 24 October 2024" in foot
    assert fig.layout.xaxis.title.text == "Date of the claim"
    assert fig.layout.yaxis.title.text == "Troops in Kursk Oblast (number claimed)"
    assert fig.layout.legend.title.text == "Claimant"


def test_time_chart_in_german():
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart("de", "Angaben, alle Daten"))
    assert title_text(fig).startswith("<b>Truppen im Gebiet Kursk: Angaben im Zeitverlauf")
    assert "24. Oktober 2024" in foot_text(fig)
    assert foot_text(fig).startswith("Quellen: 4 Berichte")
    assert fig.layout.separators == ",."
    assert fig.layout.xaxis.title.text == "Datum der Angabe"
    assert "Dez. 2024" in fig.layout.xaxis.ticktext
    (nis,) = traces_of(fig, "kr_nis")
    assert "11.000–12.000" in nis.hovertext[0]
    assert "19.12.2024" in nis.hovertext[0]


def test_colours_follow_the_shared_palette_and_stay_per_claimant():
    styles = claimant_styles(ACTORS)
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart())
    for claimant_id in ("us_dod", "us_state", "kr_nis", "ua_president"):
        for trace in traces_of(fig, claimant_id):
            assert trace.marker.color == styles[claimant_id][0]
    latest = latest_comparison(
        latest_by_claimant(CLAIMS, "troops_in_kursk"), "troops_in_kursk", pd.Timestamp("2025-01-01"), chart()
    )
    for trace in latest.data:
        claimant_id = (trace.meta or {}).get("claimant_id")
        if claimant_id:
            assert trace.marker.color == styles[claimant_id][0]
    assert styles["us_dod"][0] == styles["us_state"][0]  # same country, same colour ...
    assert styles["us_dod"][1] != styles["us_state"][1]  # ... told apart by symbol


def test_time_chart_log_scale():
    fig = claims_over_time(CLAIMS, "troops_in_kursk", chart(), log_y=True)
    assert fig.layout.yaxis.type == "log"


def test_time_chart_without_claims_says_so():
    fig = claims_over_time(CLAIMS, "captured", chart())
    assert not fig.data
    assert any(a.text == "No data matches the current filter." for a in fig.layout.annotations)
    assert "Captured" in title_text(fig)


# --- scale ------------------------------------------------------------------------------------


def synthetic_claims(n: int, metric: str | None = None) -> pd.DataFrame:
    tables = synth.frames(events=10, figures=n, seed=5)
    raw = tables["figures"]
    frame = pd.DataFrame(
        {
            "figure_id": raw["figure_id"],
            "claimed_on": pd.to_datetime(raw["claimed_on"]),
            "date_precision": "day",
            "claimant_id": raw["claimant_id"],
            "metric": metric or raw["metric"],
            "value_low": raw["value_low"].astype("Int64"),
            "value_high": raw["value_high"].astype("Int64"),
            "qualifier": raw["qualifier"],
            "location_id": raw["location_id"],
            "source_ids": [(s,) for s in raw["source_ids"]],
            "credibility": raw["credibility"].astype(int),
            "reliability": "B",
            "claimant_country": raw["claimant_id"].str[:2].str.upper(),
        }
    )
    return frame


def drawn(fig) -> list:
    """The traces that draw claims (legend keys for kinds of marks hold no claim)."""
    return [tr for tr in fig.data if not (tr.meta or {}).get("legend_key")]


def claims_drawn(fig) -> int:
    """How many claims a chart draws: a period bar is one claim, a repeat's dotted tie none."""
    count = 0
    for trace in drawn(fig):
        mark = (trace.meta or {}).get("mark")
        if mark == "echo_line":
            continue
        points = sum(y is not None for y in trace.y)
        count += points // 2 if mark == "period" else points
    return count


def test_dense_chart_uses_webgl_and_float32():
    claims = synthetic_claims(DETAIL_LIMIT + 500, metric="killed")
    fig = claims_over_time(claims, "killed", chart())
    assert {type(tr).__name__ for tr in fig.data} == {"Scattergl"}
    assert sum(len(tr.y) for tr in drawn(fig)) == len(claims)
    assert fig.data[0].y.dtype == np.float32


def test_largest_unaggregated_chart_stays_small():
    claims = synthetic_claims(AGGREGATE_LIMIT, metric="killed")
    fig = claims_over_time(claims, "killed", chart())
    assert sum(len(tr.y) for tr in drawn(fig)) == AGGREGATE_LIMIT
    assert figure_size(fig) < 600_000


def test_100k_claims_stay_small():
    claims = synthetic_claims(100_000)
    one_metric = claims.assign(metric="killed")
    weekly = claims_over_time(one_metric, "killed", chart())
    assert len(one_metric) > AGGREGATE_LIMIT
    assert sum(len(tr.y) for tr in weekly.data) < len(one_metric) / 10
    assert "one point per claimant and week" in foot_text(weekly)
    assert figure_size(weekly) < 1_000_000


# --- latest per claimant ------------------------------------------------------------------------


def test_latest_chart_sorted_with_ranges_and_open_ends():
    latest = latest_by_claimant(CLAIMS, "troops_in_kursk")
    fig = latest_comparison(latest, "troops_in_kursk", pd.Timestamp("2025-01-01"), chart())
    dots = [tr for tr in fig.data if (tr.meta or {}).get("claimant_id")]
    # The first category sits at the bottom: highest number on top, ties in name order top-down.
    assert list(fig.layout.yaxis.categoryarray) == [
        "US State Department",
        "US Department of Defense",
        "President of Ukraine",
        "NIS",
    ]
    nis = next(tr for tr in dots if tr.name == "NIS")
    assert nis.error_x.array[0] == pytest.approx(500)
    assert "11,000–12,000 · 19 Dec 2024" in nis.text[0]
    open_lines = [tr for tr in fig.data if (tr.meta or {}).get("open_line")]
    assert len(open_lines) == 2
    at_least = next(tr for tr in open_lines if tr.y[0] == "US Department of Defense")
    assert at_least.x[0] == 10_000 and at_least.x[1] == fig.layout.xaxis.range[1]
    up_to = next(tr for tr in open_lines if tr.y[0] == "US State Department")
    assert list(up_to.x) == [0, 10_000]
    assert "as of 1 January 2025" in title_text(fig)


def test_latest_chart_only_the_chosen_metric():
    latest = latest_by_claimant(CLAIMS, "killed")
    fig = latest_comparison(latest, "killed", pd.Timestamp("2025-12-01"), chart())
    names = {tr.name for tr in fig.data if (tr.meta or {}).get("claimant_id")}
    assert names == {"NIS", "KCNA"}


# --- tables -----------------------------------------------------------------------------------


def test_claims_table_has_sources_and_links():
    table = claims_table(CLAIMS, chart())
    assert len(table) == len(CLAIMS)
    row = table[table["Claim ID"] == "F003"].iloc[0]
    assert row["Claim as stated"] == "11,000–12,000"
    assert row["Sources"] == "Reuters; Yonhap"
    assert row["Link"] == "https://example.org/1"
    assert row["Country"] == "South Korea"
    no_url = table[table["Claim ID"] == "F004"].iloc[0]
    assert pd.isna(no_url["Link"])


def test_claims_table_in_german():
    table = claims_table(CLAIMS, chart("de"))
    assert "Angabe im Wortlaut" in table.columns
    assert "mindestens 10.000" in set(table["Angabe im Wortlaut"])


def test_contradictions_table_names_both_claims_and_sources():
    pairs = find_contradictions(CLAIMS, 14).pairs
    table = contradictions_table(pairs, chart())
    killed = table[table["Metric"] == "Killed"].iloc[0]
    assert killed["Times apart"] == "×5.7"
    assert {killed["Earlier claim"], killed["Later claim"]} == {
        "about 2,000 (2 Sept 2025) — NIS",
        "about 350 (2 Sept 2025) — KCNA",
    }
    assert {killed["Sources (earlier)"], killed["Sources (later)"]} == {"Yonhap", "KBS World"}
    assert table["Metric"].isin(["Killed", "Troops in Kursk Oblast"]).all()


def test_builders_on_the_curated_data():
    data = load_dataset()
    figures = data.tables["figures"]
    if figures.empty:
        pytest.skip("no curated claims")
    context = ChartContext(Labels.build(data.tables, "en"), as_of=data.as_of(), sources=data.tables["sources"])
    for metric in sorted(set(figures["metric"])):
        fig = claims_over_time(figures, metric, context)
        assert claims_drawn(fig) == (figures["metric"] == metric).sum()
    assert len(claims_table(figures, context)) == len(figures)


def test_many_period_counts_are_thinned_to_one_per_claimant_and_week_and_the_key_says_so():
    # one death count per event, as an ACLED import gives: all of them period counts, none a total
    claims = synthetic_claims(AGGREGATE_LIMIT + 3_000, metric="killed")
    claims = claims.assign(credibility=2, period_start=claims["claimed_on"] - pd.Timedelta(days=1))
    fig = claims_over_time(claims, "killed", chart())
    weeks = claims["claimed_on"].dt.to_period("W-SUN")
    per_claimant_week = pd.DataFrame({"c": claims["claimant_id"], "w": weeks}).drop_duplicates()
    assert claims_drawn(fig) == len(per_claimant_week) < len(claims) / 3
    assert "one claim per claimant and week is drawn" in foot_text(fig)
    assert figure_size(fig) < 1_000_000


def test_period_counts_under_the_limit_are_all_drawn():
    claims = synthetic_claims(300, metric="killed")
    claims = claims.assign(credibility=2, period_start=claims["claimed_on"] - pd.Timedelta(days=1))
    fig = claims_over_time(claims, "killed", chart())
    assert claims_drawn(fig) == len(claims)
    assert "one claim per claimant and week" not in foot_text(fig)


@given(
    days=st.lists(st.one_of(st.integers(0, 20), st.none()), min_size=0, max_size=60),
    n=st.integers(0, 70),
)
@settings(max_examples=150, deadline=None)
def test_newest_claims_are_the_head_of_the_full_sort(days, n):
    from kursk_monitor.claim_tables import newest_claims

    frame = pd.DataFrame(
        {
            "figure_id": [f"F{(i * 7) % 61:03d}" for i in range(len(days))],
            "claimed_on": pd.to_datetime(
                [None if d is None else pd.Timestamp("2025-01-01") + pd.Timedelta(days=d) for d in days]
            ),
        }
    ).astype({"figure_id": "str"})
    full = frame.sort_values(["claimed_on", "figure_id"], ascending=[False, True], kind="stable").head(n)
    pd.testing.assert_frame_equal(newest_claims(frame, n), full)
