"""The map in a real browser with every non-local request blocked: it draws borders and points,
hover names a place in the current language, a click lists what was reported there, and the
route framing is one click away. Nothing is fetched from outside this machine."""

from __future__ import annotations

import io
import math

import numpy as np
import pytest
from harness import DECK_CANVAS, MAIN, assert_no_exception, open_page, screenshot, wait_settled

from kursk_monitor import maps
from kursk_monitor.briefing_map import MAP_BOXES
from kursk_monitor.dataset import data_dir, load_dataset
from kursk_monitor.i18n import t

TOOLTIP = ".deck-tooltip"


def _canvas_colours(page) -> set[tuple[int, int, int]]:
    from PIL import Image

    image = Image.open(io.BytesIO(page.locator(DECK_CANVAS).first.screenshot())).convert("RGB")
    image.thumbnail((400, 400))
    pixels = np.asarray(image).reshape(-1, 3)
    return {tuple(int(v) for v in row) for row in np.unique(pixels, axis=0)}


def _pixel(page, lat: float, lon: float, framing: str = "kursk") -> tuple[float, float]:
    """Where (lat, lon) is drawn on the page, from the framing's view state (Web Mercator)."""
    view = maps.VIEWS[framing]
    box = page.locator(DECK_CANVAS).first.bounding_box()
    scale = 512 * 2 ** view["zoom"]

    def mercator_y(latitude: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(latitude) / 2)) * scale / (2 * math.pi)

    x = box["x"] + box["width"] / 2 + (lon - view["longitude"]) * scale / 360
    y = box["y"] + box["height"] / 2 - (mercator_y(lat) - mercator_y(view["latitude"]))
    return x, y


def _served_tables() -> dict:
    """The tables of the data the app serves (`$KURSK_MONITOR_DATA` or data/)."""
    return load_dataset(data_dir()).tables


def _lonely_place() -> tuple[str, float, float]:
    """A settlement inside the salient framing with events and control claims, as far from its
    nearest neighbour as the data allows: its German name, latitude, longitude. Picked from the
    served data, so added villages do not put another dot under the pointer."""
    tables = _served_tables()
    places = tables["locations"].dropna(subset=["lat", "lon"])
    (lon_lo, lon_hi), (lat_lo, lat_hi) = MAP_BOXES["front"]
    candidates = places[
        places["kind"].isin(["village", "town"])
        & places["location_id"].isin(set(tables["events"]["location_id"]))
        & places["location_id"].isin(set(tables["control"]["location_id"]))
        & places["lon"].between(lon_lo + 0.1, lon_hi - 0.1)
        & places["lat"].between(lat_lo + 0.05, lat_hi - 0.05)
    ]
    if candidates.empty:
        pytest.skip("the data has no settlement with events and control claims in the salient")
    lat, lon = np.radians(places["lat"].to_numpy()), np.radians(places["lon"].to_numpy())

    def nearest_km(row) -> float:
        la, lo = math.radians(row.lat), math.radians(row.lon)
        km = 6371 * np.hypot(lat - la, (lon - lo) * math.cos(la))
        return float(np.sort(km)[1])  # [0] is the place itself

    best = max(candidates.itertuples(), key=nearest_km)
    assert nearest_km(best) > 2.5, f"every salient settlement has a neighbour within 2.5 km ({best.location_id})"
    return str(best.name_de or best.name), float(best.lat), float(best.lon)


def _open_map(page, app_url: str, **query) -> None:
    open_page(page, app_url)  # the entrypoint first, as a visitor would arrive
    open_page(page, app_url, "map", selector=DECK_CANVAS, **query)
    page.locator(DECK_CANVAS).first.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)  # deck.gl paints after the script has finished


@pytest.fixture
def lonely_place(app_server) -> tuple[str, float, float]:
    return _lonely_place()


def test_map_draws_offline_with_points(page, app_url, external_requests):
    _open_map(page, app_url)
    assert_no_exception(page)
    text = page.locator(MAIN).inner_text()
    assert "Kursk" in text
    assert "Data as of" in text
    assert "Natural Earth" in text
    colours = _canvas_colours(page)
    assert len(colours) > 50, f"the map canvas looks blank ({len(colours)} colours)"
    land = tuple(maps.LAND_FILL[:3])
    assert any(abs(c[0] - land[0]) + abs(c[1] - land[1]) + abs(c[2] - land[2]) < 6 for c in colours), (
        "the shipped borders (land fill) are not drawn"
    )
    screenshot(page, "map_kursk_offline")
    assert external_requests == [], f"{len(external_requests)} external requests: {external_requests[:5]}"


