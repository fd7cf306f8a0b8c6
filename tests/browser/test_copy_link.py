"""A copied link opened in a new tab shows the same view: the shared filter, the language and the
figures page's own choices, with nothing fetched from outside this machine."""

from __future__ import annotations

from harness import MAIN, assert_no_exception, new_page, open_page, screenshot, wait_settled

from kursk_monitor.i18n import t

SLOW_START_MS = 240_000  # a first visit starts the app cold; shared machines are slow
CHOICES = {"chart": "killed", "log": "1", "window": "30", "reliability": "B", "lang": "de"}


def figures_view(page) -> dict:
    """What the analyst sees of the choices: log switch, window field, chart title (names the metric)."""
    return {
        "log": page.get_by_role("switch", name=t("figures_page.log_scale", "de")).is_checked(),
        "window": page.locator(f"{MAIN} input[type='number']").first.input_value(),
        "chart_title": page.locator(f"{MAIN} .js-plotly-plot .gtitle").first.text_content(),
    }


def test_a_copied_link_opens_the_same_view_in_a_new_page(browser, app_url, external_requests):
    page = new_page(browser, external_requests)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, app_url, "figures", timeout_ms=SLOW_START_MS, **CHOICES)
    assert_no_exception(page)
    seen = figures_view(page)
    assert seen["log"] and seen["window"] == "30" and seen["chart_title"].startswith("Getötete")

    page.frame_locator("iframe").first.locator("button").click()
    page.frame_locator("iframe").first.get_by_text(t("links.copied", "de")).wait_for()
    link = page.evaluate("navigator.clipboard.readText()")
    for key, value in CHOICES.items():
        assert f"{key}={value}" in link

    other = new_page(browser, external_requests)
    other.goto(link, wait_until="domcontentloaded")
    wait_settled(other, timeout_ms=SLOW_START_MS)
    assert_no_exception(other)
    assert figures_view(other) == seen
    screenshot(other, "copied-link-figures-de")
    assert external_requests == []
