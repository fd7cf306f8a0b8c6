"""The map page body: framing, layers, week-by-week play, the deck, and the selected place."""

from __future__ import annotations

import html
from datetime import date

import pandas as pd
import streamlit as st

from kursk_monitor import i18n, map_data, maps
from kursk_monitor.filters import ViewFilter
from kursk_monitor.i18n import label
from kursk_monitor.schema import CATEGORIES, MOVEMENT_MODES
from kursk_monitor.selection import Selection
from kursk_monitor.style import CATEGORY_COLOURS
from kursk_monitor_ui import control_panel, page_state
from kursk_monitor_ui.shell import Context, page_footer

PLAY_SECONDS = 2
DECK_KEY = "map_deck"
PLACE_KEY = "map_place"
LAST_PICK_KEY = "map_last_pick"
WEEK_KEY = "map_week"
KIND_LEGEND = ("capital", "city", "town", "village", "port", "training_ground", "border_crossing", "region")


def render(ctx: Context) -> None:
    st.title(ctx.t("map_page.title"))
    st.caption(f"{ctx.describe('events')} · {ctx.as_of_text()}")
    framing, layers, stepping, playing, basemap = _controls(ctx)
    options = maps.MapOptions(framing=framing, layers=layers, basemap=basemap)
    run_every = PLAY_SECONDS if stepping and playing else None
    st.fragment(run_every=run_every)(_map_and_details)(ctx, options, stepping, playing)
    page_footer(ctx, maps.shown_source_ids(ctx.selection))


def _controls(ctx: Context) -> tuple[str, tuple[str, ...], bool, bool, bool]:
    col_framing, col_layers, col_time = st.columns([2, 4, 2], vertical_alignment="bottom")
    framing = col_framing.radio(
        ctx.t("map_page.framing"),
        maps.FRAMINGS,
        format_func=lambda f: ctx.t(f"map_page.framing_{f}"),
        horizontal=True,
        key="map_framing",
        help=ctx.t("map_page.framing_help"),
    )
    st.session_state.setdefault("map_layers", list(maps.LAYERS))
    layers = col_layers.pills(
        ctx.t("map_page.layers"),
        maps.LAYERS,
        selection_mode="multi",
        format_func=lambda name: ctx.t(f"map_page.layer_{name}"),
        key="map_layers",
    )
    with col_time:
        stepping = st.toggle(ctx.t("map_page.step_weeks"), key="map_step", help=ctx.t("map_page.step_weeks_help"))
        playing = st.toggle(
            ctx.t("map_page.play"),
            key="map_play",
            disabled=not stepping,
            help=ctx.t("map_page.play_help", seconds=PLAY_SECONDS),
        )
    with st.expander(ctx.t("map_page.options")):
        basemap = st.toggle(ctx.t("map_page.basemap"), key="map_basemap", help=ctx.t("map_page.basemap_help"))
    return framing or "kursk", tuple(layers or ()), bool(stepping), bool(playing), bool(basemap)


def _week_view(ctx: Context, playing: bool) -> tuple[Selection, str]:
    """The rows up to the chosen week, and a caption saying which week is shown."""
    first, last = _window(ctx)
    weeks = map_data.week_starts(first, last)
    page_state.page_default(WEEK_KEY, weeks[0])
    chosen = st.session_state.get(WEEK_KEY)
    if chosen not in weeks:  # a link's day that is not a week start shows the week it falls in
        st.session_state[WEEK_KEY] = max((w for w in weeks if chosen and w <= chosen), default=weeks[0])
    elif playing:
        current = weeks.index(st.session_state[WEEK_KEY])
        st.session_state[WEEK_KEY] = weeks[(current + 1) % len(weeks)]
    week = st.select_slider(
        ctx.t("map_page.week"),
        options=weeks,
        format_func=lambda d: i18n.fmt_date_short(d, ctx.lang),
        key=WEEK_KEY,
        disabled=playing,
    )
    view = map_data.until_week(ctx.filter, week)
    caption = ctx.t(
        "map_page.week_caption",
        start=i18n.fmt_date_short(week, ctx.lang),
        end=i18n.fmt_date_short(view.date_to, ctx.lang),
    )
    return ctx.select(view), caption


