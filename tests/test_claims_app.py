"""What each claim counts reaches the analyst: contradictions, revisions, charts, tables, the bottom line."""

from __future__ import annotations

import pandas as pd
import pytest

from kursk_monitor import claim_rules, synth
from kursk_monitor.bottom_line import bottom_line
from kursk_monitor.claim_tables import claims_table, revisions_table
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.contradictions import find_contradictions, find_revisions
from kursk_monitor.figures import ChartContext, claims_over_time, latest_comparison
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels
from kursk_monitor.selection import select
from kursk_monitor.style import SYMBOLS as STYLE_SYMBOLS

ACTORS = pd.DataFrame(
    {
        "actor_id": ["us_dod", "kr_nis", "ua_hur", "ua_president", "anon"],
        "name": ["US DoD", "NIS", "HUR", "President of Ukraine", "Unnamed officials"],
        "name_de": ["US-Verteidigungsministerium", "NIS", "HUR", "Präsident der Ukraine", "Ungenannte"],
        "kind": ["government", "intelligence", "intelligence", "official", "anonymous"],
        "country": ["USA", "KOR", "UKR", "UKR", ""],
    }
)
SOURCES = pd.DataFrame({"source_id": ["S001"], "publisher": ["Reuters"], "url": ["https://example.org/1"]})


def claims(*rows) -> pd.DataFrame:
    """Figures rows from dicts with claimant, metric, day, low, high, qualifier and optional integrity fields."""
    country = dict(zip(ACTORS["actor_id"], ACTORS["country"], strict=True))
    records = []
    for i, row in enumerate(rows, start=1):
        records.append(
            {
                "figure_id": row.get("id", f"F{i:03d}"),
                "claimed_on": pd.Timestamp(row["day"]),
                "date_precision": "day",
                "as_of": pd.NaT,
                "claimant_id": row["who"],
                "metric": row.get("metric", "killed"),
                "value_low": row["low"],
                "value_high": row.get("high", row["low"]),
                "qualifier": row.get("q", "about"),
                "claim_kind": row.get("kind", "assessment"),
                "period_start": pd.Timestamp(row["period"]) if row.get("period") else pd.NaT,
                "restates": row.get("restates", ""),
                "scope": row.get("scope", ""),
                "location_id": row.get("place", ""),
                "source_ids": ("S001",),
                "credibility": row.get("cred", 2),
                "note": "",
                "note_de": "",
                "reliability": "B",
                "claimant_country": country.get(row["who"], ""),
            }
        )
    frame = pd.DataFrame(records)
    frame["value_low"] = frame["value_low"].astype("Int64")
    frame["value_high"] = frame["value_high"].astype("Int64")
    return frame


def chart(lang: str = "en") -> ChartContext:
    labels = Labels.build({"actors": ACTORS, "sources": SOURCES}, lang)
    return ChartContext(labels, subtitle="All claims", as_of=pd.Timestamp("2025-03-01"), sources=SOURCES)


def pairs_of(frame: pd.DataFrame, **options) -> list[tuple[str, str]]:
    found = find_contradictions(frame, 14, **options).pairs
    return list(zip(found["figure_id_a"], found["figure_id_b"], strict=True))


# --- contradiction rules ---------------------------------------------------------------------------

BASE = {"who": "us_dod", "day": "2025-01-01", "low": 1_000}
OTHER = {"who": "kr_nis", "day": "2025-01-05"}

