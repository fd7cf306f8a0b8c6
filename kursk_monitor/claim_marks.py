"""How claims that are not plain counts are drawn on the claims-over-time chart.

`split` sorts a metric's claims (from `figures.claim_points`) by what they count, using
`kursk_monitor.claim_rules`; the plain counts stay the claimant series of `kursk_monitor.figures`,
everything else is drawn here, each with its own legend entry:

- forecasts, plans and capabilities: open symbols, one per kind, in the legend group `outlook`
  (shown by default; the figures page can hide them);
- evidence counts: an arrow up from a bar, a lower bound of a toll;
- a count for one period: a horizontal bar from the period's first day to the claim's date,
  never joined to the running totals;
- a claim about one place or incident: a crossed circle, never read as a total;
- restatements: small dotted rings tied to their original by a dotted line ("repeats …" in hover),
  never a new point of a series;
- claims graded 5 or 6: faded with a "?" mark; they never set the scale unless shown at full
  weight, and one above the scale sits on the top edge with an arrow.

Every marker keeps its claimant's colour; legend keys are grey so they read as kinds, not claimants.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from kursk_monitor import claim_rules, i18n
from kursk_monitor.chart_frame import esc
from kursk_monitor.i18n import t

KEY_COLOUR = "#555555"
ECHO_LINE = "#9A9A9A"
FADED_OPACITY = 0.35
# None of these is a claimant's symbol (`style.SYMBOLS` and their open forms).
OUTLOOK_SYMBOLS = {"forecast": "star-triangle-up-open", "plan": "hourglass-open", "capability": "octagon-open"}
SYMBOLS = {"evidence": "arrow-bar-up", "local": "circle-x-open", "echo": "circle-open-dot", "faded": "circle"}
LEGEND_RANK = 2000  # after the claimants

# (rows, chart, short) -> one hover text per row, as the claimant series write them
HoverTexts = Callable[[pd.DataFrame, object, bool], list[str]]


@dataclass(frozen=True)
class Marks:
    """A metric's claims sorted by how they are drawn."""

    main: pd.DataFrame  # plain counts: the claimant series
    outlook: pd.DataFrame
    evidence: pd.DataFrame
    period: pd.DataFrame
    local: pd.DataFrame
    faded: pd.DataFrame
    echo: pd.DataFrame
    originals: pd.DataFrame  # every claim with an id, for tying echoes to what they repeat
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def lookups(self, chart) -> tuple[dict, dict]:
        """Who repeated each original and who said each claim, built once per chart language."""
        if chart.lang not in self.cache:
            self.cache[chart.lang] = lookups(self.originals, chart)
        return self.cache[chart.lang]

    def scaled(self) -> list[pd.DataFrame]:
        """The parts whose numbers set the chart's scale (all but the faded claims)."""
        return [self.main, self.outlook, self.evidence, self.period, self.local, self.echo]


SIDE_PARTS = ("outlook", "evidence", "period", "local", "faded", "echo")


def weekly(marks: Marks) -> Marks:
    """At most one mark per part, claimant and week: what an aggregated chart can still show one by one."""

    def thin(part: pd.DataFrame) -> pd.DataFrame:
        week = part["claimed_on"].dt.to_period("W-SUN")
        return part[~pd.DataFrame({"c": part["claimant_id"], "w": week}).duplicated().to_numpy()]

    parts = {name: thin(getattr(marks, name)) for name in SIDE_PARTS}
    return Marks(main=marks.main, originals=marks.originals, **parts)


def count(marks: Marks) -> int:
    """How many claims the marks draw apart from the main series."""
    return sum(len(getattr(marks, name)) for name in SIDE_PARTS)


