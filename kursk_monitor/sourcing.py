"""Where what is shown was read: the source line under a chart or map, and short publisher lists."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from kursk_monitor.i18n import fmt_number, t


def source_line(
    citations: Iterable[str], publishers: Mapping[str, str], lang: str, limit: int = 4, count_more: bool = True
) -> str:
    """'Sources: 12 reports — Reuters, KBS World, … and 3 more', or '' when nothing is cited.

    `citations` are source ids, repeated once per citation: publishers are ranked by how often
    they are cited (ties by name); the report count is the number of distinct sources. Past
    `limit` names the rest is counted ("and 3 more") or, with `count_more=False`, shown as "…".
    """
    counts = Counter(iter(citations))  # iter(): a dict passed in counts its keys, not its values
    if not counts:
        return ""
    by_publisher: Counter[str] = Counter()
    for source_id, n in counts.items():
        by_publisher[publishers.get(source_id, source_id)] += n
    ranked = sorted(by_publisher, key=lambda p: (-by_publisher[p], p.casefold()))
    names = ", ".join(ranked[:limit])
    if len(ranked) > limit:
        rest = len(ranked) - limit
        names = t("common.sources_more", lang, names=names, n=fmt_number(rest, lang)) if count_more else f"{names}, …"
    return t("common.source_line", lang, n=fmt_number(len(counts), lang), names=names)


def publisher_list(source_ids: Iterable[str], publishers: Mapping[str, str], joiner: str = "; ") -> str:
    """The distinct publishers of `source_ids`, in order: 'Reuters; Yonhap'."""
    return joiner.join(dict.fromkeys(publishers.get(s, s) for s in source_ids))
