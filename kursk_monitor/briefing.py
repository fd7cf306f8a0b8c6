"""Briefing export: the key charts and the map as slide-size PNG (1920×1080) and PDF, a PowerPoint
deck of them (`kursk_monitor.deck`), plus one self-contained HTML briefing that opens with no network.

Every picture is built from one `Selection` by the same builders as the pages and wears the one
chart frame (title, filter sentence, source line, as-of date); when given, a classification or
handling line (e.g. "OSINT — UNCLASSIFIED") is added. Static images are made by kaleido with the
local Chromium; without a browser the HTML is still written. The map is drawn by
`briefing_map`, from the same rows as the interactive map.

`python -m kursk_monitor brief --out DIR [--lang de|en] [--from DATE --to DATE] [--classification TEXT]`
"""

from __future__ import annotations

import html
import os
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import i18n, safe_io
from kursk_monitor.briefing_map import map_figure
from kursk_monitor.chart_frame import SLIDE_HEIGHT, SLIDE_WIDTH, as_of_line
from kursk_monitor.chart_frame import esc as _esc
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.figures import chart_context, claims_over_time, latest_comparison
from kursk_monitor.formula_guard import neutralise_text
from kursk_monitor.i18n import fmt_date, localized, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection, rows_with
from kursk_monitor.timeline import timeline_figure

PNG_SCALE = 1.5
RENDER_TABS = 1  # kaleido tabs drawing at once; a second tab drew no faster on 2 cores (bench: 12.6 s vs 11.2 s)
DEFAULT_METRICS = ("troops_in_russia", "troops_in_kursk", "killed", "killed_or_wounded")
MAX_METRICS = 4
CLASSIFICATION_COLOUR = "#9B1C1C"
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


def brief_metrics(selection: Selection) -> list[str]:
    """The metrics the briefing charts: the filter's, else the headline ones that have claims."""
    wanted = list(selection.view.metrics) or list(DEFAULT_METRICS)
    present = set(selection.figures["metric"])
    chosen = [m for m in wanted if m in present][:MAX_METRICS]
    return chosen or wanted[:1]


def brief_builders(selection: Selection, labels: Labels) -> list[tuple[str, Callable[[], go.Figure]]]:
    """The briefing's pictures as (slug, build) pairs, so a caller can draw only the ones it shows."""
    chart = chart_context(selection, labels, "claims")
    as_of = selection.as_of
    figures = selection.figures
    builders: list[tuple[str, Callable[[], go.Figure]]] = []
    latest_day = as_of or pd.Timestamp.now()
    for metric in brief_metrics(selection):
        builders.append(
            (
                f"latest_{metric}",
                lambda metric=metric: latest_comparison(
                    latest_by_claimant(figures, metric, as_of), metric, latest_day, chart
                ),
            )
        )
        builders.append((f"over_time_{metric}", lambda metric=metric: claims_over_time(figures, metric, chart)))
    subtitle = selection.view.describe(labels.lang, "events", labels.names)
    builders.append(("timeline", lambda: timeline_figure(selection.events, labels, subtitle=subtitle, as_of=as_of)))
    for framing in ("route", "kursk", "front"):
        builders.append((f"map_{framing}", lambda framing=framing: map_figure(selection, labels, framing)))
    return builders


def chart_label(slug: str, lang: str) -> str:
    """A short name for a briefing picture, known before it is drawn."""
    for prefix in ("latest_", "over_time_"):
        if slug.startswith(prefix):
            metric = slug.removeprefix(prefix)
            return t(f"briefing_page.label_{prefix.rstrip('_')}", lang, metric=i18n.label("metric", metric, lang))
    return t(f"briefing_page.label_{slug}", lang)


def build_chart(slug: str, build: Callable[[], go.Figure]) -> BriefChart:
    """Draw one briefing picture and name it by its title."""
    fig = build()
    return BriefChart(slug, _title_of(fig), fig)


def brief_charts(selection: Selection, labels: Labels, failures: list[str] | None = None) -> list[BriefChart]:
    """The briefing's pictures, built by the same functions as the pages.

    With a `failures` list, a chart whose builder fails is left out and named there; without
    one the error is raised.
    """
    charts: list[BriefChart] = []
    for slug, build in brief_builders(selection, labels):
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
    # No MathJax: kaleido's default loads it from a CDN into every page it renders.
    kaleido.start_sync_server(n=RENDER_TABS, mathjax=False, silence_warnings=True)