def split(points: pd.DataFrame, full_weight: bool = False) -> Marks:
    """Sort claims into the parts drawn differently; `full_weight` keeps grade 5–6 claims unfaded."""
    kind = claim_rules.kinds(points)
    echo = claim_rules.is_restatement(points)
    outlook = ~echo & np.isin(kind, claim_rules.OUTLOOK_KINDS)
    rest = ~echo & ~outlook
    faded = rest & claim_rules.is_faded(points) if not full_weight else np.zeros(len(points), dtype=bool)
    rest &= ~faded
    period = rest & claim_rules.is_period(points)
    rest &= ~period
    evidence = rest & (kind == claim_rules.EVIDENCE_KIND)
    rest &= ~evidence
    local = rest & claim_rules.is_local(points)
    rest &= ~local
    return Marks(
        main=points[rest],
        outlook=points[outlook],
        evidence=points[evidence],
        period=points[period],
        local=points[local],
        faded=points[faded],
        echo=points[echo],
        originals=points,
    )


# --- hover details -------------------------------------------------------------------------------


def lookups(everything: pd.DataFrame, chart) -> tuple[dict, dict]:
    """('repeated by …' line per original id, (claimant, date) per claim id) among `everything`."""
    # only claims someone repeats are looked up (a chart may hold 300,000 claims and few repeats)
    originals = everything["restates"].dropna().unique() if "restates" in everything else []
    repeated = everything[everything["figure_id"].isin([o for o in originals if o])]
    if repeated.empty:
        return _repeated_by(everything, chart), {}
    said_by = dict(
        zip(
            repeated["figure_id"].tolist(),
            zip(repeated["claimant_id"].tolist(), repeated["claimed_on"].tolist(), strict=True),
            strict=True,
        )
    )
    return _repeated_by(everything, chart), said_by


def details(part: pd.DataFrame, everything: pd.DataFrame, chart, found: tuple[dict, dict] | None = None) -> list[str]:
    """Per row, the lines that say what it counts: kind, period, place, what it repeats, who repeated it."""
    lang = chart.lang
    kind = claim_rules.kinds(part)
    period = part["period_start"] if "period_start" in part else pd.Series(pd.NaT, index=part.index)
    restates = part["restates"].fillna("") if "restates" in part else pd.Series("", index=part.index)
    local = claim_rules.is_local(part)
    faded = claim_rules.is_faded(part)
    repeated, said_by = found if found is not None else lookups(everything, chart)
    texts = []
    for fid, k, start, day, original, is_local, is_faded in zip(
        part["figure_id"], kind, period, part["claimed_on"], restates, local, faded, strict=True
    ):
        lines = []
        if k != "assessment":
            lines.append(t(f"claims_app.hover_kind_{k}", lang))
        if pd.notna(start):
            lines.append(t("claims_app.hover_period", lang, start=_day(start, lang), end=_day(day, lang)))
        if is_local:
            lines.append(t("claims_app.hover_local", lang))
        if original:
            who, when = said_by.get(original, ("", None))
            lines.append(_restates_line(original, who, when, chart))
        if fid in repeated:
            lines.append(repeated[fid])
        if is_faded:
            lines.append(t("claims_app.hover_faded", lang))
        texts.append("<br>".join(f"<i>{esc(line)}</i>" for line in lines))
    return texts


def _day(day, lang: str) -> str:
    return i18n.fmt_date_short(day, lang) if pd.notna(day) else ""


def _restates_line(original: str, who: str, when, chart) -> str:
    if not who:
        return t("claims_app.hover_restates_id", chart.lang, id=original)
    return t("claims_app.hover_restates", chart.lang, id=original, name=chart.name(who), date=_day(when, chart.lang))


