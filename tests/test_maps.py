"""Map builders, tested on the deck's JSON: layers, coordinates, view centre, hover texts,
binning at scale, and that nothing in the deck points at the internet."""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from kursk_monitor import map_data, maps, synth
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels
from kursk_monitor.schema import TABLES

ROWS = {
    "sources": [
        {
            "source_id": "S001",
            "publisher": "KBS World",
            "title": "NIS report",
            "language": "en",
            "source_type": "broadcaster",
            "reliability": "B",
        },
        {
            "source_id": "S002",
            "publisher": "Reuters",
            "title": "Wire",
            "language": "en",
            "source_type": "wire",
            "reliability": "A",
        },
    ],
    "actors": [
        {"actor_id": "kr_nis", "name": "NIS", "name_de": "NIS (Südkorea)", "kind": "intelligence", "country": "KOR"},
        {"actor_id": "ru_mod", "name": "Russian MoD", "kind": "government", "country": "RUS"},
    ],
    "locations": [
        {
            "location_id": "sudzha",
            "name": "Sudzha",
            "name_de": "Sudscha",
            "lat": "51.19139",
            "lon": "35.27056",
            "country": "RUS",
            "admin1": "Kursk Oblast",
            "kind": "town",
            "geo_precision": "1",
        },
        {
            "location_id": "kursk",
            "name": "Kursk",
            "lat": "51.717",
            "lon": "36.183",
            "country": "RUS",
            "admin1": "Kursk Oblast",
            "kind": "city",
            "geo_precision": "1",
        },
        {
            "location_id": "vladivostok",
            "name": "Vladivostok",
            "name_de": "Wladiwostok",
            "lat": "43.115",
            "lon": "131.88528",
            "country": "RUS",
            "admin1": "Primorsky Krai",
            "kind": "port",
            "geo_precision": "1",
        },
        {
            "location_id": "chongjin",
            "name": "Chongjin",
            "lat": "41.783",
            "lon": "129.767",
            "country": "PRK",
            "kind": "port",
            "geo_precision": "1",
        },
    ],
    "figures": [
        {
            "figure_id": "F001",
            "claimed_on": "2024-11-04",
            "claimant_id": "ru_mod",
            "metric": "troops_in_kursk",
            "value_low": "10000",
            "value_high": "10000",
            "qualifier": "at_least",
            "claim_kind": "assessment",
            "location_id": "kursk",
            "source_ids": "S002",
            "credibility": "2",
        },
        {
            "figure_id": "F002",
            "claimed_on": "2024-12-01",
            "claimant_id": "kr_nis",
            "metric": "killed",
            "value_low": "100",
            "value_high": "100",
            "qualifier": "about",
            "claim_kind": "assessment",
            "source_ids": "S001",
            "credibility": "3",
        },
    ],
    "events": [
        {
            "event_id": "E001",
            "date": "2024-08-06",
            "date_precision": "day",
            "title": "Incursion near Sudzha",
            "title_de": "Vorstoß bei Sudscha",
            "category": "military",
            "location_id": "sudzha",
            "source_ids": "S002",
            "credibility": "1",
        },
        {
            "event_id": "E002",
            "date": "2025-03-13",
            "date_precision": "day",
            "title": "Sudzha retaken",
            "title_de": "Sudscha zurückerobert",
            "category": "military",
            "location_id": "sudzha",
            "source_ids": "S001",
            "credibility": "2",
        },
        {
            "event_id": "E003",
            "date": "2024-08-07",
            "date_precision": "day",
            "title": "Governor statement",
            "category": "statement",
            "location_id": "sudzha",
            "source_ids": "S001",
            "credibility": "2",
        },
        {
            "event_id": "E004",
            "date": "2024-10-18",
            "date_precision": "day",
            "title": "NIS disclosure",
            "category": "intelligence",
            "source_ids": "S001",
            "credibility": "2",
        },
    ],
    "control": [],
    "movements": [
        {
            "movement_id": "M001",
            "date": "2024-10-08",
            "end_date": "2024-10-13",
            "date_precision": "day",
            "from_location_id": "chongjin",
            "to_location_id": "vladivostok",
            "mode": "sea",
            "personnel_low": "1500",
            "personnel_high": "1500",
            "description": "First contingent by sea",
            "description_de": "Erstes Kontingent per Schiff",
            "source_ids": "S001",
            "credibility": "2",
        },
        {
            "movement_id": "M002",
            "date": "2024-10-23",
            "date_precision": "day",
            "from_location_id": "vladivostok",
            "to_location_id": "kursk",
            "mode": "unknown",
            "source_ids": "S001;S002",
            "credibility": "2",
        },
    ],
}


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    folder = tmp_path_factory.mktemp("map_data")
    for spec in TABLES:
        with open(folder / spec.filename, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=[c.name for c in spec.columns])
            writer.writeheader()
            writer.writerows(ROWS[spec.name])
    dataset = load_dataset(folder)
    assert dataset.error_count == 0, dataset.problems
    return dataset


