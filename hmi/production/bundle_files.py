"""Reading a master data bundle from a folder of files (TOML + Markdown text + images).

Layout (see MASTERDATA.md): ``masterdata.toml``, ``instructions/*.toml``, ``images/*.png``.
The result is the same dict the MES delivers, so both go through the same validation.
"""

from __future__ import annotations

import base64
import tomllib
from pathlib import Path
from typing import Any

from hmi import toml_text
from hmi.production.masterdata import MasterDataError, MasterDataProblem

MAIN_FILE = "masterdata.toml"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def _read_toml(path: Path, problems: list[MasterDataProblem]) -> dict[str, Any] | None:
    try:
        return toml_text.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        problems.append(MasterDataProblem(str(path), "", "file not found"))
    except UnicodeDecodeError as exc:
        problems.append(MasterDataProblem(str(path), "", f"not UTF-8 text ({exc.reason})"))
    except toml_text.TooDeep as exc:
        problems.append(MasterDataProblem(str(path), exc.key, f"not valid TOML: values are nested too deeply "
                                                              f"(at most {toml_text.MAX_DEPTH} levels)"))
    except tomllib.TOMLDecodeError as exc:
        problems.append(MasterDataProblem(str(path), "", f"not valid TOML: {exc}"))
    return None


def load_bundle_dir(folder: str | Path) -> dict[str, Any]:
    """The bundle in ``folder`` as a dict; MasterDataError lists unreadable files (validation comes later)."""
    folder = Path(folder)
    problems: list[MasterDataProblem] = []
    if not folder.is_dir():
        raise MasterDataError([MasterDataProblem(str(folder), "", "not a folder")])
    main_path = folder / MAIN_FILE
    main = _read_toml(main_path, problems) or {}
    bundle: dict[str, Any] = {**main, "origin": str(main_path)}
    instructions: list[dict[str, Any]] = list(bundle.pop("instructions", []) or [])
    for path in sorted((folder / "instructions").glob("*.toml")):
        data = _read_toml(path, problems)
        if data is not None:
            instructions.append({**data, "source_file": str(path)})
    bundle["instructions"] = instructions
    images: dict[str, str] = {}
    image_dir = folder / "images"
    if image_dir.is_dir():
        for path in sorted(image_dir.iterdir()):
            if path.suffix.lower() in IMAGE_SUFFIXES:
                images[path.name] = base64.b64encode(path.read_bytes()).decode("ascii")
    bundle["images"] = images
    if problems:
        raise MasterDataError(problems)
    return bundle