CONTRADICTION_CASES = [
    pytest.param([BASE, {**OTHER, "low": 3_000}], [("F001", "F002")], id="two counts far apart contradict"),
    pytest.param([BASE, {**OTHER, "low": 3_000, "kind": "forecast"}], [], id="forecast never against a count"),
    pytest.param([BASE, {**OTHER, "low": 3_000, "kind": "plan"}], [], id="plan never against a count"),
    pytest.param([BASE, {**OTHER, "low": 3_000, "kind": "capability"}], [], id="capability never against a count"),
    pytest.param([BASE, {**OTHER, "low": 20, "kind": "evidence"}], [], id="evidence never against a count"),
    pytest.param([BASE, {**OTHER, "low": 200, "period": "2024-12-29"}], [], id="period count never against a total"),
    pytest.param(
        [{**BASE, "period": "2024-12-25"}, {**OTHER, "low": 200, "period": "2024-12-29"}],
        [("F001", "F002")],
        id="overlapping periods are compared",
    ),
    pytest.param(
        [{**BASE, "period": "2024-12-28"}, {**OTHER, "day": "2025-01-10", "low": 200, "period": "2025-01-08"}],
        [],
        id="periods that do not overlap are not compared",
    ),
    pytest.param(
        [BASE, {**OTHER, "low": 3_000, "restates": "F001"}],
        [],
        id="never a claim against its own restatement",
    ),
    pytest.param(
        [
            BASE,
            {**OTHER, "low": 1_000, "restates": "F001"},
            {"who": "ua_hur", "day": "2025-01-07", "low": 5_000, "restates": "F002"},
        ],
        [],
        id="restatement chains are never compared",
    ),
    pytest.param(
        [BASE, {**OTHER, "low": 3_000}, {"who": "ua_hur", "day": "2025-01-06", "low": 3_000, "restates": "F002"}],
        [("F001", "F002")],
        id="a restated claim counts once",
    ),
    pytest.param([BASE, {**BASE, "day": "2025-01-05", "low": 3_000}], [], id="a revision is not a contradiction"),
    pytest.param(
        [BASE, {**OTHER, "low": 6, "scope": "local", "place": "donetsk"}],
        [],
        id="one incident never against a total",
    ),
    pytest.param(
        [{**BASE, "q": "at_least"}, {**OTHER, "low": 3_000}],
        [],
        id="open-ended 'at least' still admits a higher number",
    ),
    pytest.param(
        [{**BASE, "low": 3_000, "q": "more_than"}, {**OTHER, "low": 1_000}],
        [("F001", "F002")],
        id="open-ended 'more than' still contradicts a lower number",
    ),
    pytest.param(
        [{**BASE, "low": 2_000, "q": "up_to"}, {**OTHER, "low": 3_000}],
        [("F001", "F002")],
        id="'up to' still contradicts a higher number",
    ),
]


@pytest.mark.parametrize(("rows", "expected"), CONTRADICTION_CASES)
def test_contradiction_rules(rows, expected):
    assert pairs_of(claims(*rows)) == expected


def test_local_claims_about_the_same_place_are_compared():
    frame = claims(
        {**BASE, "low": 6, "scope": "local", "place": "donetsk"},
        {**OTHER, "low": 60, "scope": "local", "place": "donetsk"},
        {**OTHER, "low": 600, "scope": "local", "place": "sudzha"},
    )
    assert pairs_of(frame) == [("F001", "F002")]


# --- revisions ---------------------------------------------------------------------------------------


def test_revisions_are_listed_per_claimant_in_time_order():
    frame = claims(
        {"who": "us_dod", "day": "2025-01-01", "low": 1_000},
        {"who": "us_dod", "day": "2025-02-01", "low": 1_000},  # the same figure again: no revision
        {"who": "us_dod", "day": "2025-03-01", "low": 3_000},
        {"who": "kr_nis", "day": "2025-01-10", "low": 2_000},
        {"who": "kr_nis", "day": "2025-02-10", "low": 1_500},
        {"who": "kr_nis", "day": "2025-02-20", "low": 1_500, "q": "more_than"},
        {"who": "kr_nis", "day": "2025-03-01", "low": 9_000, "kind": "forecast"},  # not an assessment
        {"who": "us_dod", "day": "2025-03-05", "low": 9_000, "restates": "F004"},  # a repeat, not its own figure
    )
    revisions = find_revisions(frame)
    assert list(zip(revisions["claimant_id"], revisions["figure_id_a"], revisions["figure_id_b"], strict=True)) == [
        ("kr_nis", "F004", "F005"),
        ("kr_nis", "F005", "F006"),
        ("us_dod", "F002", "F003"),
    ]
    assert list(revisions["direction"]) == ["down", "reworded", "up"]
    table = revisions_table(revisions, chart("de"))
    assert table.iloc[0]["Frühere Zahl"] == "etwa 2.000 (10.01.2025)"
    assert table.iloc[0]["Änderung"] == "niedriger"


# --- restatements, latest claim per claimant ------------------------------------------------------------


