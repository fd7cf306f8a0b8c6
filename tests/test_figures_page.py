"""AppTest of the figures page: charts, the metric choice, contradictions, the table, German, scale."""

from __future__ import annotations

import datetime
import json

import pytest

from kursk_monitor import synth
from kursk_monitor_ui.figures_page import TABLE_LIMIT

PAGE = "figures.py"


def charts(at) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def title(spec: dict) -> str:
    """The title block as shown: the title, then the subtitle lines."""
    block = spec["layout"]["title"]
    return "<br>".join(filter(None, [block["text"], block.get("subtitle", {}).get("text")]))


def foot(spec: dict) -> str:
    """The foot lines under the chart, top to bottom."""
    notes = spec["layout"]["annotations"]
    return "<br>".join(a["text"] for a in notes if a.get("name") in ("sources", "as_of", "key", "note"))


def test_page_renders_both_charts_tables_and_downloads(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE).run()
    assert not at.exception
    assert at.title[0].value == "Figures: who claimed how many"
    specs = charts(at)
    assert len(specs) == 2
    assert "claims over time, by claimant" in title(specs[0])
    assert "latest claim per claimant as of" in title(specs[1])
    for spec in specs:
        assert "Claims, all dates" in title(spec)  # the filter, inside the figure
        assert foot(spec).startswith("Sources: ") and "Data as of " in foot(spec)
    assert len(at.dataframe) == 3  # contradictions, revisions and claims
    labels = [button.proto.label for button in at.get("download_button")]
    assert labels == [
        "Download contradictions (CSV)",
        "Download revisions (CSV)",
        "Download claims (CSV)",
        "Download claims (Excel)",
    ]


def test_metric_choice_is_limited_by_the_shared_filter(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE, metric=["killed", "wounded"]).run()
    assert not at.exception
    select = at.selectbox(key="fig_metric")
    assert select.options == ["Killed", "Wounded"]
    assert title(charts(at)[0]).startswith("<b>Killed: claims over time")
    assert "on killed and wounded" in title(charts(at)[0])
    select.set_value("wounded").run()
    assert not at.exception
    specs = charts(at)
    assert title(specs[0]).startswith("<b>Wounded: claims over time")
    assert title(specs[1]).startswith("<b>Wounded: latest claim per claimant")


def test_series_are_claimants_and_never_mix_metrics(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE, metric="troops_in_kursk").run()
    spec = charts(at)[0]
    series = [trace for trace in spec["data"] if "mark" not in trace["meta"] and "legend_key" not in trace["meta"]]
    names = {trace["name"] for trace in series}
    assert names  # one legend entry per claimant
    assert all(trace["meta"]["claimant_id"] for trace in series)
    table = at.dataframe[-1].value
    assert set(table["Metric"]) == {"Troops in Kursk Oblast"}


def test_contradiction_window_changes_the_pairs(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE).run()
    wide = at.dataframe[0].value
    at.number_input(key="fig_window").set_value(0).run()
    assert not at.exception
    narrow = at.dataframe[0].value if len(at.dataframe) == 3 else wide.iloc[0:0]  # with revisions and claims
    assert len(narrow) < len(wide)
    assert (narrow["Days apart"] == 0).all()


def test_log_scale_and_as_of(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE).run()
    at.toggle(key="fig_log").set_value(True).run()
    specs = charts(at)
    assert specs[0]["layout"]["yaxis"]["type"] == "log"
    assert specs[1]["layout"]["xaxis"]["type"] == "log"
    # The as-of day is picked from the days with claims (a pick applies at once, no Enter or blur).
    shown = at.selectbox(key="fig_as_of").options[2]
    day = datetime.datetime.strptime(shown, "%d %B %Y").date()
    at.selectbox(key="fig_as_of").set_value(day).run()
    assert not at.exception
    assert at.selectbox(key="fig_as_of").value == day
    assert f"as of {shown}" in title(charts(at)[1])


def test_german(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE, lang="de").run()
    assert not at.exception
    assert at.title[0].value == "Zahlen: Wer nannte wie viele?"
    specs = charts(at)
    assert "Angaben im Zeitverlauf" in title(specs[0])
    assert specs[0]["layout"]["separators"] == ",."
    assert foot(specs[0]).startswith("Quellen: ")
    assert "Angabe im Wortlaut" in at.dataframe[-1].value.columns


def test_empty_filter_result_says_so(make_app, small_data_dir):
    at = make_app(small_data_dir, page=PAGE, q="no claim mentions this").run()
    assert not at.exception
    assert at.info[0].value == "No claims match the current filter."
    assert not at.get("plotly_chart")


@pytest.fixture(scope="module")
def large_data_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("large_data")
    synth.write(out, events=50, figures=100_000, seed=11)
    return out


def test_100k_claims_payload(make_app, large_data_dir):
    at = make_app(large_data_dir, page=PAGE, metric="troops_in_kursk").run()
    assert not at.exception
    sizes = [len(chart.proto.spec) for chart in at.get("plotly_chart")]
    assert all(size < 2_000_000 for size in sizes), sizes
    assert len(at.dataframe[-1].value) == TABLE_LIMIT  # the on-screen table is capped; downloads hold all


@pytest.mark.parametrize(("page", "query"), [(PAGE, "no claim mentions this"), ("timeline.py", "no event says this")])
def test_empty_result_footer_cites_no_sources(make_app, small_data_dir, page, query):
    at = make_app(small_data_dir, page=page, q=query).run()
    assert not at.exception
    footer = at.caption[-1].value
    assert footer.startswith("Kursk Monitor · ")
    assert "no source matches the filter" in footer
    assert " sources · " not in footer


def test_footer_counts_the_sources_of_the_claims_shown(make_app, small_data_dir):
    from kursk_monitor.dataset import load_dataset
    from kursk_monitor.filters import ViewFilter

    data = load_dataset(small_data_dir)
    cited = {s for ids in data.select(ViewFilter(metrics=("killed",))).figures["source_ids"] for s in ids}
    at = make_app(small_data_dir, page=PAGE, metric="killed").run()
    assert f"Kursk Monitor · {len(cited)} sources · " in at.caption[-1].value
