"""Mutated station.toml files, master data bundles and label templates, for the fuzz tests and the benchmark.

A mutation is what an integrator's typo or a broken generator makes: a value replaced by one of another kind
(a table where a number was, a list, deep nesting, nan, a huge integer, control characters), a key dropped or
added, or the TOML text itself cut or nested a thousand levels deep. Each input must be accepted or refused
with the refusal's own error type; anything else (a traceback) is a failure.
"""

from __future__ import annotations

import copy
import math
import random
import re
import tempfile
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
DEMO_CONFIG = REPO / "resources" / "demo" / "station.toml"
DEMO_MASTERDATA = REPO / "resources" / "demo" / "masterdata"
LABEL_TEMPLATES = REPO / "resources" / "labels"

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=2**63 - 2, max_value=2**80),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf]),
    st.text(max_size=20), st.sampled_from(["", "\x00", "\udcff", "{", "{x!r}", "9" * 400, "a" * 5000]),
)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def deep(levels: int, leaf: Any = 1) -> Any:
    for i in range(levels):
        leaf = {"a": leaf} if i % 2 else [leaf]
    return leaf


@dataclass(frozen=True)
class Deep:
    """A stand-in for ``levels`` of nesting, expanded only when the input is built (so reprs stay short)."""

    levels: int


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if len(prefix) > 8:  # inside an earlier mutation's deep nesting: do not walk it
        return found
    if isinstance(node, dict):
        for key, child in node.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(node, list):
        for index, child in enumerate(node):
            found += _paths(child, (*prefix, index))
    return found


def _parent(root: Any, path: tuple[Any, ...]) -> Any:
    node = root
    for part in path[:-1]:
        node = node[part]
    return node


def mutate(base: dict[str, Any], rng: random.Random, replacements: list[Any], *, expand: bool) -> dict[str, Any]:
    """1 to 3 mutations of a copy of ``base``: replace, drop or add at a random place.

    With ``expand`` false, deep nesting stays a ``Deep`` marker that ``toml_text`` writes as text.
    """
    raw = copy.deepcopy(base)
    for replacement in replacements:
        if isinstance(replacement, Deep) and expand:
            replacement = deep(replacement.levels)
        paths = _paths(raw)
        if not paths:
            break
        path = rng.choice(paths)
        parent = _parent(raw, path)
        action = rng.random()
        if action < 0.7:
            parent[path[-1]] = replacement
        elif action < 0.85:
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[f"extra_{rng.randint(0, 99)}"] = replacement
        else:
            parent.append(replacement)
    return raw


@dataclass(frozen=True)
class Mutation:
    """One mutated input, described by its seed and replacements; ``build()`` makes it."""

    base: Callable[[], dict[str, Any]] = field(repr=False)
    seed: int
    replacements: tuple[Any, ...]

    def build(self, *, expand: bool = True) -> dict[str, Any]:
        return mutate(_cached(self.base), random.Random(self.seed), list(self.replacements), expand=expand)


_BASES: dict[Any, dict[str, Any]] = {}


def _cached(base: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    if base not in _BASES:
        _BASES[base] = base()
    return _BASES[base]


def mutations(base: Callable[[], dict[str, Any]]) -> st.SearchStrategy[Mutation]:
    replacement = st.one_of(values, st.integers(min_value=50, max_value=1500).map(Deep))
    return st.builds(lambda seed, reps: Mutation(base, seed, tuple(reps)),
                     st.integers(min_value=0, max_value=2**32), st.lists(replacement, min_size=1, max_size=3))


TEXT_DAMAGE = st.one_of(
    st.integers(min_value=1, max_value=3000).map(lambda n: ("nest", n)),
    st.integers(min_value=0, max_value=10_000).map(lambda n: ("cut", n)),
    st.tuples(st.integers(min_value=0, max_value=10_000), st.text(max_size=5)).map(lambda p: ("insert", p)),
)


def damage_text(text: str, damage: tuple[str, Any]) -> str:
    kind, arg = damage
    if kind == "nest":
        return text + f"\nzz_nested = {'[' * arg}1{']' * arg}\n"
    if kind == "cut":
        return text[: arg % (len(text) + 1)]
    at, extra = arg
    at %= len(text) + 1
    return text[:at] + extra + text[at:]


def demo_config_raw() -> dict[str, Any]:
    return tomllib.loads(DEMO_CONFIG.read_text(encoding="utf-8"))


def demo_bundle() -> dict[str, Any]:
    from hmi.production.bundle_files import load_bundle_dir

    return load_bundle_dir(DEMO_MASTERDATA)


def demo_template_raw() -> dict[str, Any]:
    return tomllib.loads((LABEL_TEMPLATES / "defect_100x50.toml").read_text(encoding="utf-8"))


def toml_text(raw: Any) -> str:
    """A small TOML writer (inline tables everywhere) so mutated dicts travel through the real file loaders."""
    return "\n".join(f"{_key(k)} = {_value(v)}" for k, v in raw.items()) + "\n"


def _key(key: Any) -> str:
    text = str(key)
    return text if text.replace("_", "").replace("-", "").isalnum() and text.isascii() else _string(text)


def _string(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in '"\\':
            out.append("\\" + char)
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}" if not 0xD800 <= code <= 0xDFFF else "?")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def _value(value: Any) -> str:
    if isinstance(value, Deep):
        opening = "".join("[" if i % 2 == 0 else "{a = " for i in range(value.levels))
        closing = "".join("]" if i % 2 == 0 else "}" for i in reversed(range(value.levels)))
        return opening + "1" + closing
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return '""'
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items()) + "}"
    return _string(str(value))


