"""The map page's control layer under AppTest: the week control steps the settlements' states,
the legend and notes stand alone on a screenshot, and the place panel lists each side's claim."""

from __future__ import annotations

import html
import json
import re
from datetime import datetime

import pytest

from kursk_monitor import maps
from kursk_monitor.i18n import t

PAGE = "map.py"


def control_rows(at) -> dict[str, dict]:
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    layer = next(x for x in spec["layers"] if x["id"] == maps.LAYER_IDS["control"])
    return {row["location_id"]: row for row in layer["data"]}


def page_text(at) -> str:
    parts = [e.value for e in at.caption] + [e.value for e in at.markdown] + [e.value for e in at.info]
    parts += [html.unescape(e.proto.body) for e in at.get("html")]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def map_at(make_app, small_data_dir):
    def factory(**query):
        at = make_app(small_data_dir, page=PAGE, **query)
        at.run()
        assert not at.exception, at.exception
        return at

    return factory


def test_week_control_steps_the_control_layer(map_at):
    at = map_at()
    latest = {loc: row["tip"] for loc, row in control_rows(at).items()}
    assert set(latest) == {"sudzha", "korenevo", "plekhovo"}  # settlements only, never the oblast
    at.toggle(key="map_step").set_value(True).run()
    last_week = datetime.strptime(at.select_slider(key="map_week").options[-1], "%d %b %Y").date()
    first = control_rows(at)
    assert all(row["state"] == "unclaimed" for row in first.values())  # nothing claimed before the first claim
    at.select_slider(key="map_week").set_value(last_week).run()
    assert not at.exception
    last = control_rows(at)
    assert all(row["state"] != "unclaimed" for row in last.values())
    assert {loc: row["tip"] for loc, row in last.items()} == latest  # the last week shows every claim


@pytest.mark.parametrize("lang", ["en", "de"])
def test_legend_and_oblast_credit_in_both_languages(map_at, lang):
    at = map_at(lang=lang)
    shown = page_text(at)
    assert t("front_map.state_disputed", lang) in shown
    assert t("front_map.legend_control", lang).split("(")[0].strip() in shown
    assert "ODbL" in shown and "OpenStreetMap" in shown


def test_online_basemap_shows_a_visible_note(map_at):
    at = map_at()
    assert t("front_map.basemap_offline", "en") not in page_text(at)
    at.toggle(key="map_basemap").set_value(True).run()
    assert t("front_map.basemap_offline", "en") in [e.value for e in at.info]


def test_place_panel_lists_each_sides_latest_claim(map_at):
    at = map_at(lang="de")
    at.selectbox(key="map_place").set_value("sudzha").run()
    assert not at.exception
    assert t("front_map.control_here", "de") in page_text(at)
    sides = {t(f"front_map.side_{s}", "de") for s in ("RUS", "UKR", "other")}
    grade = t("map_page.col_grade", "de")
    blocks = [m.value for m in at.markdown if any(m.value.startswith(f"**{side}**") for side in sides)]
    assert len(blocks) >= 2  # at least both sides' latest claims
    for block in blocks:
        assert re.search(rf"· {grade} [A-F][1-6]  \n", block), block
        assert t("front_map.col_sources", "de") in block
