"""Cross-column checks of `control.csv` rows, named in the control `TableSpec` and run by
`validate.check_rows` like the checks of the other files."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from kursk_monitor.schema import CLAIM_HOLDERS


def as_of_not_after_date(out, typed: dict[str, pd.Series]) -> None:
    """A claim cannot describe a day after the day it was made public."""
    date, as_of = typed["date"], typed["as_of"]
    bad = (as_of > date).fillna(False)
    out.add(
        bad,
        "as_of",
        "as_of_after_date",
        lambda v: f"as_of {v} is after date, the day the claim was made public",
    )


def holder_fits_claim(out, typed: dict[str, pd.Series]) -> None:
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
    "as_of_le_date": as_of_not_after_date,
    "holder_fits_claim": holder_fits_claim,
}
