"""A link reproduces the whole view: every page choice in `page_choices.CHOICES` is written to the
URL when chosen, and the URL opened in a fresh session shows the same widgets, charts and map."""

from __future__ import annotations

from datetime import date

import pytest

from kursk_monitor import filters, page_choices
from kursk_monitor.page_choices import CHOICES, for_page
from kursk_monitor_ui.navigation import PAGES

SCRIPT = {url_path: script for script, url_path, _key, _icon in PAGES}


CASES = {
    "fig_metric": ("killed", {}),
    "fig_as_of": (date(2024, 10, 19), {}),
    "fig_window": (30, {}),
    "fig_log": (True, {}),
    "fig_outlook": (False, {}),
    "fig_full_weight": (True, {}),
    "fig_same": (True, {}),
    "fig_places": (True, {}),
    "fig_tolerance": (10, {}),
    "map_framing": ("route", {}),
    "map_layers": (["places", "events"], {}),
    "map_step": (True, {}),
    "map_week": (date(2024, 11, 4), {"map_step": True}),
    "map_place": ("sudzha", {}),
    "map_basemap": (True, {}),
    "tl_lanes": ("actor", {}),
    "tl_figures": (True, {}),
    "tl_metric": ("killed", {"tl_figures": True}),
    "tl_event": ("E010", {}),
    "km_brief_preview": ("timeline", {}),
    "km_classification": ("NATO RESTRICTED", {}),
}


def test_every_choice_has_a_case_and_a_distinct_url_name():
    assert sorted(CASES) == sorted(row.key for row in CHOICES)
    params = [row.param for row in CHOICES]
    filter_params = {name for row in filters.FIELDS for name in (row.param, *row.aliases)} | {"lang"}
    assert len(set(params)) == len(params)
    assert not set(params) & filter_params


def view_of(at) -> dict:
    """What the analyst sees that a choice can change: charts, map, headings, captions, choices."""
    return {
        "plotly": [c.proto.spec for c in at.get("plotly_chart")],
        "deck": [c.proto.json for c in at.get("deck_gl_json_chart")],
        "text": [e.value for kind in ("subheader", "markdown", "caption", "info") for e in getattr(at, kind)],
    }


@pytest.mark.parametrize("row", CHOICES, ids=[row.param for row in CHOICES])
def test_a_choice_is_written_to_the_url_and_a_fresh_session_restores_it(make_app, row):
    at = make_app(page=SCRIPT[row.page])
    at.run()
    assert not at.exception, at.exception
    value, before = CASES[row.key]
    for key, state in before.items():
        at.session_state[key] = state
    if before:
        at.run()
    at.session_state[row.key] = value
    at.run()
    assert not at.exception, at.exception
    query = {key: at.query_params[key] for key in at.query_params}
    assert row.param in query, f"{row.param} not in the URL {query}"

    fresh = make_app(page=SCRIPT[row.page], **query)
    fresh.run()
    assert not fresh.exception, fresh.exception
    assert fresh.session_state[row.key] == at.session_state[row.key]
    assert not [w.value for w in fresh.sidebar.warning], "a value written by the app was not understood"
    assert view_of(fresh) == view_of(at)


def test_unknown_page_values_are_ignored_with_the_filter_note(make_app):
    at = make_app(page="figures.py", window="999", log="perhaps", chart="killed", asof="soon")
    at.run()
    assert not at.exception
    notes = " ".join(w.value for w in at.sidebar.warning)
    for shown in ("window=999", "log=perhaps", "asof=soon"):
        assert shown in notes
    assert at.selectbox(key="fig_metric").value == "killed"
    assert at.number_input(key="fig_window").value == 14


def test_a_linked_day_without_claims_shows_the_claim_day_before_it(make_app):
    at = make_app(page="figures.py", asof="2024-10-20")
    at.run()
    assert not at.exception
    assert at.selectbox(key="fig_as_of").value == date(2024, 10, 19)
    assert not at.sidebar.warning


def test_defaults_stay_out_of_the_url(make_app):
    at = make_app(page="figures.py")
    at.run()
    assert not [key for key in at.query_params if key in page_choices.CHOICE_BY_PARAM]


def test_the_readme_lists_every_page_parameter():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = "\n".join("  " + line for line in page_choices.parameter_table().splitlines())
    assert table in readme


@pytest.mark.parametrize("page", sorted({row.page for row in CHOICES}))
def test_choices_of_other_pages_are_not_in_the_url(make_app, page):
    other = next(row for row in CHOICES if row.page != page and row.kind == "flag")
    at = make_app(page=SCRIPT[page], **{other.param: "1"})
    at.run()
    assert not at.exception
    assert other.param not in at.query_params
    assert for_page(page)
