"""What the deck says about the data behind each briefing picture: the speaker notes (every claim
or event with its claimant, date, value as stated, sources and grades) and the sources list.

A picture is named by its briefing slug: `latest_<metric>` and `over_time_<metric>` rest on the
claims on that metric, `timeline` on the events, `map_*` on what the map shows at places.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from kursk_monitor import maps
from kursk_monitor.claims import latest_by_claimant
from kursk_monitor.figures import claim_text, when_text
from kursk_monitor.i18n import fmt_date_short, fmt_number, localized, t
from kursk_monitor.labels import Labels
from kursk_monitor.selection import Selection, rows_with

GRADE_ORDER = "ABCDEF"


def claims_behind(slug: str, selection: Selection) -> pd.DataFrame:
    """The figure claims a briefing picture draws (none for the timeline)."""
    figures = selection.figures
    if slug.startswith("latest_"):
        return latest_by_claimant(figures, slug.removeprefix("latest_"), selection.as_of)
    if slug.startswith("over_time_"):
        rows = figures[figures["metric"] == slug.removeprefix("over_time_")]
        return rows.sort_values(["claimed_on", "figure_id"], kind="stable")
    if slug.startswith("map_"):
        return figures[figures["location_id"] != ""].sort_values(["claimed_on", "figure_id"], kind="stable")
    return figures.iloc[0:0]


def sources_behind(slug: str, selection: Selection) -> list[str]:
    """Source ids a briefing picture rests on, first cited first."""
    if slug == "timeline":
        return selection.cited("events")
    if slug.startswith("map_"):
        return maps.shown_source_ids(selection)
    return list(dict.fromkeys(s for ids in claims_behind(slug, selection)["source_ids"] for s in ids))


def _grade(reliability: object, credibility: object) -> str:
    """Admiralty grade as one code, e.g. 'B2'; '?' for a part the data does not give."""
    source = reliability if isinstance(reliability, str) and reliability else "?"
    claim = "?" if credibility is None or pd.isna(credibility) else str(int(credibility))
    return f"{source}{claim}"


def _grade_rank(grade: object) -> int:
    return GRADE_ORDER.index(grade) if isinstance(grade, str) and len(grade) == 1 and grade in GRADE_ORDER else 6


def _cited(ids: Iterable[str], labels: Labels) -> str:
    return "; ".join(f"{labels.publisher(s)} ({s})" for s in ids)


def claim_lines(claims: pd.DataFrame, labels: Labels) -> list[str]:
    """One line per claim: date, claimant, metric, value as stated, kind, grade, sources."""
    lang = labels.lang
    lines = []
    for row in claims.to_dict("records"):
        when = when_text(row["claimed_on"], row.get("date_precision") or "day", lang)
        kind = row.get("claim_kind") or ""
        restates = row.get("restates") or ""
        lines.append(
            t(
                "deck.note_claim",
                lang,
                date=when,
                claimant=labels.actor(row["claimant_id"]),
                metric=labels.vocab("metric", row["metric"]),
                claim=claim_text(float(row["value_low"]), float(row["value_high"]), row["qualifier"], lang),
                kind=labels.vocab("claim_kind", kind) if kind else "?",
                grade=_grade(row.get("reliability"), row.get("credibility")),
                sources=_cited(row["source_ids"], labels),
                id=row["figure_id"],
            )
            + (t("deck.note_restates", lang, id=restates) if restates else "")
        )
    return lines


def event_lines(events: pd.DataFrame, labels: Labels) -> list[str]:
    """One line per event: date, title, grade, sources."""
    lang = labels.lang
    return [
        t(
            "deck.note_event",
            lang,
            date=fmt_date_short(row["date"], lang),
            title=localized(row, "title", lang),
            grade=_grade(row.get("reliability"), row.get("credibility")),
            sources=_cited(row["source_ids"], labels),
            id=row["event_id"],
        )
        for row in events.sort_values(["date", "event_id"], kind="stable").to_dict("records")
    ]


def chart_notes(slug: str, selection: Selection, labels: Labels) -> list[str]:
    """The speaker notes of a picture's slide: how to read a grade, then the claims (or events) behind it."""
    lang = labels.lang
    claims = claims_behind(slug, selection)
    lines = [t("deck.notes_grades", lang)]
    if slug == "timeline":
        lines.append(t("deck.notes_events", lang, n=fmt_number(len(selection.events), lang)))
        return [*lines, *event_lines(selection.events, labels)]
    lines.append(t("deck.notes_claims", lang, n=fmt_number(len(claims), lang)))
    lines.extend(claim_lines(claims, labels))
    if slug.startswith("map_"):
        placed = selection.events[selection.events["location_id"] != ""]
        lines.append(t("deck.notes_map_events", lang, n=fmt_number(len(placed), lang)))
    return lines


def source_entries(selection: Selection, labels: Labels, slugs: Iterable[str]) -> list[tuple[str, str]]:
    """(text, address) per source the pictures rest on, best graded first, then by publisher and date."""
    lang = labels.lang
    cited = list(dict.fromkeys(s for slug in slugs for s in sources_behind(slug, selection)))
    sources = selection.tables["sources"]
    rows = rows_with(sources, "source_id", cited).copy()
    rows["_grade"] = rows["reliability"].map(_grade_rank)
    rows["_publisher"] = rows["publisher"].str.casefold()
    rows = rows.sort_values(["_grade", "_publisher", "published", "source_id"], kind="stable", na_position="last")
    entries = []
    for row in rows.to_dict("records"):
        published = row.get("published")
        date = fmt_date_short(published, lang) if published is not None and pd.notna(published) else ""
        text = t(
            "deck.source_entry",
            lang,
            id=row["source_id"],
            grade=row.get("reliability") or "?",
            publisher=row["publisher"],
            title=localized(row, "title", lang),
            date=date or t("deck.no_date", lang),
        )
        url = str(row.get("url") or "")
        entries.append((text + (" — " if url else ""), url))
    return entries
