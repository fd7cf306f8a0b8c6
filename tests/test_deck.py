"""The briefing deck: a 16:9 PowerPoint file with a title slide, one picture slide per chart with
the claims in its notes, the key contradictions as a table and the sources, in English and German."""

from __future__ import annotations

import functools
import io
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from kursk_monitor import briefing, deck, deck_notes
from kursk_monitor.bottom_line import bottom_line
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.formula_guard import is_dangerous
from kursk_monitor.labels import Labels

ROOT = Path(__file__).resolve().parent.parent
CLASSIFICATION = "OSINT — UNCLASSIFIED"


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (192, 108), "white").save(buffer, "PNG")
    return buffer.getvalue()


@functools.cache
def _drawn(folder: Path, lang: str, view: ViewFilter) -> tuple:
    data = load_dataset(folder)
    selection, labels = data.select(view), Labels.build(data.tables, lang)
    return selection, labels, briefing.brief_charts(selection, labels)


def parts_of(folder: Path, lang: str, view: ViewFilter | None = None, classification: str = "") -> deck.DeckParts:
    selection, labels, charts = _drawn(folder, lang, view or ViewFilter())
    return deck.DeckParts(selection, labels, charts, {c.slug: png() for c in charts}, classification)


def open_deck(parts: deck.DeckParts, builders=None):
    return Presentation(io.BytesIO(deck.deck_bytes(parts, builders)))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def texts(slide) -> list[str]:
    """Every paragraph of a slide: text boxes, titles and table cells."""
    out = []
    for shape in slide.shapes:
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        out.extend(p.text for frame in frames for p in frame.paragraphs)
    return out


@pytest.mark.parametrize(
    ("lang", "bottom", "contradictions", "sources"),
    [
        ("en", "Bottom line", "Key contradictions", "Sources"),
        ("de", "Das Wichtigste zuerst", "Wichtigste Widersprüche", "Quellen"),
    ],
)
def test_slides_in_order_with_real_titles(small_data_dir, lang, bottom, contradictions, sources):
    parts = parts_of(small_data_dir, lang)
    prs = open_deck(parts)
    assert (prs.slide_width, prs.slide_height) == (12_192_000, 6_858_000)
    names = titles(prs)
    charts = len(parts.charts)
    assert names[0] == "Kursk Monitor"
    assert names[1] == bottom
    assert names[2 : 2 + charts] == [c.title for c in parts.charts]
    assert names[2 + charts] == contradictions
    assert names[3 + charts :] and all(name.startswith(sources) for name in names[3 + charts :])
    assert len(prs.slides) == 3 + charts + len(names[3 + charts :])


def test_german_deck_speaks_german(small_data_dir):
    parts = parts_of(small_data_dir, "de")
    names = titles(open_deck(parts))
    assert any(name.startswith("Getötete") for name in names), names
    assert "Datenstand" in " ".join(texts(open_deck(parts).slides[0]))


def test_every_chart_slide_is_a_full_slide_picture_with_the_claims_in_its_notes(small_data_dir):
    parts = parts_of(small_data_dir, "en")
    prs = open_deck(parts)
    for chart, slide in zip(parts.charts, list(prs.slides)[2:], strict=False):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, chart.slug
        assert (pictures[0].width, pictures[0].height) == (prs.slide_width, prs.slide_height)
        notes = slide.notes_slide.notes_text_frame.text
        claims = deck_notes.claims_behind(chart.slug, parts.selection)
        for row in claims.head(5).to_dict("records"):
            assert parts.labels.actor(row["claimant_id"]) in notes, chart.slug
            assert f"[{row['figure_id']}]" in notes and "grade " in notes, chart.slug
        if chart.slug == "timeline":
            assert f"[{parts.selection.events['event_id'].iloc[0]}]" in notes


def test_sources_slides_list_every_source_the_pictures_rest_on(small_data_dir):
    parts = parts_of(small_data_dir, "en")
    prs = open_deck(parts)
    listed = "\n".join(line for slide in list(prs.slides)[3 + len(parts.charts) :] for line in texts(slide))
    cited = {s for c in parts.charts for s in deck_notes.sources_behind(c.slug, parts.selection)}
    sources = parts.selection.tables["sources"].set_index("source_id")
    assert cited
    for source_id in cited:
        assert f"{source_id} · " in listed
        assert sources.loc[source_id, "publisher"] in listed
        url = sources.loc[source_id, "url"]
        if isinstance(url, str) and url:
            assert url in listed


def test_classification_on_every_slide(small_data_dir):
    prs = open_deck(parts_of(small_data_dir, "en", classification=CLASSIFICATION))
    for number, slide in enumerate(prs.slides, start=1):
        assert CLASSIFICATION in texts(slide), number
    assert not any(CLASSIFICATION in texts(s) for s in open_deck(parts_of(small_data_dir, "en")).slides)


def test_formula_looking_text_stays_plain_and_links_are_web_addresses():
    parts = parts_of(ROOT / "tests" / "fixtures" / "xss", "en")
    prs = open_deck(parts)
    everything = []
    for slide in prs.slides:
        everything.extend(texts(slide))
        everything.extend(p.text for p in slide.notes_slide.notes_text_frame.paragraphs)
    joined = "\n".join(everything)
    assert '=HYPERLINK("http://evil.example/' in joined  # the publisher, shown as plain text
    assert not [text for text in everything if is_dangerous(text)]
    links = [
        run.hyperlink.address
        for slide in prs.slides
        for shape in slide.shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
        if run.hyperlink.address
    ]
    assert links and all(link.startswith(("https://", "http://")) for link in links)
    assert "javascript:" not in joined


def test_a_title_that_looks_like_a_formula_is_neutralised(small_data_dir):
    parts = parts_of(small_data_dir, "en")
    chart = parts.charts[0]
    hostile = briefing.BriefChart(chart.slug, "=SUM(A1:A9)", chart.figure)
    parts = deck.DeckParts(parts.selection, parts.labels, [hostile], parts.pictures)
    assert titles(open_deck(parts, [deck.add_chart_slides])) == ["'=SUM(A1:A9)"]


def test_the_second_slide_is_the_bottom_line_as_a_native_table(small_data_dir):
    parts = parts_of(small_data_dir, "en", classification=CLASSIFICATION)
    rows = bottom_line(parts.selection, parts.labels)
    assert not rows.empty
    slide = open_deck(parts).slides[1]
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1 and len(tables[0].rows) == len(rows) + 1
    cells = [cell.text_frame.text for row in tables[0].rows for cell in row.cells]
    assert cells[:4] == ["Question", "Range", "Latest assessments (grade, date)", "Graded 5–6, not in the range"]
    for record in rows.to_dict("records"):
        assert record["question"] in cells and record["range"] in cells
    assert CLASSIFICATION in texts(slide)


def test_contradictions_slide_is_a_native_table_or_says_there_are_none(small_data_dir):
    parts = parts_of(small_data_dir, "en")
    pairs, total = deck.key_contradictions(parts.selection)
    slide = open_deck(parts).slides[2 + len(parts.charts)]
    tables = [shape for shape in slide.shapes if shape.has_table]
    if total:
        (table,) = tables
        assert len(table.table.rows) == len(pairs) + 1
        assert table.table.cell(0, 1).text == "Earlier claim"
    else:
        assert not tables and "contradict" in " ".join(texts(slide))
    empty = parts_of(small_data_dir, "en", ViewFilter(metrics=("captured",)))
    assert deck.key_contradictions(empty.selection)[1] == 0
    assert "contradict" in " ".join(texts(open_deck(empty).slides[2 + len(empty.charts)]))
