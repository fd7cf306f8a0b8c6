"""The data model: one `TableSpec` per CSV file, the single source of truth for validation."""

from __future__ import annotations

from dataclasses import dataclass, field

RELIABILITY = ("A", "B", "C", "D", "E", "F")
CREDIBILITY = ("1", "2", "3", "4", "5", "6")
SOURCE_TYPES = ("official", "wire", "newspaper", "broadcaster", "think_tank", "osint", "other")
ACTOR_KINDS = (
    "government",
    "military",
    "intelligence",
    "international_org",
    "official",
    "expert",
    "media",
    "anonymous",
    "other",
)
LOCATION_KINDS = (
    "city",
    "town",
    "village",
    "region",
    "training_ground",
    "port",
    "capital",
    "border_crossing",
    "other",
)
QUALIFIERS = ("about", "at_least", "more_than", "up_to", "exact", "range")
CLAIM_KINDS = ("assessment", "forecast", "plan", "capability", "evidence")
SCOPES = ("local",)
METRICS = (
    "troops_in_russia",
    "troops_in_kursk",
    "troops_deployment",
    "support_personnel",
    "killed",
    "wounded",
    "killed_or_wounded",
    "casualties_all",
    "captured",
    "deserted",
    "area_held_km2",
)
CATEGORIES = ("diplomatic", "military", "intelligence", "statement", "casualties", "legal", "other")
DATE_PRECISIONS = ("day", "week", "month")
MOVEMENT_MODES = ("sea", "rail", "air", "road", "unknown")
GEO_PRECISIONS = ("1", "2", "3")
CONTROL_HOLDERS = ("RUS", "UKR", "contested")
CONTROL_CLAIMS = ("captured", "recaptured", "holding", "entered", "withdrew", "denied", "contested")
# Which holders each kind of control claim allows (the "holder_claim_mismatch" rule): a claim
# that a side took, kept or was left a place names that side; a claim that forces entered a place
# or that it is fought over names no side; a denial may say "we still hold it" or "still fought over".
CLAIM_HOLDERS = {
    "captured": ("RUS", "UKR"),
    "recaptured": ("RUS", "UKR"),
    "holding": ("RUS", "UKR"),
    "withdrew": ("RUS", "UKR"),
    "entered": ("contested",),
    "contested": ("contested",),
    "denied": CONTROL_HOLDERS,
}
MAX_CELL_CHARS = 10_000  # per cell; a longer cell is reported on its line and the row left out


@dataclass(frozen=True)
class Column:
    """One CSV column: its type, whether a value is required, and what it may hold."""

    name: str
    kind: str  # id | text | date | int | float | enum | ref | reflist | lang | country | url
    required: bool = True
    allowed: tuple[str, ...] = ()
    ref: str | None = None  # table name the value refers to
    min_value: float | None = None
    max_value: float | None = None
    pattern: str | None = None  # for ids
    missing_default: str | None = None  # a file without this column is read as if every cell held this


@dataclass(frozen=True)
class TableSpec:
    """One CSV file of the data folder."""

    name: str  # table name, e.g. "figures"
    id_column: str
    columns: tuple[Column, ...]
    optional_file: bool = False
    checks: tuple[str, ...] = field(default=())  # row-level cross-column checks

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


SOURCE_ID = r"S\d{3,}"
FIGURE_ID = r"F\d{3,}"
EVENT_ID = r"E\d{3,}"
MOVEMENT_ID = r"M\d{3,}"
CONTROL_ID = r"C\d{3,}"
SLUG = r"[a-z0-9][a-z0-9_]*"

SOURCES = TableSpec(
    "sources",
    "source_id",
    (
        Column("source_id", "id", pattern=SOURCE_ID),
        Column("publisher", "text"),
        Column("title", "text"),
        Column("url", "url", required=False),
        Column("published", "date", required=False),
        Column("language", "lang"),
        Column("source_type", "enum", allowed=SOURCE_TYPES),
        Column("reliability", "enum", allowed=RELIABILITY),
        Column("note", "text", required=False),
    ),
)

ACTORS = TableSpec(
    "actors",
    "actor_id",
    (
        Column("actor_id", "id", pattern=SLUG),
        Column("name", "text"),
        Column("name_de", "text", required=False),
        Column("kind", "enum", allowed=ACTOR_KINDS),
        Column("country", "country", required=False),
        Column("description", "text", required=False),
        Column("description_de", "text", required=False),
    ),
    checks=("country_unless_anonymous",),
)