def _window(ctx: Context) -> tuple[date, date]:
    """The filter's date window, or the span of the data where the filter leaves it open."""
    events = ctx.data.tables["events"]
    dates = pd.concat([events["date"], ctx.data.tables["movements"]["date"]]).dropna()
    first = ctx.filter.date_from or (dates.min().date() if len(dates) else date(2024, 6, 1))
    last = ctx.filter.date_to or (dates.max().date() if len(dates) else date(2025, 12, 31))
    return first, max(first, last)


def _map_and_details(ctx: Context, options: maps.MapOptions, stepping: bool, playing: bool) -> None:
    selection, week_caption = _week_view(ctx, playing) if stepping else (ctx.selection, "")
    deck = _cached_deck(selection, ctx.labels, ctx.key, selection.view, ctx.lang, options)
    col_map, col_side = st.columns([7, 3])
    with col_map:
        if week_caption:
            st.markdown(f"**{week_caption}**")
        event = st.pydeck_chart(
            deck,
            on_select="rerun",
            selection_mode="single-object",
            key=DECK_KEY,
            height=options.height,
        )
        _legend(ctx, options)
        _notes(ctx, selection)
        control_panel.notes(ctx, options.basemap)
    with col_side:
        _apply_pick(event)
        _place_details(ctx, selection)
    page_state.write_url("map")  # a rerun of this fragment alone changes the week or the place


# Shared, read-only (cache_resource): unpickling a deck on every rerun costs more than it saves.
@st.cache_resource(show_spinner=False, max_entries=64)
def _cached_deck(_selection, _labels, data_key: tuple, view: ViewFilter, lang: str, options: maps.MapOptions):
    # Arguments with a leading underscore are not hashed; the data key, view and language stand for them.
    return maps.build_map(_selection, _labels, options)


def _apply_pick(event) -> None:
    """Carry a click on the map into the place selector (only when the click is new)."""
    objects = {}
    try:
        objects = event.selection.get("objects", {}) or {}
    except AttributeError:
        objects = {}
    picked = None
    for layer_objects in objects.values():
        for obj in layer_objects or ():
            picked = obj.get("location_id") or obj.get("to_id")
    if picked and picked != st.session_state.get(LAST_PICK_KEY):
        st.session_state[LAST_PICK_KEY] = picked
        st.session_state[PLACE_KEY] = picked


def _place_details(ctx: Context, selection: Selection) -> None:
    st.subheader(ctx.t("map_page.details"))
    locations = ctx.data.tables["locations"]
    events, figures = selection.events, selection.figures
    active = {
        *events["location_id"].unique(),
        *figures["location_id"].unique(),
        *selection.control["location_id"].unique(),
    }
    chosen = st.session_state.get(PLACE_KEY)
    choices = sorted(
        (loc for loc in locations["location_id"].tolist() if loc in active or loc == chosen),
        key=lambda loc: ctx.labels.place(loc).casefold(),
    )
    if st.session_state.get(PLACE_KEY) not in (None, *choices):
        st.session_state[PLACE_KEY] = None
    place = st.selectbox(
        ctx.t("map_page.select_place"),
        choices,
        index=None,
        format_func=ctx.labels.place,
        placeholder=ctx.t("map_page.no_place"),
        key=PLACE_KEY,
        help=ctx.t("map_page.select_place_help"),
    )
    if not place:
        st.caption(ctx.t("map_page.pick_hint"))
        return
    row = locations[locations["location_id"] == place].iloc[0]
    region = ", ".join(v for v in (row["admin1"], ctx.labels.vocab("country", row["country"])) if v)
    st.caption(
        ctx.t(
            "map_page.place_summary", kind=ctx.labels.vocab("location_kind", row["kind"]), region=ctx.labels.md(region)
        )
    )
    has_control = control_panel.place_control(ctx, selection, place)
    here_events = map_data.place_events(events, place, ctx.labels)
    here_claims = map_data.place_claims(figures, place, ctx.labels)
    if here_events.empty and here_claims.empty and not has_control:
        st.info(ctx.t("map_page.nothing_here"))
        return
    n_events = int((events["location_id"] == place).sum())
    _place_table(ctx, here_events, ctx.t("map_page.events_here", n=i18n.fmt_number(n_events, ctx.lang)), EVENT_LINES)
    n_claims = int((figures["location_id"] == place).sum())
    _place_table(ctx, here_claims, ctx.t("map_page.claims_here", n=i18n.fmt_number(n_claims, ctx.lang)), CLAIM_LINES)


