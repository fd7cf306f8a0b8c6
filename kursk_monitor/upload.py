"""The analyst's own data: accept uploaded CSV files or a zipped data folder, merge them with the
curated data or use them instead, and report every problem by file and line before anything is used.

Everything here works on bytes and folders; nothing leaves the machine. Only the known data file
names are accepted, and a file is always written under its known name into a fresh private folder,
so no uploaded path (`../../etc/passwd`, `/abs/figures.csv`) ever decides where something is written
or read. The curated folder is only read.

The private folder belongs to an `UploadFolder`: it is removed when that object is discarded or
released (the check is replaced, the session ends) and when the process exits; a folder left by a
process that was killed is removed by the next process that makes one.
"""

from __future__ import annotations

import csv
import io
import zipfile
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from kursk_monitor.csvread import UnreadableFile, decode, parse_text
from kursk_monitor.dataset import Dataset, load_dataset
from kursk_monitor.importers.uploads import as_data_files, is_event_file
from kursk_monitor.problems import Problem
from kursk_monitor.records import frame_from_raw
from kursk_monitor.safe_io import UnsafePath, read_regular_file
from kursk_monitor.schema import TABLES, TableSpec
from kursk_monitor.upload_folders import UploadFolder

MB = 1024 * 1024
MAX_FILE_BYTES = 20 * MB  # per file, the same as server.maxUploadSize in .streamlit/config.toml
MAX_ZIP_TOTAL_BYTES = len(TABLES) * MAX_FILE_BYTES  # all members of one zip, uncompressed
MAX_ROWS_PER_FILE = 200_000
KNOWN_FILES = {spec.filename: spec for spec in TABLES}
MODES = ("merge", "replace")
IGNORED_ZIP_PARTS = ("__MACOSX",)


@dataclass
class Incoming:
    """One accepted data file: its known name, where it came from, and its bytes."""

    filename: str  # one of KNOWN_FILES
    label: str  # as the analyst named it, e.g. "mydata.zip › data/figures.csv"
    data: bytes


@dataclass
class PreparedData:
    """A data folder built from uploads, with the validation report to show before it is used."""

    folder: Path
    mode: str
    problems: list[Problem]
    summary: list[dict] = field(default_factory=list)  # per file: file, origin, rows, loaded, left_out, errors
    owner: UploadFolder | None = None  # keeps `folder` alive when `prepare` made it
    own_ids: dict[str, frozenset[str]] = field(default_factory=dict)  # table -> ids of the analyst's rows

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def loaded_rows(self) -> int:
        return sum(item["loaded"] for item in self.summary)


def _problem(label: str, rule: str, message: str, line: int = 0, severity: str = "error") -> Problem:
    return Problem(label, line, "", "", rule, message, severity)


def canonical_name(name: str) -> str | None:
    """The known file name a plain upload stands for (case-insensitive), else None."""
    base = PurePosixPath(name.replace("\\", "/")).name.lower()
    return base if base in KNOWN_FILES else None


def is_unsafe_member(name: str) -> bool:
    """True for zip member paths that are absolute, have a drive letter or climb with `..`."""
    normal = name.replace("\\", "/")
    if normal.startswith("/") or (len(normal) > 1 and normal[1] == ":"):
        return True
    return any(part == ".." for part in normal.split("/"))


def _known_list() -> str:
    return ", ".join(KNOWN_FILES)


def collect(
    uploads: list[tuple[str, bytes]], continue_after: Path | None = None
) -> tuple[list[Incoming], list[Problem]]:
    """Accept the known data files among `(name, bytes)` uploads; zips are opened in memory.

    ACLED and UCDP GED files (any name) are converted as `import` does; their numbered ids
    continue after those of the folder `continue_after`.
    """
    accepted: dict[str, Incoming] = {}
    problems: list[Problem] = []
    event_files: list[tuple[str, bytes]] = []

    def accept(filename: str, label: str, data: bytes) -> None:
        if filename in accepted:
            problems.append(
                _problem(
                    label,
                    "duplicate_file",
                    f"{filename} was already given as '{accepted[filename].label}'; this copy is ignored",
                )
            )
            return
        accepted[filename] = Incoming(filename, label, data)

    for name, data in uploads:
        if len(data) > MAX_FILE_BYTES:
            problems.append(_problem(name, "too_large", _too_large(len(data))))
            continue
        if name.lower().endswith(".zip"):
            for filename, label, member_data in _from_zip(name, data, problems):
                accept(filename, label, member_data)
            continue
        filename = canonical_name(name)
        if filename is None and is_event_file(data):
            event_files.append((name, data))
            continue
        if filename is None:
            problems.append(
                _problem(name, "unknown_file", f"'{name}' is not a data file name; expected one of {_known_list()}")
            )
            continue
        accept(filename, name, data)
    if event_files:
        converted, import_problems = as_data_files(event_files, continue_after)
        problems.extend(import_problems)
        for filename, label, data in converted:
            accept(filename, label, data)
    return list(accepted.values()), problems


