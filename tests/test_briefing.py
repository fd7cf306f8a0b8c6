"""The briefing: `brief` writes slide-size PNGs, PDFs and one offline HTML page with stamped pictures."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from kursk_monitor import briefing
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="static images need Chromium at /usr/bin/chromium (apt-get install -y chromium)"
)
EXTERNAL_RESOURCE = re.compile(
    r"""<(?:script|img|iframe|link|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//""", re.I
)


def run_brief(data_dir: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kursk_monitor", "brief", "--out", str(out), *extra],
        cwd=ROOT,
        env={"KURSK_MONITOR_DATA": str(data_dir), "PATH": "/usr/bin:/bin", "HOME": str(out.parent)},
        capture_output=True,
        text=True,
        timeout=300,
    )


@needs_chromium
def test_brief_command_writes_slides_pdfs_and_html(small_data_dir, tmp_path):
    out = tmp_path / "brief"
    result = run_brief(
        small_data_dir,
        out,
        "--lang",
        "de",
        "--from",
        "2024-10-01",
        "--to",
        "2025-06-30",
        "--classification",
        "OSINT — UNCLASSIFIED",
    )
    assert result.returncode == 0, result.stderr
    pngs = sorted(out.glob("*.png"))
    pdfs = sorted(out.glob("*.pdf"))
    assert len(pngs) >= 5
    assert [p.stem for p in pngs] == [p.stem for p in pdfs]
    assert any("map_route" in p.stem for p in pngs) and any("timeline" in p.stem for p in pngs)
    for png in pngs:
        with Image.open(png) as image:
            assert image.size == (1920, 1080), png.name
    for pdf in pdfs:
        assert pdf.read_bytes().startswith(b"%PDF")
    page = (out / "briefing.html").read_text(encoding="utf-8")
    assert "OSINT — UNCLASSIFIED" in page
    assert "Datenstand" in page and "01.10.2024" in page
    deck_file = out / "briefing.pptx"
    assert deck_file.stat().st_size < 20_000_000
    slides = list(Presentation(str(deck_file)).slides)
    pictures = [s for s in slides if any(shape.shape_type == MSO_SHAPE_TYPE.PICTURE for shape in s.shapes)]
    assert len(pictures) == len(pngs)
    assert slides[-1].shapes.title.text_frame.text.startswith("Quellen")


def test_html_is_self_contained_and_stamped(small_data_dir, tmp_path):
    data = load_dataset(small_data_dir)
    selection, labels = data.select(ViewFilter(metrics=("killed",))), Labels.build(data.tables, "en")
    result = briefing.write_brief(selection, labels, tmp_path, "OSINT — UNCLASSIFIED", images=False)
    assert not result.warnings
    page = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert not EXTERNAL_RESOURCE.search(page)
    assert "<link" not in page
    assert page.count("OSINT — UNCLASSIFIED") >= 2
    assert "Plotly.newPlot" in page
    assert "Data as of" in page and "Sources" in page


def readable_json(text: str) -> str:
    """JSON with non-ASCII characters as themselves, whichever JSON engine wrote it."""
    return json.dumps(json.loads(text), ensure_ascii=False)


def test_every_picture_carries_title_filter_sources_as_of_and_classification(small_data_dir):
    data = load_dataset(small_data_dir)
    view = ViewFilter(metrics=("troops_in_kursk",))
    charts = briefing.brief_charts(data.select(view), Labels.build(data.tables, "en"))
    assert {c.slug for c in charts} >= {"latest_troops_in_kursk", "over_time_troops_in_kursk", "timeline", "map_route"}
    for chart in charts:
        fig = briefing.slide(chart.figure, "OSINT — UNCLASSIFIED")
        text = readable_json(fig.to_json())
        assert chart.title, chart.slug
        assert "Data as of" in text, chart.slug
        assert "Sources" in text, chart.slug
        assert "OSINT — UNCLASSIFIED" in text, chart.slug
        assert fig.layout.width == 1280 and fig.layout.height == 720