def _repeated_by(everything: pd.DataFrame, chart) -> dict[str, str]:
    """Original id -> 'Repeated by A, B (1 confirmation, 1 repetition)'."""
    found = claim_rules.echoes(everything)
    by_original: dict[str, list] = {}
    for original, claimant, confirms in zip(found["original_id"], found["claimant_id"], found["confirms"], strict=True):
        by_original.setdefault(original, []).append((claimant, bool(confirms)))
    lines = {}
    for original, repeats in by_original.items():
        names = ", ".join(dict.fromkeys(chart.name(claimant) for claimant, _ in repeats))
        confirmations = sum(confirms for _, confirms in repeats)
        counts = echo_summary(confirmations, len(repeats) - confirmations, chart.lang)
        lines[original] = t("claims_app.hover_repeated_by", chart.lang, names=names, counts=counts)
    return lines


def echo_summary(confirmations: int, repetitions: int, lang: str) -> str:
    """'2 confirmations, 1 repetition' (empty when neither)."""
    parts = []
    if confirmations:
        key = "claims_app.confirmations_one" if confirmations == 1 else "claims_app.confirmations"
        parts.append(t(key, lang, n=i18n.fmt_number(confirmations, lang)))
    if repetitions:
        key = "claims_app.repetitions_one" if repetitions == 1 else "claims_app.repetitions"
        parts.append(t(key, lang, n=i18n.fmt_number(repetitions, lang)))
    return ", ".join(parts)


# --- traces ------------------------------------------------------------------------------------------


def _x(days: pd.Series) -> np.ndarray:
    return days.to_numpy(dtype="datetime64[ms]").astype(np.int64).astype(np.float64)


def _ms(day) -> float:
    """A date as plotly's x value (milliseconds since 1970)."""
    return pd.Timestamp(day).value / 1_000_000


def _hover(part: pd.DataFrame, marks: Marks, chart, hover: HoverTexts, dense: bool) -> list[str]:
    base = hover(part, chart, dense)
    extra = details(part, marks.originals, chart, marks.lookups(chart))
    return [f"{b}<br>{e}" if e else b for b, e in zip(base, extra, strict=True)]


def _key(
    fig: go.Figure, name: str, group: str, rank: int, marker: dict | None = None, line: dict | None = None
) -> None:
    """A legend entry in grey for a kind of mark; clicking it hides every mark of that kind."""
    dense = any(isinstance(trace, go.Scattergl) for trace in fig.data)
    fig.add_trace(
        (go.Scattergl if dense else go.Scatter)(
            x=[None],
            y=[None],
            mode="lines" if line else "markers",
            marker=marker or {},
            line=line or {},
            name=name,
            legendgroup=group,
            legendrank=LEGEND_RANK + rank,
            showlegend=True,
            hoverinfo="skip",
            meta={"legend_key": group},
        )
    )


def _points(
    fig: go.Figure, part: pd.DataFrame, marks: Marks, chart, hover: HoverTexts, dense: bool, **spec
) -> go.Scatter | go.Scattergl:
    """One trace of markers in their claimants' colours."""
    colours = [chart.style(c)[0] for c in part["claimant_id"]]
    marker = {"color": colours, "size": 7 if dense else 11, **spec.pop("marker", {})}
    if marker["symbol"].endswith("-open"):
        marker["line"] = {"width": 2, "color": colours}
    trace = go.Scattergl if dense else go.Scatter
    if dense:
        spec.pop("cliponaxis", None)  # WebGL traces have no such property
    made = trace(
        x=_x(part["claimed_on"]),
        y=spec.pop("y", part["y"]).to_numpy(dtype=np.float32),
        mode=spec.pop("mode", "markers"),
        marker=marker,
        hovertext=_hover(part, marks, chart, hover, dense),
        hoverinfo="text",
        showlegend=False,
        **spec,
    )
    fig.add_trace(made)
    return made