def test_hover_names_the_place_in_german_and_click_lists_events(page, app_url, external_requests, lonely_place):
    name_de, lat, lon = lonely_place
    _open_map(page, app_url, lang="de", frame="front")
    x, y = _pixel(page, lat, lon, "front")
    page.mouse.move(x - 20, y - 20)
    page.mouse.move(x, y)
    tooltip = page.locator(TOOLTIP)
    tooltip.wait_for(state="visible", timeout=10_000)
    tip = tooltip.inner_text()
    assert name_de in tip, tip
    assert any(word in tip for word in ("Quelle", "Ereignisse", "Zahlenangaben")), tip
    page.mouse.click(x, y)
    events_here = t("map_page.events_here", "de", n="").split("(")[0].strip()
    page.get_by_text(events_here).first.wait_for(state="visible", timeout=20_000)  # the selection reruns the map
    wait_settled(page)
    main = page.locator(MAIN).inner_text()
    assert t("map_page.details", "de") in main
    assert name_de in main
    screenshot(page, "map_front_selected_de")
    assert external_requests == [], external_requests[:5]


def test_route_framing_one_click_away(page, app_url, external_requests):
    _open_map(page, app_url)
    page.get_by_text(t("map_page.framing_route", "en"), exact=True).first.click()
    wait_settled(page)
    page.wait_for_timeout(1500)
    assert_no_exception(page)
    assert len(_canvas_colours(page)) > 50
    screenshot(page, "map_route_offline")
    assert external_requests == [], external_requests[:5]


def test_play_steps_through_the_weeks(page, app_url, external_requests):
    _open_map(page, app_url)
    page.get_by_text(t("map_page.step_weeks", "en"), exact=True).first.click()
    wait_settled(page)
    slider = page.locator('[data-testid="stSlider"]').first
    slider.wait_for(state="visible")
    before = slider.inner_text()
    page.get_by_text(t("map_page.play", "en"), exact=True).first.click()
    page.wait_for_timeout(maps_play_wait())
    after = slider.inner_text()
    assert before != after, f"the week did not advance ({before!r})"
    assert "Week of" in page.locator(MAIN).inner_text()
    assert_no_exception(page)
    screenshot(page, "map_kursk_playing")
    assert external_requests == [], external_requests[:5]


def maps_play_wait() -> int:
    from kursk_monitor_ui.map_page import PLAY_SECONDS

    return int(PLAY_SECONDS * 1000 * 2.5)


def _full_colours(page) -> set[tuple[int, int, int]]:
    """Every colour on the map canvas at full resolution (small markers survive)."""
    from PIL import Image

    image = Image.open(io.BytesIO(page.locator(DECK_CANVAS).first.screenshot())).convert("RGB")
    pixels = np.asarray(image).reshape(-1, 3)
    return {tuple(int(v) for v in row) for row in np.unique(pixels, axis=0)}


def _has(colours: set[tuple[int, int, int]], hex_colour: str, tolerance: int = 6) -> bool:
    target = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return any(sum(abs(c[i] - target[i]) for i in range(3)) <= tolerance for c in colours)


# Three weeks of the Kursk front: the incursion, the winter, the Russian recapture of Sudzha.
FRONT_DAYS = {"2024-08": "2024-08-31", "2024-12": "2024-12-15", "2025-03": "2025-03-16"}
LOADED_MS = 240_000  # a shared, loaded machine can take minutes for a first page


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("month", list(FRONT_DAYS))
def test_oblast_boundary_and_control_layer_draw_offline(page, app_url, external_requests, month, lang):
    from kursk_monitor import control_map

    open_page(page, app_url, timeout_ms=LOADED_MS)
    open_page(page, app_url, "map", selector=DECK_CANVAS, timeout_ms=LOADED_MS, lang=lang, to=FRONT_DAYS[month])
    page.locator(DECK_CANVAS).first.scroll_into_view_if_needed()
    page.wait_for_timeout(3000)  # deck.gl paints after the script has finished
    assert_no_exception(page)
    colours = _full_colours(page)
    assert _has(colours, "#282828", 10), "the Kursk Oblast boundary is not drawn"
    held = {state for state in ("UKR", "RUS") if _has(colours, control_map.STATE_COLOURS[state])}
    held |= {"disputed"} if _has(colours, control_map.STATE_COLOURS["disputed"]) else set()
    assert held, "no settlement is drawn by its control claims"
    if month == "2025-03":
        assert "RUS" in held, "Sudzha's recapture is not drawn"
    text = page.locator(MAIN).inner_text()
    assert "ODbL" in text and t("front_map.state_disputed", lang) in text
    screenshot(page, f"map_front_{month}_{lang}")
    assert external_requests == [], external_requests[:5]
