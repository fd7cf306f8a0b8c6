"""The shared ViewFilter: masks on events and figure claims, sentences, and the URL round trip."""

from __future__ import annotations

import unicodedata
from datetime import date

import pandas as pd
import pytest

from kursk_monitor.filters import ViewFilter, from_query
from kursk_monitor.selection import select

NAT = None


def _events() -> pd.DataFrame:
    """Six events shaped like `Dataset.tables['events']` (typed, with the enrichment columns)."""
    rows = [
        # id, date, end, category, actors, countries, place, reliability, credibility, title, title_de, desc, desc_de
        (
            "E1",
            "2024-06-19",
            NAT,
            "diplomatic",
            ("ru_president", "kp_leader"),
            ("RUS", "PRK"),
            "pyongyang",
            "C",
            1,
            "Treaty signed",
            "Vertrag unterzeichnet",
            "Mutual assistance clause",
            "Beistandsklausel",
        ),
        (
            "E2",
            "2024-10-18",
            NAT,
            "intelligence",
            ("kr_nis",),
            ("KOR",),
            "vladivostok",
            "B",
            2,
            "NIS reports first transfer",
            "NIS meldet erste Verlegung",
            "About 1,500 special forces moved by sea",
            "Etwa 1.500 Spezialkräfte per Schiff über Wladiwostok",
        ),
        (
            "E3",
            "2024-11-01",
            "2024-11-30",
            "military",
            ("ua_general_staff",),
            ("UKR",),
            "sudzha",
            "A",
            3,
            "Fighting near Sudzha",
            "Kämpfe bei Sudscha",
            "",
            "Gefechte im Gebiet Kursk",
        ),
        (
            "E4",
            "2025-01-11",
            NAT,
            "casualties",
            ("ua_president",),
            ("UKR",),
            "kursk_oblast",
            "D",
            4,
            "Two soldiers captured",
            "Zwei Soldaten gefangen genommen",
            "",
            "Verhöre mit Dolmetscher",
        ),
        (
            "E5",
            "2025-04-26",
            NAT,
            "statement",
            (),
            (),
            "",
            "F",
            6,
            "Russia claims recapture",
            "Russland meldet Rückeroberung",
            "Gerasimov statement",
            "",
        ),
        (
            "E6",
            "2025-04-28",
            NAT,
            "statement",
            ("ru_kremlin", "kp_leader"),
            ("RUS", "PRK"),
            "moscow",
            "E",
            5,
            "Kremlin acknowledges the deployment",
            "Kreml räumt den Einsatz ein",
            "",
            "Peskow äußerte sich",
        ),
    ]
    columns = [
        "event_id",
        "date",
        "end_date",
        "category",
        "actor_ids",
        "actor_countries",
        "location_id",
        "reliability",
        "credibility",
        "title",
        "title_de",
        "description",
        "description_de",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"]).astype("datetime64[ns]")
    frame["end_date"] = pd.to_datetime(frame["end_date"]).astype("datetime64[ns]")
    return frame


def _figures() -> pd.DataFrame:
    rows = [
        # id, claimed_on, claimant, country, metric, place, reliability, credibility, note, note_de
        (
            "F1",
            "2024-10-18",
            "kr_nis",
            "KOR",
            "troops_deployment",
            "vladivostok",
            "B",
            2,
            "About 1,500",
            "Etwa 1.500 über Wladiwostok",
        ),
        ("F2", "2024-12-17", "us_dod", "USA", "killed", "kursk_oblast", "A", 2, "Hundreds killed", "Hunderte Getötete"),
        ("F3", "2025-02-24", "ua_hur", "UKR", "troops_in_russia", "", "D", 4, "HUR estimate", "Schätzung des HUR"),
        ("F4", "2025-04-28", "ru_kremlin", "RUS", "troops_in_kursk", "kursk_oblast", "F", 6, "", ""),
    ]
    columns = [
        "figure_id",
        "claimed_on",
        "claimant_id",
        "claimant_country",
        "metric",
        "location_id",
        "reliability",
        "credibility",
        "note",
        "note_de",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame["claimed_on"] = pd.to_datetime(frame["claimed_on"]).astype("datetime64[ns]")
    return frame


EVENTS = _events()
FIGURES = _figures()
ALL_EVENTS = {"E1", "E2", "E3", "E4", "E5", "E6"}
ALL_FIGURES = {"F1", "F2", "F3", "F4"}


def shown_events(view: ViewFilter) -> set[str]:
    return set(EVENTS.loc[view.event_mask(EVENTS), "event_id"])


def shown_figures(view: ViewFilter) -> set[str]:
    return set(FIGURES.loc[view.figure_mask(FIGURES), "figure_id"])


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        pytest.param(ViewFilter(), ALL_EVENTS, id="empty filter shows all"),
        # date window; the period E3 (1-30 Nov 2024) passes whenever it overlaps the window
        pytest.param(ViewFilter(date_from=date(2024, 11, 15)), {"E3", "E4", "E5", "E6"}, id="from: period still open"),
        pytest.param(ViewFilter(date_from=date(2024, 12, 1)), {"E4", "E5", "E6"}, id="from: period ended before"),
        pytest.param(ViewFilter(date_to=date(2024, 11, 1)), {"E1", "E2", "E3"}, id="to: inclusive start day"),
        pytest.param(ViewFilter(date_to=date(2024, 10, 31)), {"E1", "E2"}, id="to: period not yet begun"),
        pytest.param(
            ViewFilter(date_from=date(2024, 11, 10), date_to=date(2024, 11, 20)), {"E3"}, id="window inside a period"
        ),
        pytest.param(ViewFilter(date_from=date(2024, 10, 18), date_to=date(2024, 10, 18)), {"E2"}, id="one-day window"),
        # categories
        pytest.param(ViewFilter(categories=("statement",)), {"E5", "E6"}, id="one category"),
        pytest.param(ViewFilter(categories=("military", "casualties")), {"E3", "E4"}, id="two categories"),
        # actors inside actor_ids tuples
        pytest.param(ViewFilter(actors=("kp_leader",)), {"E1", "E6"}, id="actor in a tuple of two"),
        pytest.param(ViewFilter(actors=("kr_nis", "ua_president")), {"E2", "E4"}, id="any of two actors"),
        pytest.param(ViewFilter(actors=("nobody",)), set(), id="unknown actor"),
        # countries via actor_countries
        pytest.param(ViewFilter(countries=("UKR",)), {"E3", "E4"}, id="country"),
        pytest.param(ViewFilter(countries=("PRK", "KOR")), {"E1", "E2", "E6"}, id="two countries"),
        # locations
        pytest.param(ViewFilter(locations=("sudzha",)), {"E3"}, id="one place"),
        pytest.param(ViewFilter(locations=("pyongyang", "moscow")), {"E1", "E6"}, id="two places"),
        # grades: reliability of the best source, credibility of the claim
        pytest.param(ViewFilter(min_reliability="A"), {"E3"}, id="reliability A"),
        pytest.param(ViewFilter(min_reliability="B"), {"E2", "E3"}, id="reliability B or better"),
        pytest.param(ViewFilter(min_reliability="D"), {"E1", "E2", "E3", "E4"}, id="reliability D or better"),
        pytest.param(ViewFilter(min_reliability="F"), ALL_EVENTS, id="reliability F is all"),
        pytest.param(ViewFilter(min_credibility=1), {"E1"}, id="credibility 1"),
        pytest.param(ViewFilter(min_credibility=4), {"E1", "E2", "E3", "E4"}, id="credibility 4 or better"),
        pytest.param(ViewFilter(min_credibility=6), ALL_EVENTS, id="credibility 6 is all"),
        # text in titles and descriptions, English and German
        pytest.param(ViewFilter(text="recapture"), {"E5"}, id="text: English title"),
        pytest.param(ViewFilter(text="1,500"), {"E2"}, id="text: English description"),
        pytest.param(ViewFilter(text="Rückeroberung"), {"E5"}, id="text: German title with umlaut"),
        pytest.param(ViewFilter(text="RÜCKEROBERUNG"), {"E5"}, id="text: upper-case umlaut"),
        pytest.param(ViewFilter(text="ÄUSSERTE"), {"E6"}, id="text: ß matches SS"),
        pytest.param(ViewFilter(text="wladiwostok"), {"E2"}, id="text: German description"),
        pytest.param(ViewFilter(text="Sudscha"), {"E3"}, id="text: German name"),
        pytest.param(
            ViewFilter(text=unicodedata.normalize("NFD", "Kämpfe")), {"E3"}, id="text: decomposed umlaut typed"
        ),
        pytest.param(ViewFilter(text="zzz"), set(), id="text: no match"),
        # combined
        pytest.param(
            ViewFilter(actors=("kp_leader",), date_from=date(2025, 1, 1)), {"E6"}, id="actor and window together"
        ),
        pytest.param(
            ViewFilter(countries=("UKR",), min_credibility=3, text="sudzha"), {"E3"}, id="country, grade and text"
        ),
        # metrics do not narrow events
        pytest.param(ViewFilter(metrics=("killed",)), ALL_EVENTS, id="metric ignored for events"),
    ],
)
def test_event_mask(view, expected):
    assert shown_events(view) == expected


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        pytest.param(ViewFilter(), ALL_FIGURES, id="empty filter shows all"),
        pytest.param(ViewFilter(date_from=date(2024, 12, 17)), {"F2", "F3", "F4"}, id="from inclusive"),
        pytest.param(ViewFilter(date_to=date(2024, 12, 16)), {"F1"}, id="to"),
        pytest.param(ViewFilter(metrics=("killed", "troops_in_kursk")), {"F2", "F4"}, id="metrics"),
        pytest.param(ViewFilter(actors=("ua_hur",)), {"F3"}, id="claimant"),
        pytest.param(ViewFilter(countries=("USA", "KOR")), {"F1", "F2"}, id="claimant country"),
        pytest.param(ViewFilter(locations=("kursk_oblast",)), {"F2", "F4"}, id="place"),
        pytest.param(ViewFilter(min_reliability="B"), {"F1", "F2"}, id="reliability"),
        pytest.param(ViewFilter(min_credibility=2), {"F1", "F2"}, id="credibility"),
        pytest.param(ViewFilter(text="GETÖTETE"), {"F2"}, id="text: German note, upper-case umlaut"),
        pytest.param(ViewFilter(text="hur estimate"), {"F3"}, id="text: English note"),
        pytest.param(ViewFilter(categories=("legal",)), ALL_FIGURES, id="category ignored for claims"),
    ],
)
def test_figure_mask(view, expected):
    assert shown_figures(view) == expected