def _too_large(size: int) -> str:
    return f"file is {size / MB:.1f} MB; the limit is {MAX_FILE_BYTES // MB} MB per file"


def _from_zip(name: str, data: bytes, problems: list[Problem]):
    """Yield (known name, label, bytes) for each known file in a zip, without extracting to disk."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        problems.append(_problem(name, "bad_zip", "not a readable zip archive"))
        return
    total = 0
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not any(part in IGNORED_ZIP_PARTS for part in info.filename.split("/"))
    ]
    if not any(canonical_name(info.filename) for info in members):
        message = f"the archive holds none of the data files ({_known_list()}); nothing is used"
        problems.append(_problem(name, "no_data_files", message))
    with archive:
        for info in members:
            member = info.filename
            label = f"{name} › {member}"
            if is_unsafe_member(member):
                problems.append(
                    _problem(label, "unsafe_path", "path points outside the archive folder; the file is ignored")
                )
                continue
            filename = canonical_name(member)
            if filename is None:
                problems.append(
                    _problem(
                        label,
                        "unknown_file",
                        f"not a data file name; ignored (expected one of {_known_list()})",
                        severity="warning",
                    )
                )
                continue
            if info.file_size > MAX_FILE_BYTES:
                problems.append(_problem(label, "too_large", _too_large(info.file_size)))
                continue
            try:
                with archive.open(info) as fh:
                    content = fh.read(MAX_FILE_BYTES + 1)
            except (RuntimeError, zipfile.BadZipFile, NotImplementedError, OSError) as exc:
                problems.append(_problem(label, "bad_zip", f"cannot be read from the archive ({exc})"))
                continue
            if len(content) > MAX_FILE_BYTES:
                problems.append(_problem(label, "too_large", _too_large(len(content))))
                continue
            total += len(content)
            if total > MAX_ZIP_TOTAL_BYTES:
                problems.append(
                    _problem(
                        label,
                        "too_large",
                        f"the archive holds more than {MAX_ZIP_TOTAL_BYTES // MB} MB of data; the rest is ignored",
                    )
                )
                return
            yield filename, label, content


# --- building the folder -----------------------------------------------------------------------


@dataclass
class _Origin:
    """Where the lines of one written file came from, to report problems in the analyst's terms."""

    curated_label: str | None = None
    curated_lines: int = 0  # lines 1..curated_lines are the curated file as it is
    upload_label: str | None = None
    starts: list[int] = field(default_factory=list)  # written line where each uploaded row starts
    upload_lines: list[int] = field(default_factory=list)  # that row's line in the uploaded file
    verbatim_upload: bool = False  # the uploaded file was written as it is
    ids: set[str] = field(default_factory=set)  # ids of the uploaded rows that are not curated ids

    def locate(self, line: int) -> tuple[str, int]:
        if self.verbatim_upload and self.upload_label:
            return self.upload_label, line
        if line <= self.curated_lines or not self.starts or line < self.starts[0]:
            return self.curated_label or "", line
        i = bisect_right(self.starts, line) - 1
        return self.upload_label or "", self.upload_lines[i] + (line - self.starts[i])


def _parse_upload(item: Incoming, problems: list[Problem]):
    """Decode and parse an uploaded file; None (with a problem) when it cannot be used."""
    text, _encoding = decode(item.data)
    try:
        raw = parse_text(text, item.filename)
    except UnreadableFile as exc:
        problems.append(_problem(item.label, exc.rule, f"file {exc}"))
        return None
    if len(raw.records) > MAX_ROWS_PER_FILE:
        problems.append(
            _problem(
                item.label,
                "too_many_rows",
                f"file has {len(raw.records):,} rows; the limit is {MAX_ROWS_PER_FILE:,} rows per file",
            )
        )
        return None
    return raw


def _merged_text(curated_text: str, raw, spec: TableSpec, origin: _Origin) -> tuple[str | None, list[Problem]]:
    """The curated file followed by the uploaded rows, in the curated file's column order.

    Returns the text (None when the uploaded file lacks a required column) and the problems
    found in the uploaded file itself (field counts, header), located in that file.
    """
    curated_text = curated_text.replace("\r\n", "\n").replace("\r", "\n")
    if curated_text and not curated_text.endswith("\n"):
        curated_text += "\n"
    curated = parse_text(curated_text, spec.filename)
    frame, upload_problems, usable = frame_from_raw(raw, spec)
    upload_problems = [*raw.problems, *upload_problems]
    if not usable:
        return None, upload_problems
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=curated.delimiter, lineterminator="\n")
    line = curated_text.count("\n") + 1
    origin.curated_lines = line - 1
    id_at = curated.header.index(spec.id_column) if spec.id_column in curated.header else None
    curated_ids = {record[id_at] for record in curated.records if id_at is not None and id_at < len(record)}
    for record in frame.to_dict("records"):
        start = buffer.tell()
        writer.writerow([str(record.get(name, "")) for name in curated.header])
        written = buffer.getvalue()[start:]
        origin.starts.append(line)
        origin.upload_lines.append(int(record["_line"]))
        if str(record.get(spec.id_column, "")) not in curated_ids:
            origin.ids.add(str(record.get(spec.id_column, "")))
        line += written.count("\r") + written.count("\n") - written.count("\r\n")
    return curated_text + buffer.getvalue(), upload_problems


