"""AppTest of the timeline page: every filter changes the shown events as the shared filter says."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter

PAGE = "timeline.py"


@pytest.fixture(scope="module")
def events(small_data_dir):
    return load_dataset(small_data_dir).tables["events"]


@pytest.fixture
def page(make_app, small_data_dir):
    def factory(**query):
        at = make_app(data_dir=small_data_dir, page=PAGE, **query)
        at.run()
        assert not at.exception
        return at

    return factory


def shown_count(at) -> tuple[int, int]:
    for element in at.markdown:
        match = re.search(r"\*\*([\d.,]+)\*\* (?:of|von) ([\d.,]+)", element.value)
        if match:
            return tuple(int(re.sub(r"[.,]", "", g)) for g in match.groups())
    raise AssertionError("no count shown")


def chart(at) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def plotted_ids(at) -> set[str]:
    return {row[0] for trace in chart(at)["data"] if trace.get("meta") == "events" for row in trace["customdata"]}


def expected_ids(events, view: ViewFilter) -> set[str]:
    return set(events.loc[view.event_mask(events), "event_id"])


def test_page_shows_all_events_with_title_sentence_and_chart(page, events):
    at = page()
    assert shown_count(at) == (len(events), len(events))
    assert "Events, all dates" in [c.value for c in at.caption]
    assert plotted_ids(at) == set(events["event_id"])
    spec = chart(at)
    assert "Timeline of events" in spec["layout"]["title"]["text"]
    assert any(a.get("name") == "as_of" for a in spec["layout"]["annotations"])
    assert len(at.get("download_button")) == 2


@pytest.mark.parametrize(
    ("widget", "key", "value", "view"),
    [
        ("multiselect", "category", ["military"], ViewFilter(categories=("military",))),
        ("multiselect", "actor", ["kr_nis"], ViewFilter(actors=("kr_nis",))),
        ("multiselect", "country", ["UKR"], ViewFilter(countries=("UKR",))),
        ("multiselect", "place", ["sudzha", "korenevo"], ViewFilter(locations=("sudzha", "korenevo"))),
        ("selectbox", "credibility", "2", ViewFilter(min_credibility=2)),
        ("selectbox", "reliability", "B", ViewFilter(min_reliability="B")),
        ("text_input", "q", "EREIGNIS 12", ViewFilter(text="EREIGNIS 12")),
        ("date_input", "from", date(2025, 1, 1), ViewFilter(date_from=date(2025, 1, 1))),
        ("date_input", "to", date(2024, 11, 30), ViewFilter(date_to=date(2024, 11, 30))),
    ],
)
def test_each_filter_changes_the_shown_events(page, events, widget, key, value, view):
    at = page()
    getattr(at, widget)(key=key).set_value(value).run()
    assert not at.exception
    wanted = expected_ids(events, view)
    assert 0 < len(wanted) < len(events)
    assert shown_count(at) == (len(wanted), len(events))
    assert plotted_ids(at) == wanted


def test_place_filter_is_shared_state_in_the_url(page, events):
    at = page()
    at.multiselect(key="place").set_value(["sudzha"]).run()
    assert at.session_state["place"] == ["sudzha"]
    assert at.query_params["place"] in ("sudzha", ["sudzha"])
    assert any("at Sudzha" in c.value for c in at.caption)


def test_filters_combine(page, events):
    at = page()
    at.multiselect(key="category").set_value(["military", "statement"]).run()
    at.multiselect(key="place").set_value(["sudzha"]).run()
    at.selectbox(key="credibility").set_value("3").run()
    view = ViewFilter(categories=("military", "statement"), locations=("sudzha",), min_credibility=3)
    assert plotted_ids(at) == expected_ids(events, view)


def test_no_match_says_so(page):
    at = page()
    at.text_input(key="q").set_value("no such words anywhere").run()
    assert not at.exception
    assert shown_count(at)[0] == 0
    assert any(a.get("text") == "No events match the filter." for a in chart(at)["layout"]["annotations"])


def test_lanes_by_actor(page):
    at = page()
    at.radio(key="tl_lanes").set_value("actor").run()
    layout = chart(at)["layout"]
    assert layout["yaxis"]["title"]["text"] == "Actor"
    assert "National Intelligence Service (South Korea)" in layout["yaxis"]["ticktext"]


def test_figure_claims_overlay(page):
    at = page()
    assert not [t for t in chart(at)["data"] if t.get("meta") == "figures"]
    at.toggle(key="tl_figures").set_value(True).run()
    assert not at.exception
    claims = [t for t in chart(at)["data"] if t.get("meta") == "figures"]
    assert claims and all(t["yaxis"] == "y2" for t in claims)
    assert any("Second layer:" in c.value for c in at.caption)


def test_choosing_an_event_shows_details_and_sources(page, events):
    at = page()
    first = events.sort_values(["date", "event_id"]).iloc[0]
    at.selectbox(key="tl_event").set_value(first["event_id"]).run()
    assert not at.exception
    assert any(first["title"] in m.value for m in at.markdown)
    sources = at.dataframe[0].value
    assert list(sources["ID"]) == list(first["source_ids"])
    assert any(t.get("meta") == "selected" for t in chart(at)["data"])


def test_selection_is_dropped_when_filtered_out(page, events):
    at = page()
    military = events[events["category"] == "military"].iloc[0]["event_id"]
    at.selectbox(key="tl_event").set_value(military).run()
    at.multiselect(key="category").set_value(["statement"]).run()
    assert not at.exception
    assert at.selectbox(key="tl_event").value is None


def test_page_in_german(page, events):
    at = page(lang="de")
    assert at.title[0].value == "Zeitleiste der Ereignisse"
    assert shown_count(at) == (len(events), len(events))
    first = events.sort_values(["date", "event_id"]).iloc[0]
    at.selectbox(key="tl_event").set_value(first["event_id"]).run()
    details = "\n".join(m.value for m in at.markdown)
    assert "Wann:" in details
    months = "Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember"
    assert re.search(rf"\d+\\?\. ({months}) 20\d\d", details)
    assert "Zeitleiste der Ereignisse" in chart(at)["layout"]["title"]["text"]
