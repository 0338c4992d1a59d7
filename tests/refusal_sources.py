"""The refusal templates the core can raise, read from its source (no Qt, no services run)."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from dataclasses import dataclass
from pathlib import Path

import hmi
from hmi.refusal import Refusal
from tests.conftest import REPO


@dataclass(frozen=True)
class RaisedTemplate:
    template: str | None    # None: the site passes no literal template (an f-string, a variable)
    where: str


def refusal_classes() -> set[str]:
    """Names of every Refusal subclass in hmi (all its modules imported, so none is missed)."""
    for module in pkgutil.walk_packages(hmi.__path__, "hmi."):
        importlib.import_module(module.name)
    found: set[str] = set()
    todo = [Refusal]
    while todo:
        cls = todo.pop()
        found.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return found


def _called(call: ast.Call) -> str:
    func = call.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _literal(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def _constants(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text", so `raise LoginFailed(_WRONG)` counts as a literal template."""
    return {node.targets[0].id: node.value.value for node in tree.body
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def raised_templates(root: Path | None = None) -> list[RaisedTemplate]:
    """The template of every construction of a Refusal subclass in hmi.

    A class that picks its template itself (``PermissionDenied(permission, role)`` calls
    ``super().__init__("…", …)``) is read at that ``super().__init__`` call, not at its callers.
    """
    names = refusal_classes()
    core = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted((REPO / "hmi").rglob("*.py"))}
    trees = core if root is None else {path: ast.parse(path.read_text(encoding="utf-8"))
                                       for path in sorted(root.rglob("*.py"))}
    inits = [(cls.name, path, call) for path, tree in core.items() for cls in ast.walk(tree)
             if isinstance(cls, ast.ClassDef) and cls.name in names
             for call in ast.walk(cls) if isinstance(call, ast.Call) and _called(call) == "__init__" and call.args]
    self_templated = {name for name, _, call in inits if isinstance(call.args[0], ast.Constant)}
    found: list[RaisedTemplate] = []
    for path, tree in trees.items():
        constants = _constants(tree)
        calls = [call for name, where, call in inits if name in self_templated and where == path]
        calls += [node for node in ast.walk(tree) if isinstance(node, ast.Call)
                  and _called(node) in names and _called(node) not in self_templated]
        for call in calls:
            template = _literal(call.args[0], constants) if call.args else None
            where = path.relative_to(REPO) if path.is_relative_to(REPO) else path
            found.append(RaisedTemplate(template, f"{where}:{call.lineno}"))
    return found
