"""The Kursk front on the map: oblast boundaries and their credits, the control layer in the deck
and on the slide, and place names that neither overlap nor run out of the frame."""

from __future__ import annotations

import itertools
import json

import pandas as pd
import pytest

from kursk_monitor import briefing_map, label_layout, map_data, maps, oblasts
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels
from kursk_monitor.paths import DATA_DIR


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATA_DIR)


def _deck(data, lang="en", framing="kursk", week=None) -> dict:
    view = map_data.until_week(ViewFilter(), pd.Timestamp(week).date()) if week else ViewFilter()
    deck = maps.build_map(data.select(view), Labels.build(data.tables, lang), maps.MapOptions(framing=framing))
    return json.loads(deck.to_json())


def _layer(deck: dict, layer_id: str) -> dict:
    return next(layer for layer in deck["layers"] if layer["id"] == layer_id)


# --- boundaries ----------------------------------------------------------------------------


def test_five_oblasts_ship_in_two_files_with_their_licences():
    codes = {oblasts.code(f): f["properties"]["origin"] for f in oblasts.features()}
    assert codes == {
        "RU-KRS": "natural_earth",
        "RU-BEL": "natural_earth",
        "RU-BRY": "natural_earth",
        "UA-59": "geoboundaries_osm",
        "UA-63": "geoboundaries_osm",
    }
    readme = (oblasts.GEODATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "ODbL" in readme and "© OpenStreetMap contributors" in readme and "public domain" in readme


def test_kursk_oblast_is_drawn_clearly_and_its_neighbours_faintly(curated):
    deck = _deck(curated)
    kursk, near = _layer(deck, "km-oblast-kursk"), _layer(deck, "km-oblasts-near")
    assert [f["properties"]["iso_3166_2"] for f in kursk["data"]["features"]] == ["RU-KRS"]
    assert len(near["data"]["features"]) == 4
    assert kursk["getLineWidth"] > near["getLineWidth"]
    assert kursk["getLineColor"][3] > near["getLineColor"][3]


@pytest.mark.parametrize(("lang", "name"), [("en", "Kursk Oblast"), ("de", "Gebiet Kursk"), ("de", "Gebiet Sumy")])
def test_oblasts_are_named_in_the_kursk_framing(curated, lang, name):
    assert name in [row["label"] for row in _layer(_deck(curated, lang), "km-oblast-names")["data"]]
    assert _layer(_deck(curated, lang, framing="route"), "km-oblast-names")["data"] == []


def test_oblast_sample_point_lies_inside_kursk_oblast():
    """Sudzha is in Kursk Oblast, Sumy city is not (ray casting on the shipped ring)."""
    (ring,) = oblasts.rings(next(f for f in oblasts.features() if oblasts.code(f) == "RU-KRS"))

    def inside(lon, lat):
        hits = 0
        for (x1, y1), (x2, y2) in itertools.pairwise(ring):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                hits += 1
        return hits % 2 == 1

    assert inside(35.27, 51.19) and not inside(34.80, 50.91)


# --- control layer -------------------------------------------------------------------------


def test_control_layer_changes_with_the_week(curated):
    def states(week):
        return {row["location_id"]: row for row in _layer(_deck(curated, week=week), "km-control")["data"]}

    august, march = states("2024-08-26"), states("2025-03-17")
    assert august["sudzha"]["colour"][:3] == [0, 114, 178]  # Ukraine's blue
    assert march["sudzha"]["colour"][:3] == [213, 94, 0]  # Russia's vermillion
    assert "Ukrainian claimants" in august["sudzha"]["tip"] and "Russian claimants" in august["sudzha"]["tip"]


def test_static_kursk_map_has_oblasts_control_legend_and_credits_in_german(curated):
    selection = curated.select(map_data.until_week(ViewFilter(), pd.Timestamp("2024-12-09").date()))
    fig = briefing_map.map_figure(selection, Labels.build(curated.tables, "de"), "kursk")
    legend = {trace.name for trace in fig.data if trace.showlegend is not False and trace.name}
    assert "Strittig: die Angaben der Seiten widersprechen sich" in legend
    texts = [t for trace in fig.data if trace.mode == "text" for t in trace.text]
    assert "<b>Gebiet Kursk</b>" in texts and "<b>RUSSLAND</b>" in texts
    foot = " ".join(a.text for a in fig.layout.annotations)
    assert "ODbL" in foot and "OpenStreetMap" in foot and "15.12.2024" in foot


def test_static_route_map_names_countries_and_says_movements_are_schematic(curated):
    fig = briefing_map.map_figure(curated.select(ViewFilter()), Labels.build(curated.tables, "en"), "route")
    texts = [t for trace in fig.data if trace.mode == "text" for t in trace.text]
    assert {"<b>RUSSIA</b>", "<b>CHINA</b>", "<b>UKRAINE</b>"} <= set(texts)
    foot = " ".join(a.text for a in fig.layout.annotations)
    assert "schematically" in foot


# --- place names ---------------------------------------------------------------------------

SCALE = label_layout.Scale(px_per_lon=100, frame=(0.0, 10.0, 0.0, 5.0), font_px=10)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # alone: to the right of its dot
        ([(2.0, 2.5, "Alpha")], {"Alpha": "right"}),
        # a neighbour's dot on the right: the name goes to the left rather than cover it
        ([(2.0, 2.5, "Alpha"), (2.3, 2.5, "Bravo")], {"Alpha": "left", "Bravo": "right"}),
        # at the right edge of the frame: to the left, never cut
        ([(9.8, 2.5, "Charlie")], {"Charlie": "left"}),
        # on the top edge: below its dot, never cut
        ([(5.0, 4.99, "Delta")], {"Delta": "below"}),
    ],
)
def test_names_take_a_free_side_inside_the_frame(names, expected):
    frame = pd.DataFrame(names, columns=["lon", "lat", "label"])
    placed = label_layout.layout(frame, SCALE)
    assert dict(zip(placed["label"], placed["side"], strict=True)) == expected


