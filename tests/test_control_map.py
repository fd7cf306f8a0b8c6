"""Who held which settlement as of a day: the latest claim of each side, disputes, the state a
settlement is drawn in, and claims about a whole oblast kept apart. Table cases built in code."""

from __future__ import annotations

import pandas as pd
import pytest

from kursk_monitor import control_map
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels
from kursk_monitor.map_data import until_week
from kursk_monitor.paths import DATA_DIR
from kursk_monitor.selection import select

COUNTRY = {"ru_mod": "RUS", "ru_bloggers": "RUS", "ua_gs": "UKR", "deepstate": "UKR", "isw": "USA"}


def claims(*rows: tuple) -> pd.DataFrame:
    """Control rows from (id, date, as_of, place, claimant, holder[, credibility])."""
    records = []
    for row in rows:
        control_id, day, as_of, place, claimant, holder, *rest = row
        records.append(
            {
                "control_id": control_id,
                "date": pd.Timestamp(day),
                "as_of": pd.Timestamp(as_of) if as_of else pd.NaT,
                "location_id": place,
                "claimant_id": claimant,
                "claimant_country": COUNTRY[claimant],
                "holder": holder,
                "claim": {"RUS": "captured", "UKR": "holding", "contested": "contested"}[holder],
                "credibility": rest[0] if rest else "2",
            }
        )
    return pd.DataFrame(records)


@pytest.mark.parametrize(
    ("rows", "until", "expected"),
    [
        # the later claim of a side replaces its earlier one
        (
            (
                ("C1", "2024-08-10", "", "sudzha", "ua_gs", "contested"),
                ("C2", "2024-08-15", "", "sudzha", "ua_gs", "UKR"),
            ),
            None,
            {("sudzha", "UKR"): "C2"},
        ),
        # two claimants of one side count as one side: the later wins
        (
            (
                ("C1", "2024-08-15", "", "sudzha", "ua_gs", "UKR"),
                ("C2", "2024-08-20", "", "sudzha", "deepstate", "contested"),
            ),
            None,
            {("sudzha", "UKR"): "C2"},
        ),
        # rows out of date order
        (
            (
                ("C2", "2025-03-13", "", "sudzha", "ru_mod", "RUS"),
                ("C1", "2025-03-08", "", "sudzha", "ru_bloggers", "contested"),
            ),
            None,
            {("sudzha", "RUS"): "C2"},
        ),
        # a claim not yet made public by the day shown does not count
        (
            (("C1", "2024-08-15", "", "sudzha", "ua_gs", "UKR"), ("C2", "2025-03-13", "", "sudzha", "ru_mod", "RUS")),
            "2024-12-15",
            {("sudzha", "UKR"): "C1"},
        ),
        # ordered by the day described: a later report about an earlier day does not replace a newer state
        (
            (
                ("C1", "2024-12-10", "", "plekhovo", "ru_mod", "RUS"),
                ("C2", "2024-12-12", "2024-12-06", "plekhovo", "ru_bloggers", "contested"),
            ),
            None,
            {("plekhovo", "RUS"): "C1"},
        ),
        # same day described: the later publication wins
        (
            (
                ("C1", "2024-12-08", "2024-12-06", "plekhovo", "ru_mod", "RUS"),
                ("C2", "2024-12-12", "2024-12-06", "plekhovo", "ru_bloggers", "contested"),
            ),
            None,
            {("plekhovo", "RUS"): "C2"},
        ),
        # independent assessors are a side of their own
        (
            (
                ("C1", "2025-03-13", "", "sudzha", "isw", "RUS"),
                ("C2", "2025-03-13", "", "sudzha", "ua_gs", "contested"),
            ),
            None,
            {("sudzha", "other"): "C1", ("sudzha", "UKR"): "C2"},
        ),
        # no claim at all
        ((), None, {}),
    ],
)
def test_latest_claim_of_each_side_as_of_a_day(rows, until, expected):
    control = claims(*rows) if rows else claims(("C0", "2024-01-01", "", "x", "ua_gs", "UKR")).iloc[0:0]
    latest = control_map.latest_by_side(control, pd.Timestamp(until) if until else None)
    got = {(p, s): c for p, s, c in zip(latest["location_id"], latest["side"], latest["control_id"], strict=True)}
    assert got == expected


@pytest.mark.parametrize(
    ("holders", "state", "agreed"),
    [
        ({"RUS": "RUS", "UKR": "RUS"}, "RUS", True),  # Ukraine concedes: one colour, solid
        ({"RUS": "RUS", "UKR": "contested"}, "disputed", False),  # Russia claims, Ukraine says still fighting
        ({"RUS": "RUS", "UKR": "UKR"}, "disputed", False),
        ({"UKR": "UKR"}, "UKR", False),  # only one side has claimed: its holder, pale
        ({"UKR": "UKR", "other": "UKR"}, "UKR", True),  # an assessor backs it
        ({"UKR": "UKR", "other": "contested"}, "UKR", False),  # assessors do not overrule a side
        ({"other": "contested"}, "contested", False),  # assessors decide only where no side has claimed
        ({"other": "RUS"}, "RUS", False),
        ({"RUS": "contested", "UKR": "contested"}, "contested", True),
        ({}, "unclaimed", False),
    ],
)
def test_state_of_a_settlement(holders, state, agreed):
    assert control_map.place_state(holders) == (state, agreed)


