"""Every column of every file is documented in data/README.md; every command and option in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kursk_monitor.cli import command_parsers
from kursk_monitor.schema import METRICS, TABLES

ROOT = Path(__file__).resolve().parent.parent
DATA_README = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


COMMANDS = command_parsers()


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_and_option_is_in_the_readme(name):
    assert f"python -m kursk_monitor {name}" in README
    options = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", COMMANDS[name].format_help())) - {"--help"}
    assert options, name
    assert sorted(option for option in options if not re.search(rf"{re.escape(option)}(?![\w-])", README)) == []


@pytest.mark.parametrize("spec", TABLES, ids=lambda s: s.name)
def test_every_column_is_documented(spec):
    section = DATA_README.split(f"## `{spec.filename}`", 1)[1].split("\n## ", 1)[0]
    documented = {line.split("|")[1].strip() for line in section.splitlines() if line.startswith("| ")}
    assert [c.name for c in spec.columns if c.name not in documented] == []


def test_every_metric_is_documented():
    assert [m for m in METRICS if f"`{m}`" not in DATA_README] == []


def test_every_limit_is_documented():
    from kursk_monitor import csvread, upload
    from kursk_monitor.schema import MAX_CELL_CHARS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for value in (csvread.MAX_LINES_PER_FILE, csvread.MAX_COLUMNS_PER_FILE, MAX_CELL_CHARS):
        assert f"{value:,}" in readme and f"{value:,}" in DATA_README, value
    assert f"{upload.MAX_ROWS_PER_FILE:,}" in readme
    assert f"{upload.MAX_FILE_BYTES // upload.MB} MB" in readme


def test_the_anti_framing_headers_are_documented_for_deployments():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "Content-Security-Policy \"frame-ancestors 'none'\"" in readme
    assert 'X-Frame-Options "DENY"' in readme