def test_apply_keeps_columns_and_order():
    view = ViewFilter(countries=("UKR",))
    shown = select({"events": EVENTS}, view).events
    assert list(shown.columns) == list(EVENTS.columns)
    assert list(shown["event_id"]) == ["E3", "E4"]


def test_masks_on_empty_tables():
    view = ViewFilter(actors=("kr_nis",), countries=("KOR",), text="x", min_reliability="B", min_credibility=2)
    assert view.event_mask(EVENTS.iloc[0:0]).shape == (0,)
    assert view.figure_mask(FIGURES.iloc[0:0]).shape == (0,)


NAMES = {"kr_nis": "NIS", "us_dod": "Pentagon", "sudzha": "Sudzha"}
BUSY = ViewFilter(
    date_from=date(2024, 10, 1),
    date_to=date(2024, 11, 30),
    actors=("kr_nis", "us_dod"),
    categories=("military", "casualties"),
)
GRADED = ViewFilter(countries=("KOR", "UKR"), locations=("sudzha",), min_reliability="B", min_credibility=2, text="Ü")


@pytest.mark.parametrize(
    ("view", "lang", "subject", "sentence"),
    [
        (ViewFilter(), "en", "events", "Events, all dates"),
        (ViewFilter(), "de", "events", "Ereignisse, alle Daten"),
        (ViewFilter(), "de", "claims", "Angaben, alle Daten"),
        (ViewFilter(date_from=date(2024, 10, 1)), "en", "claims", "Claims, from 1 Oct 2024"),
        (ViewFilter(date_from=date(2024, 10, 1)), "de", "events", "Ereignisse, ab 01.10.2024"),
        (ViewFilter(date_to=date(2025, 4, 26)), "en", "events", "Events, until 26 Apr 2025"),
        (ViewFilter(date_to=date(2025, 4, 26)), "de", "claims", "Angaben, bis 26.04.2025"),
        (
            BUSY,
            "en",
            "events",
            "Events involving NIS and Pentagon of type military and casualties, 1 Oct 2024 – 30 Nov 2024",
        ),
        (
            BUSY,
            "de",
            "events",
            "Ereignisse, Akteure: NIS und Pentagon, Kategorien: Militär und Verluste, 01.10.2024 – 30.11.2024",
        ),
        # categories belong to events only
        (BUSY, "en", "claims", "Claims by NIS and Pentagon, 1 Oct 2024 – 30 Nov 2024"),
        (
            GRADED,
            "en",
            "events",
            "Events from South Korea and Ukraine at Sudzha, all dates, source reliability B or better, "
            "credibility 2 or better, mentioning “Ü”",
        ),
        (
            GRADED,
            "de",
            "events",
            "Ereignisse, Länder: Südkorea und Ukraine, Orte: Sudzha, alle Daten, Quellenzuverlässigkeit B oder besser, "
            "Glaubwürdigkeit 2 oder besser, mit „Ü“",
        ),
        # metrics belong to claims only
        (ViewFilter(metrics=("killed",)), "en", "events", "Events, all dates"),
        (ViewFilter(metrics=("killed",)), "en", "claims", "Claims on killed, all dates"),
        # an id without a display name is shown as it is
        (ViewFilter(actors=("ghost",)), "en", "events", "Events involving ghost, all dates"),
    ],
)
def test_describe(view, lang, subject, sentence):
    assert view.describe(lang, subject, NAMES) == sentence