def test_confirmations_and_repetitions_are_counted_on_the_original():
    frame = claims(
        {"who": "us_dod", "day": "2025-01-01", "low": 1_000},
        {"who": "kr_nis", "day": "2025-01-02", "low": 1_000, "restates": "F001"},
        {"who": "ua_hur", "day": "2025-01-03", "low": 1_000, "restates": "F002"},  # a chain: confirms F001
        {"who": "us_dod", "day": "2025-01-04", "low": 1_000, "restates": "F001"},
    )
    counts = claim_rules.echo_counts(frame)
    assert counts.loc["F001"].to_dict() == {"confirmations": 2, "repetitions": 1}


def test_latest_claim_per_claimant_uses_only_independent_totals():
    frame = claims(
        {"who": "us_dod", "day": "2025-01-01", "low": 1_000},
        {"who": "us_dod", "day": "2025-01-10", "low": 9_000, "kind": "forecast"},
        {"who": "us_dod", "day": "2025-01-11", "low": 300, "period": "2025-01-04"},
        {"who": "us_dod", "day": "2025-01-12", "low": 6, "scope": "local", "place": "donetsk"},
        {"who": "kr_nis", "day": "2025-01-02", "low": 1_000, "restates": "F001"},
        {"who": "kr_nis", "day": "2024-12-01", "low": 800},
        {"who": "anon", "day": "2025-01-03", "low": 1_000, "restates": "F001"},
    )
    latest = latest_by_claimant(frame, "killed")
    assert dict(zip(latest["claimant_id"], latest["figure_id"], strict=True)) == {"us_dod": "F001", "kr_nis": "F006"}
    first = latest.set_index("figure_id").loc["F001"]
    assert (first["confirmations"], first["repetitions"]) == (2, 0)
    fig = latest_comparison(latest, "killed", pd.Timestamp("2025-02-01"), chart())
    labels = [tr.text[0] for tr in fig.data if (tr.meta or {}).get("claimant_id") == "us_dod"]
    assert labels == ["about 1,000 · 1 Jan 2025 · 2 confirmations"]


def test_latest_chart_fades_improbable_claims_and_keeps_them_off_the_scale():
    frame = claims(
        {"who": "us_dod", "day": "2025-01-01", "low": 1_000},
        {"who": "kr_nis", "day": "2025-01-02", "low": 20_000, "q": "more_than", "cred": 5},
    )
    latest = latest_by_claimant(frame, "killed")
    fig = latest_comparison(latest, "killed", pd.Timestamp("2025-02-01"), chart())
    assert fig.layout.xaxis.range[1] < 20_000
    faded = [tr for tr in fig.data if (tr.meta or {}).get("faded")]
    assert len(faded) == 1 and faded[0].marker.opacity < 1 and faded[0].text[0].startswith("↑?")
    full = latest_comparison(latest, "killed", pd.Timestamp("2025-02-01"), chart(), full_weight=True)
    assert full.layout.xaxis.range[1] > 20_000
    assert not [tr for tr in full.data if (tr.meta or {}).get("faded")]


# --- the claims-over-time chart ---------------------------------------------------------------------------


def mixed() -> pd.DataFrame:
    """One metric with a claim of every kind of mark."""
    return claims(
        {"who": "us_dod", "day": "2024-11-01", "low": 10_000},
        {"who": "kr_nis", "day": "2024-11-05", "low": 12_000, "q": "at_least"},
        {"who": "ua_hur", "day": "2024-10-20", "low": 30_000, "high": 40_000, "q": "range", "kind": "capability"},
        {"who": "kr_nis", "day": "2024-10-23", "low": 10_000, "kind": "forecast"},
        {"who": "ua_president", "day": "2024-11-06", "low": 6_000, "kind": "plan"},
        {"who": "ua_hur", "day": "2024-12-27", "low": 1_000, "q": "more_than", "period": "2024-12-20"},
        {"who": "anon", "day": "2024-11-08", "low": 10_000, "restates": "F001"},
        {"who": "ua_hur", "day": "2024-11-10", "low": 50_000, "q": "more_than", "cred": 5},
        {"who": "ua_hur", "day": "2024-11-12", "low": 101, "q": "at_least", "kind": "evidence"},
        {"who": "ua_president", "day": "2024-11-14", "low": 6, "scope": "local", "place": "donetsk"},
    )


