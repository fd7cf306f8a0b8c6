"""A columnar cache of validated data folders: the typed tables as Arrow IPC files and the report
as JSON, keyed by a hash of the data files' content and of the code that reads them.

A folder loads from the cache when no byte of its files (and no line of the loader) changed since
it was last validated; any change gives a new key, so the folder is read and validated again and
the cache rebuilt. The cache lives outside the data folder: `$KURSK_MONITOR_CACHE`, else
`$XDG_CACHE_HOME/kursk_monitor`, else `~/.cache/kursk_monitor`; `KURSK_MONITOR_CACHE=off` turns it
off. Small folders (under `MIN_BYTES` of data files) are always read directly: they load in well
under a second anyway.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from kursk_monitor import safe_io, selection
from kursk_monitor.dataset import Dataset, FileReport, load_dataset
from kursk_monitor.problems import Problem
from kursk_monitor.schema import TABLES

MIN_BYTES = 4 * 1024 * 1024
KEEP_ENTRIES = 4  # newest cached folders kept; older ones are removed
LIST_SEPARATOR = "\x1f"  # joins the ids of a tuple column; never part of an id
CODE_FILES = ("*.py", "locales/*.toml")  # the loader's code: a change invalidates every entry


def cache_root() -> Path | None:
    """Where cached folders are kept; None when the cache is turned off."""
    setting = os.environ.get("KURSK_MONITOR_CACHE", "")
    if setting.lower() == "off":
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kursk_monitor"


def load(directory: Path | str) -> Dataset:
    """The validated folder: from the cache when its files are unchanged, else read and cached."""
    directory = Path(directory)
    root = cache_root()
    key = folder_key(directory) if root is not None else None
    if key is None:
        return load_dataset(directory)
    entry = root / key
    if (entry / "report.json").exists():
        try:
            return read_entry(entry, directory)
        except (OSError, ValueError, KeyError):
            shutil.rmtree(entry, ignore_errors=True)
    dataset = load_dataset(directory)
    with contextlib.suppress(OSError):  # a cache that cannot be written only costs time
        write_entry(root, key, dataset)
    return dataset


def folder_key(directory: Path) -> str | None:
    """Hash of the data files' bytes and of the loader's code; None for a small or unreadable folder."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    total = 0
    for spec in TABLES:
        path = directory / spec.filename
        if not safe_io.exists(path):
            digest.update(f"{spec.filename}:absent".encode())
            continue
        try:
            data = safe_io.read_regular_file(path)
        except safe_io.UnsafePath:
            return None  # the loader reports it; nothing to gain from caching
        total += len(data)
        digest.update(f"{spec.filename}:{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()[:32] if total >= MIN_BYTES else None


_FINGERPRINT: list[str] = []


def _code_fingerprint() -> str:
    if not _FINGERPRINT:
        digest = hashlib.sha256(f"{pd.__version__}".encode())
        package = Path(__file__).parent
        for pattern in CODE_FILES:
            for path in sorted(package.glob(pattern)):
                digest.update(path.read_bytes())
        _FINGERPRINT.append(digest.hexdigest())
    return _FINGERPRINT[0]


def write_entry(root: Path, key: str, dataset: Dataset) -> None:
    """Write one cache entry atomically (a finished folder renamed into place), then prune old ones."""
    import pyarrow as pa
    import pyarrow.feather as feather

    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{key}.", dir=root))
    lists: dict[str, list[str]] = {}
    for name, frame in dataset.tables.items():
        frame = frame.copy()
        lists[name] = [c for c in frame.columns if frame[c].dtype == object and _holds_tuples(frame[c])]
        for column in lists[name]:
            frame[column] = frame[column].map(LIST_SEPARATOR.join)
        frame["__line"] = dataset.lines.get(name, np.zeros(len(frame), dtype=np.int64))
        table = pa.Table.from_pandas(frame, preserve_index=False)
        for column in lists[name]:
            position = table.schema.get_field_index(column)
            table = table.set_column(position, column, table.column(column).dictionary_encode())
        feather.write_feather(table, staging / f"{name}.arrow", compression="uncompressed")
    report = {
        "lists": lists,
        "reports": {
            name: {
                "filename": r.filename,
                "rows": r.rows,
                "loaded": r.loaded,
                "readable": r.readable,
                "problems": [[p.file, p.line, p.column, p.value, p.rule, p.message, p.severity] for p in r.problems],
            }
            for name, r in dataset.reports.items()
        },
    }
    (staging / "report.json").write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
    try:
        staging.rename(root / key)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)  # another process wrote the same entry first
    _prune(root)


def _holds_tuples(series: pd.Series) -> bool:
    first = series.iloc[0] if len(series) else None
    return isinstance(first, tuple)


def read_entry(entry: Path, directory: Path) -> Dataset:
    """The Dataset stored in one cache entry."""
    import pyarrow.feather as feather

    report = json.loads((entry / "report.json").read_text(encoding="utf-8"))
    tables: dict[str, pd.DataFrame] = {}
    lines: dict[str, np.ndarray] = {}
    for spec in TABLES:
        table = feather.read_table(entry / f"{spec.name}.arrow", memory_map=True)
        list_columns = report["lists"][spec.name]
        split = {column: _tuples(table.column(column)) for column in list_columns}
        frame = table.drop_columns(list_columns).to_pandas()
        lines[spec.name] = frame.pop("__line").to_numpy(dtype=np.int64)
        for column in list_columns:
            uniques, codes = split[column]
            frame.insert(table.schema.get_field_index(column), column, uniques[codes])
            # the dictionary's codes spare the first view from hashing the lists again
            selection.remember_list_codes(frame, column, codes, uniques)
        tables[spec.name] = frame
    reports = {
        name: FileReport(
            r["filename"], r["rows"], r["loaded"], r["readable"], [Problem(*fields) for fields in r["problems"]]
        )
        for name, r in report["reports"].items()
    }
    os.utime(entry)  # most recently used: kept longest
    return Dataset(directory, tables, reports, lines)


def _tuples(column) -> tuple[np.ndarray, np.ndarray]:
    """A dictionary-encoded Arrow column of joined ids back to tuples, each distinct value split
    once: the tuples and each row's code into them."""
    import pyarrow as pa

    encoded = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if not pa.types.is_dictionary(encoded.type):
        encoded = encoded.dictionary_encode()
    split = np.empty(len(encoded.dictionary) + 1, dtype=object)
    for i, text in enumerate(encoded.dictionary.to_pylist()):  # a loop: numpy would unpack the tuples
        split[i] = tuple(text.split(LIST_SEPARATOR)) if text else ()
    split[-1] = ()  # a missing list
    codes = encoded.indices.fill_null(len(split) - 1).to_numpy(zero_copy_only=False)
    return split, codes


def _prune(root: Path) -> None:
    entries = sorted(
        (p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in entries[KEEP_ENTRIES:]:
        shutil.rmtree(stale, ignore_errors=True)
