"""Synthetic data folders at any scale, valid against the schema, for tests and benchmarks.

`python -m kursk_monitor synth --events N --out DIR` writes all seven files. Distributions follow
the curated data's shape: activity peaks in Nov 2024 – Apr 2025, most events sit in Kursk Oblast
near the border, a handful of claimants make most claims. Figure claims come in every kind
(`KIND_SHARES`), some count one period only (`PERIOD_SHARE`), some are about one place
(`LOCAL_SHARE`), and some repeat an earlier original claim on the same metric (`RESTATE_SHARE`,
copying its numbers, kind and period), as the curated data does.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from kursk_monitor import safe_io
from kursk_monitor.schema import CATEGORIES, CLAIM_HOLDERS, CLAIM_KINDS, METRICS, QUALIFIERS

START = pd.Timestamp("2024-06-19")
END = pd.Timestamp("2025-12-31")

ACTORS = [
    # actor_id, name, name_de, kind, country
    ("us_dod", "US Department of Defense", "US-Verteidigungsministerium", "government", "USA"),
    ("us_state", "US Department of State", "US-Außenministerium", "government", "USA"),
    (
        "kr_nis",
        "National Intelligence Service (South Korea)",
        "Nationaler Nachrichtendienst (Südkorea)",
        "intelligence",
        "KOR",
    ),
    ("kr_jcs", "Joint Chiefs of Staff (South Korea)", "Vereinigter Generalstab (Südkorea)", "military", "KOR"),
    ("ua_president", "President of Ukraine", "Präsident der Ukraine", "official", "UKR"),
    (
        "ua_hur",
        "Defence Intelligence of Ukraine (HUR)",
        "Militärnachrichtendienst der Ukraine (HUR)",
        "intelligence",
        "UKR",
    ),
    ("ua_general_staff", "General Staff of Ukraine", "Generalstab der Ukraine", "military", "UKR"),
    ("nato", "NATO", "NATO", "international_org", "NATO"),
    ("uk_mod", "UK Ministry of Defence", "Britisches Verteidigungsministerium", "government", "GBR"),
    ("ru_kremlin", "Kremlin", "Kreml", "government", "RUS"),
    ("ru_mod", "Russian Ministry of Defence", "Russisches Verteidigungsministerium", "government", "RUS"),
    ("kp_kcna", "KCNA (North Korea)", "KCNA (Nordkorea)", "media", "PRK"),
]
ACTOR_WEIGHTS = np.array([10, 4, 12, 5, 10, 8, 5, 2, 4, 3, 3, 2], dtype=float)

LOCATIONS = [
    # location_id, name, name_de, lat, lon, country, admin1, kind, geo_precision, weight
    ("kursk", "Kursk", "Kursk", 51.717, 36.183, "RUS", "Kursk Oblast", "city", 1, 6),
    ("sudzha", "Sudzha", "Sudscha", 51.191, 35.271, "RUS", "Kursk Oblast", "town", 1, 14),
    ("korenevo", "Korenevo", "Korenewo", 51.40, 34.90, "RUS", "Kursk Oblast", "town", 1, 12),
    ("plekhovo", "Plekhovo", "Plechowo", 51.12, 35.13, "RUS", "Kursk Oblast", "village", 2, 8),
    ("kursk_oblast", "Kursk Oblast", "Gebiet Kursk", 51.5, 35.8, "RUS", "Kursk Oblast", "region", 3, 10),
    ("vladivostok", "Vladivostok", "Wladiwostok", 43.115, 131.885, "RUS", "Primorsky Krai", "port", 1, 3),
    ("ussuriysk", "Ussuriysk", "Ussurijsk", 43.80, 131.967, "RUS", "Primorsky Krai", "town", 1, 2),
    ("khabarovsk", "Khabarovsk", "Chabarowsk", 48.483, 135.083, "RUS", "Khabarovsk Krai", "city", 1, 2),
    ("pyongyang", "Pyongyang", "Pjöngjang", 39.019, 125.738, "PRK", "Pyongyang", "capital", 1, 4),
    ("wonsan", "Wonsan", "Wŏnsan", 39.153, 127.443, "PRK", "Kangwon", "port", 1, 2),
    ("moscow", "Moscow", "Moskau", 55.756, 37.617, "RUS", "Moscow", "capital", 1, 5),
    ("seoul", "Seoul", "Seoul", 37.566, 126.978, "KOR", "Seoul", "capital", 1, 5),
    ("kyiv", "Kyiv", "Kyjiw", 50.450, 30.523, "UKR", "Kyiv", "capital", 1, 5),
]


KIND_SHARES = (0.8, 0.08, 0.06, 0.03, 0.03)  # in the order of schema.CLAIM_KINDS
PERIOD_SHARE = 0.04
LOCAL_SHARE = 0.05
RESTATE_SHARE = 0.17  # before repeats of repeats are dropped: about 15 % of the claims

ACTOR_IDS = np.array([actor[0] for actor in ACTORS])
LOCATION_IDS = np.array([loc[0] for loc in LOCATIONS])
LOCATION_WEIGHTS = np.array([loc[9] for loc in LOCATIONS], dtype=float)


def _sample_dates(rng: np.random.Generator, n: int) -> pd.DatetimeIndex:
    """Dates with a peak in the autumn and winter of 2024/25."""
    span = (END - START).days
    peak = (pd.Timestamp("2024-12-15") - START).days
    days = np.where(
        rng.random(n) < 0.6,
        rng.normal(peak, 60, n),
        rng.uniform(0, span, n),
    )
    days = np.clip(days, 0, span).astype(int)
    return START + pd.to_timedelta(days, unit="D")


def frames(events: int, figures: int | None = None, seed: int = 7) -> dict[str, pd.DataFrame]:
    """All seven tables as string-valued frames."""
    rng = np.random.default_rng(seed)
    figures = figures if figures is not None else max(events // 5, 20)
    n_sources = max(events // 20, 30)
    sources = _sources(rng, n_sources)
    actors = pd.DataFrame(ACTORS, columns=["actor_id", "name", "name_de", "kind", "country"])
    actors["description"] = ""
    locations = pd.DataFrame(
        [loc[:9] for loc in LOCATIONS],
        columns=["location_id", "name", "name_de", "lat", "lon", "country", "admin1", "kind", "geo_precision"],
    )
    return {
        "sources": sources,
        "actors": actors,
        "locations": locations,
        "figures": _figures(rng, figures, n_sources),
        "events": _events(rng, events, n_sources),
        "movements": _movements(rng, max(events // 100, 5), n_sources),
        "control": control_claims(np.random.default_rng(seed + 1), max(events // 200, 40), n_sources),
    }


def _source_ids(rng: np.random.Generator, n: int, n_sources: int) -> list[str]:
    return [f"S{i:06d}" for i in rng.integers(1, n_sources + 1, n)]


def _sources(rng: np.random.Generator, n_sources: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "source_id": [f"S{i:06d}" for i in range(1, n_sources + 1)],
            "publisher": rng.choice(["Reuters", "AP", "Yonhap", "KBS World", "Ukrinform", "TASS", "BBC"], n_sources),
            "title": [f"Synthetic report {i}" for i in range(1, n_sources + 1)],
            "url": [f"https://example.org/report/{i}" for i in range(1, n_sources + 1)],
            "published": _sample_dates(rng, n_sources).strftime("%Y-%m-%d"),
            "language": rng.choice(["en", "de", "ko", "uk"], n_sources, p=[0.7, 0.1, 0.1, 0.1]),
            "source_type": rng.choice(["wire", "newspaper", "broadcaster", "official", "think_tank"], n_sources),
            "reliability": rng.choice(list("ABCDEF"), n_sources, p=[0.1, 0.45, 0.25, 0.1, 0.05, 0.05]),
            "note": "",
        }
    )


def _figures(rng: np.random.Generator, figures: int, n_sources: int) -> pd.DataFrame:
    metric = rng.choice(METRICS, figures)
    base = np.where(np.isin(metric, ["troops_in_russia", "troops_in_kursk", "troops_deployment"]), 10_000, 2_000)
    low = (base * rng.lognormal(0, 0.4, figures)).astype(int)
    spread = np.where(rng.random(figures) < 0.3, (low * rng.uniform(0.05, 0.3, figures)).astype(int), 0)
    qualifier = np.where(spread > 0, "range", rng.choice([q for q in QUALIFIERS if q != "range"], figures))
    claimed_on = _sample_dates(rng, figures)
    period = rng.random(figures) < PERIOD_SHARE
    period_start = pd.DatetimeIndex(claimed_on - pd.to_timedelta(rng.integers(6, 31, figures), unit="D"))
    period_start = period_start.where(period_start >= START, START)
    frame = pd.DataFrame(
        {
            "figure_id": [f"F{i:07d}" for i in range(1, figures + 1)],
            "claimed_on": claimed_on.strftime("%Y-%m-%d"),
            "claimant_id": rng.choice(ACTOR_IDS, figures, p=ACTOR_WEIGHTS / ACTOR_WEIGHTS.sum()),
            "metric": metric,
            "value_low": low,
            "value_high": low + spread,
            "qualifier": qualifier,
            "claim_kind": rng.choice(CLAIM_KINDS, figures, p=KIND_SHARES),
            "period_start": np.where(period, period_start.strftime("%Y-%m-%d"), ""),
            "restates": "",
            "scope": np.where(rng.random(figures) < LOCAL_SHARE, "local", ""),
            "location_id": np.where(rng.random(figures) < 0.5, rng.choice(LOCATION_IDS, figures), ""),
            "source_ids": _source_ids(rng, figures, n_sources),
            "credibility": rng.choice(list("123456"), figures, p=[0.1, 0.35, 0.3, 0.1, 0.05, 0.1]),
            "note": "",
        }
    )
    return _restatements(rng, frame)


def _restatements(rng: np.random.Generator, frame: pd.DataFrame) -> pd.DataFrame:
    """Turn `RESTATE_SHARE` of the claims into repeats of an earlier claim on the same metric."""
    order = frame.sort_values(["metric", "claimed_on", "figure_id"], kind="stable").index.to_numpy()
    metric = frame["metric"].to_numpy()[order]
    first = np.r_[0, np.flatnonzero(metric[1:] != metric[:-1]) + 1]
    group_start = np.repeat(first, np.diff(np.r_[first, len(order)]))
    position = np.arange(len(order))
    chosen = (position > group_start) & (rng.random(len(order)) < RESTATE_SHARE)
    # Each chosen claim repeats one at a random earlier position of its metric's time order.
    target = group_start + (rng.random(len(order)) * (position - group_start)).astype(int)
    chosen &= ~chosen[target]  # a restatement repeats an original, never another restatement
    rows, originals = order[chosen], order[target[chosen]]
    frame.loc[rows, "restates"] = frame["figure_id"].to_numpy()[originals]
    for column in ("value_low", "value_high", "qualifier", "claim_kind", "period_start", "scope"):
        frame.loc[rows, column] = frame[column].to_numpy()[originals]
    return frame


def _events(rng: np.random.Generator, events: int, n_sources: int) -> pd.DataFrame:
    start = _sample_dates(rng, events)
    has_end = rng.random(events) < 0.1
    end = start + pd.to_timedelta(rng.integers(1, 30, events), unit="D")
    n_actors = rng.integers(1, 3, events)
    return pd.DataFrame(
        {
            "event_id": [f"E{i:07d}" for i in range(1, events + 1)],
            "date": start.strftime("%Y-%m-%d"),
            "end_date": np.where(has_end, end.strftime("%Y-%m-%d"), ""),
            "date_precision": rng.choice(["day", "week", "month"], events, p=[0.85, 0.1, 0.05]),
            "title": [f"Synthetic event {i}" for i in range(1, events + 1)],
            "title_de": [f"Synthetisches Ereignis {i}" for i in range(1, events + 1)],
            "description": "",
            "category": rng.choice(CATEGORIES, events, p=[0.15, 0.35, 0.1, 0.2, 0.12, 0.03, 0.05]),
            "actor_ids": [
                ";".join(rng.choice(ACTOR_IDS, k, replace=False, p=ACTOR_WEIGHTS / ACTOR_WEIGHTS.sum()))
                for k in n_actors
            ],
            "location_id": rng.choice(LOCATION_IDS, events, p=LOCATION_WEIGHTS / LOCATION_WEIGHTS.sum()),
            "source_ids": _source_ids(rng, events, n_sources),
            "credibility": rng.choice(list("123456"), events, p=[0.15, 0.35, 0.25, 0.1, 0.05, 0.1]),
        }
    )


def _movements(rng: np.random.Generator, n_moves: int, n_sources: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "movement_id": [f"M{i:06d}" for i in range(1, n_moves + 1)],
            "date": _sample_dates(rng, n_moves).strftime("%Y-%m-%d"),
            "date_precision": "day",
            "from_location_id": rng.choice(["wonsan", "pyongyang", "vladivostok", "ussuriysk"], n_moves),
            "to_location_id": rng.choice(["vladivostok", "khabarovsk", "kursk", "sudzha"], n_moves),
            "mode": rng.choice(["sea", "rail", "air", "unknown"], n_moves),
            "source_ids": _source_ids(rng, n_moves, n_sources),
            "credibility": rng.choice(list("123456"), n_moves),
        }
    )


CONTROL_PLACES = ["sudzha", "korenevo", "plekhovo", "kursk_oblast"]
CONTROL_CLAIMANTS = ["ru_mod", "ua_general_staff", "uk_mod"]  # one per side: Russian, Ukrainian, other
CONTROL_PAIRS = [(claim, holder) for claim, holders in CLAIM_HOLDERS.items() for holder in holders]


def control_claims(rng: np.random.Generator, n_claims: int, n_sources: int) -> pd.DataFrame:
    """Control claims on the front's places by each side; some describe an earlier day (`as_of`)."""
    published = _sample_dates(rng, n_claims)
    pairs = [CONTROL_PAIRS[i] for i in rng.integers(0, len(CONTROL_PAIRS), n_claims)]
    earlier = published - pd.to_timedelta(rng.integers(1, 10, n_claims), unit="D")
    return pd.DataFrame(
        {
            "control_id": [f"C{i:06d}" for i in range(1, n_claims + 1)],
            "date": published.strftime("%Y-%m-%d"),
            "as_of": np.where(rng.random(n_claims) < 0.15, earlier.strftime("%Y-%m-%d"), ""),
            "location_id": rng.choice(CONTROL_PLACES, n_claims, p=[0.4, 0.25, 0.25, 0.1]),
            "claimant_id": rng.choice(CONTROL_CLAIMANTS, n_claims, p=[0.45, 0.4, 0.15]),
            "holder": [holder for _claim, holder in pairs],
            "claim": [claim for claim, _holder in pairs],
            "source_ids": _source_ids(rng, n_claims, n_sources),
            "credibility": rng.choice(list("123456"), n_claims),
            "note": "",
            "note_de": "",
        }
    )


