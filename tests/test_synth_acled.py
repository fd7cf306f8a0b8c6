"""The ACLED-like synthetic folder is valid and shaped like an imported ACLED file."""

from __future__ import annotations

from kursk_monitor.cli import main
from kursk_monitor.dataset import load_dataset


def test_acled_like_folder_validates_with_many_places_and_local_death_claims(tmp_path, capsys):
    assert main(["synth", "--events", "5000", "--acled-like", "--out", str(tmp_path)]) == 0
    data = load_dataset(tmp_path)
    assert data.problems == []
    assert len(data.events) == 5000
    assert len(data.locations) >= 100
    assert (data.events["category"] == "military").mean() > 0.8
    assert set(data.figures["scope"]) == {"local"}
    assert set(data.figures["claimant_id"]) == {"acled"}
    assert 0.2 < len(data.figures) / len(data.events) < 0.4
    assert data.events["credibility"].nunique() > 1
