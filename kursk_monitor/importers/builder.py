"""The rows an import adds to a data folder: ids handed out once, places, actors and sources
de-duplicated, and the folder written (alone, or after the rows of an existing folder).

Slugs of imported actors and places start with the dataset's name (`acled_`, `ucdp_`); numbered
ids (sources, figures, events) continue after the highest number already in the folder merged
into, so imported rows never clash with existing ones.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from kursk_monitor import safe_io
from kursk_monitor.csvread import UnreadableFile, decode, read_raw, sniff_delimiter
from kursk_monitor.schema import TABLES, TABLES_BY_NAME

WRITTEN = ("sources", "actors", "locations", "figures", "events")
NUMBERED = {"sources": "S", "figures": "F", "events": "E"}
GRADES = ("A", "B", "C", "D", "E", "F")
SLUG_LENGTH = 60


def slug(text: str) -> str:
    """A lower-case ASCII slug of `text` (`Military Forces of Russia (2000-)` → `military_forces_of_russia_2000`)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")[:SLUG_LENGTH].strip("_") or "unnamed"


@dataclass
class Builder:
    """Collects the rows of one import; `grades` maps a publisher to its reliability (default F)."""

    grades: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[dict]] = field(default_factory=lambda: {name: [] for name in WRITTEN})
    next_number: dict[str, int] = field(default_factory=lambda: dict.fromkeys(NUMBERED, 1))
    taken: set[str] = field(default_factory=set)  # slugs in use
    _sources: dict[str, str] = field(default_factory=dict)  # title -> source_id
    _actors: dict[str, str] = field(default_factory=dict)  # name -> actor_id
    _places: dict[tuple, str] = field(default_factory=dict)  # (name, lat, lon) -> location_id

    def _number(self, table: str) -> str:
        number = self.next_number[table]
        self.next_number[table] = number + 1
        return f"{NUMBERED[table]}{number:06d}"

    def _slug(self, prefix: str, text: str) -> str:
        base = f"{prefix}_{slug(text)}" if prefix else slug(text)
        candidate, n = base, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{base}_{n}"
        self.taken.add(candidate)
        return candidate

    def source(self, dataset: str, publisher: str) -> str:
        """The source row for reports by `publisher` as coded in `dataset` (one per publisher)."""
        title = f"{publisher} reports, as coded in {dataset}"
        if publisher == dataset:
            title = f"{dataset} records naming no source"
        if title not in self._sources:
            source_id = self._number("sources")
            self._sources[title] = source_id
            self.rows["sources"].append(
                {
                    "source_id": source_id,
                    "publisher": publisher,
                    "title": title,
                    "language": "en",
                    "source_type": "other",
                    "reliability": self.grades.get(publisher.casefold(), "F"),
                    "note": f"Imported from {dataset}; the language is that of the coded record, "
                    "not necessarily of the original report.",
                }
            )
        return self._sources[title]

    def actor(self, prefix: str, name: str, kind: str, country: str, description: str = "") -> str:
        """The actor named `name` (one per name), with a `prefix`ed slug."""
        if name not in self._actors:
            actor_id = self._slug(prefix, name)
            self._actors[name] = actor_id
            self.rows["actors"].append(
                {"actor_id": actor_id, "name": name, "kind": kind, "country": country, "description": description}
            )
        return self._actors[name]

    def claimant(self, actor_id: str, about: dict) -> str:
        """The dataset itself as an actor (`about`: name, kind, country, description), once."""
        if about["name"] not in self._actors:
            self._actors[about["name"]] = actor_id if actor_id not in self.taken else self._slug(actor_id, "dataset")
            self.taken.add(actor_id)
            self.rows["actors"].append({**about, "actor_id": self._actors[about["name"]]})
        return self._actors[about["name"]]

    def place(self, prefix: str, row: dict) -> str:
        """The place with this name and these coordinates (one per name and point)."""
        key = (row["name"], round(row["lat"], 5), round(row["lon"], 5))
        if key not in self._places:
            location_id = self._slug(prefix, row["name"])
            self._places[key] = location_id
            self.rows["locations"].append({**row, "location_id": location_id})
        return self._places[key]

    def event(self, row: dict) -> str:
        """Add an event row; return its id."""
        event_id = self._number("events")
        self.rows["events"].append({**row, "event_id": event_id})
        return event_id

    def figure(self, row: dict) -> str:
        """Add a figure claim; return its id."""
        figure_id = self._number("figures")
        self.rows["figures"].append({**row, "figure_id": figure_id})
        return figure_id

    def continue_after(self, folder: Path) -> None:
        """Number on after the ids of `folder` and reuse its actors, places and sources by name."""
        for name in ("sources", "actors", "locations", "figures", "events", "movements", "control"):
            for record in _records(folder, name):
                self._learn(name, record)

    def _learn(self, name: str, record: dict) -> None:
        spec = TABLES_BY_NAME[name]
        key = record.get(spec.id_column, "")
        if name in NUMBERED:
            digits = re.fullmatch(rf"{NUMBERED[name]}(\d+)", key)
            if digits:
                self.next_number[name] = max(self.next_number[name], int(digits.group(1)) + 1)
        if name == "sources" and record.get("title"):
            self._sources.setdefault(record["title"], key)
        elif name == "actors":
            self.taken.add(key)
            self._actors.setdefault(record.get("name", ""), key)
        elif name == "locations":
            self.taken.add(key)
            try:
                point = (record["name"], round(float(record["lat"]), 5), round(float(record["lon"]), 5))
            except (KeyError, ValueError):
                return
            self._places.setdefault(point, key)


def _records(folder: Path, name: str) -> list[dict]:
    path = folder / f"{name}.csv"
    if not safe_io.exists(path):
        return []
    try:
        raw = read_raw(path)
    except UnreadableFile:
        return []
    return [dict(zip(raw.header, (cell.strip() for cell in record), strict=False)) for record in raw.records]


def write_folder(builder: Builder, out: Path, merge: Path | None = None) -> list[Path]:
    """Write the imported rows to `out`: after the files of `merge` if given; return the files written."""
    safe_io.output_folder(out, *([merge] if merge else []))
    written = []
    for spec in TABLES:
        target = out / spec.filename
        existing = _read_text(merge / spec.filename) if merge else None
        rows = builder.rows.get(spec.name)
        if rows is None and existing is None:
            continue
        header = _header(existing) if existing else [c.name for c in spec.columns]
        delimiter = sniff_delimiter(existing.lstrip("\n").split("\n", 1)[0]) if existing else ","
        buffer = io.StringIO()
        writer = csv.DictWriter(
            buffer, fieldnames=header, delimiter=delimiter, extrasaction="ignore", lineterminator="\n"
        )
        if existing:
            buffer.write(existing if existing.endswith("\n") else existing + "\n")
        else:
            writer.writeheader()
        writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows or [])
        safe_io.write_text(target, buffer.getvalue())
        written.append(target)
    return written


def _read_text(path: Path) -> str | None:
    if not safe_io.exists(path):
        return None
    text = decode(safe_io.read_regular_file(path))[0]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _header(text: str) -> list[str]:
    first_line = text.lstrip("\n").split("\n", 1)[0]
    first = next(csv.reader(io.StringIO(first_line), delimiter=sniff_delimiter(first_line)), [])
    return [cell.strip() for cell in first]
