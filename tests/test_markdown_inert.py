"""Text from a link, a data file or an upload never becomes a live link, image or markup where
Streamlit renders Markdown (captions, notes, key dates, the filter sentence, labels, help texts).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from kursk_monitor.labels import Labels
from kursk_monitor.markdown_text import WORD_JOINER, md
from kursk_monitor_ui.navigation import PAGES, PAGES_DIR

XSS = Path(__file__).resolve().parent / "fixtures" / "xss"
EXISTING_PAGES = [script for script, *_ in PAGES if (PAGES_DIR / script).exists()]
SENTENCE_PAGES = {"overview.py", "map.py", "timeline.py", "data.py"}  # the filter sentence as a caption

PHISHING = "[Session expired – sign in again](https://evil.example/login)"
TRACKER = "![x](http://evil.example/x.png)"
HOSTILE = {
    "phishing link": PHISHING,
    "remote image": TRACKER,
    "angle link": "<https://evil.example/a>",
    "bare address": "see https://evil.example/b and www.evil.example",
    "e-mail": "write to ops@evil.example",
    "emphasis and code": "**loud** _quiet_ `code` ~~gone~~ $x^2$",
    "html": "<img src=x onerror=alert(1)>",
    "reference link": "[a][1] [1]: https://evil.example/ref",
    "heading": "# Breaking",
    "list": "1. first",
    "directive": ":red[alarm] :material/warning:",
}
# Escaped punctuation (a backslash before it) cannot start markup.
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_LINK = re.compile(r"!?\[[^\]]*\]\s*[(\[]|<[a-z][a-z0-9+.-]*:|<[a-z/!]", re.I)
_MARKUP = re.compile(r"\*\*|(?<!\w)_\w|`|~~|\$\S|:[a-z-]+\[|^\s*(#|\d+\.\s)", re.I)
_AUTOLINK = re.compile(r"(?i)(?<![\w])(?:https?://|www\.)[\w-]+\.[\w-]+|[\w.+-]@[\w-]+\.\w")


def live_links(text: str) -> list[str]:
    """What in `text` GitHub-flavoured Markdown (as Streamlit renders it) makes a link, image or tag."""
    unescaped = _ESCAPE.sub("\x00", text)
    plain = _ESCAPE.sub(lambda m: m.group(0)[1], text)
    return [m.group(0) for m in _LINK.finditer(unescaped)] + [m.group(0) for m in _AUTOLINK.finditer(plain)]


def live_markup(text: str) -> list[str]:
    """Links, images and tags as `live_links`, and any other markup (emphasis, code, headings …)."""
    return live_links(text) + [m.group(0) for m in _MARKUP.finditer(_ESCAPE.sub("\x00", text))]


def shown_text(markdown: str) -> str:
    """The text a reader sees: escapes resolved, invisible word joiners gone."""
    return _ESCAPE.sub(lambda m: m.group(0)[1], markdown).replace(WORD_JOINER, "")


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_md_makes_hostile_text_inert_and_keeps_it_readable(text):
    assert live_markup(text), "the example must be live markup before escaping"
    assert live_markup(md(text)) == []
    assert shown_text(md(text)) == text


def test_md_is_the_labels_function_and_leaves_plain_names_alone():
    assert Labels.build({}, "en").md is md
    assert md("Kursk Oblast, 1 Oct 2024 – 30 Nov 2024 (about 11,000)") == (
        "Kursk Oblast, 1 Oct 2024 – 30 Nov 2024 (about 11,000)"
    )
    assert md("two\nlines") == "two lines"


# --- every page, with hostile data and a hostile link ----------------------------------------


def write_hostile_folder(out: Path) -> Path:
    """The hostile fixture folder with Markdown links and images in names, titles, publishers and regions."""
    for path in XSS.glob("*.csv"):
        shutil.copy(path, out / path.name)

    def edit(filename: str, key: str, row_id: str, **values: str) -> None:
        frame = pd.read_csv(out / filename, dtype=str, keep_default_na=False)
        for column, value in values.items():
            frame.loc[frame[key] == row_id, column] = value
        frame.to_csv(out / filename, index=False)

    edit("actors.csv", "actor_id", "xss_actor", name=PHISHING, name_de=PHISHING)
    edit("locations.csv", "location_id", "xss_town", name=TRACKER, name_de=TRACKER, admin1="www.evil.example **x**")
    edit("events.csv", "event_id", "E001", title=PHISHING + " " + TRACKER, title_de=TRACKER)
    edit("sources.csv", "source_id", "S001", publisher="![p](http://evil.example/p.png) ops@evil.example")
    return out


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return write_hostile_folder(tmp_path_factory.mktemp("hostile_md"))


def markdown_texts(at) -> dict[str, str]:
    """Every text of this run that Streamlit renders as Markdown, by where it is shown."""
    found = {}
    kinds = ("title", "header", "subheader", "markdown", "caption", "warning", "info", "error", "success")
    for kind in kinds:
        for i, element in enumerate(at.get(kind)):
            found[f"{kind}[{i}]"] = str(element.value)
    widgets = ("selectbox", "multiselect", "text_input", "date_input", "button", "checkbox", "toggle", "radio")
    for kind in (*widgets, "slider", "number_input", "metric", "expander", "pills"):
        for i, element in enumerate(at.get(kind)):
            for attr in ("label", "help"):
                value = getattr(element, attr, None) or getattr(getattr(element, "proto", None), attr, None)
                if value:
                    found[f"{kind}[{i}].{attr}"] = str(value)
    return found


def assert_inert(at) -> None:
    live = {where: live_links(text) for where, text in markdown_texts(at).items()}
    assert {where: found for where, found in live.items() if found} == {}


@pytest.mark.parametrize("script", EXISTING_PAGES)
def test_every_page_keeps_a_hostile_link_and_hostile_data_inert(make_app, hostile_dir, script):
    at = make_app(hostile_dir, page=script, actor=["xss_actor", PHISHING], place="xss_town", q=TRACKER)
    if script == "map.py":
        at.session_state["map_place"] = "xss_town"
    at.run()
    assert not at.exception
    notes = " ".join(w.value for w in at.warning)
    assert shown_text(PHISHING) in shown_text(notes)  # the ignored value is shown, as text
    if script in SENTENCE_PAGES:  # the filter sentence names the search, as text
        assert any(TRACKER in shown_text(c.value) for c in at.caption)
    assert_inert(at)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_key_dates_and_place_details_show_hostile_titles_as_text(make_app, hostile_dir, lang):
    at = make_app(hostile_dir, lang=lang)
    at.run()
    assert not at.exception
    key_dates = "\n".join(m.value for m in at.markdown)
    assert TRACKER in shown_text(key_dates)
    assert_inert(at)
