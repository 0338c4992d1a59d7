"""Where templates come from: the station's own folder first, then the shipped resources/labels."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from hmi.labels.template import LabelTemplate, TemplateError, load_template


def shipped_dir() -> Path:
    return Path(str(files("resources") / "labels"))


class TemplateLibrary:
    def __init__(self, *, folders: list[Path]) -> None:
        self.folders = [*folders, shipped_dir()]

    def path_of(self, name: str) -> Path:
        """A name (``defect_100x50``) or a path to a .toml file."""
        candidate = Path(name)
        if candidate.suffix == ".toml" and candidate.exists():
            return candidate
        for folder in self.folders:
            path = folder / f"{name}.toml"
            if path.exists():
                return path
        known = ", ".join(self.names()) or "none"
        raise TemplateError(f"no label template named {name!r} (known: {known})")

    def load(self, name: str) -> LabelTemplate:
        return load_template(self.path_of(name))

    def names(self) -> list[str]:
        found: set[str] = set()
        for folder in self.folders:
            if folder.is_dir():
                found |= {p.stem for p in folder.glob("*.toml")}
        return sorted(found)
