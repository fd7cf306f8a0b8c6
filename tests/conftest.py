"""Shared test fixtures: small data folders made in code, and an AppTest factory."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from kursk_monitor import synth

ROOT = Path(__file__).resolve().parent.parent
DASHBOARD = ROOT / "dashboard.py"
APP_TIMEOUT = 60


@pytest.fixture(autouse=True)
def _navigation_as_in_the_server(monkeypatch):
    """Run AppTest the way `streamlit run` runs the app.

    The server decides once per process whether a `pages/` folder means the legacy page
    mechanism, and `st.navigation` turns it off on the first run. AppTest asks again on every
    run, so without this it reruns the page script alone after the first run.
    """
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


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
