"""Briefing export: the key charts and the map as slide-size PNG (1920×1080) and PDF, plus one
self-contained HTML briefing that opens with no network.

Every picture carries its title, the filter sentence, a source line, the as-of date and, when
given, a classification or handling line (e.g. "OSINT — UNCLASSIFIED"). Static images are made by
kaleido with the local Chromium; without a browser the HTML is still written.

The interactive map is a pydeck deck; its HTML export loads scripts from CDNs, so the briefing
draws the same aggregated map data (from `kursk_monitor.maps`) as a plotly figure instead.

`python -m kursk_monitor brief --out DIR [--lang de|en] [--from DATE --to DATE] [--classification TEXT]`
"""

from __future__ import annotations

import html
import math
import os
import shutil
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import figures as figure_charts
from kursk_monitor import i18n, maps
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.dataset import Dataset
from kursk_monitor.export import names_of
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import fmt_date, label, localized, t
from kursk_monitor.plot_text import add_foot
from kursk_monitor.plot_text import esc as _esc
from kursk_monitor.style import CATEGORY_COLOURS, OKABE_ITO, claimant_styles
from kursk_monitor.timeline import timeline_figure

SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # layout size; PNGs are written at scale 1.5 -> 1920×1080
PNG_SCALE = 1.5
DEFAULT_METRICS = ("troops_in_russia", "troops_in_kursk", "killed_or_wounded")
MAX_METRICS = 3
FONT = "Arial, Helvetica, sans-serif"
CLASSIFICATION_COLOUR = "#9B1C1C"
MAP_BOXES = {
    # lon range, lat range
    "route": ((26.0, 146.0), (34.0, 62.0)),
    "kursk": ((33.6, 37.6), (50.4, 52.3)),
}
_render_lock = threading.Lock()


@dataclass
class BriefChart:
    """One picture of the briefing."""

    slug: str
    title: str
    figure: go.Figure


@dataclass
class BriefResult:
    """What `write_brief` wrote, what it could not do, and how long it took."""

    files: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class NoBrowser(RuntimeError):
    """No Chromium for static images."""


# --- the pictures ---------------------------------------------------------------------------------


def chart_context(data: Dataset, view: ViewFilter, lang: str, names: dict[str, str]) -> figure_charts.ChartContext:
    actors = data.tables["actors"]
    actor_names = {a: names.get(a, a) for a in actors["actor_id"]}
    place_names = {p: names.get(p, p) for p in data.tables["locations"]["location_id"]}
    return figure_charts.ChartContext(
        lang=lang,
        subtitle=view.describe(lang, "claims", names),
        as_of=data.as_of(),
        names=actor_names,
        styles=claimant_styles(actors),
        sources=data.tables["sources"],
        place_names=place_names,
    )


def brief_metrics(figures: pd.DataFrame, view: ViewFilter) -> list[str]:
    """The metrics the briefing charts: the filter's, else the headline ones that have claims."""
    wanted = list(view.metrics) or list(DEFAULT_METRICS)
    present = set(figures["metric"])
    chosen = [m for m in wanted if m in present][:MAX_METRICS]
    return chosen or wanted[:1]


def brief_builders(
    data: Dataset, view: ViewFilter, lang: str, names: dict[str, str] | None = None
) -> list[tuple[str, Callable[[], go.Figure]]]:
    """The briefing's pictures as (slug, build) pairs, so a caller can draw only the ones it shows."""
    names = names if names is not None else names_of(data, lang)
    chart = chart_context(data, view, lang, names)
    as_of = data.as_of()
    figures = view.apply_figures(data.tables["figures"])
    events = view.apply_events(data.tables["events"])
    builders: list[tuple[str, Callable[[], go.Figure]]] = []
    for metric in brief_metrics(figures, view):
        builders.append(
            (
                f"latest_{metric}",
                lambda metric=metric: figure_charts.latest_comparison(
                    latest_by_claimant(figures, metric, as_of), metric, as_of or pd.Timestamp.now(), chart
                ),
            )
        )
        builders.append(
            (f"over_time_{metric}", lambda metric=metric: figure_charts.claims_over_time(figures, metric, chart))
        )
    builders.append(
        (
            "timeline",
            lambda: timeline_figure(
                events,
                lang,
                actors=data.tables["actors"],
                locations=data.tables["locations"],
                sources=data.tables["sources"],
                subtitle=view.describe(lang, "events", names),
                as_of=as_of,
            ),
        )
    )
    for framing in ("route", "kursk"):
        builders.append((f"map_{framing}", lambda framing=framing: map_figure(data, view, lang, framing, names)))
    return builders


