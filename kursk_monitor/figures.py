"""Charts comparing figure claims: DataFrames in, `go.Figure` out.

Every chart wears the frame of `kursk_monitor.chart_frame`: a title, the active filter as
subtitle, a source line naming the reports behind the plotted claims and the data's as-of date,
so a PNG or a screenshot stands on its own. Claimants keep their colour and marker symbol (from
`Labels`) on every chart.

A claim is drawn where `kursk_monitor.qualifiers` says: the lower bound for "at least"/"more
than", the upper bound for "up to", the middle of a stated range otherwise; the range low–high is
drawn as a bar. Open-ended claims have hollow markers. Above `DETAIL_LIMIT` points the time chart
switches to WebGL (`Scattergl`, float32 arrays, short hover texts); above `AGGREGATE_LIMIT` it
shows one point per claimant and week (median, bar from lowest to highest), and of the claims
drawn apart (period counts, one place, repeats, …) one per kind, claimant and week, so the payload
stays small.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as babel_date

from kursk_monitor import claim_marks, i18n, qualifiers, sourcing
from kursk_monitor.chart_frame import as_of_line, empty_message, esc, frame
from kursk_monitor.i18n import fmt_claim, fmt_number, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection

DETAIL_LIMIT = 1_500
AGGREGATE_LIMIT = 5_000
MAX_SOURCE_NAMES = 4
GRID = "#E5E5E5"
CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


@dataclass(frozen=True)
class ChartContext:
    """What every chart needs to speak for itself: names, the filter sentence, the as-of date, sources."""

    labels: Labels
    subtitle: str = ""
    as_of: pd.Timestamp | None = None
    sources: pd.DataFrame | None = None  # for the links in tables

    @property
    def lang(self) -> str:
        return self.labels.lang

    def name(self, actor_id: str) -> str:
        return self.labels.actor(actor_id)

    def style(self, actor_id: str) -> tuple[str, str]:
        return self.labels.style(actor_id)

    def foot(self, source_ids: Iterable[tuple[str, ...]], *more: tuple[str, str]) -> list[tuple[str, str]]:
        """Foot lines: the sources of `source_ids`, the as-of date, then `more` (name, text) lines."""
        return [("sources", source_line(source_ids, self.labels)), ("as_of", as_of_line(self.as_of, self.lang)), *more]


def chart_context(selection: Selection, labels: Labels, subject: str = "claims") -> ChartContext:
    """The context of every chart of one view: its filter sentence about `subject`, its data's date."""
    subtitle = selection.view.describe(labels.lang, subject, labels.names)
    return ChartContext(labels, subtitle, selection.as_of, selection.tables.get("sources"))


# --- claims as points ------------------------------------------------------------------------


def claim_points(figures: pd.DataFrame) -> pd.DataFrame:
    """The claims with `y` (the number drawn), `low`, `high` and `open_ended` added."""
    qualifier = figures["qualifier"].to_numpy(dtype=object)
    low = figures["value_low"].astype("float64").to_numpy()
    high = figures["value_high"].astype("float64").to_numpy()
    open_ended = qualifiers.open_above(qualifier) | qualifiers.open_below(qualifier)
    return figures.assign(y=qualifiers.drawn_values(low, high, qualifier), low=low, high=high, open_ended=open_ended)


def source_line(source_ids: Iterable[tuple[str, ...]], labels: Labels) -> str:
    """'Sources: 12 reports — Reuters, KBS World, Yonhap, BBC and 3 more', most cited first."""
    line = sourcing.source_line(
        chain.from_iterable(source_ids), labels.publishers, labels.lang, MAX_SOURCE_NAMES, ranks=labels.source_ranks
    )
    return line or t("figures_page.sources_none", labels.lang)


# --- formatting, cached because a large chart formats the same values many times -----------------


@lru_cache(maxsize=65_536)
def claim_text(low: float, high: float, qualifier: str, lang: str) -> str:
    """'at least 10,000' (cached: a large chart formats the same claims many times)."""
    return fmt_claim(int(low), int(high), qualifier, lang)