def add_marks(
    fig: go.Figure, marks: Marks, chart, hover: HoverTexts, *, dense: bool, show_outlook: bool = True, top=None
) -> None:
    """Draw every part but the claimant series; `top` is the scale's upper edge faded claims stop at."""
    lang = chart.lang
    kinds = claim_rules.kinds(marks.outlook)
    simple = [
        (marks.outlook[kinds == kind], kind, "outlook", symbol, rank, _outlook_name(kind, chart))
        for rank, (kind, symbol) in enumerate(OUTLOOK_SYMBOLS.items())
        if show_outlook
    ]
    simple.append(
        (marks.evidence, "evidence", "evidence", SYMBOLS["evidence"], 10, t("claims_app.legend_evidence", lang))
    )
    simple.append((marks.local, "local", "local", SYMBOLS["local"], 30, t("claims_app.legend_local", lang)))
    for part, mark, group, symbol, rank, name in simple:
        if part.empty:
            continue
        spec = {"marker": {"symbol": symbol}, "legendgroup": group, "meta": {"mark": mark}, "name": name}
        _points(fig, part, marks, chart, hover, dense, **spec)
        key = {"symbol": symbol, "color": KEY_COLOUR, "size": 10}
        if symbol.endswith("-open"):
            key["line"] = {"width": 2}
        _key(fig, name, group, rank, key)
    if not marks.period.empty:
        _period_bars(fig, marks, chart, hover, dense)
    if not marks.echo.empty:
        _echoes(fig, marks, chart, hover, dense)
    if not marks.faded.empty:
        _faded(fig, marks, chart, hover, dense, top)


def _outlook_name(kind: str, chart) -> str:
    return t("claims_app.legend_outlook", chart.lang, kind=chart.labels.vocab("claim_kind", kind))


def _period_bars(fig: go.Figure, marks: Marks, chart, hover: HoverTexts, dense: bool) -> None:
    """Each period count as a bar from its first day to its date, one trace per claimant."""
    part = marks.period
    texts = dict(zip(part.index, _hover(part, marks, chart, hover, dense), strict=True))
    for claimant_id, rows in part.groupby("claimant_id", sort=True):
        colour = chart.style(claimant_id)[0]
        x, y, text = [], [], []
        for index, start, day, value in zip(
            rows.index, rows["period_start"], rows["claimed_on"], rows["y"], strict=True
        ):
            x += [_ms(start), _ms(day), None]
            y += [value, value, None]
            text += [texts[index], texts[index], None]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines+markers",
                line={"color": colour, "width": 5},
                marker={"color": colour, "size": 7, "symbol": "line-ns", "line": {"width": 2, "color": colour}},
                hovertext=text,
                hoverinfo="text",
                showlegend=False,
                legendgroup="period",
                connectgaps=False,
                name=t("claims_app.legend_period", chart.lang),
                meta={"mark": "period", "claimant_id": claimant_id},
            )
        )
    _key(fig, t("claims_app.legend_period", chart.lang), "period", 20, line={"color": KEY_COLOUR, "width": 5})


def _echoes(fig: go.Figure, marks: Marks, chart, hover: HoverTexts, dense: bool) -> None:
    """Restatements as small rings in the original's colour, each tied to its original by a dotted line."""
    echo = marks.echo
    roots = claim_rules.originals(marks.originals)
    ids = marks.originals["figure_id"]
    day_of = dict(zip(ids, marks.originals["claimed_on"], strict=True))
    y_of = dict(zip(ids, marks.originals["y"], strict=True))
    claimant_of = dict(zip(ids, marks.originals["claimant_id"], strict=True))
    original = roots.loc[echo.index].map(lambda fid: fid if fid in day_of else "")
    known = original != ""
    colour_of = original.map(claimant_of).where(known, echo["claimant_id"])
    colours = [chart.style(c)[0] for c in colour_of]
    fig.add_trace(
        (go.Scattergl if dense else go.Scatter)(
            x=_x(echo["claimed_on"]),
            y=echo["y"].to_numpy(dtype=np.float32),
            mode="markers",
            marker={"symbol": SYMBOLS["echo"], "size": 6, "color": colours, "line": {"width": 1.5, "color": colours}},
            hovertext=_hover(echo, marks, chart, hover, dense),
            hoverinfo="text",
            showlegend=False,
            legendgroup="echo",
            name=t("claims_app.legend_echo", chart.lang),
            meta={"mark": "echo", "restates": list(original)},
        )
    )
    x, y = [], []
    for fid, day, value in zip(original[known], echo.loc[known, "claimed_on"], echo.loc[known, "y"], strict=True):
        x += [_ms(day_of[fid]), _ms(day), None]
        y += [float(y_of[fid]), float(value), None]
    if x:
        fig.add_trace(
            go.Scatter(
                x=x,
                y=y,
                mode="lines",
                line={"color": ECHO_LINE, "width": 1, "dash": "dot"},
                hoverinfo="skip",
                showlegend=False,
                legendgroup="echo",
                name=t("claims_app.legend_echo", chart.lang),
                meta={"mark": "echo_line"},
            )
        )
    _key(
        fig,
        t("claims_app.legend_echo", chart.lang),
        "echo",
        40,
        {"symbol": SYMBOLS["echo"], "color": KEY_COLOUR, "size": 7, "line": {"width": 1.5}},
    )