def deck_json(data, view: ViewFilter | None = None, lang="en", **options) -> dict:
    deck = maps.build_map(
        data.select(view or ViewFilter()), Labels.build(data.tables, lang), maps.MapOptions(**options)
    )
    return json.loads(deck.to_json())


def layer(deck: dict, name: str) -> dict:
    return next(item for item in deck["layers"] if item["id"] == maps.LAYER_IDS[name])


def test_every_layer_is_present_with_its_id(data):
    deck = deck_json(data)
    ids = [item["id"] for item in deck["layers"]]
    for name in maps.LAYERS:
        assert maps.LAYER_IDS[name] in ids
    assert layer(deck, "borders")["@@type"] == "GeoJsonLayer"
    assert layer(deck, "movements")["@@type"] == "ArcLayer"


@pytest.mark.parametrize(
    ("framing", "lat_range", "lon_range"),
    [
        ("front", (51.1, 51.4), (34.9, 35.4)),
        ("kursk", (51.0, 51.6), (35.0, 36.0)),
        ("route", (44.0, 54.0), (70.0, 100.0)),
    ],
)
def test_view_centre_follows_the_framing(data, framing, lat_range, lon_range):
    view = deck_json(data, framing=framing)["initialViewState"]
    assert lat_range[0] <= view["latitude"] <= lat_range[1]
    assert lon_range[0] <= view["longitude"] <= lon_range[1]
    assert view["pitch"] == 0


def test_kursk_framing_zooms_closer_than_the_route(data):
    kursk = deck_json(data, framing="kursk")["initialViewState"]["zoom"]
    route = deck_json(data, framing="route")["initialViewState"]["zoom"]
    assert kursk > route + 4
    assert deck_json(data, framing="front")["initialViewState"]["zoom"] > kursk + 1


def test_no_external_address_and_no_basemap_by_default(data):
    text = maps.build_map(data.select(ViewFilter()), Labels.build(data.tables, "en")).to_json()
    assert not re.search(r"https?://", text)
    deck = json.loads(text)
    assert deck.get("mapProvider") is None
    assert "mapbox" not in text.lower() and "carto" not in text.lower()


def test_online_basemap_is_an_option(data):
    deck = deck_json(data, basemap=True)
    assert deck["mapProvider"] == "carto"


def test_events_are_binned_per_place_and_category(data):
    bins = layer(deck_json(data), "events")["data"]
    by_category = {row["category"]: row for row in bins}
    assert set(by_category) == {"military", "statement"}  # E004 names no place
    assert by_category["military"]["n"] == 2
    assert by_category["statement"]["n"] == 1
    assert by_category["military"]["lon"] == pytest.approx(35.2706, abs=1e-4)
    assert by_category["military"]["lat"] == pytest.approx(51.1914, abs=1e-4)
    assert by_category["military"]["radius"] > by_category["statement"]["radius"]
    # larger bins first, so the smaller ones are drawn on top
    assert [row["n"] for row in bins] == sorted((row["n"] for row in bins), reverse=True)


def test_hover_says_what_when_and_source_with_grade_in_german(data):
    bins = {row["category"]: row for row in layer(deck_json(data, lang="de"), "events")["data"]}
    single = bins["statement"]["tip"]
    assert "Governor statement" in single  # no German title: falls back to English
    assert "Sudscha" in single
    assert "Quelle: KBS World (B)" in single and "B2" in single
    assert "07.08.2024" in single
    several = bins["military"]["tip"]
    assert "2 Ereignisse" in several
    assert "Sudscha zurückerobert" in several  # the latest, in German
    assert "06.08.2024 – 13.03.2025" in several