@pytest.mark.parametrize(("country", "side"), [("RUS", "RUS"), ("UKR", "UKR"), ("USA", "other"), ("", "other")])
def test_claimant_side(country, side):
    assert control_map.claimant_side(country) == side


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATA_DIR)


def _states(data, week: str, lang: str = "en") -> dict[str, str]:
    selection = select(data.tables, until_week(ViewFilter(), pd.Timestamp(week).date()), data.as_of())
    points = control_map.control_points(selection, Labels.build(data.tables, lang))
    return dict(zip(points["location_id"], points["state"], strict=True))


def test_sudzha_through_the_curated_data(curated):
    """Held by Ukraine after August 2024, disputed on the day Russia claimed it, Russian once Ukraine conceded."""
    assert _states(curated, "2024-08-26")["sudzha"] == "UKR"
    assert _states(curated, "2025-03-03")["sudzha"] == "disputed"  # bloggers report entering, Kyiv holds
    on_the_day = select(curated.tables, ViewFilter(date_to=pd.Timestamp("2025-03-13").date()), curated.as_of())
    points = control_map.control_points(on_the_day, Labels.build(curated.tables, "en")).set_index("location_id")
    assert points.loc["sudzha", "state"] == "disputed"  # Moscow claims it, Kyiv and DeepState say fighting
    assert _states(curated, "2025-03-17")["sudzha"] == "RUS"


def test_salient_grows_then_shrinks(curated):
    def counts(week):
        return pd.Series(_states(curated, week)).value_counts()

    first_days, autumn, spring = counts("2024-08-05"), counts("2024-10-07"), counts("2025-04-14")
    assert first_days.get("unclaimed", 0) > autumn.get("unclaimed", 0)  # more villages drawn in as it grows
    assert spring.get("RUS", 0) > autumn.get("RUS", 0) + 3  # Russian-held once the salient shrinks
    assert autumn.get("UKR", 0) >= 1 and spring.get("UKR", 0) == 0


def test_oblast_wide_claims_never_colour_a_settlement(curated):
    week = pd.Timestamp("2025-04-28").date()
    with_region = _states(curated, "2025-04-28")
    tables = dict(curated.tables)
    tables["control"] = tables["control"][tables["control"]["location_id"] != "kursk_oblast"]
    selection = select(tables, until_week(ViewFilter(), week), curated.as_of())
    without_region = control_map.control_points(selection, Labels.build(tables, "en"))
    assert "kursk_oblast" not in with_region
    assert with_region == dict(zip(without_region["location_id"], without_region["state"], strict=True))
    assert with_region["gornal"] != "RUS"  # Russia's oblast-wide claim of 26 April is not a claim on Gornal


def test_oblast_wide_claims_are_listed_per_side_in_german(curated):
    selection = select(curated.tables, until_week(ViewFilter(), pd.Timestamp("2025-04-21").date()), curated.as_of())
    lines = control_map.region_lines(selection, Labels.build(curated.tables, "de"))
    russian = [line for line in lines if "Russische Quellen" in line]
    assert russian and "Zurückerobert" in russian[0], lines
    assert any("Ukrainische Quellen" in line and "Dementiert" in line for line in lines), lines


def test_hover_lists_each_side_with_date_source_and_grade_in_german(curated):
    selection = select(curated.tables, until_week(ViewFilter(), pd.Timestamp("2025-03-03").date()), curated.as_of())
    points = control_map.control_points(selection, Labels.build(curated.tables, "de")).set_index("location_id")
    tip = points.loc["sudzha", "tip"]
    assert tip.startswith("Sudscha: strittig")
    for side in ("Russische Quellen", "Ukrainische Quellen", "Andere Beobachter"):
        assert side in tip
    assert "(B)" in tip or "(C)" in tip  # a source with its reliability
    assert points.loc["sudzha", "radius"] > points[points["state"] != "disputed"]["radius"].max() - 1


def test_place_panel_lists_both_sides(curated):
    selection = select(curated.tables, until_week(ViewFilter(), pd.Timestamp("2025-03-17").date()), curated.as_of())
    table = control_map.side_claims(selection, "sudzha", Labels.build(curated.tables, "en"))
    assert list(table["side"]) == ["Russian claimants", "Ukrainian claimants", "Other assessors"]
    assert all(table["sources"]) and all(table["grade"].str.match(r"^[A-F][1-6]$"))


def test_a_town_marker_is_drawn_over_the_village_beside_it(curated):
    # Goncharovka adjoins Sudzha: Sudzha's larger marker comes later, so it is drawn on top and picked
    points = control_map.control_points(curated.select(ViewFilter()), Labels.build(curated.tables, "en"))
    order = list(points["location_id"])
    assert order.index("goncharovka") < order.index("sudzha")
    radius = dict(zip(points["location_id"], points["radius"], strict=True))
    assert radius["sudzha"] > radius["goncharovka"]
