"""Config refusals as a test reads them."""

from __future__ import annotations

from pathlib import Path

import pytest

from hmi.config import ConfigError, load_config


def config_problems(tmp_path: Path, text: str) -> list[str]:
    """``key: message`` of each problem in a refused station.toml; each problem names the file."""
    path = tmp_path / "station.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert all(p.file == str(path) for p in caught.value.problems)
    return [f"{p.key}: {p.message}" for p in caught.value.problems]
