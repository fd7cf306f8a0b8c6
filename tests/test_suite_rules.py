"""Rules the test suite keeps: no assertion rests on wall-clock time (the machine's load decides
that, not the code); speed is measured by the scripts in bench/."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
TIMING = re.compile(r"perf_counter|monotonic|time\.time|elapsed|seconds", re.I)


def timed_assertions(source: str) -> list[str]:
    """The assert statements of `source` that compare a measured time."""
    tree = ast.parse(source)
    return [
        ast.get_source_segment(source, node) or ""
        for node in ast.walk(tree)
        if isinstance(node, ast.Assert) and TIMING.search(ast.get_source_segment(source, node) or "")
    ]


@pytest.mark.parametrize("path", sorted(TESTS.rglob("test_*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_assertion_on_wall_clock_time(path):
    assert timed_assertions(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "source",
    [
        'assert result["best_seconds"] < 0.5',
        "assert np.isfinite(elapsed) and elapsed < 20",
        "assert time.perf_counter() - started < 1",
    ],
)
def test_the_rule_finds_timed_assertions(source):
    assert timed_assertions(source) == [source]
