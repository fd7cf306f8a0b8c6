"""The words of the timeline: hover texts of events and claims, date, grade and tick texts, and
the events table for reading and export. Names come from `Labels`; data text is escaped for plotly.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Hashable

import pandas as pd
from babel.dates import format_date as _babel_date

from kursk_monitor.chart_frame import esc
from kursk_monitor.i18n import BABEL_LOCALE, fmt_claim, fmt_date, fmt_date_short, normalise_lang, t
from kursk_monitor.labels import Labels
from kursk_monitor.sourcing import publisher_list


def wrap_markup(text: str, width: int) -> str:
    """Escaped text broken into `<br>`-joined lines of at most `width` characters."""
    if len(text) <= width:
        return esc(text)
    return "<br>".join(textwrap.wrap(esc(text), width))


def localized_column(frame: pd.DataFrame, column: str, lang: str) -> pd.Series:
    """`column_de` in German where filled, else `column`."""
    base = frame[column].fillna("").astype(str) if column in frame else pd.Series("", index=frame.index)
    if lang == "de" and f"{column}_de" in frame:
        german = frame[f"{column}_de"].fillna("").astype(str)
        return german.where(german.str.strip() != "", base)
    return base


def event_date_text(start, end, precision: str, lang: str) -> str:
    """'24 October 2024', 'October 2024', or '1 – 14 November 2024' style for periods."""
    first = fmt_date(start, lang, precision or "day")
    if end is None or pd.isna(end) or pd.Timestamp(end) == pd.Timestamp(start):
        return first
    return f"{first} – {fmt_date(end, lang)}"


def grade_text(reliability: str, credibility: object, labels: Labels) -> str:
    """ "B – usually reliable · 2 – probably true"."""
    return f"{labels.vocab('reliability', reliability)} · {labels.vocab('credibility', str(credibility))}"


def date_ticks(start: pd.Timestamp, end: pd.Timestamp, lang: str) -> tuple[list[pd.Timestamp], list[str]]:
    """Tick positions and labels in the language (plotly's own month names are English only)."""
    locale = BABEL_LOCALE[normalise_lang(lang)]
    span = (end - start).days
    if span <= 70:
        ticks = list(pd.date_range(start.normalize(), end, freq="W-MON"))
        # the year on the first tick and where it changes, so a short span still says which year
        years = [None, *(d.year for d in ticks)]
        return ticks, [
            _babel_date(d.date(), "d MMM" if d.year == years[i] else "d MMM y", locale=locale)
            for i, d in enumerate(ticks)
        ]
    step = 1 if span <= 240 else 2 if span <= 540 else 3
    first = (start + pd.offsets.MonthBegin(0)).normalize()
    ticks = [d for d in pd.date_range(first, end, freq="MS") if (d.month - 1) % step == 0]
    return ticks, [_babel_date(d.date(), "MMM y", locale=locale) for d in ticks]


class Memo(dict):
    """Formats each distinct value once (babel is slow when called thousands of times)."""

    def __init__(self, fmt: Callable[[Hashable], str]):
        super().__init__()
        self.fmt = fmt

    def __missing__(self, key):
        value = self[key] = self.fmt(key)
        return value


class _HoverWords:
    """The memoised pieces both hover texts share: place, grade and the line headings."""

    def __init__(self, labels: Labels):
        self.heading = {key: labels.t(f"common.{key}") for key in ("actors", "location", "sources", "grade")}
        self.grade = Memo(lambda key: esc(grade_text(key[0], key[1], labels)))
        self.place = Memo(lambda p: esc(labels.place(p) or "–"))

    def tail(self, location_id: str, sources: str, reliability: str, credibility) -> str:
        return (
            f"{self.heading['location']}: {self.place[location_id]}<br>"
            f"{self.heading['sources']}: {wrap_markup(sources, 70)}<br>"
            f"{self.heading['grade']}: {self.grade[reliability, credibility]}"
        )


def event_hover(events: pd.DataFrame, labels: Labels) -> list[str]:
    """The hover text of each event (in row order): title, date and precision, actors, place, sources, grade."""
    lang = labels.lang
    words = _HoverWords(labels)
    when_text = Memo(lambda key: esc(event_date_text(key[0], key[1], key[2], lang)))
    precision_text = Memo(lambda p: esc(t(f"timeline_page.precision_{p or 'day'}", lang)))
    category_text = Memo(lambda c: esc(labels.vocab("category", c)))
    columns = ("date", "end_date", "date_precision", "category", "actor_ids", "location_id", "source_ids")
    lines = []
    for title, (start, end, precision, category, actor_ids, location_id, source_ids), reliability, credibility in zip(
        localized_column(events, "title", lang).tolist(),
        zip(*(events[c].tolist() for c in columns), strict=True),
        events["reliability"].tolist(),
        events["credibility"].tolist(),
        strict=True,
    ):
        end = None if end is None or pd.isna(end) else end
        who = ", ".join(labels.actor(a) for a in actor_ids) or "–"
        cited = [labels.publisher(s) for s in source_ids]
        shown = "; ".join(dict.fromkeys(cited[:3])) + (f" (+{len(cited) - 3})" if len(cited) > 3 else "")
        lines.append(
            f"<b>{wrap_markup(title, 60)}</b><br>"
            f"{when_text[start, end, precision]} ({precision_text[precision]}) · {category_text[category]}<br>"
            f"{words.heading['actors']}: {wrap_markup(who, 70)}<br>"
            + words.tail(location_id, shown, reliability, credibility)
        )
    return lines


def figure_hover(figures: pd.DataFrame, labels: Labels) -> list[str]:
    """The hover text of each claim (in row order): claimant, metric and number, date, place, sources, grade."""
    lang = labels.lang
    words = _HoverWords(labels)
    metric_text = Memo(lambda m: esc(labels.vocab("metric", m)))
    day = Memo(lambda key: esc(fmt_date(key[0], lang, key[1] or "day")))
    n = len(figures)
    precision = figures["date_precision"].tolist() if "date_precision" in figures else ["day"] * n
    location = figures["location_id"].tolist() if "location_id" in figures else [""] * n
    columns = ("claimant_id", "metric", "value_low", "value_high", "qualifier", "claimed_on", "source_ids")
    lines = []
    for (claimant, metric, low, high, qualifier, claimed_on, source_ids), prec, loc, reliability, credibility in zip(
        zip(*(figures[c].tolist() for c in columns), strict=True),
        precision,
        location,
        figures["reliability"].tolist(),
        figures["credibility"].tolist(),
        strict=True,
    ):
        number = esc(fmt_claim(int(low), int(high), qualifier, lang))
        lines.append(
            f"<b>{esc(labels.actor(claimant))}</b><br>"
            f"{metric_text[metric]}: <b>{number}</b><br>"
            f"{day[claimed_on, prec]}<br>"
            + words.tail(loc, publisher_list(source_ids, labels.publishers), reliability, credibility)
        )
    return lines


def event_table(events: pd.DataFrame, labels: Labels, for_export: bool = False) -> pd.DataFrame:
    """The shown events as a readable table (headers in the language), sorted by date.

    On screen an open end date is an empty text; for export it stays a date (written as ISO).
    """
    lang = labels.lang
    events = events.sort_values("date", kind="stable")
    return pd.DataFrame(
        {
            t("timeline_page.col_id", lang): events["event_id"],
            t("common.date", lang): events["date"],
            t("timeline_page.col_end", lang): events["end_date"]
            if for_export
            else events["end_date"].map(lambda d: fmt_date_short(d, lang) if pd.notna(d) else ""),
            t("timeline_page.col_precision", lang): events["date_precision"].map(
                lambda p: t(f"timeline_page.precision_{p or 'day'}", lang)
            ),
            t("common.title", lang): localized_column(events, "title", lang),
            t("common.category", lang): events["category"].map(lambda c: labels.vocab("category", c)),
            t("common.actors", lang): events["actor_ids"].map(lambda ids: "; ".join(labels.actor(a) for a in ids)),
            t("common.location", lang): events["location_id"].map(labels.place),
            t("common.reliability", lang): events["reliability"],
            t("common.credibility", lang): events["credibility"],
            t("common.sources", lang): events["source_ids"].map(lambda ids: publisher_list(ids, labels.publishers)),
            t("timeline_page.col_source_ids", lang): events["source_ids"].map("; ".join),
        }
    ).reset_index(drop=True)