def chart_label(slug: str, lang: str) -> str:
    """A short name for a briefing picture, known before it is drawn."""
    for prefix in ("latest_", "over_time_"):
        if slug.startswith(prefix):
            metric = slug.removeprefix(prefix)
            return t(f"briefing_page.label_{prefix.rstrip('_')}", lang, metric=label("metric", metric, lang))
    return t(f"briefing_page.label_{slug}", lang)


def build_chart(slug: str, build: Callable[[], go.Figure]) -> BriefChart:
    fig = build()
    return BriefChart(slug, _title_of(fig), fig)


def brief_charts(
    data: Dataset,
    view: ViewFilter,
    lang: str,
    names: dict[str, str] | None = None,
    failures: list[str] | None = None,
) -> list[BriefChart]:
    """The briefing's pictures, built by the same functions as the pages.

    With a `failures` list, a chart whose builder fails is left out and named there; without
    one the error is raised.
    """
    charts: list[BriefChart] = []
    for slug, build in brief_builders(data, view, lang, names):
        try:
            charts.append(build_chart(slug, build))
        except Exception as exc:
            if failures is None:
                raise
            failures.append(f"chart '{slug}' could not be drawn ({type(exc).__name__}: {exc})")
    return charts


def _title_of(fig: go.Figure) -> str:
    text = fig.layout.title.text or ""
    first = text.split("<br>")[0]
    return html.unescape(first.replace("<b>", "").replace("</b>", ""))


