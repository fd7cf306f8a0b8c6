"""Both catalogues hold the same keys and placeholders; dates and numbers follow the language."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kursk_monitor import i18n
from kursk_monitor.schema import (
    ACTOR_KINDS,
    CATEGORIES,
    CONTROL_CLAIMS,
    CONTROL_HOLDERS,
    CREDIBILITY,
    LOCATION_KINDS,
    METRICS,
    QUALIFIERS,
    RELIABILITY,
)


def placeholders(text: str) -> set[str]:
    return set(re.findall(r"{(\w+)}", text))


def test_every_key_exists_in_both_languages():
    en, de = i18n.catalogue("en"), i18n.catalogue("de")
    assert sorted(set(en) - set(de)) == [], "keys missing in de.toml"
    assert sorted(set(de) - set(en)) == [], "keys missing in en.toml"


def test_placeholders_match():
    en, de = i18n.catalogue("en"), i18n.catalogue("de")
    mismatched = [key for key in en if placeholders(en[key]) != placeholders(de[key])]
    assert mismatched == []


def test_no_empty_texts():
    for lang in i18n.LANGUAGES:
        catalogue = i18n.catalogue(lang)
        assert [k for k, v in catalogue.items() if not v.strip() and not k.endswith("_join")] == []
        assert [k for k, v in catalogue.items() if k.endswith("_join") and not v] == []


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        ("metric", METRICS),
        ("category", CATEGORIES),
        ("qualifier", QUALIFIERS),
        ("reliability", RELIABILITY),
        ("credibility", CREDIBILITY),
        ("actor_kind", ACTOR_KINDS),
        ("location_kind", LOCATION_KINDS),
        ("control_holder", CONTROL_HOLDERS),
        ("control_claim", CONTROL_CLAIMS),
    ],
)
def test_every_vocabulary_value_has_a_label(kind, values):
    for lang in i18n.LANGUAGES:
        assert [v for v in values if not i18n.has(f"{kind}.{v}", lang)] == []


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "24 October 2024"), ("de", "24. Oktober 2024")],
)
def test_long_dates(lang, expected):
    assert i18n.fmt_date(date(2024, 10, 24), lang) == expected


@pytest.mark.parametrize(
    ("low", "high", "qualifier", "lang", "expected"),
    [
        (10000, 10000, "about", "en", "about 10,000"),
        (10000, 10000, "about", "de", "etwa 10.000"),
        (11000, 12000, "range", "en", "11,000–12,000"),
        (11000, 12000, "range", "de", "11.000–12.000"),
        (3000, 3000, "at_least", "de", "mindestens 3.000"),
        (8000, 8000, "up_to", "en", "up to 8,000"),
        (2, 2, "exact", "en", "2"),
    ],
)
def test_claims_are_written_as_said(low, high, qualifier, lang, expected):
    assert i18n.fmt_claim(low, high, qualifier, lang) == expected


def test_month_precision_and_localized_fallback():
    assert i18n.fmt_date(date(2025, 3, 1), "de", "month") == "März 2025"
    row = {"title": "Treaty signed", "title_de": ""}
    assert i18n.localized(row, "title", "de") == "Treaty signed"
    assert i18n.localized({**row, "title_de": "Vertrag"}, "title", "de") == "Vertrag"


def test_problem_messages_are_translated():
    from kursk_monitor.problems import Problem

    problem = Problem("figures.csv", 7, "claimed_on", "2024-13-01", "bad_date", "'2024-13-01' is not a valid date")
    assert problem.text("en") == "'2024-13-01' is not a valid date"
    assert problem.text("de") == "„2024-13-01“ ist kein gültiges Datum (erwartet JJJJ-MM-TT, z. B. 2024-10-18)"
    unknown_rule = Problem("x.csv", 1, "", "", "brand_new_rule", "English only")
    assert unknown_rule.text("de") == "English only"