@pytest.mark.parametrize(
    "view",
    [
        ViewFilter(),
        ViewFilter(date_from=date(2024, 10, 1)),
        ViewFilter(date_to=date(2025, 1, 31)),
        BUSY,
        GRADED,
        ViewFilter(metrics=("killed", "captured"), min_credibility=1, min_reliability="A"),
        ViewFilter(locations=("sudzha", "kursk_oblast"), text="Rückeroberung bei Sudscha"),
    ],
)
def test_query_round_trip(view):
    parsed = from_query(view.to_query())
    assert parsed.ignored == []
    assert parsed.filter == view


def test_default_filter_has_empty_query():
    assert ViewFilter().to_query() == {}


def test_query_names():
    query = ViewFilter(locations=("sudzha",), actors=("kr_nis",), min_credibility=2, text="x").to_query()
    assert query == {"actor": ["kr_nis"], "place": ["sudzha"], "credibility": "2", "q": "x"}


KNOWN = {"actor": {"kr_nis", "us_dod"}, "place": {"sudzha"}, "country": {"KOR", "UKR"}}


@pytest.mark.parametrize(
    ("params", "expected", "ignored"),
    [
        ({"from": "2024-13-01"}, ViewFilter(), [("from", "2024-13-01", "reason_bad_date")]),
        ({"to": "yesterday"}, ViewFilter(), [("to", "yesterday", "reason_bad_date")]),
        ({"reliability": "Z"}, ViewFilter(), [("reliability", "Z", "reason_unknown")]),
        ({"reliability": "b"}, ViewFilter(min_reliability="B"), []),
        ({"credibility": "7"}, ViewFilter(), [("credibility", "7", "reason_unknown")]),
        ({"credibility": " 3 "}, ViewFilter(min_credibility=3), []),
        ({"metric": ["killed", "bogus"]}, ViewFilter(metrics=("killed",)), [("metric", "bogus", "reason_unknown")]),
        ({"category": "bogus"}, ViewFilter(), [("category", "bogus", "reason_unknown")]),
        ({"actor": ["kr_nis", "ghost"]}, ViewFilter(actors=("kr_nis",)), [("actor", "ghost", "reason_unknown")]),
        ({"actor": "kr_nis,us_dod"}, ViewFilter(actors=("kr_nis", "us_dod")), []),
        ({"actor": ["kr_nis", "kr_nis"]}, ViewFilter(actors=("kr_nis",)), []),
        ({"claimant": "us_dod"}, ViewFilter(actors=("us_dod",)), []),
        ({"place": "atlantis"}, ViewFilter(), [("place", "atlantis", "reason_unknown")]),
        ({"country": "XXX"}, ViewFilter(), [("country", "XXX", "reason_unknown")]),
        (
            {"from": "2025-01-01", "to": "2024-01-01"},
            ViewFilter(),
            [("from", "2025-01-01", "reason_from_after_to")],
        ),
        ({"q": "   "}, ViewFilter(), []),
        ({"q": "x" * 500}, ViewFilter(text="x" * 200), []),
        ({"q": [], "from": [], "actor": []}, ViewFilter(), []),
        ({"unrelated": "1", "lang": "de"}, ViewFilter(), []),
    ],
)
def test_from_query_ignores_bad_values(params, expected, ignored):
    parsed = from_query(params, known=KNOWN)
    assert parsed.filter == expected
    assert parsed.ignored == ignored


