"""The briefing as a PowerPoint deck: 16:9 slides built with python-pptx, offline.

The deck is a list of slide builders (`SLIDE_BUILDERS`), each `builder(presentation, parts)`
adding its slides in order: the title slide, one slide per briefing picture (the slide-size image
under a real slide title, the claims behind it in the speaker notes), the key contradictions as a
native table, and the sources every picture rests on. A new slide is one more builder in the list.
The optional classification line is printed on every slide. Data text is plain text and never
reads as a spreadsheet formula (`formula_guard`); a source address is a live link only when it
passes the data's URL rule.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Emu, Pt

from kursk_monitor import briefing, deck_notes, safe_io
from kursk_monitor.bottom_line import bottom_line
from kursk_monitor.briefing import BriefChart
from kursk_monitor.chart_frame import SLIDE_WIDTH, TITLE_PAD_PX, as_of_line
from kursk_monitor.claim_tables import contradictions_table
from kursk_monitor.contradictions import find_contradictions
from kursk_monitor.figures import chart_context
from kursk_monitor.formula_guard import neutralise_text
from kursk_monitor.i18n import fmt_date, fmt_number, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection
from kursk_monitor.text_checks import URL_PATTERN

DECK_WIDTH, DECK_HEIGHT = 12_192_000, 6_858_000  # EMU of a 16:9 slide (13.333 × 7.5 in)
PX = DECK_WIDTH // SLIDE_WIDTH  # EMU per layout pixel of the 1280×720 pictures
LAYOUT_TITLE, LAYOUT_TITLE_ONLY = 0, 5  # in python-pptx's default template
TEXT_COLOUR = RGBColor(0x22, 0x22, 0x22)
GREY = RGBColor(0x55, 0x55, 0x55)
CLASSIFICATION_RGB = RGBColor.from_string(briefing.CLASSIFICATION_COLOUR.lstrip("#"))
# Where the picture leaves room for the slide title: the frame's title place, at a slide title's size.
CHART_TITLE_PX = {"left": 12, "top": TITLE_PAD_PX, "size": 24}
CONTRADICTION_WINDOW_DAYS = 14
CONTRADICTION_ROWS = 8
SOURCE_LINES_PER_SLIDE = 38  # of 9 pt text in the slide's text box
SOURCE_CHARS_PER_LINE = 190
VALID_URL = re.compile(URL_PATTERN, re.IGNORECASE)


@dataclass
class DeckParts:
    """What the slide builders read: one view's selection and names, its pictures, the handling line."""

    selection: Selection
    labels: Labels
    charts: Sequence[BriefChart]
    pictures: Mapping[str, bytes] = field(default_factory=dict)  # slug -> PNG of `deck_picture`
    classification: str = ""

    @property
    def lang(self) -> str:
        return self.labels.lang


SlideBuilder = Callable[[object, DeckParts], None]


# --- pictures ----------------------------------------------------------------------------------------


def deck_picture(chart: BriefChart) -> go.Figure:
    """The slide-size figure of a chart slide: its title left blank (the slide's own title stands
    there) and no classification stamp (the slide prints it as text)."""
    fig = briefing.slide(chart.figure, "")
    fig.update_layout(title_font={"size": CHART_TITLE_PX["size"], "color": "rgba(0,0,0,0)"})
    return fig


def render_pictures(charts: Iterable[BriefChart]) -> dict[str, bytes]:
    """PNG (1920×1080) of every chart slide's picture; raises briefing.NoBrowser without Chromium."""
    charts = list(charts)
    drawn = briefing.images([(deck_picture(chart), "png") for chart in charts])
    return {chart.slug: data for chart, data in zip(charts, drawn, strict=True)}


# --- the one call into the contradiction rules ------------------------------------------------------


def key_contradictions(selection: Selection) -> tuple[pd.DataFrame, int]:
    """The strongest contradicting pairs of the view's claims for the deck, and how many there are."""
    found = find_contradictions(selection.figures, CONTRADICTION_WINDOW_DAYS, limit=CONTRADICTION_ROWS)
    return found.pairs, found.total


# --- small helpers -----------------------------------------------------------------------------------


def plain(text: object) -> str:
    """Data text for a slide: never read as a formula when copied into a spreadsheet."""
    return neutralise_text(str(text))


def _text_box(slide, left: int, top: int, width: int, height: int):
    frame = slide.shapes.add_textbox(Emu(left), Emu(top), Emu(width), Emu(height)).text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    return frame