def images(pictures: Sequence[tuple[go.Figure, str]]) -> list[bytes]:
    """PNG (1920×1080) or PDF bytes of each slide-size figure, in order, in one request to the
    running browser. Raises NoBrowser without Chromium, and the first drawing error."""
    import kaleido

    if not pictures:
        return []
    start_renderer()
    with _render_lock, warnings.catch_warnings(), tempfile.TemporaryDirectory(prefix="kursk_monitor_img_") as tmp:
        warnings.simplefilter("ignore", UserWarning)
        jobs = [
            {
                "fig": fig.to_dict(),
                "path": str(Path(tmp) / f"{number:03d}.{fmt}"),
                "opts": {
                    "format": fmt,
                    "width": SLIDE_WIDTH,
                    "height": SLIDE_HEIGHT,
                    "scale": PNG_SCALE if fmt == "png" else 1,
                },
            }
            for number, (fig, fmt) in enumerate(pictures)
        ]
        kaleido.write_fig_from_object_sync(jobs, cancel_on_error=True)
        return [Path(job["path"]).read_bytes() for job in jobs]


def render_images(charts: list[BriefChart], out: Path, classification: str = "") -> list[Path]:
    """Write `NN_slug.png` and `NN_slug.pdf` for every chart; raises NoBrowser without Chromium."""
    formats = ("png", "pdf")
    slides = [slide(chart.figure, classification) for chart in charts]
    drawn = images([(fig, fmt) for fig in slides for fmt in formats])
    names = [f"{number:02d}_{chart.slug}.{fmt}" for number, chart in enumerate(charts, 1) for fmt in formats]
    written = []
    for name, data in zip(names, drawn, strict=True):
        safe_io.write_file(out / name, data)
        written.append(out / name)
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
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table{border-collapse:collapse;font-size:13px;width:100%}
td,th{border-bottom:1px solid #e3e3e3;padding:4px 6px;text-align:left;vertical-align:top}
.note{color:#555;font-size:12px}
"""


def briefing_html(charts: list[BriefChart], selection: Selection, labels: Labels, classification: str = "") -> str:
    """One self-contained HTML page: plotly.js inline, no external script, style or font."""
    lang = labels.lang
    view = selection.view
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
        f'<p class="meta">{_esc(view.describe(lang, "claims", labels.names))}</p>',
        f'<p class="meta">{_esc(view.describe(lang, "events", labels.names))}</p>',
    ]
    if selection.as_of is not None:
        parts.append(f'<p class="meta">{_esc(as_of_line(selection.as_of, lang))}</p>')
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
        # The picture shows its own title; the heading is kept for the page outline and screen readers.
        parts.append(f'<section><h2 class="visually-hidden">{_esc(chart.title)}</h2>{div}</section>')
    parts.append(_sources_section(selection, lang))
    parts.append(f'<p class="note">{_esc(t("briefing_page.html_offline_note", lang))}</p>')
    parts.append("</main>")
    parts.append(banner)
    parts.append("</body></html>")
    return "\n".join(parts)


def _cell(value: object) -> str:
    """A table cell of data: escaped, and never a formula when the table is pasted into a spreadsheet."""
    return _esc(neutralise_text(str(value)))


def _sources_section(selection: Selection, lang: str) -> str:
    """The table of every source the briefing's claims and events cite, with links."""
    sources = selection.tables["sources"]
    sources = rows_with(sources, "source_id", selection.cited("figures", "events")).sort_values("source_id")
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
            f"<td>{_cell(row['source_id'])}</td><td>{_cell(row['publisher'])}</td>"
            f"<td>{_cell(localized(row, 'title', lang))}</td><td>{_esc(published)}</td>"
            f"<td>{_cell(row['reliability'])}</td><td>{link}</td>"
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
    selection: Selection, labels: Labels, out: Path, classification: str = "", images: bool = True
) -> BriefResult:
    """Write the HTML briefing and (with a browser) every picture as PNG and PDF into `out`."""
    started = time.perf_counter()
    result = BriefResult()
    safe_io.output_folder(out)
    charts = brief_charts(selection, labels, failures=result.warnings)
    page = out / "briefing.html"
    safe_io.write_text(page, briefing_html(charts, selection, labels, classification))
    result.files.append(page)
    if images:
        try:
            result.files.extend(render_images(charts, out, classification))
            from kursk_monitor.deck import write_deck  # the deck builds on this module's pictures

            result.files.append(write_deck(selection, labels, charts, out, classification))
        except NoBrowser as exc:
            result.warnings.append(str(exc))
        except safe_io.UnsafePath:
            raise
        except Exception as exc:
            result.warnings.append(f"static images could not be made ({type(exc).__name__}: {exc}); HTML written")
    result.seconds = time.perf_counter() - started
    return result