LOCATIONS = TableSpec(
    "locations",
    "location_id",
    (
        Column("location_id", "id", pattern=SLUG),
        Column("name", "text"),
        Column("name_de", "text", required=False),
        Column("lat", "float", min_value=-90, max_value=90),
        Column("lon", "float", min_value=-180, max_value=180),
        Column("country", "country"),
        Column("admin1", "text", required=False),
        Column("kind", "enum", allowed=LOCATION_KINDS),
        Column("geo_precision", "enum", allowed=GEO_PRECISIONS),
        Column("source_ids", "reflist", required=False, ref="sources"),
        Column("note", "text", required=False),
    ),
)

FIGURES = TableSpec(
    "figures",
    "figure_id",
    (
        Column("figure_id", "id", pattern=FIGURE_ID),
        Column("claimed_on", "date"),
        Column("date_precision", "enum", required=False, allowed=DATE_PRECISIONS),
        Column("as_of", "date", required=False),
        Column("claimant_id", "ref", ref="actors"),
        Column("metric", "enum", allowed=METRICS),
        Column("value_low", "int", min_value=0),
        Column("value_high", "int", min_value=0),
        Column("qualifier", "enum", allowed=QUALIFIERS),
        Column("claim_kind", "enum", allowed=CLAIM_KINDS, missing_default="assessment"),
        Column("period_start", "date", required=False),
        Column("restates", "ref", required=False, ref="figures"),
        Column("scope", "enum", required=False, allowed=SCOPES),
        Column("location_id", "ref", required=False, ref="locations"),
        Column("source_ids", "reflist", ref="sources"),
        Column("credibility", "enum", allowed=CREDIBILITY),
        Column("note", "text", required=False),
        Column("note_de", "text", required=False),
    ),
    checks=("low_le_high", "period_within_claim", "restates_earlier_claim"),
)

EVENTS = TableSpec(
    "events",
    "event_id",
    (
        Column("event_id", "id", pattern=EVENT_ID),
        Column("date", "date"),
        Column("end_date", "date", required=False),
        Column("date_precision", "enum", allowed=DATE_PRECISIONS),
        Column("title", "text"),
        Column("title_de", "text", required=False),
        Column("description", "text", required=False),
        Column("description_de", "text", required=False),
        Column("category", "enum", allowed=CATEGORIES),
        Column("actor_ids", "reflist", required=False, ref="actors"),
        Column("location_id", "ref", required=False, ref="locations"),
        Column("source_ids", "reflist", ref="sources"),
        Column("credibility", "enum", allowed=CREDIBILITY),
        Column("key", "enum", required=False, allowed=("1",)),
        Column("note", "text", required=False),
    ),
    checks=("date_le_end",),
)

MOVEMENTS = TableSpec(
    "movements",
    "movement_id",
    (
        Column("movement_id", "id", pattern=MOVEMENT_ID),
        Column("date", "date"),
        Column("end_date", "date", required=False),
        Column("date_precision", "enum", allowed=DATE_PRECISIONS),
        Column("from_location_id", "ref", ref="locations"),
        Column("to_location_id", "ref", ref="locations"),
        Column("mode", "enum", allowed=MOVEMENT_MODES),
        Column("personnel_low", "int", required=False, min_value=0),
        Column("personnel_high", "int", required=False, min_value=0),
        Column("description", "text", required=False),
        Column("description_de", "text", required=False),
        Column("source_ids", "reflist", ref="sources"),
        Column("credibility", "enum", allowed=CREDIBILITY),
    ),
    optional_file=True,
    checks=("date_le_end", "personnel_low_le_high"),
)

CONTROL = TableSpec(
    "control",
    "control_id",
    (
        Column("control_id", "id", pattern=CONTROL_ID),
        Column("date", "date"),
        Column("as_of", "date", required=False),
        Column("location_id", "ref", ref="locations"),
        Column("claimant_id", "ref", ref="actors"),
        Column("holder", "enum", allowed=CONTROL_HOLDERS),
        Column("claim", "enum", allowed=CONTROL_CLAIMS),
        Column("source_ids", "reflist", ref="sources"),
        Column("credibility", "enum", allowed=CREDIBILITY),
        Column("note", "text", required=False),
        Column("note_de", "text", required=False),
    ),
    optional_file=True,
    checks=("as_of_le_date", "holder_fits_claim"),
)

TABLES: tuple[TableSpec, ...] = (SOURCES, ACTORS, LOCATIONS, FIGURES, EVENTS, MOVEMENTS, CONTROL)
TABLES_BY_NAME = {t.name: t for t in TABLES}