def marks(fig, mark: str) -> list:
    return [tr for tr in fig.data if (tr.meta or {}).get("mark") == mark]


def legend_names(fig) -> list[str]:
    return [tr.name for tr in fig.data if (tr.meta or {}).get("legend_key")]


def test_plain_counts_stay_the_claimant_series():
    fig = claims_over_time(mixed(), "killed", chart())
    series = {tr.meta["claimant_id"] for tr in fig.data if "open_ended" in (tr.meta or {})}
    assert series == {"us_dod", "kr_nis"}


@pytest.mark.parametrize(
    ("mark", "symbol"),
    [("forecast", "star-triangle-up-open"), ("plan", "hourglass-open"), ("capability", "octagon-open")],
)
def test_outlook_kinds_have_open_symbols_in_their_own_legend_group(mark, symbol):
    fig = claims_over_time(mixed(), "killed", chart())
    (trace,) = marks(fig, mark)
    assert symbol not in {s for claimant in STYLE_SYMBOLS for s in (claimant, f"{claimant}-open")}
    assert trace.marker.symbol == symbol and trace.legendgroup == "outlook"
    assert "not a count" in trace.hovertext[0]


def test_outlook_can_be_hidden_and_the_foot_says_so():
    fig = claims_over_time(mixed(), "killed", chart(), show_outlook=False)
    assert not any(marks(fig, kind) for kind in ("forecast", "plan", "capability"))
    assert any("3 forecasts, plans or capabilities hidden" in (a.text or "") for a in fig.layout.annotations)


def test_evidence_is_a_lower_bound_marker():
    (trace,) = marks(claims_over_time(mixed(), "killed", chart()), "evidence")
    assert trace.marker.symbol == "arrow-bar-up"
    assert "lower bound" in trace.hovertext[0]


def test_a_period_count_is_a_bar_over_its_period_never_joined_to_totals():
    fig = claims_over_time(mixed(), "killed", chart())
    (bar,) = marks(fig, "period")
    start, end = pd.Timestamp("2024-12-20").value / 1e6, pd.Timestamp("2024-12-27").value / 1e6
    assert list(bar.x) == [start, end, None] and list(bar.y) == [1_000, 1_000, None]
    assert "Counts only 20 Dec 2024 – 27 Dec 2024" in bar.hovertext[0]
    series = [tr for tr in fig.data if "open_ended" in (tr.meta or {})]
    assert all(tr.mode.startswith("markers") for tr in series)  # the series are never lines


def test_a_restatement_is_an_echo_tied_to_its_original():
    fig = claims_over_time(mixed(), "killed", chart())
    (echo,) = marks(fig, "echo")
    assert echo.meta["restates"] == ["F001"] and echo.marker.size < 10
    assert "Repeats F001: US DoD, 1 Nov 2024" in echo.hovertext[0]
    (tie,) = marks(fig, "echo_line")
    assert list(tie.y) == [10_000, 10_000, None]
    original = next(tr for tr in fig.data if (tr.meta or {}).get("claimant_id") == "us_dod")
    assert "Repeated by Unnamed officials (1 confirmation)" in original.hovertext[0]


def test_improbable_claims_are_faded_and_do_not_set_the_scale():
    fig = claims_over_time(mixed(), "killed", chart())
    (faded,) = marks(fig, "faded")
    assert faded.marker.opacity < 1 and faded.text[0] == "↑?"
    assert fig.layout.yaxis.range[1] < 50_000
    assert faded.y[0] == pytest.approx(fig.layout.yaxis.range[1])
    assert "Improbable or cannot be judged (5–6)" in legend_names(fig)
    full = claims_over_time(mixed(), "killed", chart(), full_weight=True)
    assert not marks(full, "faded") and full.layout.yaxis.range is None


def test_one_place_claims_are_marked_in_hover_and_legend():
    fig = claims_over_time(mixed(), "killed", chart())
    (local,) = marks(fig, "local")
    assert "One place or incident only, not a total" in local.hovertext[0]
    assert "One place or incident only" in legend_names(fig)


