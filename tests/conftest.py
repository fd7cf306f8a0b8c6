"""Shared test fixtures: small data folders made in code, and an AppTest factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kursk_monitor import synth

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"
APP_TIMEOUT = 60


@pytest.fixture(scope="session")
def small_data_dir(tmp_path_factory) -> Path:
    """A valid synthetic data folder with a few hundred rows."""
    out = tmp_path_factory.mktemp("small_data")
    synth.write(out, events=300, figures=120, seed=3)
    return out


@pytest.fixture
def make_app(monkeypatch):
    """Factory: an AppTest of `dashboard.py` (or a page) on a data folder, with URL parameters."""

    def factory(data_dir: Path | None = None, page: str | None = None, **query) -> AppTest:
        if data_dir is not None:
            monkeypatch.setenv("KURSK_MONITOR_DATA", str(data_dir))
        at = AppTest.from_file(str(DASHBOARD), default_timeout=APP_TIMEOUT)
        for key, value in query.items():
            at.query_params[key] = value
        if page:
            at.switch_page(f"pages/{page}")
        return at

    return factory