def test_places_carry_kind_and_precision(data):
    places = {row["location_id"]: row for row in layer(deck_json(data), "places")["data"]}
    assert set(places) == {"sudzha", "kursk", "vladivostok", "chongjin"}
    assert places["vladivostok"]["colour"] != places["kursk"]["colour"]  # port vs city
    assert "Position: the place itself" in places["sudzha"]["tip"]
    assert "3 events" in places["sudzha"]["tip"]


def test_claim_rings_sit_at_their_place(data):
    rings = layer(deck_json(data), "claims")["data"]
    assert [row["location_id"] for row in rings] == ["kursk"]  # F002 names no place
    assert "at least 10,000" in rings[0]["tip"]
    assert "Russian MoD" in rings[0]["tip"]


def test_movements_are_arcs_between_places(data):
    arcs = {(row["from_id"], row["to_id"]): row for row in layer(deck_json(data), "movements")["data"]}
    sea = arcs[("chongjin", "vladivostok")]
    assert (sea["from_lon"], sea["from_lat"]) == (129.767, 41.783)
    assert (sea["to_lon"], sea["to_lat"]) == (131.8853, 43.115)
    assert sea["to_colour"][:3] == [0, 114, 178]  # sea: Okabe-Ito blue
    assert sea["width"] > arcs[("vladivostok", "kursk")]["width"]  # people moved are known
    assert "by sea" in sea["tip"] and "1,500" in sea["tip"]


def test_the_filter_window_applies(data):
    deck = deck_json(data, view=ViewFilter(date_to=date(2024, 8, 6)))
    bins = layer(deck, "events")["data"]
    assert [(row["category"], row["n"]) for row in bins] == [("military", 1)]
    assert layer(deck, "movements")["data"] == []


def test_layers_can_be_switched_off(data):
    deck = deck_json(data, layers=("places",))
    assert [item["id"] for item in deck["layers"]] == [maps.LAYER_IDS["places"], "km-labels"]


def test_week_steps():
    weeks = map_data.week_starts(date(2024, 10, 9), date(2024, 10, 28))
    assert weeks == [date(2024, 10, 7), date(2024, 10, 14), date(2024, 10, 21), date(2024, 10, 28)]
    view = map_data.until_week(ViewFilter(date_from=date(2024, 10, 1)), date(2024, 10, 14))
    assert view.date_to == date(2024, 10, 20) and view.date_from == date(2024, 10, 1)
    cut = map_data.until_week(ViewFilter(date_to=date(2024, 10, 16)), date(2024, 10, 14))
    assert cut.date_to == date(2024, 10, 16)


def test_place_details_tables(data):
    events = map_data.place_events(data.tables["events"], "sudzha", Labels.build(data.tables, "de"))
    assert list(events["title"]) == ["Sudscha zurückerobert", "Governor statement", "Vorstoß bei Sudscha"]
    assert list(events["grade"]) == ["B2", "B2", "A1"]
    claims = map_data.place_claims(data.tables["figures"], "kursk", Labels("en", actors={"ru_mod": "Russian MoD"}))
    assert claims.iloc[0]["value"] == "at least 10,000"


def test_source_line_names_publishers(data):
    ids = maps.shown_source_ids(data.select(ViewFilter()))
    assert set(ids) == {"S001", "S002"}
    assert maps.source_line(ids, Labels.build(data.tables, "en")).startswith("Sources: 2 reports")


def test_shipped_borders_cover_the_route():
    collection = maps.borders()
    codes = {feature["properties"]["iso_a3"] for feature in collection["features"]}
    assert {"RUS", "UKR", "PRK", "CHN", "BLR"} <= codes
    assert maps.BORDERS_FILE.stat().st_size < 400_000
    readme = (maps.GEODATA_DIR / "README.md").read_text(encoding="utf-8")
    assert "Natural Earth" in readme and "public domain" in readme