# What a refusal must say besides the file: where (the key, or the line of a TOML syntax error) and
# what was expected there.
_FILE_LEVEL = re.compile(r"^(file not found|not UTF-8 text|cannot be read)")
_LINE = re.compile(r"\bline \d+|at end of document")
_EXPECTED = re.compile(r"expected|should|must|needs?\b|needed|required|missing|unknown|at most|at least|one of|give |"
                       r"finite|not found|write it|within|outside|not valid TOML|invalid|too (deep|long|large|many)",
                       re.IGNORECASE)


def problem_faults(key: str, message: str) -> list[str]:
    """What a loader's problem fails to say: the key (or a line), and what was expected."""
    faults = []
    if not key and not _FILE_LEVEL.match(message) and not _LINE.search(message):
        faults.append("names no key (nor a line)")
    if not _EXPECTED.search(message):
        faults.append("does not say what was expected")
    return [f"{fault}: {key!r}: {message[:200]!r}" for fault in faults]


# One run of each loader; returns "ok", "refused" or raises (the traceback the fuzz tests hunt for).
def check_config_file(raw: dict[str, Any] | None, text: str | None = None) -> str:
    from hmi.config import ConfigError, load_config

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "station.toml"
        path.write_text(text if text is not None else toml_text(raw), encoding="utf-8", errors="surrogatepass")
        try:
            load_config(path)
        except ConfigError as exc:
            assert exc.problems and all(p.file == str(path) for p in exc.problems), exc.problems
            faults = [f for p in exc.problems for f in problem_faults(p.key, p.message)]
            assert not faults, faults
            return "refused"
    return "ok"


def import_bundle(raw: dict[str, Any], apply: Callable[[Any], Any] | None = None) -> str:
    from hmi.production.masterdata import MasterDataError, validate_bundle

    try:
        checked = validate_bundle(raw)
        if apply is not None:
            apply(checked)     # the store's own checks (a limit set changed under the same version) refuse too
    except MasterDataError as exc:
        assert exc.problems and all(p.file for p in exc.problems)
        faults = [f for p in exc.problems for f in problem_faults(p.field, p.message)]
        assert not faults, faults
        return "refused"
    return "ok"


def import_bundle_files(raw: dict[str, Any], text: str | None = None) -> str:
    """The bundle's main file written out and read by the file loader, as `hmi masterdata import` does."""
    from hmi.production.bundle_files import load_bundle_dir
    from hmi.production.masterdata import MasterDataError

    with tempfile.TemporaryDirectory() as folder:
        main = {k: v for k, v in raw.items() if k not in ("origin", "instructions", "images")}
        (Path(folder) / "masterdata.toml").write_text(text if text is not None else toml_text(main),
                                                      encoding="utf-8", errors="surrogatepass")
        try:
            bundle = load_bundle_dir(folder)
        except MasterDataError as exc:
            assert exc.problems and all(p.file for p in exc.problems)
            faults = [f for p in exc.problems for f in problem_faults(p.field, p.message)]
            assert not faults, faults
            return "refused"
        return import_bundle(bundle)


def load_label_template(raw: dict[str, Any] | None, text: str | None = None) -> str:
    from hmi.labels.template import TemplateError, load_template

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "label.toml"
        path.write_text(text if text is not None else toml_text(raw), encoding="utf-8", errors="surrogatepass")
        try:
            load_template(path)
        except TemplateError as exc:
            assert str(exc).startswith(f"{path}: "), str(exc)
            rest = str(exc)[len(f"{path}: "):].removeprefix("not valid TOML: ")
            key, _, message = rest.partition(": ")
            if not message or " " in key.strip():   # no "key: message" form: the whole text is the message
                key, message = "", str(exc)
            faults = problem_faults(key, message)
            assert not faults, faults
            return "refused"
    return "ok"