@lru_cache(maxsize=8_192)
def when_text(day: pd.Timestamp, precision: str, lang: str) -> str:
    """'24 Oct 2024', or 'October 2024' / 'week of …' for a claim dated to a month or week."""
    if precision in ("week", "month"):
        return i18n.fmt_date(day, lang, precision)
    return i18n.fmt_date_short(day, lang)


@lru_cache(maxsize=65_536)
def _number(value: float, lang: str) -> str:
    return fmt_number(value, lang)


def _hover_sources(ids: tuple[str, ...], labels: Labels) -> str:
    names = list(dict.fromkeys(labels.publisher(i) for i in ids))
    if len(names) > 2:
        return labels.t("common.sources_more", names=", ".join(names[:2]), n=fmt_number(len(names) - 2, labels.lang))
    return ", ".join(names)


def _month_ticks(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> tuple[list[pd.Timestamp], list[str]]:
    """Month starts between two dates, thinned to at most about 9 ticks, labelled in `lang`."""
    first = start.to_period("M").to_timestamp()
    months = pd.date_range(first, end + pd.offsets.MonthBegin(1), freq="MS")
    step = max(1, math.ceil(len(months) / 9))
    ticks = list(months[::step])
    locale = i18n.BABEL_LOCALE[i18n.normalise_lang(lang)]
    return ticks, [babel_date(tick.date(), "MMM y", locale=locale) for tick in ticks]


def _nothing_to_show(fig: go.Figure, chart: ChartContext) -> go.Figure:
    empty_message(fig, t("common.no_data", chart.lang))
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


# --- claims over time --------------------------------------------------------------------------


def claims_over_time(
    figures: pd.DataFrame,
    metric: str,
    chart: ChartContext,
    *,
    log_y: bool = False,
    height: int = 460,
    show_outlook: bool = True,
    full_weight: bool = False,
) -> go.Figure:
    """One series per claimant: each claim at its date, its range as a bar, its qualifier visible.

    Claims that are not plain counts (forecasts, evidence, period counts, restatements, one
    place, grade 5–6) are drawn apart by `kursk_monitor.claim_marks`; `show_outlook` shows the
    forecasts, plans and capabilities, `full_weight` draws grade 5–6 claims like the others.
    """
    lang = chart.lang
    rows = figures[figures["metric"] == metric]
    fig = go.Figure()
    metric_name = chart.labels.vocab("metric", metric)
    title = t("figures_page.time_title", lang, metric=metric_name)
    if rows.empty:
        frame(fig, title, lang, subtitle=[chart.subtitle], foot=chart.foot([]), plot_height=height)
        return _nothing_to_show(fig, chart)
    points = claim_points(rows).sort_values("claimed_on", kind="stable")
    marks = claim_marks.split(points, full_weight)
    main = marks.main
    dense = len(points) > DETAIL_LIMIT
    if len(main) > AGGREGATE_LIMIT:
        _add_weekly_traces(fig, main, chart)
        key = t("figures_page.aggregated_note", lang)
    else:
        for claimant_id in _claimant_order(main, chart):
            _add_claimant_traces(fig, main[main["claimant_id"] == claimant_id], claimant_id, chart, dense, marks)
        key = t("figures_page.key_time_dense" if dense else "figures_page.key_time", lang)
    if len(points) > AGGREGATE_LIMIT:
        # the other marks (period counts, one place, restatements, …) may be the many: e.g. one
        # ACLED death count per event. Each kind of mark keeps one per claimant and week, and says so.
        thinned = claim_marks.weekly(marks)
        if claim_marks.count(thinned) < claim_marks.count(marks):
            key += " · " + t("figures_page.thinned_note", lang)
        marks = thinned
    top = claim_marks.scale_top(marks)
    claim_marks.add_marks(fig, marks, chart, _any_hover, dense=dense, show_outlook=show_outlook, top=top)
    foot = chart.foot(rows["source_ids"], ("key", key), ("note", claim_marks.key_line(marks, lang, show_outlook)))
    frame(fig, title, lang, subtitle=[chart.subtitle], foot=foot, plot_height=height)
    first = min(points["claimed_on"].min(), points.get("period_start", points["claimed_on"]).min())
    ticks, labels = _month_ticks(first, points["claimed_on"].max(), lang)
    fig.update_xaxes(
        title_text=t("figures_page.axis_claim_date", lang),
        tickmode="array",
        tickvals=[tick.value // 1_000_000 for tick in ticks],
        ticktext=labels,
        type="date",
        showgrid=True,
        gridcolor=GRID,
    )
    fig.update_yaxes(
        title_text=t("figures_page.axis_number", lang, metric=metric_name),
        type="log" if log_y else "linear",
        rangemode="tozero" if not log_y else "normal",
        range=claim_marks.y_range(top, main, log_y),
        tickformat=",d" if not log_y else None,
        gridcolor=GRID,
        zeroline=True,
    )
    fig.update_layout(
        legend={"title": {"text": t("figures_page.legend_claimant", lang)}, "itemsizing": "constant"},
        hovermode="closest",
    )
    return fig


def _claimant_order(points: pd.DataFrame, chart: ChartContext) -> list[str]:
    """Claimants in legend order: by country, then by name."""
    country = points.drop_duplicates("claimant_id").set_index("claimant_id")
    country = country["claimant_country"] if "claimant_country" in country else pd.Series("", index=country.index)
    return sorted(country.index, key=lambda a: (str(country.get(a, "")), chart.name(a).casefold()))


def _error_bars(part: pd.DataFrame, colour: str, thickness: float, width: int) -> dict:
    return {
        "type": "data",
        "symmetric": False,
        "array": _bar(part["high"] - part["y"]),
        "arrayminus": _bar(part["y"] - part["low"]),
        "color": colour,
        "thickness": thickness,
        "width": width,
    }


def _add_claimant_traces(
    fig: go.Figure, points: pd.DataFrame, claimant_id: str, chart: ChartContext, dense: bool, marks=None
) -> None:
    colour, symbol = chart.style(claimant_id)
    name = chart.name(claimant_id)
    first = True
    for open_ended in (False, True):
        part = points[points["open_ended"] == open_ended]
        if part.empty:
            continue
        hover = _hover_texts(part, name, chart, short=dense)
        if marks is not None:
            extra = claim_marks.details(part, marks.originals, chart, marks.lookups(chart))
            hover = [f"{h}<br>{e}" if e else h for h, e in zip(hover, extra, strict=True)]
        common = {
            "x": part["claimed_on"].to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(np.float64),
            "y": part["y"].to_numpy(dtype=np.float32),
            "name": name,
            "legendgroup": claimant_id,
            "showlegend": first,
            "marker": {
                "color": colour,
                "symbol": f"{symbol}-open" if open_ended else symbol,
                "size": 7 if dense else 10,
                "line": _marker_line(open_ended, colour, 2, 0.5),
            },
            "error_y": _error_bars(part, colour, 1.5, 4),
            "meta": {"claimant_id": claimant_id, "open_ended": open_ended},
        }
        if dense:
            # The claimant's name and the key to the grade sit in the template, not in every point.
            key = esc(t("figures_page.hover_grade_key", chart.lang))
            template = f"<b>{esc(name)}</b><br>%{{text}}<br><i>{key}</i><extra></extra>"
            fig.add_trace(go.Scattergl(mode="markers", text=hover, hovertemplate=template, **common))
        else:
            fig.add_trace(
                go.Scatter(
                    mode="markers+text",
                    text=[qualifiers.GLYPHS.get(q, "") for q in part["qualifier"]],
                    textposition="middle right",
                    textfont={"color": colour, "size": 13},
                    cliponaxis=False,
                    hovertext=hover,
                    hoverinfo="text",
                    **common,
                )
            )
        first = False


def _bar(length: pd.Series) -> np.ndarray:
    """Error bar lengths as float32; no bar (NaN) where a claim is a single number."""
    values = length.to_numpy(dtype=np.float32)
    return np.where(values > 0, values, np.float32(np.nan)).astype(np.float32)


def _any_hover(part: pd.DataFrame, chart: ChartContext, short: bool) -> list[str]:
    """Hover texts for claims of several claimants, each named."""
    names = [chart.name(c) for c in part["claimant_id"]]
    if short:
        return [f"<b>{esc(n)}</b><br>{h}" for n, h in zip(names, _hover_texts(part, "", chart, True), strict=True)]
    return _hover_texts(part, names, chart, False)


def _hover_texts(part: pd.DataFrame, name: str | list[str], chart: ChartContext, short: bool) -> list[str]:
    lang = chart.lang
    precision = part["date_precision"] if "date_precision" in part else pd.Series("day", index=part.index)
    texts = []
    names = [esc(n) for n in name] if isinstance(name, list) else [esc(name)] * len(part)
    for name, low, high, qualifier, day, prec, ids, rel, cred in zip(
        names,
        part["low"],
        part["high"],
        part["qualifier"],
        part["claimed_on"],
        precision,
        part["source_ids"],
        part["reliability"],
        part["credibility"],
        strict=True,
    ):
        claim = claim_text(low, high, qualifier, lang)
        when = when_text(day, prec or "day", lang)
        if short:
            texts.append(f"{claim} · {when} · {rel}{cred}")
            continue
        grades = t("figures_page.hover_grades", lang, reliability=rel, credibility=cred)
        sources = t("figures_page.hover_sources", lang, names=esc(_hover_sources(ids, chart.labels)))
        texts.append(f"<b>{name}</b><br>{claim} · {when}<br>{sources}<br>{grades}")
    return texts


def _add_weekly_traces(fig: go.Figure, points: pd.DataFrame, chart: ChartContext) -> None:
    """One point per claimant and week: the median claim, a bar from the lowest to the highest."""
    lang = chart.lang
    week = points["claimed_on"].dt.to_period("W-SUN").dt.start_time
    weekly = (
        points.assign(week=week)
        .groupby(["claimant_id", "week"], sort=True)
        .agg(y=("y", "median"), low=("low", "min"), high=("high", "max"), n=("y", "size"))
        .reset_index()
    )
    for claimant_id in _claimant_order(points, chart):
        part = weekly[weekly["claimant_id"] == claimant_id]
        colour, symbol = chart.style(claimant_id)
        name = chart.name(claimant_id)
        hover = [
            t(
                "figures_page.hover_week",
                lang,
                name=esc(name),
                week=i18n.fmt_date(w, lang, "week"),
                n=_number(n, lang),
                median=_number(round(y), lang),
                low=_number(lo, lang),
                high=_number(hi, lang),
            )
            for w, n, y, lo, hi in zip(part["week"], part["n"], part["y"], part["low"], part["high"], strict=True)
        ]
        fig.add_trace(
            go.Scattergl(
                x=part["week"].to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(np.float64),
                y=part["y"].to_numpy(dtype=np.float32),
                mode="markers",
                name=name,
                legendgroup=claimant_id,
                marker={"color": colour, "symbol": symbol, "size": 7},
                error_y=_error_bars(part, colour, 1, 0),
                hovertext=hover,
                hoverinfo="text",
                meta={"claimant_id": claimant_id, "aggregated": True},
            )
        )


# --- latest claim per claimant (built in `kursk_monitor.latest_chart`) ---------------------------


def latest_comparison(latest: pd.DataFrame, metric: str, as_of: pd.Timestamp, chart: ChartContext, **options):
    """Each claimant's latest claim as a dot with its range (see `latest_chart.latest_comparison`)."""
    from kursk_monitor.latest_chart import latest_comparison as build  # it builds on this module

    return build(latest, metric, as_of, chart, **options)


def _marker_line(open_ended: bool, colour: str, open_width: float, solid_width: float) -> dict:
    """Hollow markers get a thick outline in the claimant colour, filled ones a thin white rim."""
    return {"width": open_width, "color": colour} if open_ended else {"width": solid_width, "color": "white"}


def figure_size(fig: go.Figure) -> int:
    """Bytes of the JSON a browser receives for `fig`."""
    return len(fig.to_json().encode("utf-8"))
