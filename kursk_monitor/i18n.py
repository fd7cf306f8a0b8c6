"""UI texts in English and German, and dates and numbers formatted for the language.

Texts live in one TOML catalogue per language (`locales/en.toml`, `locales/de.toml`); a key is
`section.name`. Dates and numbers are formatted with Babel (en: 24 October 2024, 10,000;
de: 24. Oktober 2024, 10.000).
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime
from functools import cache, lru_cache

import numpy as np
import pandas as pd
from babel import Locale
from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal

from kursk_monitor.paths import LOCALES_DIR

LANGUAGES = ("en", "de")
DEFAULT_LANGUAGE = "en"
BABEL_LOCALE = {"en": "en_GB", "de": "de_DE"}


def _flatten(tree: dict, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}."))
        else:
            flat[name] = str(value)
    return flat


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All texts of one language, keyed `section.name`."""
    with open(LOCALES_DIR / f"{lang}.toml", "rb") as fh:
        return _flatten(tomllib.load(fh))


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def t(key: str, lang: str, /, **values) -> str:
    """The text for `key` in `lang`, with `{placeholders}` filled; the key itself if missing."""
    text = catalogue(normalise_lang(lang)).get(key)
    if text is None:
        text = catalogue(DEFAULT_LANGUAGE).get(key, key)
    return text.format(**values) if values else text


def t_count(key: str, count: int, lang: str, /, **values) -> str:
    """Like `t`, but for a count of exactly one the singular `one.<key>` where the catalogue has it."""
    if count == 1 and (has(f"one.{key}", lang) or has(f"one.{key}", DEFAULT_LANGUAGE)):
        return t(f"one.{key}", lang, **values)
    return t(key, lang, **values)


def has(key: str, lang: str) -> bool:
    return key in catalogue(normalise_lang(lang))


def fmt_date(value: date | datetime | pd.Timestamp | None, lang: str, precision: str = "day") -> str:
    """24 October 2024 / 24. Oktober 2024; 'October 2024' for month precision."""
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return _fmt_day(value, normalise_lang(lang), precision)


@lru_cache(maxsize=16_384)
def _fmt_day(value: date | datetime, lang: str, precision: str) -> str:
    """`fmt_date` of one day, remembered: pages format the same few hundred days on every rerun."""
    locale = BABEL_LOCALE[lang]
    if precision == "short":
        return _babel_date(value, "d MMM y" if lang == "en" else "dd.MM.y", locale=locale)
    if precision == "month":
        return _babel_date(value, "MMMM y", locale=locale)
    if precision == "week":
        return t("common.week_of", lang, date=_babel_date(value, "long", locale=locale))
    return _babel_date(value, "long", locale=locale)


def fmt_date_short(value: date | datetime | pd.Timestamp | None, lang: str) -> str:
    """24 Oct 2024 / 24.10.2024."""
    if value is None or pd.isna(value):
        return ""
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return _fmt_day(value, normalise_lang(lang), "short")


def fmt_number(value: float | int | None, lang: str) -> str:
    """10,000 / 10.000."""
    if value is None or pd.isna(value):
        return ""
    lang = normalise_lang(lang)
    if isinstance(value, int | np.integer) or (isinstance(value, float) and value.is_integer() and abs(value) < 1e15):
        return f"{int(value):,}".replace(",", _group_separator(lang))  # a map's hovers format thousands of counts
    return format_decimal(value, locale=_babel_locale(lang))


@cache
def _babel_locale(lang: str) -> Locale:
    return Locale.parse(BABEL_LOCALE[lang])


@cache
def _group_separator(lang: str) -> str:
    """The thousands separator of the language, as babel writes it."""
    return format_decimal(1000, locale=_babel_locale(lang))[1]


def fmt_claim(low: int, high: int, qualifier: str, lang: str) -> str:
    """A claimed number as said: 'at least 10,000', '11,000–12,000', 'about 1,500'."""
    number = fmt_number(low, lang) if low == high else f"{fmt_number(low, lang)}–{fmt_number(high, lang)}"
    if qualifier in ("exact", "range") or not qualifier:
        return number
    return t(f"qualifier_phrase.{qualifier}", lang, n=number)


def label(kind: str, value: str, lang: str) -> str:
    """Display name of a vocabulary value, e.g. label('metric', 'killed', 'de') -> 'Getötete'."""
    key = f"{kind}.{value}"
    return t(key, lang) if has(key, lang) or has(key, DEFAULT_LANGUAGE) else value


def localized(row: pd.Series | dict, column: str, lang: str) -> str:
    """`column_de` in German when present, else `column`."""
    if lang == "de":
        value = row.get(f"{column}_de", "")
        if isinstance(value, str) and value.strip():
            return value
    value = row.get(column, "")
    return value if isinstance(value, str) else ""
