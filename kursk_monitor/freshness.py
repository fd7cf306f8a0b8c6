"""How current the data is: the period it covers and its age, both read from the data.

The period a page names and the as-of line on every picture come from here, so no page says
"through December 2025" in fixed text. When the newest row is more than `STALE_AFTER_DAYS` older
than today, the as-of line says how old it is, so a stale screenshot cannot pass as current.
"Today" is the clock's date unless `$KURSK_MONITOR_TODAY` (YYYY-MM-DD) fixes it, e.g. in tests.
"""

from __future__ import annotations

import os
from datetime import date

import pandas as pd

from kursk_monitor import i18n
from kursk_monitor.i18n import t

STALE_AFTER_DAYS = 60
TODAY_ENV = "KURSK_MONITOR_TODAY"


def today() -> date:
    """`$KURSK_MONITOR_TODAY` when it holds a date, else the clock's date."""
    fixed = os.environ.get(TODAY_ENV, "").strip()
    if fixed:
        try:
            return date.fromisoformat(fixed)
        except ValueError:
            pass
    return date.today()


def age_days(as_of: pd.Timestamp | date | None, on: date | None = None) -> int | None:
    """Whole days from `as_of` to `on` (today by default); None without a date."""
    if as_of is None or pd.isna(as_of):
        return None
    return ((on or today()) - pd.Timestamp(as_of).date()).days


def is_stale(as_of: pd.Timestamp | date | None, on: date | None = None) -> bool:
    """True when the newest row is more than `STALE_AFTER_DAYS` older than `on` (today)."""
    days = age_days(as_of, on)
    return days is not None and days > STALE_AFTER_DAYS


def as_of_text(as_of: pd.Timestamp | date | None, lang: str, on: date | None = None) -> str:
    """'Data as of 24 October 2024', or 'Data as of 17 March 2026 — 259 days old' when stale; '' without a date."""
    if as_of is None or pd.isna(as_of):
        return ""
    if is_stale(as_of, on):
        days = age_days(as_of, on)
        return t("freshness.stale", lang, date=i18n.fmt_date(as_of, lang), days=i18n.fmt_number(days, lang))
    return t("common.as_of", lang, date=i18n.fmt_date(as_of, lang))


def period_text(span: tuple[pd.Timestamp, pd.Timestamp] | None, lang: str) -> str:
    """'June 2024 – March 2026' from the data's first and last dates; '' without dates."""
    if span is None:
        return ""
    first, last = (i18n.fmt_date(d, lang, "month") for d in span)
    return first if first == last else t("freshness.period", lang, first=first, last=last)