def map_figure(
    data: Dataset, view: ViewFilter, lang: str, framing: str = "route", names: dict[str, str] | None = None
) -> go.Figure:
    """The map as a plotly figure (no tiles, no network): borders, event bins, claim rings, movements."""
    names = names if names is not None else names_of(data, lang)
    tables = data.tables
    locations, sources = tables["locations"], tables["sources"]
    events = view.apply_events(tables["events"])
    figures = view.apply_figures(tables["figures"])
    movements = view.apply_movements(tables["movements"])
    (lon0, lon1), (lat0, lat1) = MAP_BOXES.get(framing, MAP_BOXES["route"])
    fig = go.Figure()
    _add_borders(fig, (lon0, lon1), (lat0, lat1))
    arcs = maps.movement_arcs(movements, locations, sources, lang)
    for mode, colour in maps.MODE_COLOURS.items():
        shown = False
        for row in arcs.to_dict("records"):
            if _rgba(row["to_colour"]) != _rgba(maps.hex_to_rgb(colour, 235)):
                continue
            fig.add_trace(
                go.Scatter(
                    x=[row["from_lon"], row["to_lon"]],
                    y=[row["from_lat"], row["to_lat"]],
                    mode="lines",
                    line={"color": colour, "width": max(1.5, float(row["width"]) * 0.6)},
                    name=t(f"map_page.mode_{mode}", lang),
                    legendgroup=f"mode_{mode}",
                    showlegend=not shown,
                    hovertext=_tip(row["tip"]),
                    hoverinfo="text",
                )
            )
            shown = True
    rings = maps.claim_rings(figures, locations, sources, names, lang)
    if len(rings):
        fig.add_trace(
            go.Scatter(
                x=rings["lon"],
                y=rings["lat"],
                mode="markers",
                marker={
                    "size": rings["radius"] * 1.2,
                    "color": "rgba(0,0,0,0)",
                    "line": {"color": "rgba(70,70,70,0.85)", "width": 2},
                },
                name=t("briefing_page.map_claims", lang),
                hovertext=[_tip(x) for x in rings["tip"]],
                hoverinfo="text",
            )
        )
    bins = maps.event_bins(events, locations, sources, lang)
    for category in bins["category"].drop_duplicates() if len(bins) else []:
        part = bins[bins["category"] == category]
        colour = CATEGORY_COLOURS.get(category, OKABE_ITO["grey"])
        fig.add_trace(
            go.Scatter(
                x=part["lon"],
                y=part["lat"],
                mode="markers",
                marker={
                    "size": part["radius"] * 1.1,
                    "color": colour,
                    "opacity": 0.6,
                    "line": {"color": "white", "width": 1},
                },
                name=label("category", category, lang),
                hovertext=[_tip(x) for x in part["tip"]],
                hoverinfo="text",
            )
        )
    places = maps.place_points(locations, events, figures, lang)
    if len(places):
        inside = places[
            places["lon"].between(lon0, lon1) & places["lat"].between(lat0, lat1) & (places["kind"] != "region")
        ]
        if framing == "route":
            front = [maps.in_kursk_box(la, lo) for la, lo in zip(inside["lat"], inside["lon"], strict=True)]
            keep = [not f or pid == "kursk" for f, pid in zip(front, inside["location_id"], strict=True)]
            labelled = inside[keep]
        else:
            labelled = inside
        fig.add_trace(
            go.Scatter(
                x=places["lon"],
                y=places["lat"],
                mode="markers",
                marker={"size": 7, "color": "#222222", "line": {"color": "white", "width": 1}},
                name=t("briefing_page.map_places", lang),
                hovertext=[_tip(x) for x in places["tip"]],
                hoverinfo="text",
            )
        )
        fig.add_trace(
            go.Scatter(
                x=labelled["lon"],
                y=labelled["lat"],
                mode="text",
                text=[_esc(x) for x in labelled["label"]],
                textposition="middle right",
                textfont={"size": 12, "color": "#222222"},
                showlegend=False,
                hoverinfo="skip",
            )
        )
    title = t("briefing_page.map_title_" + ("kursk" if framing == "kursk" else "route"), lang)
    source_text = maps.source_line(maps.shown_source_ids(tables, view), sources, lang)
    as_of = data.as_of()
    foot = source_text
    if as_of is not None:
        foot += " · " + t("common.as_of", lang, date=fmt_date(as_of, lang))
    subtitle = view.describe(lang, "events", names)
    mid = math.radians((lat0 + lat1) / 2)
    fig.update_layout(
        title={
            "text": f"<b>{_esc(title)}</b><br><span style='font-size:12px;color:#444444'>{_esc(subtitle)}</span>",
            "x": 0.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
            "yref": "container",
            "pad": {"t": 18},
            "font": {"size": 17},
        },
        font={"family": FONT, "size": 12, "color": "#222222"},
        template="plotly_white",
        paper_bgcolor="white",
        plot_bgcolor="#DCE9F2",
        height=SLIDE_HEIGHT,
        margin={"t": 96, "b": 70, "l": 20, "r": 20},
        legend={
            "title": {"text": t("briefing_page.map_legend", lang)},
            "itemsizing": "constant",
            "x": 1.01,
            "xanchor": "left",
            "y": 1,
            "yanchor": "top",
        },
        hovermode="closest",
    )
    fig.update_xaxes(range=[lon0, lon1], visible=False, constrain="domain")
    fig.update_yaxes(
        range=[lat0, lat1], visible=False, scaleanchor="x", scaleratio=1 / math.cos(mid), constrain="domain"
    )
    add_foot(fig, _esc(foot), yshift=-12)
    return fig


def _rgba(values) -> tuple:
    return tuple(int(v) for v in values)


def _tip(text: str) -> str:
    return "<br>".join(_esc(line) for line in str(text).split("\n"))