def _style(run, size: float, colour: RGBColor = TEXT_COLOUR, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = "Arial"
    run.font.color.rgb = colour


def _write(frame, lines: Sequence[str], size: float, colour: RGBColor = TEXT_COLOUR, bold: bool = False) -> None:
    """Put `lines` into a text frame, one paragraph each, as plain text."""
    for number, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = plain(line)
        _style(run, size, colour, bold)


def _set_title(slide, text: str, left: int, top: int, width: int, height: int, size: float) -> None:
    title = slide.shapes.title
    title.left, title.top, title.width, title.height = Emu(left), Emu(top), Emu(width), Emu(height)
    frame = title.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = 0
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = frame.paragraphs[0].add_run()
    run.text = plain(text)
    _style(run, size, bold=True)


def _classification(slide, parts: DeckParts) -> None:
    """The handling line in the top right corner of a slide, as text."""
    text = parts.classification.strip()
    if not text:
        return
    width, height = 300 * PX, 26 * PX
    box = slide.shapes.add_textbox(Emu(DECK_WIDTH - width - 10 * PX), Emu(4 * PX), Emu(width), Emu(height))
    box.line.color.rgb = CLASSIFICATION_RGB
    box.fill.solid()
    box.fill.fore_color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    frame = box.text_frame
    frame.word_wrap = True
    _write(frame, [text], 11, CLASSIFICATION_RGB, bold=True)
    frame.paragraphs[0].alignment = PP_ALIGN.CENTER


def new_slide(prs, parts: DeckParts, title: str):
    """A slide with a real title and the classification line, for a builder to fill."""
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE_ONLY])
    _set_title(slide, title, 40 * PX, 24 * PX, 900 * PX, 44 * PX, 24)
    _classification(slide, parts)
    return slide


def _send_to_back(slide, shape) -> None:
    tree = slide.shapes._spTree
    tree.remove(shape._element)
    tree.insert(2, shape._element)  # after the group's own properties: drawn first, under the title


# --- slide builders ----------------------------------------------------------------------------------


def add_title_slide(prs, parts: DeckParts) -> None:
    """Kursk Monitor, the filter in a sentence, the data's as-of date."""
    lang, view, names = parts.lang, parts.selection.view, parts.labels.names
    slide = prs.slides.add_slide(prs.slide_layouts[LAYOUT_TITLE])
    _set_title(slide, t("deck.title", lang), 80 * PX, 200 * PX, 1120 * PX, 80 * PX, 40)
    for shape in list(slide.placeholders):
        if shape.placeholder_format.idx != 0:
            shape._element.getparent().remove(shape._element)
    lines = [view.describe(lang, "claims", names), view.describe(lang, "events", names)]
    lines.append(as_of_line(parts.selection.as_of, lang))
    lines.append(t("briefing_page.generated", lang, date=fmt_date(date.today(), lang)))
    _write(_text_box(slide, 80 * PX, 300 * PX, 1120 * PX, 200 * PX), [x for x in lines if x], 18, GREY)
    _classification(slide, parts)


def add_chart_slides(prs, parts: DeckParts) -> None:
    """One slide per picture: the slide-size image, the real title over it, the claims in the notes."""
    for chart in parts.charts:
        slide = new_slide(prs, parts, chart.title)
        title = slide.shapes.title
        left, top, size = CHART_TITLE_PX["left"], CHART_TITLE_PX["top"], CHART_TITLE_PX["size"]
        title.left, title.top, title.width, title.height = (Emu(v * PX) for v in (left, top, 960, size + 8))
        title.text_frame.paragraphs[0].runs[0].font.size = Pt(size * 0.75)
        png = parts.pictures.get(chart.slug)
        if png:
            picture = slide.shapes.add_picture(io.BytesIO(png), 0, 0, Emu(DECK_WIDTH), Emu(DECK_HEIGHT))
            _send_to_back(slide, picture)
        notes = deck_notes.chart_notes(chart.slug, parts.selection, parts.labels)
        slide.notes_slide.notes_text_frame.text = plain("\n".join(notes))


CONTRADICTION_COLUMNS = (("metric", 2.1), ("claim_a", 3.6), ("grade_a", 1.2), ("claim_b", 3.6), ("grade_b", 1.2))


def add_bottom_line_slide(prs, parts: DeckParts) -> None:
    """The bottom line up front: per key question the range of the latest independent assessments."""
    lang = parts.lang
    slide = new_slide(prs, parts, t("claims_app.bottom_heading", lang))
    _write(_text_box(slide, 40 * PX, 76 * PX, 1200 * PX, 56 * PX), [t("claims_app.bottom_caption", lang)], 12, GREY)
    rows = bottom_line(parts.selection, parts.labels)
    if rows.empty:
        return
    keys = ("question", "range", "claims", "apart")
    widths = (2.2, 2.3, 5.0, 3.0)
    inch = DECK_WIDTH / 13.333
    shape = slide.shapes.add_table(
        len(rows) + 1, len(keys), Emu(40 * PX), Emu(150 * PX), Emu(int(sum(widths) * inch)), Emu(int(0.5 * inch))
    )
    grid = shape.table
    for col, (key, width) in enumerate(zip(keys, widths, strict=True)):
        grid.columns[col].width = Emu(int(width * inch))
        _cell(grid.cell(0, col), t(f"claims_app.col_{key}", lang), bold=True)
    for row, record in enumerate(rows.to_dict("records"), start=1):
        for col, key in enumerate(keys):
            _cell(grid.cell(row, col), record[key])


