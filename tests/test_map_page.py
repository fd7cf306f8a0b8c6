"""The map page under AppTest: renders with a deck, framings, layer toggles, the place panel,
week-by-week stepping, German, and the texts that let a screenshot stand alone."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from kursk_monitor import maps
from kursk_monitor.i18n import t

PAGE = "map.py"


def deck(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert charts, "no map on the page"
    return json.loads(charts[0].proto.json)


def charts_json(at) -> str:
    return at.get("deck_gl_json_chart")[0].proto.json


def texts(at) -> str:
    parts = [e.value for e in at.title] + [e.value for e in at.caption] + [e.value for e in at.markdown]
    parts += [e.value for e in at.subheader]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def map_app(make_app, small_data_dir):
    def factory(**query):
        at = make_app(small_data_dir, page=PAGE, **query)
        at.run()
        assert not at.exception, at.exception
        return at

    return factory


def test_map_page_renders_offline_deck_with_kursk_title_and_as_of(map_app):
    at = map_app()
    spec = deck(at)
    assert spec["initialViewState"]["zoom"] == maps.VIEWS["kursk"]["zoom"]
    ids = {layer["id"] for layer in spec["layers"]}
    assert {maps.LAYER_IDS[name] for name in maps.LAYERS} <= ids
    assert "http" not in charts_json(at)
    shown = texts(at)
    assert "Kursk" in at.title[0].value
    assert "Data as of" in shown
    assert "Sources:" in shown
    assert "Natural Earth" in shown


def test_route_framing_is_one_click_away(map_app):
    at = map_app()
    at.radio(key="map_framing").set_value("route").run()
    assert not at.exception
    assert deck(at)["initialViewState"]["zoom"] == maps.VIEWS["route"]["zoom"]


def test_layer_toggles_remove_layers(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE)
    at.session_state["map_layers"] = ["places", "movements"]
    at.run()
    assert not at.exception
    ids = [layer["id"] for layer in deck(at)["layers"]]
    assert maps.LAYER_IDS["events"] not in ids and maps.LAYER_IDS["borders"] not in ids
    assert maps.LAYER_IDS["movements"] in ids


def test_choosing_a_place_lists_its_events_and_claims(map_app):
    at = map_app()
    at.selectbox(key="map_place").set_value("sudzha").run()
    assert not at.exception
    shown = texts(at)
    assert "Events here" in shown
    # one block per event: date, grade and category, then the whole title (nothing cut to a column)
    grade = t("map_page.col_grade", "en")
    blocks = [
        m.value for m in at.markdown if re.match(rf"^\*\*\d{{1,2}} \w{{3}} \d{{4}} · {grade} [A-F][1-6]", m.value)
    ]
    assert blocks, "no event listed at Sudzha"
    assert all("  \n" in block and not block.endswith("  \n") for block in blocks)
    assert not at.dataframe


def event_count(at) -> int:
    layer = next(x for x in deck(at)["layers"] if x["id"] == maps.LAYER_IDS["events"])
    return sum(row["n"] for row in layer["data"])


def test_week_by_week_starts_at_the_first_week_and_steps_forward(map_app):
    at = map_app()
    everything = event_count(at)
    at.toggle(key="map_step").set_value(True).run()
    assert not at.exception
    first_week = at.select_slider(key="map_week").value
    assert first_week.weekday() == 0
    first = event_count(at)
    assert first < everything
    assert "Week of" in texts(at)
    later = first_week + timedelta(weeks=30)
    at.select_slider(key="map_week").set_value(later).run()
    assert not at.exception
    assert first <= event_count(at) <= everything


def test_play_advances_one_week_per_run(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE)
    at.session_state["map_step"] = True
    at.run()
    start = at.select_slider(key="map_week").value
    at.toggle(key="map_play").set_value(True).run()
    assert not at.exception
    assert at.select_slider(key="map_week").value == start + timedelta(weeks=1)


def test_map_page_in_german(map_app):
    at = map_app(lang="de")
    assert at.title[0].value == t("map_page.title", "de")
    spec = deck(at)
    places = next(x for x in spec["layers"] if x["id"] == maps.LAYER_IDS["places"])["data"]
    assert any("Sudscha" in row["tip"] for row in places)
    assert "Datenstand" in texts(at)


def test_online_basemap_is_opt_in(map_app):
    at = map_app()
    assert deck(at).get("mapProvider") is None
    at.toggle(key="map_basemap").set_value(True).run()
    assert not at.exception
    assert deck(at)["mapProvider"] == "carto"