def test_a_name_that_fits_nowhere_is_left_out():
    sides = [(5.12, 2.5, "East"), (4.88, 2.5, "West"), (5.0, 2.7, "North"), (5.0, 2.3, "South")]
    corners = [(5.15, 2.65, "NE"), (4.85, 2.65, "NW"), (5.15, 2.35, "SE"), (4.85, 2.35, "SW")]
    crowd = pd.DataFrame([(5.0, 2.5, "Centre"), *sides, *corners], columns=["lon", "lat", "label"])
    placed = label_layout.layout(crowd, SCALE)
    assert "Centre" not in set(placed["label"])  # boxed in by its neighbours' dots on every side and corner
    assert 0 < len(placed) < len(crowd)


def test_a_boxed_in_name_takes_a_free_corner():
    # Dots right, left, above and below, none diagonal: the name goes to the upper right.
    crowd = pd.DataFrame(
        [(5.0, 2.5, "Hub"), (5.2, 2.5, "E"), (4.8, 2.5, "W"), (5.0, 2.7, "N"), (5.0, 2.3, "S")],
        columns=["lon", "lat", "label"],
    )
    placed = label_layout.layout(crowd.iloc[:1], SCALE, dots=crowd)
    assert placed["side"].tolist() == ["above_right"]


def test_an_essential_name_covers_a_dot_rather_than_be_left_out():
    sides = [(5.12, 2.5, "East"), (4.88, 2.5, "West"), (5.0, 2.7, "North"), (5.0, 2.3, "South")]
    corners = [(5.15, 2.65, "NE"), (4.85, 2.65, "NW"), (5.15, 2.35, "SE"), (4.85, 2.35, "SW")]
    crowd = pd.DataFrame([(5.0, 2.5, "Centre"), *sides, *corners], columns=["lon", "lat", "label"])
    assert "Centre" not in set(label_layout.layout(crowd, SCALE)["label"])
    crowd["essential"] = [True] + [False] * 8
    placed = label_layout.layout(crowd, SCALE)
    assert placed["label"].iloc[0] == "Centre"
    boxes = _boxes(placed, SCALE)
    assert not any(label_layout._overlaps(boxes[0], other) for other in boxes[1:])  # never over another name


def test_up_close_the_border_is_sumy_oblasts_line(curated):
    deck = _deck(curated, framing="front")
    strong = _layer(deck, "km-oblast-kursk")["data"]["features"]
    assert [f["properties"]["iso_3166_2"] for f in strong] == ["UA-59"]
    assert "RU-KRS" in [f["properties"]["iso_3166_2"] for f in _layer(deck, "km-oblasts-near")["data"]["features"]]


def _inside(ring, lon, lat) -> bool:
    hits = 0
    for (x1, y1), (x2, y2) in itertools.pairwise(ring):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            hits += 1
    return hits % 2 == 1