def add_contradictions_slide(prs, parts: DeckParts) -> None:
    """The strongest contradictions of the view as a native table, or a line saying there are none."""
    lang = parts.lang
    slide = new_slide(prs, parts, t("deck.contradictions_title", lang))
    pairs, total = key_contradictions(parts.selection)
    days = fmt_number(CONTRADICTION_WINDOW_DAYS, lang)
    if total == 0:
        caption = t("deck.contradictions_none", lang, days=days)
    else:
        shown = fmt_number(len(pairs), lang)
        caption = t("deck.contradictions_caption", lang, days=days, total=fmt_number(total, lang), shown=shown)
    _write(_text_box(slide, 40 * PX, 76 * PX, 1200 * PX, 56 * PX), [caption], 13, GREY)
    if total:
        table = contradictions_table(pairs, chart_context(parts.selection, parts.labels))
        _add_table(slide, parts, table)


def _add_table(slide, parts: DeckParts, table: pd.DataFrame) -> None:
    headers = [t(f"figures_page.col_{key}", parts.lang) for key, _width in CONTRADICTION_COLUMNS]
    headers.append(t("figures_page.col_factor", parts.lang))
    widths = [w for _key, w in CONTRADICTION_COLUMNS] + [0.9]
    inch = DECK_WIDTH / 13.333
    total_width = sum(widths)
    rows, cols = len(table) + 1, len(headers)
    shape = slide.shapes.add_table(
        rows, cols, Emu(40 * PX), Emu(140 * PX), Emu(int(total_width * inch)), Emu(int(rows * 0.45 * inch))
    )
    grid = shape.table
    for col, width in enumerate(widths):
        grid.columns[col].width = Emu(int(width * inch))
    for col, header in enumerate(headers):
        _cell(grid.cell(0, col), header, bold=True)
    for row, values in enumerate(table[headers].itertuples(index=False), start=1):
        for col, value in enumerate(values):
            _cell(grid.cell(row, col), value)


def _cell(cell, value: object, bold: bool = False) -> None:
    frame = cell.text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = plain("" if value is None or (isinstance(value, float) and math.isnan(value)) else value)
    _style(run, 11, TEXT_COLOUR if not bold else RGBColor(0xFF, 0xFF, 0xFF), bold)


def add_sources_slides(prs, parts: DeckParts) -> None:
    """Every source the pictures rest on (publisher, title, date, address), as many slides as needed."""
    lang = parts.lang
    entries = deck_notes.source_entries(parts.selection, parts.labels, [c.slug for c in parts.charts])
    pages = _paginate(entries)
    for number, page in enumerate(pages, start=1):
        title = t("deck.sources_title", lang, n=fmt_number(len(entries), lang))
        if len(pages) > 1:
            title = t("deck.sources_page", lang, title=title, page=number, pages=len(pages))
        slide = new_slide(prs, parts, title)
        frame = _text_box(slide, 40 * PX, 80 * PX, 1200 * PX, 620 * PX)
        for index, (text, url) in enumerate(page):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            run = paragraph.add_run()
            run.text = plain(text)
            _style(run, 9)
            if url:
                link = paragraph.add_run()
                link.text = plain(url)
                _style(link, 9, GREY)
                if VALID_URL.match(url):
                    link.hyperlink.address = url


def _paginate(entries: Sequence[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Entries split into slides by an estimate of the lines each takes (at least one slide)."""
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0
    for text, url in entries:
        lines = max(1, math.ceil((len(text) + len(url)) / SOURCE_CHARS_PER_LINE))
        if pages[-1] and used + lines > SOURCE_LINES_PER_SLIDE:
            pages.append([])
            used = 0
        pages[-1].append((text, url))
        used += lines
    return pages


# Slides in order; a builder inserted at index 1 makes the second slide.
SLIDE_BUILDERS: list[SlideBuilder] = [
    add_title_slide,
    add_bottom_line_slide,
    add_chart_slides,
    add_contradictions_slide,
    add_sources_slides,
]


# --- the deck ------------------------------------------------------------------------------------------


def build_deck(parts: DeckParts, builders: Sequence[SlideBuilder] | None = None):
    """A 16:9 presentation of `parts`, slide builder by slide builder."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(DECK_WIDTH), Emu(DECK_HEIGHT)
    for build in SLIDE_BUILDERS if builders is None else builders:
        build(prs, parts)
    return prs


def write_deck(
    selection: Selection, labels: Labels, charts: Sequence[BriefChart], out: Path, classification: str = ""
) -> Path:
    """Draw the chart slides' pictures and write `briefing.pptx` into `out`; returns its path."""
    parts = DeckParts(selection, labels, charts, render_pictures(charts), classification)
    path = out / "briefing.pptx"
    safe_io.write_file(path, deck_bytes(parts))
    return path


def deck_bytes(parts: DeckParts, builders: Sequence[SlideBuilder] | None = None) -> bytes:
    """The deck as .pptx bytes."""
    buffer = io.BytesIO()
    build_deck(parts, builders).save(buffer)
    return buffer.getvalue()