def prepare(
    uploads: list[tuple[str, bytes]],
    mode: str,
    curated_dir: Path,
    folder: Path | None = None,
) -> PreparedData:
    """Build a data folder from uploads ("merge": curated rows plus uploaded rows; "replace":
    uploaded files only), validate it, and return the report. The curated folder is only read."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    owner = UploadFolder() if folder is None else None
    folder = owner.path if owner is not None else Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    incoming, problems = collect(uploads, Path(curated_dir) if mode == "merge" else None)
    by_name = {item.filename: item for item in incoming}
    origins: dict[str, _Origin] = {}
    curated_dir = Path(curated_dir)
    for spec in TABLES:
        item = by_name.get(spec.filename)
        curated_path = curated_dir / spec.filename
        curated_label = f"{spec.filename} (curated)"
        target = folder / spec.filename
        raw = _parse_upload(item, problems) if item is not None else None
        curated_bytes = _read_curated(curated_path) if mode == "merge" else None
        if curated_bytes is not None:
            if raw is None:
                target.write_bytes(curated_bytes)
                origins[spec.filename] = _Origin(curated_label=curated_label)
                continue
            origin = _Origin(curated_label=curated_label, upload_label=item.label)
            text, upload_problems = _merged_text(decode(curated_bytes)[0], raw, spec, origin)
            problems.extend(_relabel(p, item.label) for p in upload_problems)
            if text is None:
                target.write_bytes(curated_bytes)
                origins[spec.filename] = _Origin(curated_label=curated_label)
                continue
            target.write_text(text, encoding="utf-8")
            origins[spec.filename] = origin
        elif raw is not None:
            target.write_bytes(item.data)
            origins[spec.filename] = _Origin(upload_label=item.label, verbatim_upload=True)
        elif mode == "replace" and not spec.optional_file:
            problems.append(
                _problem(
                    spec.filename,
                    "not_uploaded",
                    "not uploaded; with 'replace' this table is empty",
                    severity="warning" if item is None else "error",
                )
            )
    dataset = load_dataset(folder)
    problems.extend(_translate(dataset, origins))
    return PreparedData(folder, mode, problems, _summary(dataset, origins), owner, _own_ids(dataset, origins))


def _own_ids(dataset: Dataset, origins: dict[str, _Origin]) -> dict[str, frozenset[str]]:
    """Per table, the ids of the loaded rows that came from the analyst's upload."""
    own = {}
    for spec in TABLES:
        origin = origins.get(spec.filename)
        if origin is None or origin.upload_label is None:
            continue
        loaded = set(dataset.tables[spec.name][spec.id_column].astype(str))
        own[spec.name] = frozenset(loaded if origin.verbatim_upload else loaded & origin.ids)
    return own


def _read_curated(path: Path) -> bytes | None:
    """A curated file's bytes; None when it is missing or not a regular file (the loader says why)."""
    try:
        return read_regular_file(path)
    except UnsafePath:
        return None


def _relabel(problem: Problem, label: str) -> Problem:
    return Problem(label, problem.line, problem.column, problem.value, problem.rule, problem.message, problem.severity)


def _translate(dataset: Dataset, origins: dict[str, _Origin]) -> list[Problem]:
    """Problems of the written folder, located in the files the analyst knows."""
    out = []
    for problem in dataset.problems:
        origin = origins.get(problem.file)
        if origin is None:
            if problem.rule == "unreadable_file":
                continue  # reported as "not uploaded" above
            out.append(problem)
            continue
        if problem.line == 0:
            label = origin.upload_label or origin.curated_label or problem.file
            out.append(_relabel(problem, label))
            continue
        label, line = origin.locate(problem.line)
        out.append(
            Problem(
                label or problem.file,
                line,
                problem.column,
                problem.value,
                problem.rule,
                problem.message,
                problem.severity,
            )
        )
    return out


def _summary(dataset: Dataset, origins: dict[str, _Origin]) -> list[dict]:
    rows = []
    for spec in TABLES:
        report = dataset.reports[spec.name]
        origin = origins.get(spec.filename)
        if origin is None:
            source = ""
        else:
            source = " + ".join(x for x in (origin.curated_label, origin.upload_label) if x)
        rows.append(
            {
                "file": spec.filename,
                "origin": source,
                "rows": report.rows,
                "loaded": report.loaded,
                "left_out": report.rows - report.loaded,
                "errors": report.errors,
            }
        )
    return rows