@pytest.mark.parametrize("framing", maps.LOCAL_FRAMINGS)
def test_each_oblast_name_stands_inside_its_oblast(framing):
    for iso, (lat, lon) in oblasts.name_positions(framing).items():
        feature = next(f for f in oblasts.features() if oblasts.code(f) == iso)
        assert any(_inside(ring, lon, lat) for ring in oblasts.rings(feature)), (framing, iso)


def _frames(framing: str) -> dict[str, label_layout.Scale]:
    """The deck as the names are laid out for it, and the slide's plot area."""
    (lon0, lon1), (lat0, lat1) = briefing_map.MAP_BOXES[framing]
    slide = label_layout.Scale.fitted((lon0, lon1, lat0, lat1), briefing_map.PLOT_WIDTH_PX[framing])
    return {"deck": maps.deck_scale(maps.MapOptions(framing=framing)), "slide": slide}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("framing", maps.FRAMINGS)
def test_country_and_oblast_names_are_not_cut_by_the_frame(curated, framing, lang):
    """A fixed name stands wholly inside the frame or wholly outside it (a neighbour's name far
    off the deck), never half across its edge, in the deck and on the slide."""
    rows = [n for names in maps.fixed_names(Labels.build(curated.tables, lang), framing).values() for n in names]
    for where, scale in _frames(framing).items():
        width = (scale.frame[1] - scale.frame[0]) * scale.px_per_lon
        height = (label_layout._merc(scale.frame[3]) - label_layout._merc(scale.frame[2])) * scale.px_per_lon
        for (_lon, _lat, text, _size), (left, top, right, bottom) in zip(rows, scale.fixed(rows), strict=True):
            inside = left >= 0 and right <= width and top >= 0 and bottom <= height
            outside = right <= 0 or left >= width or bottom <= 0 or top >= height
            assert inside or outside, (where, text, round(left), round(top), round(right), round(bottom))
        if framing == "front":  # up close every name belongs in the picture
            assert all(
                box[0] >= 0 and box[2] <= width and box[1] >= 0 and box[3] <= height for box in scale.fixed(rows)
            ), where


@pytest.mark.parametrize("framing", maps.FRAMINGS)
def test_each_country_name_stands_inside_its_country(framing):
    for iso, lat, lon in maps.COUNTRY_LABELS[framing]:
        feature = next(f for f in maps.borders()["features"] if f["properties"]["iso_a3"] == iso)
        assert any(_inside(ring, lon, lat) for ring in oblasts.rings(feature)), (framing, iso)


def _boxes(names: pd.DataFrame, scale: label_layout.Scale) -> list[tuple]:
    boxes = []
    for row in names.itertuples(index=False):
        x, y = scale.xy(row.lon, row.lat)
        width, height = len(row.label) * label_layout.CHAR_WIDTH * scale.font_px + 4, scale.font_px + 4
        boxes.append(label_layout._box(x, y, width, height, row.side, row.dx, row.dy))
    return boxes


@pytest.mark.parametrize("framing", maps.FRAMINGS)
def test_curated_names_never_overlap_or_leave_the_frame(curated, framing):
    labels = Labels.build(curated.tables, "en")
    scale = maps.deck_scale(maps.MapOptions(framing=framing))
    fixed = tuple(scale.fixed([n for rows in maps.fixed_names(labels, framing).values() for n in rows]))
    names = map_data.place_names(curated.select(ViewFilter()), labels, framing, scale, fixed)
    boxes = _boxes(names, scale)
    for box in boxes:  # nor a country's or an oblast's name
        assert not any(label_layout._overlaps(box, other) for other in fixed)
    width = (scale.frame[1] - scale.frame[0]) * scale.px_per_lon
    assert all(b[0] >= 0 and b[2] <= width for b in boxes)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not label_layout._overlaps(a, b)
    printed = set(names["label"])
    must = {"front": {"Sudzha", "Korenevo", "Plekhovo"}, "kursk": {"Kursk", "Sudzha"}, "route": {"Kursk", "Pyongyang"}}
    assert must[framing] <= printed, printed


@pytest.mark.parametrize("framing", maps.FRAMINGS)
def test_static_map_prints_names_over_every_marker(curated, framing):
    fig = briefing_map.map_figure(curated.select(ViewFilter()), Labels.build(curated.tables, "en"), framing)
    has_text = ["text" in (trace.mode or "") for trace in fig.data]
    assert any(has_text) and not all(has_text)
    assert has_text == sorted(has_text), "a marker trace is drawn after (over) a name trace"