def test_scale_100k_events_stays_small(tmp_path: Path):
    synth.write(tmp_path, events=100_000, figures=2_000, seed=5)
    big = load_dataset(tmp_path)
    assert len(big.tables["events"]) == 100_000
    deck = deck_json(big)
    assert len(json.dumps(deck, separators=(",", ":")).encode("utf-8")) < 5_000_000
    bins = layer(deck, "events")["data"]
    assert len(bins) <= len(big.tables["locations"]) * 7
    assert sum(row["n"] for row in bins) == int((big.tables["events"]["location_id"] != "").sum())


def test_movements_keep_their_mode(data):
    arcs = {(row["from_id"], row["to_id"]): row for row in layer(deck_json(data), "movements")["data"]}
    assert arcs[("chongjin", "vladivostok")]["mode"] == "sea"
    assert arcs[("vladivostok", "kursk")]["mode"] == "unknown"


@pytest.mark.parametrize("framing", maps.FRAMINGS)
def test_static_map_draws_the_same_rows_as_the_deck(data, framing):
    from kursk_monitor.briefing_map import MAP_BOXES, map_figure

    selection, labels = data.select(ViewFilter()), Labels.build(data.tables, "en")
    deck = deck_json(data, framing=framing)
    fig = map_figure(selection, labels, framing)
    names = next(item for item in deck["layers"] if item["id"] == "km-labels")["data"]
    (printed,) = [trace for trace in fig.data if trace.mode == "markers+text"]  # place names (not countries)
    assert sorted(printed.text) == sorted(row["label"] for row in names)
    routes = [trace for trace in fig.data if trace.mode == "lines" and trace.legendgroup]
    (lon0, lon1), (lat0, lat1) = MAP_BOXES[framing]
    arcs = [  # a slide draws only the routes that stay inside its frame
        row
        for row in layer(deck, "movements")["data"]
        if lon0 <= min(row["from_lon"], row["to_lon"]) <= max(row["from_lon"], row["to_lon"]) <= lon1
        and lat0 <= min(row["from_lat"], row["to_lat"]) <= max(row["from_lat"], row["to_lat"]) <= lat1
    ]
    assert sorted(trace.legendgroup for trace in routes) == sorted(f"mode_{row['mode']}" for row in arcs)
    for trace in routes:
        assert trace.line.color == map_data.MODE_COLOURS[trace.legendgroup.removeprefix("mode_")]


def test_place_names_are_drawn_over_every_marker(data):
    deck = maps.build_map(data.select(ViewFilter()), Labels.build(data.tables, "en"))
    ids = [layer.id for layer in deck.layers]
    assert ids[-1] == "km-labels" and maps.LAYER_IDS["control"] in ids


def test_many_places_draw_the_busiest_and_say_how_many_are_left_out(tmp_path: Path, monkeypatch):
    synth.write_acled_like(tmp_path, events=5_000, seed=3)
    big = load_dataset(tmp_path)
    monkeypatch.setattr(map_data, "MAP_PLACE_LIMIT", 40)
    selection = big.select(ViewFilter())
    placed = selection.events["location_id"]
    counts = pd.concat([placed, selection.figures["location_id"]]).loc[lambda s: s != ""].value_counts(sort=True)
    ends = set(big.tables["movements"]["from_location_id"]) | set(big.tables["movements"]["to_location_id"])
    drawn = set(map_data.drawn_places(selection)["location_id"])
    assert set(counts.index[:40]) <= drawn
    assert drawn - set(counts.index[:40]) <= ends | set(big.tables["control"]["location_id"])
    assert counts[counts.index[40:]].max() <= counts[counts.index[:40]].min()
    assert map_data.hidden_places(selection) == len(big.tables["locations"]) - len(drawn) > 50
    deck = json.loads(maps.build_map(selection, Labels.build(big.tables, "en")).to_json())
    assert {row["location_id"] for row in layer(deck, "places")["data"]} == drawn
    bins = layer(deck, "events")["data"]
    assert {row["location_id"] for row in bins} <= drawn
    assert sum(row["n"] for row in bins) == int(placed.isin(drawn).sum())


def test_few_places_are_all_drawn(data):
    selection = data.select(ViewFilter())
    assert len(map_data.drawn_places(selection)) == len(data.tables["locations"])
    assert map_data.hidden_places(selection) == 0