def write(out: Path, events: int, figures: int | None = None, seed: int = 7) -> dict[str, int]:
    """Write a synthetic data folder; return the row count per file."""
    safe_io.output_folder(out)
    counts = {}
    for name, frame in frames(events, figures, seed).items():
        safe_io.write_text(out / f"{name}.csv", frame.to_csv(index=False, quoting=csv.QUOTE_MINIMAL))
        counts[name] = len(frame)
    return counts


# --- ACLED-like mode: many events, many places, one local death claim per deadly event -----------

ACLED_LIKE_CATEGORIES = ("military", "other", "diplomatic", "legal", "statement")
ACLED_LIKE_CATEGORY_SHARES = (0.86, 0.09, 0.02, 0.02, 0.01)  # battles, shelling and strikes dominate
ACLED_LIKE_DEADLY_SHARE = 0.3  # events with fatalities > 0
ACLED_LIKE_CLAIMANT = {
    "actor_id": "acled",
    "name": "ACLED (synthetic)",
    "name_de": "ACLED (synthetisch)",
    "kind": "expert",
    "country": "USA",
    "description": "",
}


def acled_like_frames(events: int, seed: int = 7) -> dict[str, pd.DataFrame]:
    """All six tables shaped like an imported ACLED file: one place per ~50 events along the front,
    a few hundred actors, one source per ~20 events, a `killed` claim (scope local) per deadly event."""
    rng = np.random.default_rng(seed)
    n_places = max(events // 50, 20)
    n_sources = max(events // 20, 30)
    base = frames(0, 0, seed)
    units = _acled_like_actors(rng, max(events // 2000, 20))
    claimant = pd.DataFrame([ACLED_LIKE_CLAIMANT])
    actors = pd.concat([base["actors"], claimant, units], ignore_index=True)
    event_frame = _acled_like_events(rng, events, n_places, n_sources, units["actor_id"].to_numpy())
    return {
        "sources": _sources(rng, n_sources),
        "actors": actors,
        "locations": pd.concat([base["locations"], _acled_like_places(rng, n_places)], ignore_index=True),
        "figures": _acled_like_claims(rng, event_frame),
        "events": event_frame,
        "movements": base["movements"],
    }


def _acled_like_actors(rng: np.random.Generator, n: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "actor_id": [f"acled_unit_{i:05d}" for i in range(n)],
            "name": [f"Synthetic unit {i}" for i in range(n)],
            "name_de": [f"Synthetische Einheit {i}" for i in range(n)],
            "kind": "military",
            "country": rng.choice(["RUS", "UKR", "PRK"], n, p=[0.5, 0.45, 0.05]),
            "description": "",
        }
    )


def _acled_like_places(rng: np.random.Generator, n: int) -> pd.DataFrame:
    lat = np.round(rng.normal(50.8, 1.4, n).clip(44.5, 56.0), 4)
    lon = np.round(rng.normal(36.0, 2.5, n).clip(28.0, 42.0), 4)
    return pd.DataFrame(
        {
            "location_id": [f"acled_place_{i:06d}" for i in range(n)],
            "name": [f"Place {i}" for i in range(n)],
            "name_de": [f"Ort {i}" for i in range(n)],
            "lat": lat,
            "lon": lon,
            "country": np.where(lon > 36.5, "RUS", "UKR"),
            "admin1": "",
            "kind": "other",
            "geo_precision": rng.choice(["1", "2", "3"], n, p=[0.8, 0.15, 0.05]),
        }
    )


def _acled_like_events(
    rng: np.random.Generator, events: int, n_places: int, n_sources: int, actor_ids: np.ndarray
) -> pd.DataFrame:
    place_weights = rng.pareto(1.2, n_places) + 1  # a few places hold many events, most a few
    pair = rng.choice(actor_ids, (events, 2))
    return pd.DataFrame(
        {
            "event_id": [f"E{i:07d}" for i in range(1, events + 1)],
            "date": _sample_dates(rng, events).strftime("%Y-%m-%d"),
            "end_date": "",
            "date_precision": rng.choice(["day", "week", "month"], events, p=[0.95, 0.04, 0.01]),
            "title": [f"Synthetic event {i}" for i in range(1, events + 1)],
            "title_de": [f"Synthetisches Ereignis {i}" for i in range(1, events + 1)],
            "description": "",
            "category": rng.choice(ACLED_LIKE_CATEGORIES, events, p=ACLED_LIKE_CATEGORY_SHARES),
            "actor_ids": _pairs(pair),
            "location_id": [
                f"acled_place_{i:06d}" for i in rng.choice(n_places, events, p=place_weights / place_weights.sum())
            ],
            "source_ids": _source_ids(rng, events, n_sources),
            "credibility": rng.choice(list("23456"), events, p=[0.2, 0.3, 0.2, 0.1, 0.2]),
        }
    )


def _pairs(pair: np.ndarray) -> np.ndarray:
    """`a;b` for two different actors, `a` when both are the same."""
    joined = np.char.add(np.char.add(pair[:, 0].astype(str), ";"), pair[:, 1].astype(str))
    return np.where(pair[:, 0] == pair[:, 1], pair[:, 0], joined)


def _acled_like_claims(rng: np.random.Generator, events: pd.DataFrame) -> pd.DataFrame:
    deadly = events[rng.random(len(events)) < ACLED_LIKE_DEADLY_SHARE]
    n = len(deadly)
    killed = rng.geometric(0.25, n)
    return pd.DataFrame(
        {
            "figure_id": [f"F{i:07d}" for i in range(1, n + 1)],
            "claimed_on": deadly["date"].to_numpy(),
            "claimant_id": "acled",
            "metric": "killed",
            "value_low": killed,
            "value_high": killed,
            "qualifier": "about",
            "claim_kind": "assessment",
            "period_start": deadly["date"].to_numpy(),
            "restates": "",
            "scope": "local",
            "location_id": deadly["location_id"].to_numpy(),
            "source_ids": deadly["source_ids"].to_numpy(),
            "credibility": deadly["credibility"].to_numpy(),
            "note": "",
        }
    )


def write_acled_like(out: Path, events: int, seed: int = 7) -> dict[str, int]:
    """Write an ACLED-like synthetic data folder; return the row count per file."""
    safe_io.output_folder(out)
    counts = {}
    for name, frame in acled_like_frames(events, seed).items():
        safe_io.write_text(out / f"{name}.csv", frame.to_csv(index=False, quoting=csv.QUOTE_MINIMAL))
        counts[name] = len(frame)
    return counts
