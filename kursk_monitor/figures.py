"""Charts and tables comparing figure claims: DataFrames in, `go.Figure` or DataFrame out.

Every chart states inside the figure what it shows: a title, a subtitle with the active filter,
a source line naming the reports behind the plotted claims, and the data's as-of date, so a PNG
or a screenshot stands on its own. Claimants keep their colour and marker symbol (from
`kursk_monitor.style`) on every chart.

A claim is drawn at its stated number: the lower bound for "at least"/"more than", the upper
bound for "up to", the middle of a stated range otherwise; the range low–high is drawn as a bar.
Open-ended claims have hollow markers. Above `DETAIL_LIMIT` points the time chart switches to
WebGL (`Scattergl`, float32 arrays, short hover texts); above `AGGREGATE_LIMIT` it shows one
point per claimant and week (median, bar from lowest to highest), so the payload stays small.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from babel.dates import format_date as babel_date

from kursk_monitor import i18n, sourcing
from kursk_monitor.i18n import fmt_claim, fmt_number, label, t
from kursk_monitor.plot_text import add_foot
from kursk_monitor.plot_text import esc as _esc
from kursk_monitor.style import OTHER_COLOUR

DETAIL_LIMIT = 1_500
AGGREGATE_LIMIT = 5_000
OPEN_ABOVE = ("at_least", "more_than")
OPEN_BELOW = ("up_to",)
QUALIFIER_GLYPHS = {"at_least": "≥", "more_than": ">", "up_to": "≤", "about": "~"}
FONT = "Arial, Helvetica, sans-serif"
SUBTITLE_WIDTH = 140
MAX_SOURCE_NAMES = 4
CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}


@dataclass(frozen=True)
class ChartContext:
    """What every chart needs to speak for itself: language, filter sentence, names, styles, sources."""

    lang: str
    subtitle: str = ""
    as_of: pd.Timestamp | None = None
    names: dict[str, str] = field(default_factory=dict)
    styles: dict[str, tuple[str, str]] = field(default_factory=dict)
    sources: pd.DataFrame | None = None
    place_names: dict[str, str] = field(default_factory=dict)

    def name(self, actor_id: str) -> str:
        return self.names.get(actor_id, actor_id)

    def style(self, actor_id: str) -> tuple[str, str]:
        return self.styles.get(actor_id, (OTHER_COLOUR, "circle"))


# --- claims as points ------------------------------------------------------------------------


def claim_points(figures: pd.DataFrame) -> pd.DataFrame:
    """The claims with `y` (the number drawn), `low`, `high` and `open_ended` added."""
    low = figures["value_low"].astype("float64").to_numpy()
    high = figures["value_high"].astype("float64").to_numpy()
    qualifier = figures["qualifier"].to_numpy(dtype=object)
    above = np.isin(qualifier, OPEN_ABOVE)
    below = np.isin(qualifier, OPEN_BELOW)
    y = np.where(above, low, np.where(below, high, (low + high) / 2))
    return figures.assign(y=y, low=low, high=high, open_ended=above | below)


def source_line(source_ids: Iterable[tuple[str, ...]], sources: pd.DataFrame | None, lang: str) -> str:
    """'Sources: 12 reports — Reuters, KBS World, Yonhap, BBC and 3 more', most cited first."""
    line = sourcing.source_line(chain.from_iterable(source_ids), sources, lang, MAX_SOURCE_NAMES)
    return line or t("figures_page.sources_none", lang)


def stamp_line(chart: ChartContext, source_ids: Iterable[tuple[str, ...]]) -> str:
    """Source line and as-of date for the foot of a chart."""
    parts = [source_line(source_ids, chart.sources, chart.lang)]
    if chart.as_of is not None and not pd.isna(chart.as_of):
        parts.append(t("common.as_of", chart.lang, date=i18n.fmt_date(chart.as_of, chart.lang)))
    return " · ".join(parts)


# --- formatting, cached because a large chart formats the same values many times -----------------


@lru_cache(maxsize=65_536)
def _claim(low: float, high: float, qualifier: str, lang: str) -> str:
    return fmt_claim(int(low), int(high), qualifier, lang)


@lru_cache(maxsize=8_192)
def _when(day: pd.Timestamp, precision: str, lang: str) -> str:
    if precision in ("week", "month"):
        return i18n.fmt_date(day, lang, precision)
    return i18n.fmt_date_short(day, lang)


@lru_cache(maxsize=65_536)
def _number(value: float, lang: str) -> str:
    return fmt_number(value, lang)


def _hover_sources(ids: tuple[str, ...], publisher_of: dict[str, str], lang: str) -> str:
    names = list(dict.fromkeys(publisher_of.get(i, i) for i in ids))
    if len(names) > 2:
        return t("common.sources_more", lang, names=", ".join(names[:2]), n=fmt_number(len(names) - 2, lang))
    return ", ".join(names)


# --- layout shared by every chart ---------------------------------------------------------------


def _wrap(text: str, width: int = SUBTITLE_WIDTH) -> list[str]:
    return textwrap.wrap(text, width) or [""]


def _frame_layout(fig: go.Figure, title: str, chart: ChartContext, foot: list[str], height: int) -> None:
    """Title, subtitle, foot lines (sources, as-of, key) and language-aware number separators."""
    subtitle_lines = _wrap(chart.subtitle) if chart.subtitle else []
    subtitle = "<br>".join(_esc(line) for line in subtitle_lines)
    title_text = f"<b>{_esc(title)}</b>"
    if subtitle:
        title_text += f"<br><span style='font-size:12px;color:#444444'>{subtitle}</span>"
    top = 64 + 16 * len(subtitle_lines)
    foot_lines = [line for text in foot for line in _wrap(text, 170)]
    bottom = 78 + 15 * len(foot_lines)
    fig.update_layout(
        title={
            "text": title_text,
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 14},
            "font": {"size": 17},
        },
        font={"family": FONT, "size": 12, "color": "#222222"},
        template="plotly_white",
        height=height + top + bottom,
        margin={"t": top + 12, "b": bottom, "l": 70, "r": 20},
        separators=".," if chart.lang == "en" else ",.",
        hoverlabel={"font": {"family": FONT, "size": 12}, "align": "left"},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    add_foot(fig, "<br>".join(_esc(line) for line in foot_lines), yshift=-60)


def _month_ticks(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> tuple[list[pd.Timestamp], list[str]]:
    """Month starts between two dates, thinned to at most about 9 ticks, labelled in `lang`."""
    first = start.to_period("M").to_timestamp()
    months = pd.date_range(first, end + pd.offsets.MonthBegin(1), freq="MS")
    step = max(1, math.ceil(len(months) / 9))
    ticks = list(months[::step])
    locale = i18n.BABEL_LOCALE[i18n.normalise_lang(lang)]
    return ticks, [babel_date(tick.date(), "MMM y", locale=locale) for tick in ticks]


def _empty_message(fig: go.Figure, chart: ChartContext) -> None:
    fig.add_annotation(
        text=t("common.no_data", chart.lang),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 14, "color": "#555555"},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)


# --- claims over time --------------------------------------------------------------------------


def claims_over_time(
    figures: pd.DataFrame, metric: str, chart: ChartContext, *, log_y: bool = False, height: int = 460
) -> go.Figure:
    """One series per claimant: each claim at its date, its range as a bar, its qualifier visible."""
    lang = chart.lang
    rows = figures[figures["metric"] == metric]
    fig = go.Figure()
    metric_name = label("metric", metric, lang)
    title = t("figures_page.time_title", lang, metric=metric_name)
    foot = [stamp_line(chart, rows.get("source_ids", []))]
    if rows.empty:
        _frame_layout(fig, title, chart, foot, height)
        _empty_message(fig, chart)
        return fig
    points = claim_points(rows).sort_values("claimed_on", kind="stable")
    if len(points) > AGGREGATE_LIMIT:
        _add_weekly_traces(fig, points, chart)
        foot.append(t("figures_page.aggregated_note", lang))
    else:
        dense = len(points) > DETAIL_LIMIT
        publisher_of = sourcing.publisher_of(chart.sources)
        for claimant_id in _claimant_order(points, chart):
            _add_claimant_traces(
                fig, points[points["claimant_id"] == claimant_id], claimant_id, chart, dense, publisher_of
            )
        foot.append(t("figures_page.key_time", lang) if not dense else t("figures_page.key_time_dense", lang))
    _frame_layout(fig, title, chart, foot, height)
    ticks, labels = _month_ticks(points["claimed_on"].min(), points["claimed_on"].max(), lang)
    fig.update_xaxes(
        title_text=t("figures_page.axis_claim_date", lang),
        tickmode="array",
        tickvals=[tick.value // 1_000_000 for tick in ticks],
        ticktext=labels,
        type="date",
        showgrid=True,
        gridcolor="#E5E5E5",
    )
    fig.update_yaxes(
        title_text=t("figures_page.axis_number", lang, metric=metric_name),
        type="log" if log_y else "linear",
        rangemode="tozero" if not log_y else "normal",
        tickformat=",d" if not log_y else None,
        gridcolor="#E5E5E5",
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


def _add_claimant_traces(
    fig: go.Figure,
    points: pd.DataFrame,
    claimant_id: str,
    chart: ChartContext,
    dense: bool,
    publisher_of: dict[str, str],
) -> None:
    colour, symbol = chart.style(claimant_id)
    name = chart.name(claimant_id)
    first = True
    for open_ended in (False, True):
        part = points[points["open_ended"] == open_ended]
        if part.empty:
            continue
        hover = _hover_texts(part, name, chart, publisher_of, short=dense)
        x = part["claimed_on"].to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(np.float64)
        y = part["y"].to_numpy(dtype=np.float32)
        error = {
            "type": "data",
            "symmetric": False,
            "array": _bar(part["high"] - part["y"]),
            "arrayminus": _bar(part["y"] - part["low"]),
            "color": colour,
            "thickness": 1.5,
            "width": 4,
        }
        marker = {
            "color": colour,
            "symbol": f"{symbol}-open" if open_ended else symbol,
            "size": 7 if dense else 10,
            "line": _marker_line(open_ended, colour, 2, 0.5),
        }
        common = {
            "x": x,
            "y": y,
            "name": name,
            "legendgroup": claimant_id,
            "showlegend": first,
            "marker": marker,
            "error_y": error,
            "hovertext": hover,
            "hoverinfo": "text",
            "meta": {"claimant_id": claimant_id, "open_ended": open_ended},
        }
        if dense:
            # The claimant's name and the key to the grade sit in the template, not in every point.
            del common["hovertext"], common["hoverinfo"]
            template = (
                f"<b>{_esc(name)}</b><br>%{{text}}<br><i>{_esc(t('figures_page.hover_grade_key', chart.lang))}</i>"
            )
            fig.add_trace(
                go.Scattergl(mode="markers", text=hover, hovertemplate=template + "<extra></extra>", **common)
            )
        else:
            glyphs = [QUALIFIER_GLYPHS.get(q, "") for q in part["qualifier"]]
            fig.add_trace(
                go.Scatter(
                    mode="markers+text",
                    text=glyphs,
                    textposition="middle right",
                    textfont={"color": colour, "size": 13},
                    cliponaxis=False,
                    **common,
                )
            )
        first = False


def _bar(length: pd.Series) -> np.ndarray:
    """Error bar lengths as float32; no bar (NaN) where a claim is a single number."""
    values = length.to_numpy(dtype=np.float32)
    return np.where(values > 0, values, np.float32(np.nan)).astype(np.float32)


def _hover_texts(
    part: pd.DataFrame, name: str, chart: ChartContext, publisher_of: dict[str, str], short: bool
) -> list[str]:
    lang = chart.lang
    precision = part["date_precision"] if "date_precision" in part else pd.Series("day", index=part.index)
    texts = []
    name = _esc(name)
    for low, high, qualifier, day, prec, ids, rel, cred in zip(
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
        claim = _claim(low, high, qualifier, lang)
        when = _when(day, prec or "day", lang)
        grades = t("figures_page.hover_grades", lang, reliability=rel, credibility=cred)
        if short:
            texts.append(f"{claim} · {when} · {rel}{cred}")
            continue
        sources = _esc(_hover_sources(ids, publisher_of, lang))
        texts.append(
            f"<b>{name}</b><br>{claim} · {when}<br>{t('figures_page.hover_sources', lang, names=sources)}<br>{grades}"
        )
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
                name=_esc(name),
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
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": _bar(part["high"] - part["y"]),
                    "arrayminus": _bar(part["y"] - part["low"]),
                    "color": colour,
                    "thickness": 1,
                    "width": 0,
                },
                hovertext=hover,
                hoverinfo="text",
                meta={"claimant_id": claimant_id, "aggregated": True},
            )
        )


# --- latest claim per claimant ------------------------------------------------------------------


def latest_comparison(
    latest: pd.DataFrame,
    metric: str,
    as_of: pd.Timestamp,
    chart: ChartContext,
    *,
    log_x: bool = False,
) -> go.Figure:
    """Each claimant's latest claim as a dot with its range, sorted so the highest is on top.

    Open-ended claims continue as a dotted line: to the right edge for "at least"/"more than",
    to zero for "up to".
    """
    lang = chart.lang
    metric_name = label("metric", metric, lang)
    title = t("figures_page.latest_title", lang, metric=metric_name, date=i18n.fmt_date(as_of, lang))
    fig = go.Figure()
    rows = latest[latest["metric"] == metric]
    foot = [stamp_line(chart, rows.get("source_ids", []))]
    if rows.empty:
        _frame_layout(fig, title, chart, foot, 220)
        _empty_message(fig, chart)
        return fig
    points = claim_points(rows)
    points = points.assign(sort_name=[chart.name(a).casefold() for a in points["claimant_id"]])
    points = points.sort_values(["y", "sort_name"], ascending=[True, False], kind="stable")
    finite_top = float(np.nanmax(points["high"].to_numpy()))
    x_max = finite_top * 1.25 if finite_top > 0 else 1.0
    positive = points.loc[points["low"] > 0, "low"]
    x_min = float(positive.min()) / 2 if log_x and not positive.empty else 0.0
    publisher_of = sourcing.publisher_of(chart.sources)
    labels = []
    for _, row in points.iterrows():
        claimant_id = row["claimant_id"]
        colour, symbol = chart.style(claimant_id)
        name = chart.name(claimant_id)
        row_label = name if len(name) <= 64 else name[:62] + "…"
        labels.append(row_label)
        if row["qualifier"] in OPEN_ABOVE:
            fig.add_trace(_open_line(row["y"], x_max, row_label, colour))
        elif row["qualifier"] in OPEN_BELOW:
            fig.add_trace(_open_line(max(x_min, 0.0), row["y"], row_label, colour))
        claim = _claim(row["low"], row["high"], row["qualifier"], lang)
        when = _when(row["claimed_on"], row.get("date_precision", "day") or "day", lang)
        hover = _hover_texts(points.loc[[row.name]], name, chart, publisher_of, short=False)[0]
        fig.add_trace(
            go.Scatter(
                x=[row["y"]],
                y=[row_label],
                mode="markers+text",
                text=[f"{claim} · {when}"],
                textposition="top center",
                textfont={"size": 11, "color": "#222222"},
                marker={
                    "color": colour,
                    "symbol": f"{symbol}-open" if row["open_ended"] else symbol,
                    "size": 13,
                    "line": {
                        "width": 2.5 if row["open_ended"] else 0.8,
                        "color": colour if row["open_ended"] else "white",
                    },
                },
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": [row["high"] - row["y"]],
                    "arrayminus": [row["y"] - row["low"]],
                    "color": colour,
                    "thickness": 4,
                    "width": 0,
                },
                name=name,
                showlegend=False,
                hovertext=[hover],
                hoverinfo="text",
                cliponaxis=False,
                meta={"claimant_id": claimant_id, "qualifier": row["qualifier"]},
            )
        )
    foot.append(t("figures_page.key_latest", lang))
    _frame_layout(fig, title, chart, foot, 60 + 44 * len(points))
    fig.update_xaxes(
        title_text=t("figures_page.axis_number", lang, metric=metric_name),
        type="log" if log_x else "linear",
        range=[math.log10(x_min), math.log10(x_max)] if log_x else [0, x_max],
        tickformat=",d" if not log_x else None,
        gridcolor="#E5E5E5",
    )
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=labels, automargin=True, gridcolor="#F0F0F0")
    fig.update_layout(margin={"l": 20}, hovermode="closest")
    return fig


def _marker_line(open_ended: bool, colour: str, open_width: float, solid_width: float) -> dict:
    """Hollow markers get a thick outline in the claimant colour, filled ones a thin white rim."""
    return {"width": open_width, "color": colour} if open_ended else {"width": solid_width, "color": "white"}


def _open_line(start: float, end: float, row_label: str, colour: str) -> go.Scatter:
    return go.Scatter(
        x=[start, end],
        y=[row_label, row_label],
        mode="lines",
        line={"color": colour, "width": 2, "dash": "dot"},
        hoverinfo="skip",
        showlegend=False,
        meta={"open_line": True},
    )


# --- tables ------------------------------------------------------------------------------------


def claims_table(figures: pd.DataFrame, chart: ChartContext) -> pd.DataFrame:
    """The claims as a table for reading and export: one row per claim, headed in `chart.lang`."""
    lang = chart.lang
    sources = chart.sources
    publisher_of = sourcing.publisher_of(sources)
    url_of = dict(zip(sources["source_id"], sources["url"], strict=True)) if sources is not None else {}
    rows = figures.sort_values(["claimed_on", "figure_id"], ascending=[False, True], kind="stable")
    precision = rows["date_precision"] if "date_precision" in rows else pd.Series("day", index=rows.index)

    def first_url(ids: tuple[str, ...]) -> str | None:
        return next((url_of[i] for i in ids if url_of.get(i)), None)

    def column(key: str) -> str:
        return t(f"figures_page.col_{key}", lang)

    notes = (
        [i18n.localized(r, "note", lang) for r in rows[["note", "note_de"]].to_dict("records")]
        if "note" in rows
        else ""
    )
    return pd.DataFrame(
        {
            column("date"): rows["claimed_on"].dt.date,
            column("claimant"): [chart.name(a) for a in rows["claimant_id"]],
            column("country"): [label("country", c, lang) if c else "" for c in rows.get("claimant_country", "")],
            column("metric"): [label("metric", m, lang) for m in rows["metric"]],
            column("claim"): [
                _claim(lo, hi, q, lang)
                for lo, hi, q in zip(rows["value_low"], rows["value_high"], rows["qualifier"], strict=True)
            ],
            column("low"): rows["value_low"].astype("Int64"),
            column("high"): rows["value_high"].astype("Int64"),
            column("qualifier"): [label("qualifier", q, lang) for q in rows["qualifier"]],
            column("place"): [chart.place_names.get(p, p) for p in rows["location_id"]],
            column("reliability"): rows["reliability"],
            column("credibility"): rows["credibility"].astype("Int64"),
            column("sources"): [
                "; ".join(dict.fromkeys(publisher_of.get(i, i) for i in ids)) for ids in rows["source_ids"]
            ],
            column("link"): [first_url(ids) for ids in rows["source_ids"]],
            column("source_ids"): ["; ".join(ids) for ids in rows["source_ids"]],
            column("figure_id"): rows["figure_id"],
            column("note"): notes,
            column("precision"): [t(f"figures_page.precision_{p or 'day'}", lang) for p in precision],
        }
    ).reset_index(drop=True)


def contradictions_table(pairs: pd.DataFrame, chart: ChartContext) -> pd.DataFrame:
    """Contradicting pairs as a table: both claims in words, how far apart, and both sources."""
    lang = chart.lang
    sources = chart.sources
    publisher_of = sourcing.publisher_of(sources)
    url_of = dict(zip(sources["source_id"], sources["url"], strict=True)) if sources is not None else {}

    def column(key: str) -> str:
        return t(f"figures_page.col_{key}", lang)

    def side(suffix: str) -> dict[str, list]:
        ids = pairs[f"source_ids_{suffix}"] if f"source_ids_{suffix}" in pairs else [()] * len(pairs)
        claims = [
            t(
                "figures_page.pair_claim",
                lang,
                name=chart.name(c),
                claim=_claim(float(lo), float(hi), q, lang),
                date=i18n.fmt_date_short(d, lang),
            )
            for c, lo, hi, q, d in zip(
                pairs[f"claimant_{suffix}"],
                pairs[f"low_{suffix}"],
                pairs[f"high_{suffix}"],
                pairs[f"qualifier_{suffix}"],
                pairs[f"date_{suffix}"],
                strict=True,
            )
        ]
        grades = [
            f"{r}{c}"
            for r, c in zip(
                pairs.get(f"reliability_{suffix}", [""] * len(pairs)),
                pairs.get(f"credibility_{suffix}", [""] * len(pairs)),
                strict=True,
            )
        ]
        return {
            f"claim_{suffix}": claims,
            f"grade_{suffix}": grades,
            f"sources_{suffix}": ["; ".join(dict.fromkeys(publisher_of.get(i, i) for i in s)) for s in ids],
            f"link_{suffix}": [next((url_of[i] for i in s if url_of.get(i)), None) for s in ids],
        }

    factor = ["∞" if not np.isfinite(f) else "×" + fmt_number(round(float(f), 1), lang) for f in pairs["factor"]]
    earlier, later = side("a"), side("b")
    table = {
        column("metric"): [label("metric", m, lang) for m in pairs["metric"]],
        column("factor"): factor,
        column("days_apart"): pairs["days_apart"].astype("Int64"),
    }
    # Both claims first, side by side; then their grades, sources and links.
    for part in ("claim", "grade", "sources", "link"):
        table[column(f"{part}_a")] = earlier[f"{part}_a"]
        table[column(f"{part}_b")] = later[f"{part}_b"]
    table[column("figure_ids")] = [
        f"{a} / {b}" for a, b in zip(pairs["figure_id_a"], pairs["figure_id_b"], strict=True)
    ]
    return pd.DataFrame(table).reset_index(drop=True)


def figure_size(fig: go.Figure) -> int:
    """Bytes of the JSON a browser receives for `fig`."""
    return len(fig.to_json().encode("utf-8"))
