"""AppTest of the frame: overview, language, URL round trip, shared filter across pages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kursk_monitor.i18n import t
from kursk_monitor_ui.navigation import PAGES, PAGES_DIR
from tests.test_validation import FIGURES, write_folder

EXISTING_PAGES = [script for script, *_ in PAGES if (PAGES_DIR / script).exists()]


def texts(at) -> str:
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


# Each page's own heading and the element that carries its content.
PAGE_CONTENT = {
    "overview.py": ("app.title", "table"),
    "map.py": ("map_page.title", "deck_gl_json_chart"),
    "figures.py": ("figures_page.title", "plotly_chart"),
    "timeline.py": ("timeline_page.title", "plotly_chart"),
    "briefing.py": ("briefing_page.title", "plotly_chart"),
    "data.py": ("data_page.title", "file_uploader"),
}


def shows_page(at, script: str) -> bool:
    """The run drew `script`'s own heading and content, not just the shared frame."""
    heading, element = PAGE_CONTENT[script]
    return bool(at.title) and at.title[0].value == t(heading, "en") and len(at.get(element)) > 0


@pytest.mark.parametrize("script", EXISTING_PAGES)
def test_every_page_renders_on_curated_data(make_app, script):
    at = make_app(page=script)
    at.run()
    assert not at.exception
    assert shows_page(at, script)


def test_the_page_check_tells_pages_apart(make_app):
    at = make_app()
    at.run()
    assert shows_page(at, "overview.py")
    assert [script for script in EXISTING_PAGES if shows_page(at, script)] == ["overview.py"]


def test_overview_shows_headline_claims_and_data_health(make_app):
    at = make_app()
    at.run()
    assert not at.exception
    headings = [s.value for s in at.subheader][:4]
    assert headings == ["Bottom line", "Latest claim per claimant", "Key dates", "Data loaded"]
    assert "Data as of" in texts(at)
    assert at.success[0].value == "The data folder passed every check."
    assert at.table  # headline tables (static, so long claimant names wrap)
    values = [v for table in at.table for v in table.value["Value"]]
    # a claim others confirmed says so beside its value; the table keeps four columns
    assert any(re.search(r"\(\d+ confirmations?\)$", v) for v in values), values
    assert all(list(table.value.columns) == ["Claimant", "Value", "Date", "Grade"] for table in at.table)


def test_overview_in_german(make_app):
    at = make_app(lang="de")
    at.run()
    assert not at.exception
    assert "Neueste Angabe je Urheber" in [s.value for s in at.subheader]
    assert "Datenstand" in texts(at)
    assert at.selectbox(key="lang").value == "de"


def test_overview_reports_problems_without_traceback(make_app, tmp_path):
    bad = (
        FIGURES
        + "F009,2024-13-01,kr_nis,killed,1,1,exact,assessment,,S001,2,\nF010,2024-10-18,ghost,killed,1,1,exact,assessment,,S001,2,\n"
    )
    at = make_app(data_dir=write_folder(tmp_path, {"figures.csv": bad}))
    at.run()
    assert not at.exception
    assert any("2 problem(s) in the data" in w.value for w in at.warning)  # a stale-data warning may come first
    problems = at.dataframe[-1].value
    assert list(problems["Line"]) == [4, 5]
    assert list(problems["Column"]) == ["claimed_on", "claimant_id"]


def test_garbled_url_is_ignored_with_a_visible_note(make_app):
    at = make_app(lang="zz", metric=["killed", "nope"], **{"from": "yesterday", "reliability": "Q"})
    at.run()
    assert not at.exception
    notes = [w.value for w in at.warning]
    assert any("lang=zz" in n for n in notes)
    assert any("metric=nope" in n for n in notes)
    assert any("from=yesterday" in n for n in notes)
    assert any("reliability=Q" in n for n in notes)
    assert at.multiselect(key="metric").value == ["killed"]


def test_url_from_to_narrows_and_is_written_back(make_app):
    at = make_app(**{"from": "2024-10-01", "to": "2024-11-30"}, metric="troops_in_kursk", reliability="B")
    at.run()
    assert not at.exception
    assert "Claims on troops in Kursk Oblast, 1 Oct 2024 – 30 Nov 2024, source reliability B or better" in texts(at)
    assert at.query_params["from"] in ("2024-10-01", ["2024-10-01"])
    at.multiselect(key="metric").set_value(["killed"]).run()
    assert at.query_params["metric"] in ("killed", ["killed"])


@pytest.mark.skipif(len(EXISTING_PAGES) < 2, reason="needs a second page")
def test_filter_set_on_one_page_is_kept_on_the_next(make_app):
    at = make_app()
    at.run()
    at.multiselect(key="metric").set_value(["killed"]).run()
    at.switch_page(f"pages/{EXISTING_PAGES[1]}").run()
    assert not at.exception
    assert at.multiselect(key="metric").value == ["killed"]


@pytest.mark.parametrize("script", EXISTING_PAGES)
def test_place_is_a_sidebar_filter_on_every_page(make_app, script):
    at = make_app(page=script, place="sudzha")
    at.run()
    assert not at.exception
    assert at.sidebar.multiselect(key="place").value == ["sudzha"]
    assert at.query_params["place"] in ("sudzha", ["sudzha"])


def test_place_filter_narrows_the_sentence(make_app):
    at = make_app()
    at.run()
    at.sidebar.multiselect(key="place").set_value(["sudzha"]).run()
    assert not at.exception
    assert "Claims at Sudzha, all dates" in texts(at)


def test_reversed_dates_in_the_sidebar_are_ignored_with_a_note(make_app):
    at = make_app()
    at.run()
    at.date_input(key="from").set_value(date(2025, 1, 1))
    at.date_input(key="to").set_value(date(2024, 12, 1)).run()
    assert not at.exception
    assert any("is after" in w.value for w in at.sidebar.warning)
    assert "Claims, all dates" in texts(at)
    assert "from" not in at.query_params and "to" not in at.query_params