def _faded(fig: go.Figure, marks: Marks, chart, hover: HoverTexts, dense: bool, top) -> None:
    """Grade 5–6 claims faded with a '?'; above `top` they sit on the top edge with '↑?'."""
    part = marks.faded
    y = part["y"]
    above = y > top if top is not None else pd.Series(False, index=part.index)
    drawn = y.where(~above, top)
    text = np.where(above.to_numpy(), "↑?", "?")
    _points(
        fig,
        part,
        marks,
        chart,
        hover,
        dense,
        y=drawn,
        mode="markers+text",
        text=list(text),
        textposition="middle right",
        textfont={"color": KEY_COLOUR, "size": 12},
        marker={"symbol": SYMBOLS["faded"], "opacity": FADED_OPACITY},
        legendgroup="faded",
        name=t("claims_app.legend_faded", chart.lang),
        cliponaxis=False,
        meta={"mark": "faded", "above_scale": int(above.sum())},
    )
    _key(
        fig,
        t("claims_app.legend_faded", chart.lang),
        "faded",
        50,
        {"symbol": "circle", "color": KEY_COLOUR, "opacity": FADED_OPACITY},
    )


def scale_top(marks: Marks) -> float | None:
    """The upper edge of the scale without the faded claims, or None when they do not matter."""
    if marks.faded.empty:
        return None
    tops = [np.where(np.isfinite(p["high"]), np.maximum(p["high"], p["y"]), p["y"]) for p in marks.scaled() if len(p)]
    if not tops:
        return None
    highest = float(np.nanmax(np.concatenate(tops)))
    if highest <= 0 or float(marks.faded["y"].max()) <= highest:
        return None
    return highest * 1.1


def y_range(top: float | None, main: pd.DataFrame, log_y: bool) -> list[float] | None:
    """The value axis range when faded claims must not set it; None leaves plotly's own."""
    if top is None:
        return None
    if not log_y:
        return [0, top]
    positive = main.loc[main["low"] > 0, "low"] if len(main) else pd.Series(dtype=float)
    bottom = float(positive.min()) / 2 if not positive.empty else 1.0
    return [float(np.log10(max(bottom, 0.5))), float(np.log10(top))]


def key_line(marks: Marks, lang: str, show_outlook: bool) -> str:
    """A foot line naming what is drawn apart and, when hidden, what was left out."""
    parts = []
    if not marks.outlook.empty and not show_outlook:
        parts.append(t("claims_app.key_outlook_hidden", lang, n=i18n.fmt_number(len(marks.outlook), lang)))
    if not marks.faded.empty:
        parts.append(t("claims_app.key_faded", lang))
    if not marks.echo.empty or not marks.period.empty:
        parts.append(t("claims_app.key_apart", lang))
    return " ".join(parts)
