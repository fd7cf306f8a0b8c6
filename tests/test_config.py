"""The shipped Streamlit configuration is hardened, and Streamlit reads every option in it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit import config as st_config

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def settings() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def _flat(settings: dict) -> dict[str, object]:
    return {f"{section}.{name}": value for section, options in settings.items() for name, value in options.items()}


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        ("server.enableXsrfProtection", True),
        ("server.enableCORS", True),
        ("browser.gatherUsageStats", False),
        ("client.showErrorDetails", "none"),
        ("client.showErrorLinks", False),
        ("server.enableStaticServing", False),
        ("server.runOnSave", False),
    ],
)
def test_hardened_option(settings, option, expected):
    assert _flat(settings).get(option) == expected


def test_upload_size_is_limited(settings):
    size = settings["server"]["maxUploadSize"]
    assert isinstance(size, int) and 1 <= size <= 50


def test_every_option_is_known_to_streamlit(settings):
    known = set(st_config.get_config_options())
    unknown = sorted(set(_flat(settings)) - known)
    assert not unknown, f"Streamlit ignores these options: {unknown}"


def test_streamlit_applies_the_file(monkeypatch, settings):
    monkeypatch.chdir(ROOT)
    try:
        st_config.get_config_options(force_reparse=True)
        for option, value in _flat(settings).items():
            assert st_config.get_option(option) == value, option
    finally:
        st_config.get_config_options(force_reparse=True)