# --- the field table: URL, widgets, command line and sentence come from one row per field -------

SAMPLE = {
    "date_from": date(2024, 10, 1),
    "date_to": date(2025, 1, 31),
    "actors": ("kr_nis", "us_dod"),
    "countries": ("KOR",),
    "metrics": ("killed",),
    "categories": ("military",),
    "locations": ("sudzha",),
    "min_reliability": "B",
    "min_credibility": 2,
    "text": "Sudscha",
}


def test_every_filter_attribute_has_one_field_row():
    from dataclasses import fields

    from kursk_monitor.filters import FIELDS

    assert [row.attr for row in FIELDS] == [f.name for f in fields(ViewFilter)]
    params = [name for row in FIELDS for name in (row.param, *row.aliases)]
    assert len(params) == len(set(params))
    assert set(SAMPLE) == {row.attr for row in FIELDS}


@pytest.mark.parametrize("attr", list(SAMPLE))
def test_each_field_round_trips_through_url_and_widget(attr):
    from kursk_monitor.filters import FIELDS, from_widgets

    row = next(r for r in FIELDS if r.attr == attr)
    value = SAMPLE[attr]
    view = ViewFilter(**{attr: value})
    assert view.to_query() == {row.param: row.to_url(value)}
    assert from_query(view.to_query()).filter == view
    bounds = (date(2024, 6, 1), date(2025, 12, 31))
    state = {r.param: r.to_widget(r.default) for r in FIELDS if r.kind != "date"}
    state.update({"from": bounds[0], "to": bounds[1], row.param: row.to_widget(value)})
    assert from_widgets(state, bounds).filter == view


