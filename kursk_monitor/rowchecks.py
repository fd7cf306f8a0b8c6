"""Checks that compare cells of a row, or rows of one table, named in each `TableSpec.checks`.

Each check takes the table being validated, its typed columns and the problem collector of
`kursk_monitor.validate`, and works on whole columns at once: 100,000 rows cost a few numpy passes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from kursk_monitor.schema import CLAIM_HOLDERS


def _day(value) -> str:
    return value.strftime("%Y-%m-%d") if pd.notna(value) else "?"


def low_le_high(table, typed, out) -> None:
    """value_low may not exceed value_high; a 'range' of one number is worth a warning."""
    low, high = typed["value_low"], typed["value_high"]
    bad = (low > high).fillna(False)
    out.add(bad, "value_high", "low_greater_than_high", lambda v: f"value_low is greater than value_high ({v})")
    single = (low == high).fillna(False) & (typed["qualifier"] == "range").fillna(False)
    out.add(
        single,
        "qualifier",
        "qualifier_mismatch",
        "qualifier is 'range' but value_low equals value_high",
        severity="warning",
    )


def personnel_low_le_high(table, typed, out) -> None:
    """personnel_low may not exceed personnel_high."""
    bad = (typed["personnel_low"] > typed["personnel_high"]).fillna(False)
    out.add(
        bad, "personnel_high", "low_greater_than_high", lambda v: f"personnel_low is greater than personnel_high ({v})"
    )


def date_le_end(table, typed, out) -> None:
    """An end date may not come before the start date."""
    bad = (typed["end_date"] < typed["date"]).fillna(False)
    out.add(bad, "end_date", "end_before_start", lambda v: f"end_date {v} is before date")


def country_unless_anonymous(table, typed, out) -> None:
    """Every actor but an anonymous one needs a country."""
    kind = typed["kind"]
    missing = (table.frame["country"].astype(str) == "") & kind.notna() & (kind != "anonymous")
    out.add(
        missing,
        "country",
        "required",
        "a value is required in 'country' (only an anonymous claimant may leave it empty)",
    )


def period_within_claim(table, typed, out) -> None:
    """A period that a number counts must start by the day the claim describes (as_of, else claimed_on)."""
    start = typed["period_start"]
    end = typed["as_of"].fillna(typed["claimed_on"])
    positions = np.flatnonzero((start > end).fillna(False).to_numpy(dtype=bool))
    out.add_at(
        positions,
        "period_start",
        "period_after_claim",
        [
            f"period_start {_day(start.iloc[p])} is after {_day(end.iloc[p])}, the day the claim describes "
            "(as_of, else claimed_on); a counted period must start by then"
            for p in positions
        ],
    )


def cycle_members(target: np.ndarray) -> np.ndarray:
    """For pointers `target` (-1 for none), which positions lie on a cycle (self-loops included).

    Pointer doubling: after at least n steps every walk has reached a cycle or the end, and the
    positions reached are exactly the cycle members. log2(n) passes of numpy indexing.
    """
    n = len(target)
    step = np.append(np.where(target >= 0, target, n), n)  # position n is the end of every chain
    walked = 1
    while walked < n + 1:
        step = step[step]
        walked *= 2
    on_cycle = np.zeros(n + 1, dtype=bool)
    on_cycle[step] = True
    return on_cycle[:n]


def restates_earlier_claim(table, typed, out) -> None:
    """`restates` names an earlier claim on the same metric: not itself, not a later row, no cycle.

    Earlier means claimed on an earlier day, or on the same day with a lower id number.
    Unknown ids are reported by the reference check.
    """
    frame = table.frame
    restates = frame["restates"].astype(str)
    if not (restates != "").any():
        return
    ids = frame[table.spec.id_column].astype(str)
    first_position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    first_position = first_position[~first_position.index.duplicated()]
    target = restates.map(first_position).fillna(-1).astype(np.int64).to_numpy()
    points = target >= 0
    self_ref = points & (restates == ids).to_numpy()
    cycle = points & cycle_members(np.where(self_ref, -1, target)) & ~self_ref
    _report(out, restates, self_ref, "restates_self", lambda p: f"restates names this row's own id '{ids.iloc[p]}'")
    _report(out, restates, cycle, "restates_cycle", lambda p: f"restates forms a cycle ({_chain(ids, target, p)})")
    plain = points & ~self_ref & ~cycle
    safe_target = np.where(points, target, 0)
    date = typed["claimed_on"].to_numpy()
    number = pd.to_numeric(ids.str.extract(r"(\d+)$")[0], errors="coerce").to_numpy()
    target_date, target_number = date[safe_target], number[safe_target]
    later = plain & ((target_date > date) | ((target_date == date) & ~(target_number < number)))
    _report(
        out,
        restates,
        later,
        "restates_not_earlier",
        lambda p: (
            f"restates '{ids.iloc[target[p]]}' (claimed {_day(pd.Timestamp(date[target[p]]))}), which is not earlier "
            f"than this claim ({_day(pd.Timestamp(date[p]))}); a restated claim must be made before it, "
            "or on the same day with a lower id"
        ),
    )
    metric = typed["metric"].astype(object).to_numpy()
    target_metric = metric[safe_target]
    other = plain & ~later & pd.notna(metric) & pd.notna(target_metric) & (metric != target_metric)
    _report(
        out,
        restates,
        other,
        "restates_other_metric",
        lambda p: (
            f"restates '{ids.iloc[target[p]]}', a claim on '{metric[target[p]]}', but this row counts "
            f"'{metric[p]}'; a restatement repeats a claim on the same metric"
        ),
    )


def _report(out, restates: pd.Series, mask: np.ndarray, rule: str, message: Callable[[int], str]) -> None:
    positions = np.flatnonzero(mask)
    out.add_at(positions, "restates", rule, [message(int(p)) for p in positions])


def _chain(ids: pd.Series, target: np.ndarray, start: int) -> str:
    path, position = [ids.iloc[start]], int(target[start])
    while position != start and len(path) <= len(ids):
        path.append(ids.iloc[position])
        position = int(target[position])
    return " → ".join([*path, ids.iloc[start]])


def as_of_not_after_date(table, typed, out: dict[str, pd.Series]) -> None:
    """A claim cannot describe a day after the day it was made public."""
    date, as_of = typed["date"], typed["as_of"]
    bad = (as_of > date).fillna(False)
    out.add(
        bad,
        "as_of",
        "as_of_after_date",
        lambda v: f"as_of {v} is after date, the day the claim was made public",
    )


def holder_fits_claim(table, typed, out: dict[str, pd.Series]) -> None:
    """The holder must be one the kind of claim allows (see `schema.CLAIM_HOLDERS`)."""
    holder, claim = typed["holder"], typed["claim"]
    allowed = claim.map(lambda c: CLAIM_HOLDERS.get(c, ()) if isinstance(c, str) else ())
    known = holder.notna() & claim.notna()
    fits = pd.Series([h in a for h, a in zip(holder, allowed, strict=True)], index=holder.index)
    bad = known & ~fits
    if not bad.any():
        return
    claims = dict(zip(claim.index, claim, strict=True))
    positions = bad[bad].index.to_numpy()
    messages = [
        f"holder '{holder[p]}' does not fit claim '{claims[p]}', "
        f"which takes holder {' or '.join(CLAIM_HOLDERS[claims[p]])}"
        for p in positions
    ]
    out.add_at(positions, "holder", "holder_claim_mismatch", messages)


ROW_CHECKS: dict[str, Callable] = {
    "low_le_high": low_le_high,
    "personnel_low_le_high": personnel_low_le_high,
    "date_le_end": date_le_end,
    "country_unless_anonymous": country_unless_anonymous,
    "period_within_claim": period_within_claim,
    "restates_earlier_claim": restates_earlier_claim,
    "as_of_le_date": as_of_not_after_date,
    "holder_fits_claim": holder_fits_claim,
}