def test_chart_marks_speak_german():
    fig = claims_over_time(mixed(), "killed", chart("de"))
    names = legend_names(fig)
    assert "Prognose (keine Zählung)" in names and "Zählung nur für einen Zeitraum" in names
    (bar,) = marks(fig, "period")
    assert "Zählt nur 20.12.2024 – 27.12.2024" in bar.hovertext[0]


# --- tables, the bottom line, synthetic data ----------------------------------------------------------------


def test_claims_table_shows_kind_period_restated_claim_and_scope():
    table = claims_table(mixed(), chart()).set_index("Claim ID")
    assert table.loc["F004", "Kind"] == "Forecast"
    assert str(table.loc["F006", "Period from"]) == "2024-12-20"
    assert table.loc["F007", "Repeats"] == "F001 — US DoD"
    assert table.loc["F010", "Scope"] == "One place or incident"
    german = claims_table(mixed(), chart("de"))
    assert {"Art", "Zeitraum ab", "Wiederholt", "Reichweite"} <= set(german.columns)


def bottom(frame: pd.DataFrame, lang: str = "en", view: ViewFilter | None = None) -> pd.DataFrame:
    tables = {"figures": frame, "actors": ACTORS, "sources": SOURCES}
    return bottom_line(select(tables, view or ViewFilter()), Labels.build(tables, lang)).set_index("metric")


def test_bottom_line_spans_the_latest_independent_assessments():
    frame = claims(
        {"who": "us_dod", "day": "2025-01-01", "low": 1_000, "metric": "killed"},
        {"who": "kr_nis", "day": "2025-02-01", "low": 2_000, "metric": "killed"},
        {"who": "kr_nis", "day": "2023-12-01", "low": 9, "metric": "killed"},  # superseded by its own later claim
        {"who": "ua_hur", "day": "2023-06-01", "low": 50, "metric": "killed"},  # over a year older than the newest
        {"who": "anon", "day": "2025-02-02", "low": 9_000, "metric": "killed", "restates": "F002"},
        {"who": "ua_president", "day": "2025-02-03", "low": 9_000, "metric": "killed", "kind": "forecast"},
        {"who": "ua_hur", "day": "2025-02-04", "low": 6_000, "q": "more_than", "metric": "killed", "cred": 5},
    )
    rows = bottom(frame)
    killed = rows.loc["killed"]
    assert killed["range"] == "about 1,000 to about 2,000"
    assert (killed["low"], killed["high"], killed["n_claims"]) == (1_000, 2_000, 2)
    assert killed["claims"] == "NIS: about 2,000 (B2, 1 Feb 2025)\nUS DoD: about 1,000 (B2, 1 Jan 2025)"
    assert killed["apart"] == "HUR: more than 6,000 (B5, 4 Feb 2025)"
    assert list(rows.index) == ["troops_in_russia", "troops_in_kursk", "killed", "killed_or_wounded", "captured"]
    assert rows.loc["captured", "range"] == "no assessment"
    assert bottom(frame, "de").loc["killed", "range"] == "etwa 1.000 bis etwa 2.000"
    assert list(bottom(frame, view=ViewFilter(metrics=("killed",))).index) == ["killed"]


def test_synthetic_claims_hold_every_kind_period_and_valid_restatements():
    figures = synth.frames(events=10, figures=5_000, seed=3)["figures"]
    assert set(figures["claim_kind"]) == {"assessment", "forecast", "plan", "capability", "evidence"}
    assert 0.02 < (figures["period_start"] != "").mean() < 0.1
    assert 0.1 < (figures["restates"] != "").mean() < 0.2
    by_id = figures.set_index("figure_id")
    restating = figures[figures["restates"] != ""]
    target = by_id.loc[restating["restates"]]
    assert (target["metric"].to_numpy() == restating["metric"].to_numpy()).all()
    earlier = (target["claimed_on"].to_numpy() < restating["claimed_on"].to_numpy()) | (
        (target["claimed_on"].to_numpy() == restating["claimed_on"].to_numpy())
        & (target.index.to_numpy() < restating["figure_id"].to_numpy())
    )
    assert earlier.all()
    period = figures[figures["period_start"] != ""]
    assert (period["period_start"] <= period["claimed_on"]).all()
