"""Search finds the same rows whichever language names the place; source lines lead with primary
sources by reliability and mark reprints; counts of one read in the singular."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kursk_monitor import sourcing
from kursk_monitor.dataset import load_dataset
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import t_count
from kursk_monitor.paths import DATA_DIR


@pytest.fixture(scope="module")
def curated():
    return load_dataset(DATA_DIR)


@pytest.mark.parametrize(("english", "german"), [("sudzha", "Sudscha"), ("Korenevo", "korenewo")])
def test_a_place_name_in_either_language_finds_the_same_rows(curated, english, german):
    found = {q: curated.select(ViewFilter(text=q)) for q in (english, german)}
    assert len(found[english].events) > 0
    assert set(found[english].events["event_id"]) == set(found[german].events["event_id"])
    assert set(found[english].figures["figure_id"]) == set(found[german].figures["figure_id"])


def test_search_finds_rows_by_the_title_of_a_cited_source(curated):
    events = curated.tables["events"]
    sources = curated.tables["sources"].set_index("source_id")
    row = events.iloc[0]
    title = sources.loc[row["source_ids"][0], "title"]
    words = title.split()[:3]
    assert row["event_id"] in set(curated.select(ViewFilter(text=" ".join(words))).events["event_id"])


SOURCES = pd.DataFrame(
    {
        "source_id": ["S1", "S2", "S3", "S4"],
        "publisher": ["Aggregator (Reuters)", "Ministry", "Newspaper", "Reuters"],
        "source_type": ["other", "official", "newspaper", "wire"],
        "reliability": ["B", "C", "E", "B"],
    }
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "Sources: 4 reports — Reuters, Ministry, Newspaper, Aggregator (Reuters) (reprint)"),
        ("de", "Quellen: 4 Berichte — Reuters, Ministry, Newspaper, Aggregator (Reuters) (Nachdruck)"),
    ],
)
def test_source_line_leads_with_primary_sources_by_reliability(lang, expected):
    publishers = dict(zip(SOURCES["source_id"], SOURCES["publisher"], strict=True))
    # the aggregator is cited most often and still comes last
    citations = ["S1", "S1", "S1", "S2", "S3", "S4"]
    line = sourcing.source_line(citations, publishers, lang, ranks=sourcing.source_ranks(SOURCES))
    assert line == expected


@pytest.mark.parametrize(
    ("publisher", "source_type", "reprint"),
    [
        ("The Moscow Times (AFP)", "newspaper", True),
        ("Korea JoongAng Daily (Yonhap)", "newspaper", True),
        ("Arirang (AFP, AP, Reuters)", "broadcaster", True),
        ("Devdiscourse (Reuters)", "other", True),
        ("Some mirror", "other", True),
        ("Defence Intelligence of Ukraine (HUR)", "official", False),
        ("BBC (Russian service)", "broadcaster", False),
        ("The Moscow Times", "newspaper", False),
        ("Reuters", "wire", False),
    ],
)
def test_an_outlets_page_of_agency_copy_is_a_reprint(publisher, source_type, reprint):
    assert sourcing.is_reprint(publisher, source_type) is reprint


def test_agency_copy_typed_newspaper_follows_the_agency_in_a_source_line():
    sources = pd.DataFrame(
        {
            "source_id": ["S1", "S2"],
            "publisher": ["The Moscow Times (AFP)", "Yonhap"],
            "source_type": ["newspaper", "wire"],
            "reliability": ["A", "B"],
        }
    )
    publishers = dict(zip(sources["source_id"], sources["publisher"], strict=True))
    line = sourcing.source_line(["S1", "S2"], publishers, "en", ranks=sourcing.source_ranks(sources))
    assert line == "Sources: 2 reports — Yonhap, The Moscow Times (AFP) (reprint)"


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [("en", 1, "Sources: 1 report — X"), ("en", 2, "Sources: 2 reports — X"), ("de", 1, "Quellen: 1 Bericht — X")],
)
def test_a_count_of_one_is_singular(lang, n, expected):
    assert t_count("common.source_line", n, lang, n=n, names="X") == expected


def test_other_language_names_are_added_where_a_word_starts_with_a_place_name():
    from kursk_monitor.search_text import _with_other_names

    locations = pd.DataFrame({"name": ["Sudzha", "Kursk Oblast"], "name_de": ["Sudscha", "Gebiet Kursk"]})
    text = pd.Series(["fighting in sudzhansky district", "die lage in sudschas zentrum", "synthetic event 1"])
    out = list(_with_other_names(text, locations))
    assert out[0].endswith("\nsudscha") and out[1].endswith("\nsudzha") and out[2] == "synthetic event 1"


def test_many_places_do_not_multiply_the_cost_of_search_texts():
    import time

    from kursk_monitor.search_text import _with_other_names

    n = 20_000
    locations = pd.DataFrame({"name": [f"Place {i}" for i in range(n)], "name_de": [f"Ort {i}" for i in range(n)]})
    text = pd.Series([f"event {i} near place {i % n}" for i in range(50_000)])
    started = time.process_time()
    out = _with_other_names(text, locations)
    # the words 'place 17' bring in 'ort 17' and nothing else; well under the seconds a
    # place-by-place scan takes (each of 40,000 names over 50,000 texts)
    assert out.iloc[17] == "event 17 near place 17\nort 17"
    assert time.process_time() - started < 20


def _source_line_by_hand(citations, publishers, lang, limit=4, count_more=True, ranks=None):
    """The source line's rules written out as a plain loop: the reference for `sourcing.source_line`."""
    from collections import Counter

    from kursk_monitor.i18n import fmt_number, t, t_count

    counts = Counter(iter(citations))
    if not counts:
        return ""
    by_publisher, best = Counter(), {}
    for source_id, n in counts.items():
        publisher = publishers.get(source_id, source_id)
        by_publisher[publisher] += n
        rank = (ranks or {}).get(source_id, (False, 5))
        best[publisher] = min(best.get(publisher, rank), rank)
    ranked = sorted(by_publisher, key=lambda p: (*best[p], -by_publisher[p], p.casefold()))
    shown = [t("sourcing.reprint", lang, name=p) if best[p][0] else p for p in ranked]
    names = ", ".join(shown[:limit])
    if len(ranked) > limit:
        more = fmt_number(len(ranked) - limit, lang)
        names = t("common.sources_more", lang, names=names, n=more) if count_more else f"{names}, …"
    return t_count("common.source_line", len(counts), lang, n=fmt_number(len(counts), lang), names=names)


SOURCE_IDS = st.sampled_from([f"S{i}" for i in range(12)])


@given(
    citations=st.lists(SOURCE_IDS, max_size=40),
    publishers=st.dictionaries(SOURCE_IDS, st.sampled_from(["Reuters", "reuters", "KBS", "Yonhap", "AP"])),
    ranks=st.dictionaries(SOURCE_IDS, st.tuples(st.booleans(), st.integers(0, 5))),
    lang=st.sampled_from(["en", "de"]),
    limit=st.integers(1, 5),
    count_more=st.booleans(),
)
@settings(max_examples=200, deadline=None)
def test_source_line_follows_its_rules_written_out(citations, publishers, ranks, lang, limit, count_more):
    for cited in (citations, dict.fromkeys(citations)):
        expected = _source_line_by_hand(cited, publishers, lang, limit, count_more, ranks)
        assert sourcing.source_line(cited, publishers, lang, limit, count_more, ranks) == expected
