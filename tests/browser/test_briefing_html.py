"""The HTML briefing opens from disk in Chromium and draws every chart with no request leaving
the machine."""

from __future__ import annotations

from kursk_monitor import briefing
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.labels import Labels


def test_html_briefing_draws_offline_in_chromium(browser, small_data_dir, tmp_path):
    data = load_dataset(small_data_dir)
    selection, labels = data.select(ViewFilter()), Labels.build(data.tables, "en")
    briefing.write_brief(selection, labels, tmp_path, "OSINT — UNCLASSIFIED", images=False)
    requests: list[str] = []
    page = browser.new_page(viewport={"width": 1400, "height": 900})

    def route(route_obj):
        if route_obj.request.url.startswith("file://"):
            route_obj.continue_()
        else:
            requests.append(route_obj.request.url)
            route_obj.abort()

    page.route("**/*", route)
    page.goto((tmp_path / "briefing.html").as_uri())
    page.wait_for_selector(".js-plotly-plot .main-svg")
    drawn = page.locator(".js-plotly-plot").count()
    page.close()
    assert requests == []
    assert drawn == len(briefing.brief_charts(selection, labels))