@pytest.mark.parametrize("attr", list(SAMPLE))
def test_each_field_has_a_labelled_widget_in_both_languages(attr):
    from kursk_monitor import i18n
    from kursk_monitor.filters import FIELDS

    row = next(r for r in FIELDS if r.attr == attr)
    assert row.widget in ("date_input", "multiselect", "selectbox", "text_input")
    for lang in i18n.LANGUAGES:
        assert i18n.has(row.label_key, lang), (row.label_key, lang)


def test_reversed_window_from_the_sidebar_is_ignored_with_a_note_like_a_link():
    from kursk_monitor.filters import from_widgets

    bounds = (date(2024, 6, 1), date(2025, 12, 31))
    parsed = from_widgets({"from": date(2025, 1, 1), "to": date(2024, 12, 1)}, bounds)
    linked = from_query({"from": "2025-01-01", "to": "2024-12-01"})
    assert parsed.filter == linked.filter == ViewFilter()
    assert parsed.ignored == linked.ignored == [("from", "2025-01-01", "reason_from_after_to")]


def test_dates_at_the_data_bounds_mean_an_open_window():
    from kursk_monitor.filters import from_widgets

    bounds = (date(2024, 6, 1), date(2025, 12, 31))
    assert from_widgets({"from": bounds[0], "to": bounds[1]}, bounds).filter == ViewFilter()
    assert from_widgets({"from": date(2024, 7, 1), "to": bounds[1]}, bounds).filter == ViewFilter(
        date_from=date(2024, 7, 1)
    )


@pytest.mark.parametrize(
    ("argv", "expected", "messages"),
    [
        (["--place", "sudzha", "--place", "kursk"], ViewFilter(locations=("sudzha", "kursk")), []),
        (["--place", "atlantis"], ViewFilter(), ["ignored --place 'atlantis': unknown"]),
        (["--actor", "kr_nis", "--q", "Sudscha"], ViewFilter(actors=("kr_nis",), text="Sudscha"), []),
        (["--from", "2025-01-01", "--to", "2024-01-01"], ViewFilter(), ["ignored --from '2025-01-01': from_after_to"]),
        (["--credibility", "2", "--reliability", "b"], ViewFilter(min_credibility=2, min_reliability="B"), []),
    ],
)
def test_command_line_filter_options_come_from_the_field_table(argv, expected, messages):
    import argparse
    from types import SimpleNamespace

    from kursk_monitor.cli import add_filter_arguments, view_from_args

    parser = argparse.ArgumentParser()
    add_filter_arguments(parser)
    tables = {
        "actors": pd.DataFrame({"actor_id": ["kr_nis"], "country": ["KOR"]}),
        "locations": pd.DataFrame({"location_id": ["sudzha", "kursk"]}),
    }
    view, said = view_from_args(parser.parse_args(argv), SimpleNamespace(tables=tables))
    assert view == expected
    assert said == messages