def _add_borders(fig: go.Figure, lon_range: tuple[float, float], lat_range: tuple[float, float]) -> None:
    """Country outlines from the shipped GeoJSON, as one filled trace (only countries near the box)."""
    xs: list[float | None] = []
    ys: list[float | None] = []
    (lon0, lon1), (lat0, lat1) = lon_range, lat_range
    for feature in maps.borders()["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
        for polygon in polygons:
            ring = polygon[0]
            lons = [p[0] for p in ring]
            lats = [p[1] for p in ring]
            if max(lons) < lon0 or min(lons) > lon1 or max(lats) < lat0 or min(lats) > lat1:
                continue
            xs.extend([*lons, None])
            ys.extend([*lats, None])
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor="rgb(238,236,228)",
            line={"color": "rgb(120,120,120)", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )


# --- slides ------------------------------------------------------------------------------------------


def slide(fig: go.Figure, classification: str = "", width: int | None = SLIDE_WIDTH) -> go.Figure:
    """A copy of `fig` at slide size, with the classification line in the top right corner."""
    out = go.Figure(fig)
    out.update_layout(width=width, height=SLIDE_HEIGHT, autosize=width is None)
    text = classification.strip()
    if text:
        margin = out.layout.margin
        top = margin.t if margin.t is not None else 80
        bottom = margin.b if margin.b is not None else 80
        plot_height = max(SLIDE_HEIGHT - top - bottom, 100)
        out.add_annotation(
            text=f"<b>{_esc(text)}</b>",
            xref="paper",
            yref="paper",
            x=1,
            y=1 + (top - 6) / plot_height,
            xanchor="right",
            yanchor="top",
            showarrow=False,
            font={"size": 13, "color": CLASSIFICATION_COLOUR},
            bgcolor="white",
            bordercolor=CLASSIFICATION_COLOUR,
            borderwidth=1,
            borderpad=3,
            name="classification",
        )
    return out


def browser_path() -> Path | None:
    """The Chromium kaleido will use: $BROWSER_PATH, /usr/bin/chromium, or one on PATH."""
    for candidate in (os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return Path(candidate)
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return None


def start_renderer() -> None:
    """Start kaleido's browser once, so later images take a fraction of a second."""
    import kaleido

    if browser_path() is None:
        raise NoBrowser(
            "no Chromium found for static images (install it: apt-get install -y chromium, "
            "or set BROWSER_PATH); the HTML briefing is written without them"
        )
    kaleido.start_sync_server(silence_warnings=True)


def image_bytes(fig: go.Figure, fmt: str) -> bytes:
    """PNG (1920×1080) or PDF bytes of a slide-size figure."""
    with _render_lock, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        scale = PNG_SCALE if fmt == "png" else 1
        return fig.to_image(format=fmt, width=SLIDE_WIDTH, height=SLIDE_HEIGHT, scale=scale)


def render_images(charts: list[BriefChart], out: Path, classification: str = "") -> list[Path]:
    """Write `NN_slug.png` and `NN_slug.pdf` for every chart; raises NoBrowser without Chromium."""
    start_renderer()
    written = []
    for number, chart in enumerate(charts, start=1):
        fig = slide(chart.figure, classification)
        for fmt in ("png", "pdf"):
            path = out / f"{number:02d}_{chart.slug}.{fmt}"
            path.write_bytes(image_bytes(fig, fmt))
            written.append(path)
    return written


# --- the HTML briefing ---------------------------------------------------------------------------------


HTML_STYLE = """
body{font-family:Arial,Helvetica,sans-serif;color:#222;margin:0;background:#f6f6f6}
main{max-width:1320px;margin:0 auto;padding:12px 20px 40px}
.classification{background:#fff;color:#9B1C1C;border:1px solid #9B1C1C;text-align:center;font-weight:bold;
 padding:4px;margin:8px auto;max-width:1320px}
h1{font-size:26px;margin:12px 0 4px}
.meta{color:#444;font-size:14px;margin:2px 0}
section{background:#fff;margin:18px 0;padding:8px;border:1px solid #ddd}
h2{font-size:18px;margin:6px 8px}
table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
.note{color:#555;font-size:12px}
"""


def briefing_html(
    charts: list[BriefChart],
    data: Dataset,
    view: ViewFilter,
    lang: str,
    classification: str = "",
    names: dict[str, str] | None = None,
) -> str:
    """One self-contained HTML page: plotly.js inline, no external script, style or font."""
    names = names if names is not None else names_of(data, lang)
    as_of = data.as_of()
    banner = f'<div class="classification">{_esc(classification)}</div>' if classification.strip() else ""
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{_esc(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(t('briefing_page.html_title', lang))}</title>",
        f"<style>{HTML_STYLE}</style></head><body>",
        banner,
        "<main>",
        f"<h1>{_esc(t('briefing_page.html_title', lang))}</h1>",
        f'<p class="meta">{_esc(view.describe(lang, "claims", names))}</p>',
        f'<p class="meta">{_esc(view.describe(lang, "events", names))}</p>',
    ]
    if as_of is not None:
        parts.append(f'<p class="meta">{_esc(t("common.as_of", lang, date=fmt_date(as_of, lang)))}</p>')
    generated = i18n.fmt_date(datetime.now().date(), lang)
    parts.append(f'<p class="meta">{_esc(t("briefing_page.generated", lang, date=generated))}</p>')
    for number, chart in enumerate(charts):
        fig = slide(chart.figure, classification, width=None)
        div = fig.to_html(
            full_html=False,
            include_plotlyjs=number == 0,
            include_mathjax=False,
            config={"displaylogo": False, "responsive": True},
            div_id=f"chart-{chart.slug}",
        )
        parts.append(f"<section><h2>{_esc(chart.title)}</h2>{div}</section>")
    parts.append(_sources_section(charts, data, view, lang))
    parts.append(f'<p class="note">{_esc(t("briefing_page.html_offline_note", lang))}</p>')
    parts.append("</main>")
    parts.append(banner)
    parts.append("</body></html>")
    return "\n".join(parts)


def _sources_section(charts: list[BriefChart], data: Dataset, view: ViewFilter, lang: str) -> str:
    tables = data.tables
    cited: dict[str, None] = {}
    for frame in (view.apply_figures(tables["figures"]), view.apply_events(tables["events"])):
        for ids in frame["source_ids"]:
            cited.update(dict.fromkeys(ids))
    sources = tables["sources"][tables["sources"]["source_id"].isin(list(cited))].sort_values("source_id")
    rows = []
    for row in sources.to_dict("records"):
        url = str(row.get("url") or "")
        link = (
            f'<a href="{html.escape(url, quote=True)}" rel="noopener noreferrer">{_esc(url)}</a>'
            if url.startswith(("https://", "http://"))
            else ""
        )
        published = fmt_date(row.get("published"), lang) if pd.notna(row.get("published")) else ""
        rows.append(
            "<tr>"
            f"<td>{_esc(row['source_id'])}</td><td>{_esc(row['publisher'])}</td>"
            f"<td>{_esc(localized(row, 'title', lang))}</td><td>{_esc(published)}</td>"
            f"<td>{_esc(row['reliability'])}</td><td>{link}</td>"
            "</tr>"
        )
    head = "".join(
        f"<th>{_esc(t(key, lang))}</th>"
        for key in (
            "briefing_page.col_id",
            "briefing_page.col_publisher",
            "common.title",
            "briefing_page.col_published",
            "common.reliability",
            "briefing_page.col_url",
        )
    )
    title = t("briefing_page.sources_header", lang, n=i18n.fmt_number(len(rows), lang))
    return f"<section><h2>{_esc(title)}</h2><table><tr>{head}</tr>{''.join(rows)}</table></section>"


# --- writing a briefing ------------------------------------------------------------------------------


def write_brief(
    data: Dataset,
    view: ViewFilter,
    out: Path,
    lang: str = "en",
    classification: str = "",
    images: bool = True,
) -> BriefResult:
    """Write the HTML briefing and (with a browser) every picture as PNG and PDF into `out`."""
    started = time.perf_counter()
    result = BriefResult()
    out.mkdir(parents=True, exist_ok=True)
    names = names_of(data, lang)
    charts = brief_charts(data, view, lang, names, failures=result.warnings)
    page = out / "briefing.html"
    page.write_text(briefing_html(charts, data, view, lang, classification, names), encoding="utf-8")
    result.files.append(page)
    if images:
        try:
            result.files.extend(render_images(charts, out, classification))
        except NoBrowser as exc:
            result.warnings.append(str(exc))
        except Exception as exc:
            result.warnings.append(f"static images could not be made ({type(exc).__name__}: {exc}); HTML written")
    result.seconds = time.perf_counter() - started
    return result