# What the place panel lists per row: the first line's fields, then the line below (joined by " — ").
EVENT_LINES = (("date", "grade", "category"), ("title",))
CLAIM_LINES = (("date", "grade", "metric"), ("value", "claimant"))
PANEL_SCROLL_AFTER = 6  # rows; a longer list scrolls inside its box
PANEL_MAX_HEIGHT = 420  # px


def _place_table(ctx: Context, table, heading: str, lines: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    """What was reported at the chosen place, one short block per row under a bold heading.

    Blocks, not a table: the side panel is too narrow for four or five columns, and a block wraps
    a long event title. Every text from the data is escaped.
    """
    if table.empty:
        return
    md = ctx.labels.md
    grade = ctx.t("map_page.col_grade")
    st.markdown(f"**{heading}**")
    height = PANEL_MAX_HEIGHT if len(table) > PANEL_SCROLL_AFTER else "content"
    with st.container(height=height, border=False):
        for row in table.to_dict("records"):
            head = [f"{grade} {row[name]}" if name == "grade" else row[name] for name in lines[0]]
            first = " · ".join(md(text) for text in head if text)
            second = " — ".join(md(row[name]) for name in lines[1] if row[name])
            st.markdown(f"**{first}**  \n{second}")


def _swatch(colour: str, text: str, shape: str = "50%") -> str:
    return (
        f'<span style="display:inline-block;width:11px;height:11px;border-radius:{shape};'
        f'background:{colour};margin:0 5px 0 8px;vertical-align:middle"></span>{html.escape(text)}'
    )


def _legend(ctx: Context, options: maps.MapOptions) -> None:
    """Legend from our own labels and colours only (no data text is rendered as HTML)."""
    lang = ctx.lang
    parts = [f"<b>{html.escape(ctx.t('map_page.legend'))}</b>"]
    if "control" in options.layers:
        parts.append(control_panel.legend_html(ctx))
    if "places" in options.layers:
        swatches = " ".join(
            _swatch(map_data.KIND_COLOURS[kind], label("location_kind", kind, lang)) for kind in KIND_LEGEND
        )
        parts.append(f"<div>{html.escape(ctx.t('map_page.legend_places'))}<br>{swatches}</div>")
    if "events" in options.layers:
        swatches = " ".join(_swatch(CATEGORY_COLOURS[c], label("category", c, lang)) for c in CATEGORIES)
        parts.append(f"<div>{html.escape(ctx.t('map_page.legend_events'))}<br>{swatches}</div>")
    if "claims" in options.layers:
        parts.append(f"<div>{html.escape(ctx.t('map_page.legend_claims'))}</div>")
    if "movements" in options.layers:
        swatches = " ".join(
            _swatch(map_data.MODE_COLOURS[m], ctx.t(f"map_page.mode_{m}"), "2px") for m in MOVEMENT_MODES
        )
        schematic = html.escape(ctx.t("front_map.movements_schematic"))
        parts.append(f"<div>{html.escape(ctx.t('map_page.legend_movements'))}<br>{swatches}<br>{schematic}</div>")
    parts.append(f"<div>{html.escape(ctx.t('map_page.legend_grades'))}</div>")
    st.html(f'<div style="font-size:0.8rem;line-height:1.5">{"".join(f"<p>{p}</p>" for p in parts)}</div>')


def _notes(ctx: Context, selection: Selection) -> None:
    """Sources, unplaced rows and the borders note under the map, so a screenshot stands alone."""
    line = selection.derived(
        ("map_sources", ctx.lang), lambda: maps.source_line(maps.shown_source_ids(selection), ctx.labels)
    )
    st.caption(ctx.labels.md(line))
    control_panel.region_claims(ctx, selection)
    unplaced_events = int((selection.events["location_id"] == "").sum())
    unplaced_claims = int((selection.figures["location_id"] == "").sum())
    if unplaced_events or unplaced_claims:
        st.caption(
            ctx.t(
                "map_page.unplaced",
                n=i18n.fmt_number(unplaced_events, ctx.lang),
                m=i18n.fmt_number(unplaced_claims, ctx.lang),
            )
        )
    hidden = map_data.hidden_places(selection)
    if hidden:
        st.caption(
            ctx.t(
                "map_page.places_hidden",
                n=i18n.fmt_number(len(map_data.drawn_places(selection)), ctx.lang),
                m=i18n.fmt_number(hidden, ctx.lang),
            )
        )
    st.caption(ctx.t("map_page.borders_note"))