def test_default_set_has_killed_and_the_html_shows_each_chart_title_once(small_data_dir, tmp_path):
    data = load_dataset(small_data_dir)
    selection, labels = data.select(ViewFilter()), Labels.build(data.tables, "en")
    charts = briefing.brief_charts(selection, labels)
    assert {"latest_killed", "over_time_killed"} <= {c.slug for c in charts}
    page = briefing.briefing_html(charts, selection, labels)
    visible_headings = re.findall(r"<h2>(.*?)</h2>", page)
    assert not {c.title for c in charts} & set(visible_headings)
    assert page.count('<h2 class="visually-hidden">') == len(charts)


def test_title_clear_of_the_top_edge_and_tick_labels_clear_of_each_other(small_data_dir):
    data = load_dataset(small_data_dir)
    charts = briefing.brief_charts(data.select(ViewFilter()), Labels.build(data.tables, "en"))
    for chart in charts:
        layout = chart.figure.layout
        assert layout.title.pad.t >= 20, chart.slug
        if layout.yaxis.visible is not False:
            assert layout.yaxis.ticklabelstandoff > 0 and layout.xaxis.ticklabelstandoff > 0, chart.slug


def test_hostile_names_are_escaped_in_the_html(tmp_path):
    data = load_dataset(ROOT / "tests" / "fixtures" / "xss")
    labels = Labels.build(data.tables, "en")
    briefing.write_brief(data.select(ViewFilter()), labels, tmp_path, "<script>alert(1)</script>", images=False)
    page = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert "<img src=x onerror" not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:alert" not in page.split("Plotly.newPlot")[0][-200:]


def test_no_browser_still_writes_html(small_data_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(briefing, "browser_path", lambda: None)
    data = load_dataset(small_data_dir)
    result = briefing.write_brief(data.select(ViewFilter()), Labels.build(data.tables, "en"), tmp_path)
    assert (tmp_path / "briefing.html").exists()
    assert not list(tmp_path.glob("*.png"))
    assert result.warnings and "no Chromium found" in result.warnings[0]


def test_a_failing_chart_is_named_and_the_rest_written(small_data_dir, tmp_path, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(briefing, "timeline_figure", broken)
    data = load_dataset(small_data_dir)
    result = briefing.write_brief(data.select(ViewFilter()), Labels.build(data.tables, "en"), tmp_path, images=False)
    assert any("timeline" in w and "boom" in w for w in result.warnings)
    assert (tmp_path / "briefing.html").exists()


def test_briefing_page_previews_and_offers_downloads(make_app, small_data_dir):
    at = make_app(data_dir=small_data_dir, page="briefing.py")
    at.run()
    assert not at.exception
    assert at.title[0].value == "Briefing"
    picker = at.selectbox(key="km_brief_preview")
    assert len(picker.options) >= 5
    assert len(at.get("plotly_chart")) == 1  # one preview at a time
    at.text_input(key="km_classification").input("OSINT — UNCLASSIFIED").run()
    assert not at.exception
    data = load_dataset(small_data_dir)
    slugs = [chart.slug for chart in briefing.brief_charts(data.select(ViewFilter()), Labels.build(data.tables, "en"))]
    assert len(slugs) == len(at.selectbox(key="km_brief_preview").options)
    for slug in slugs:
        at.session_state["km_brief_preview"] = slug
        at.run()
        (chart,) = at.get("plotly_chart")
        assert "OSINT — UNCLASSIFIED" in readable_json(chart.proto.spec), slug
    assert at.get("download_button")


def test_html_source_table_never_holds_a_formula(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in (ROOT / "tests" / "fixtures" / "xss").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    sources = (folder / "sources.csv").read_text(encoding="utf-8")
    sources = sources.replace("<img src=x onerror=alert(1)>", "\x01=HYPERLINK(1)")
    (folder / "sources.csv").write_text(sources, encoding="utf-8")
    data = load_dataset(folder)
    page = briefing.briefing_html([], data.select(ViewFilter()), Labels.build(data.tables, "en"))
    cells = re.findall(r"<td>(.*?)</td>", page)
    assert cells, page[-500:]
    assert "'\x01=HYPERLINK(1)" in cells
    for cell in cells:
        assert not cell.lstrip("\x01").startswith(("=", "+", "-", "@")), cell
