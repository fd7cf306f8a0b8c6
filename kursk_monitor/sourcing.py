"""Where what is shown was read: the source line under a chart or map, and short publisher lists."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import pandas as pd

from kursk_monitor.i18n import fmt_number, t, t_count
from kursk_monitor.selection import rows_with

# Pages that carry others' reporting are named after the primary sources and marked "(reprint)":
# - sources typed `other` in sources.csv (aggregators, reprint and mirror sites, reference wikis);
# - an outlet's page of a news agency's copy, named after the agency in parentheses as the data
#   README asks ("The Moscow Times (AFP)", "Korea JoongAng Daily (Yonhap)"), whatever its type.
REPRINT_TYPES = frozenset({"other"})
NEWS_AGENCIES = frozenset(
    {
        "AFP", "AP", "ANI", "ANSA", "APP", "Anadolu", "Bloomberg", "dpa", "EFE", "IANS", "Interfax",
        "KUNA", "Kyodo", "News1", "PA", "Reuters", "RIA Novosti", "TASS", "UPI", "Ukrinform", "Xinhua",
        "Yonhap",
    }
)  # fmt: skip
_CREDITED = re.compile(r"\(([^()]+)\)\s*$")  # "Outlet (Agency)" or "Outlet (AFP, AP, Reuters)"
Rank = tuple[bool, int]  # (is a reprint, reliability rank: 0 for A … 5 for F)


def is_reprint(publisher: str, source_type: str) -> bool:
    """True for a page that carries someone else's text (see `REPRINT_TYPES` and `NEWS_AGENCIES`)."""
    if source_type in REPRINT_TYPES:
        return True
    credited = _CREDITED.search(publisher or "")
    if credited is None:
        return False
    names = re.split(r"\s*[,/]\s*", credited.group(1).strip())
    return bool(names) and all(name in NEWS_AGENCIES for name in names)


def source_ranks(sources) -> dict[str, Rank]:
    """source_id -> how it is ordered in a source line: primary before reprint, then by reliability."""
    # plain lists: iterating Arrow-backed columns value by value is several times slower
    ids = sources["source_id"].tolist()
    publishers = sources["publisher"].fillna("").astype(str).tolist()
    types = sources["source_type"].tolist()
    reliabilities = sources["reliability"].tolist()
    # each distinct publisher and type is judged once (an imported file may hold 50,000 sources)
    reprint = {pair: is_reprint(*pair) for pair in set(zip(publishers, types, strict=True))}
    grades = {grade: "ABCDEF".find(grade) % 6 for grade in set(reliabilities)}
    return {
        source_id: (reprint[(publisher, source_type)], grades[grade])
        for source_id, publisher, source_type, grade in zip(ids, publishers, types, reliabilities, strict=True)
    }


def source_line(
    citations: Iterable[str],
    publishers: Mapping[str, str],
    lang: str,
    limit: int = 4,
    count_more: bool = True,
    ranks: Mapping[str, Rank] | None = None,
) -> str:
    """'Sources: 12 reports — Reuters, KBS World, … and 3 more', or '' when nothing is cited.

    `citations` are source ids, repeated once per citation. Publishers are ordered primary sources
    first, then by their best source's reliability (`ranks`), then by how often they are cited
    (ties by name); reprints and aggregators follow, marked. The report count is the number of
    distinct sources. Past `limit` names the rest is counted ("and 3 more") or, with
    `count_more=False`, shown as "…".
    """
    by_publisher, best, reports = _publisher_counts(citations, publishers, ranks or {})
    if not reports:
        return ""
    ranked = sorted(by_publisher, key=lambda p: (*best[p], -by_publisher[p], p.casefold()))
    shown = [t("sourcing.reprint", lang, name=p) if best[p][0] else p for p in ranked]
    names = ", ".join(shown[:limit])
    if len(ranked) > limit:
        rest = len(ranked) - limit
        names = t("common.sources_more", lang, names=names, n=fmt_number(rest, lang)) if count_more else f"{names}, …"
    return t_count("common.source_line", reports, lang, n=fmt_number(reports, lang), names=names)


def _publisher_counts(
    citations: Iterable[str], publishers: Mapping[str, str], ranks: Mapping[str, Rank]
) -> tuple[dict[str, int], dict[str, Rank], int]:
    """Citations per publisher, each publisher's best source rank, and how many distinct sources.
    Counted in a hash table, then per distinct source (300,000 citations of 50,000 sources: 0.1 s
    in a Python loop, 0.03 s here)."""
    cited = pd.Series(list(citations), dtype=object)  # list(iter(...)): a dict passed in counts its keys
    if cited.empty:
        return {}, {}, 0
    counts = cited.value_counts(sort=False)
    ids = counts.index.tolist()
    rows = pd.DataFrame(
        {
            "publisher": [publishers.get(source_id, source_id) for source_id in ids],
            "n": counts.to_numpy(),
            # (reprint, grade) as one number, so the best is the smallest
            "rank": [10 * r[0] + r[1] for r in (ranks.get(source_id, (False, 5)) for source_id in ids)],
        }
    )
    per_publisher = rows.groupby("publisher", sort=False).agg(n=("n", "sum"), rank=("rank", "min"))
    names = per_publisher.index.tolist()
    by_publisher = dict(zip(names, per_publisher["n"].tolist(), strict=True))
    best = {
        name: (bool(rank // 10), rank % 10) for name, rank in zip(names, per_publisher["rank"].tolist(), strict=True)
    }
    return by_publisher, best, len(ids)


def publisher_list(source_ids: Iterable[str], publishers: Mapping[str, str], joiner: str = "; ") -> str:
    """The distinct publishers of `source_ids`, in order: 'Reuters; Yonhap'."""
    return joiner.join(dict.fromkeys(publishers.get(s, s) for s in source_ids))


def graded_publishers(sources, id_lists: Iterable[Iterable[str]]) -> dict[str, str]:
    """source_id -> 'Publisher (B)' for every source named in `id_lists` (a column of id tuples)."""
    wanted = {source_id for ids in id_lists for source_id in ids}
    rows = rows_with(sources, "source_id", wanted)
    columns = (rows[name].tolist() for name in ("source_id", "publisher", "reliability"))  # plain lists: faster
    return {source_id: f"{publisher} ({grade})" for source_id, publisher, grade in zip(*columns, strict=True)}
