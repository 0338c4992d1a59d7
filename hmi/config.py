"""station.toml: one file per station, validated strictly so that a typo is an error, not a surprise.

Every problem is reported with the file, the key path and what was expected, in plain words.
Driver-specific sections (a connection's or printer's options) are checked by the driver's own
model, found through its entry point, so third-party plugins get the same strictness.
"""

from __future__ import annotations

import itertools
import json
import re
import reprlib
import tomllib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from hmi import toml_text
from hmi.labels.config import LabelsSection
from hmi.spc.config import SpcSection
from hmi.sync.config import SyncSection

APP_NAME = "station-hmi"


class Strict(BaseModel):
    """Base for every config section: unknown keys are errors, values are not coerced across kinds.

    NaN and ±inf are refused everywhere: a limit of ``nan`` compares false with everything and never fires.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, strict=True, allow_inf_nan=False)


class Locale(StrEnum):
    EN = "en"
    KO = "ko"


class StationSection(Strict):
    id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]
    name: Annotated[str, Field(min_length=1, max_length=120)]
    line: str = ""
    area: str = ""
    locale: Locale = Locale.EN


class PathsSection(Strict):
    # Empty means the platform's data folder for this station (see data_dir()).
    data_dir: str = ""


class SecuritySection(Strict):
    idle_logout_s: Annotated[float, Field(gt=0)] = 300.0
    max_pin_attempts: Annotated[int, Field(ge=1, le=20)] = 5
    lockout_s: Annotated[float, Field(ge=0)] = 60.0
    min_pin_length: Annotated[int, Field(ge=4, le=12)] = 4


class UiSection(Strict):
    kiosk: bool = False
    # Qt Virtual Keyboard (with its Hangul layout) for text fields; None = on in kiosk mode only.
    virtual_keyboard: bool | None = None
    # Repaint budget for live values: the screens coalesce updates to at most this rate.
    max_repaint_hz: Annotated[float, Field(gt=0, le=60)] = 10.0


class PluginSection(BaseModel):
    """A section handled by a plugin: ``driver`` picks it; the rest is checked by the driver's model."""

    model_config = ConfigDict(extra="allow", frozen=True)

    driver: Annotated[str, Field(min_length=1)]
    enabled: bool = True

    def options(self) -> dict[str, Any]:
        """The driver-specific keys, for the driver's own model to validate."""
        return dict(self.model_extra or {})


class DataType(StrEnum):
    BOOL = "bool"
    INT16 = "int16"
    UINT16 = "uint16"
    INT32 = "int32"
    UINT32 = "uint32"
    INT64 = "int64"
    FLOAT32 = "float32"
    FLOAT64 = "float64"
    STRING = "string"


class Scaling(Strict):
    """Linear raw -> engineering: eng = eng_lo + (raw - raw_lo) * (eng_hi - eng_lo) / (raw_hi - raw_lo)."""

    raw_lo: float
    raw_hi: float
    eng_lo: float
    eng_hi: float

    @model_validator(mode="after")
    def _distinct_raw(self) -> Scaling:
        if self.raw_lo == self.raw_hi:
            raise ValueError("raw_lo and raw_hi must differ")
        return self


class TagSection(Strict):
    address: Annotated[str, Field(min_length=3)]
    description: str = ""
    description_ko: str = ""
    equipment: str = ""
    unit: str = ""
    data_type: DataType = DataType.FLOAT64
    range_lo: float | None = None
    range_hi: float | None = None
    format: str = "{:.2f}"
    scaling: Scaling | None = None
    deadband: Annotated[float, Field(ge=0)] = 0.0
    interval_s: Annotated[float, Field(gt=0)] = 1.0
    writable: bool = False
    # The tag carries a list (an OPC-UA array variable). No scaling or alarm on it: take one element
    # as a scalar tag with '?index=N' at the end of its address instead.
    array: bool = False

    @model_validator(mode="after")
    def _range_ordered(self) -> TagSection:
        if self.range_lo is not None and self.range_hi is not None and not self.range_lo < self.range_hi:
            raise ValueError(f"range_lo ({self.range_lo}) must be below range_hi ({self.range_hi})")
        return self

    @field_validator("format")
    @classmethod
    def _format_works(cls, value: str) -> str:
        try:
            value.format(1.5)
        except (ValueError, IndexError, KeyError) as exc:
            raise ValueError(f"not a usable number format ({exc}); write it like '{{:.1f}}'") from exc
        return value


class TrendLimits(Strict):
    """Lines drawn on a tag's trend: alarm limits and control limits (engineering units)."""

    alarm_lo: float | None = None
    alarm_hi: float | None = None
    control_lo: float | None = None
    control_hi: float | None = None

    @model_validator(mode="after")
    def _ordered(self) -> TrendLimits:
        for lo, hi in (("alarm_lo", "alarm_hi"), ("control_lo", "control_hi")):
            low, high = getattr(self, lo), getattr(self, hi)
            if low is not None and high is not None and not low < high:
                raise ValueError(f"{lo} ({low}) must be below {hi} ({high})")
        return self


class HistorianSection(Strict):
    enabled: bool = True
    # Trend limit lines per tag name.
    limits: dict[str, TrendLimits] = {}
    # A sample is stored when it moved more than its tag's deadband, changed quality, or when
    # this much time passed since the tag's last stored sample (so a flat line is still recorded).
    heartbeat_s: Annotated[float, Field(gt=0)] = 60.0
    # Batched commits: at most this much data is at risk on a power cut (history.db is synchronous=NORMAL).
    commit_interval_s: Annotated[float, Field(gt=0, le=1.0)] = 0.5
    # Age limits per level; the database does not grow without bound.
    raw_retention_days: Annotated[float, Field(gt=0)] = 35.0
    rollup_10s_retention_days: Annotated[float, Field(gt=0)] = 90.0
    rollup_1m_retention_days: Annotated[float, Field(gt=0)] = 400.0
    rollup_10m_retention_days: Annotated[float, Field(gt=0)] = 1100.0
    rollup_1h_retention_days: Annotated[float, Field(gt=0)] = 3700.0
    retention_every_s: Annotated[float, Field(gt=0)] = 300.0


from hmi.alarms.definitions import AlarmDefinition  # noqa: E402  (needs Strict, defined above)
from hmi.equipment.settings import EquipmentSection  # noqa: E402  (needs Strict, defined above)
from hmi.historian.upload_config import SECTION_KEYS as SINK_SECTION_KEYS  # noqa: E402  (after HistorianSection)
from hmi.historian.upload_config import HistorySection  # noqa: E402  (hmi.historian imports HistorianSection)
from hmi.oee.config import OeeSection  # noqa: E402  (after Strict; no cycle)
from hmi.production.config import ProductionSection  # noqa: E402  (after Strict; no cycle)


class StationConfig(Strict):
    station: StationSection
    paths: PathsSection = PathsSection()
    security: SecuritySection = SecuritySection()
    ui: UiSection = UiSection()
    connections: dict[str, PluginSection] = {}
    tags: dict[str, TagSection] = {}
    printers: dict[str, PluginSection] = {}
    mes: PluginSection | None = None
    historian: HistorianSection = HistorianSection()
    history: HistorySection = HistorySection()
    production: ProductionSection = ProductionSection()
    labels: LabelsSection = LabelsSection()
    equipment: EquipmentSection = EquipmentSection()
    alarms: dict[str, AlarmDefinition] = {}
    sync: SyncSection = SyncSection()
    spc: SpcSection = SpcSection()
    oee: OeeSection | None = None

    # Where this config was read from; relative paths in it are relative to that folder.
    source: Path | None = Field(default=None, exclude=True)

    def data_dir(self) -> Path:
        if self.paths.data_dir:
            path = Path(self.paths.data_dir).expanduser()
            if not path.is_absolute() and self.source is not None:
                path = self.source.parent / path
            return path
        return Path(platformdirs.user_data_dir(APP_NAME)) / self.station.id

    def resolve(self, relative: str) -> Path:
        """A path written in the config, made absolute against the config file's folder."""
        path = Path(relative).expanduser()
        if path.is_absolute() or self.source is None:
            return path
        return self.source.parent / path


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


class ConfigError(Exception):
    """The config cannot be used. ``problems`` lists every mistake found, not only the first."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def load_config(path: str | Path) -> StationConfig:
    path = Path(path)
    name = str(path)
    try:
        raw = toml_text.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(name, "", "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ConfigError([ConfigProblem(name, "", f"not UTF-8 text ({exc.reason})")]) from None
    except toml_text.TooDeep as exc:
        raise ConfigError([ConfigProblem(name, exc.key, f"not valid TOML: values are nested too deeply (at most "
                                                        f"{toml_text.MAX_DEPTH} levels)")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigProblem(name, "", f"not valid TOML: {exc}")]) from None
    except OSError as exc:
        raise ConfigError([ConfigProblem(name, "", f"cannot be read ({exc.strerror or exc})")]) from None
    return parse_config(raw, source=path)


def parse_config(raw: dict[str, Any], *, source: Path | None = None) -> StationConfig:
    name = str(source) if source else "<config>"
    problems: list[ConfigProblem] = []
    config: StationConfig | None = None
    deep = toml_text.too_deep(raw)
    if deep is not None:
        raise ConfigError([ConfigProblem(name, deep, f"values are nested too deeply (at most "
                                                     f"{toml_text.MAX_DEPTH} levels)")])
    try:
        # Strict JSON-mode validation: "yes" is not a boolean and "5" is not a number, but enum
        # values may be written as plain strings, as TOML has them.
        config = StationConfig.model_validate_json(json.dumps(raw, default=str), strict=True)
        config = config.model_copy(update={"source": source})
    except ValidationError as exc:
        problems += [_problem(name, err) for err in exc.errors()]
    problems += _check_plugin_sections(raw, name)
    if config is not None:
        problems += _check_array_tags(config, name)
        problems += _check_alarm_order(config, name)
        problems += _check_oee_tags(config, name)
    if problems or config is None:
        raise ConfigError(problems)
    return config


def _check_array_tags(config: StationConfig, name: str) -> list[ConfigProblem]:
    """A list has no single number to scale or compare with a limit: refuse that when the config is read."""
    problems: list[ConfigProblem] = []
    hint = "take one element as its own tag with '?index=N' at the end of the address"
    for tag_name, tag in config.tags.items():
        if tag.array and tag.scaling is not None:
            problems.append(ConfigProblem(name, f"tags.{tag_name}.scaling",
                                          f"tag {tag_name} is an array (array = true): it cannot be scaled; {hint}"))
        if tag.array and tag.deadband:
            problems.append(ConfigProblem(name, f"tags.{tag_name}.deadband",
                                          f"tag {tag_name} is an array (array = true): no deadband; {hint}"))
    for alarm_name, alarm in config.alarms.items():
        alarmed = config.tags.get(alarm.tag)
        if alarmed is not None and alarmed.array and alarm.kind.value != "bad_quality":
            problems.append(ConfigProblem(name, f"alarms.{alarm_name}.tag",
                                          f"tag {alarm.tag} is an array (array = true): a {alarm.kind.value} alarm "
                                          f"needs a single number; {hint}"))
    return problems


def _check_oee_tags(config: StationConfig, name: str) -> list[ConfigProblem]:
    """The OEE state and fault-code tags must be tags of this station."""
    if config.oee is None:
        return []
    problems = []
    for key in ("state_tag", "fault_code_tag"):
        tag = getattr(config.oee, key)
        if tag and tag not in config.tags:
            problems.append(ConfigProblem(name, f"oee.{key}", f"unknown tag {tag!r}; expected one of the [tags.*] names"))
    return problems


_LIMIT_ORDER = ("lolo", "lo", "hi", "hihi")


def _check_alarm_order(config: StationConfig, name: str) -> list[ConfigProblem]:
    """The limit alarms of one tag in order: lolo <= lo < hi <= hihi (a lo above the hi never clears)."""
    by_tag: dict[str, list[tuple[int, str, float]]] = {}
    for alarm_id, alarm in config.alarms.items():
        if alarm.kind.value in _LIMIT_ORDER and alarm.limit is not None:
            by_tag.setdefault(alarm.tag, []).append((_LIMIT_ORDER.index(alarm.kind.value), alarm_id, alarm.limit))
    problems: list[ConfigProblem] = []
    for tag, limits in sorted(by_tag.items()):
        limits.sort()
        for (rank_a, id_a, limit_a), (rank_b, id_b, limit_b) in itertools.combinations(limits, 2):
            if rank_a == rank_b:
                continue
            strict = _LIMIT_ORDER[rank_a] in ("lolo", "lo") and _LIMIT_ORDER[rank_b] in ("hi", "hihi")
            if limit_a > limit_b or (strict and limit_a == limit_b):
                word = "below" if strict else "at most"
                problems.append(ConfigProblem(
                    name, f"alarms.{id_a}.limit",
                    f"the {_LIMIT_ORDER[rank_a]} limit of {tag} ({limit_a}) must be {word} the "
                    f"{_LIMIT_ORDER[rank_b]} limit of alarms.{id_b} ({limit_b}); expected lolo <= lo < hi <= hihi"))
    return problems


def _check_plugin_sections(raw: dict[str, Any], name: str) -> list[ConfigProblem]:
    """Each plugin section checked by its driver's own model (found through its entry point)."""
    from hmi.plugin_registry import PluginNotFound, plugin_config_model

    sections: list[tuple[str, str, Any]] = []
    for group, table in (("hmi.equipment", "connections"), ("hmi.printers", "printers")):
        if isinstance(raw.get(table), dict):
            sections += [(group, f"{table}.{key}", sec) for key, sec in raw[table].items()]
    if "mes" in raw:
        sections.append(("hmi.mes", "mes", raw["mes"]))
    history = raw.get("history")
    if isinstance(history, dict) and isinstance(history.get("sinks"), list):
        sections += [("hmi.history_sinks", f"history.sinks.{i}", sec) for i, sec in enumerate(history["sinks"])]
    problems: list[ConfigProblem] = []
    for group, key, section in sections:
        if not isinstance(section, dict) or not isinstance(section.get("driver"), str):
            continue  # the base model already reports a missing or misspelt driver
        try:
            model = plugin_config_model(group, section["driver"])
        except PluginNotFound as exc:
            problems.append(ConfigProblem(name, f"{key}.driver", str(exc)))
            continue
        if model is None:
            continue
        own = SINK_SECTION_KEYS if group == "hmi.history_sinks" else ("driver", "enabled")
        options = {k: v for k, v in section.items() if k not in own}
        try:
            model.model_validate_json(json.dumps(options, default=str), strict=True)
        except ValidationError as exc:
            problems += [_problem(name, err, prefix=key) for err in exc.errors()]
    return problems


_EXPECTED = {
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing_size": "a whole number of sane size",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "text in quotes",
    "dict_type": "a table ([section] or {…})",
    "model_type": "a table ([section] or {…})",
    "list_type": "a list ([…])",
    "finite_number": "a finite number (not nan or inf)",
}

# Keys whose values are never printed: a mistyped password is still a password.
_SECRET_KEY = re.compile(r"pass|token|secret|pin|credential|private|api_?key", re.IGNORECASE)
# Keys that name where a secret is kept (a file, a folder) hold no secret: their value helps the integrator.
_SECRET_PLACE = re.compile(r"(_file|_dir|_path|^private_key|^client_key)$", re.IGNORECASE)


_NAMED = re.compile(r"^([A-Za-z_][\w.\[\]-]*): (.+)$", re.DOTALL)


def _problem(file: str, err: Any, *, prefix: str = "") -> ConfigProblem:
    loc = [str(part) for part in err.get("loc", ()) if part != "source"]
    # A key with a control character (a stray carriage return) is shown quoted: it must not break the line.
    key = ".".join(([prefix] if prefix else []) + [part if part.isprintable() and part else repr(part) for part in loc])
    kind = err.get("type", "")
    given = _Shown(err.get("input"))
    ctx = err.get("ctx") or {}
    if any(_SECRET_KEY.search(part) and not _SECRET_PLACE.search(part) for part in loc[-1:]) \
            and kind not in ("missing", "extra_forbidden"):
        return ConfigProblem(file, key, _secret_message(kind, given))
    if kind == "missing":
        message = "required key is missing"
    elif kind == "extra_forbidden":
        message = "unknown key (check the spelling; unknown keys are not ignored)"
    elif kind in ("enum", "literal_error"):
        message = f"expected one of {ctx.get('expected', '?')}; got {given!r}"
    elif kind in _EXPECTED:
        message = f"expected {_EXPECTED[kind]}; got {given!r} ({given.kind})"
    elif kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = next(iter(ctx.values()), "?")
        words = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        message = f"expected a value {words} {bound}; got {given!r}"
    elif kind == "string_pattern_mismatch":
        message = f"{given!r} has characters that are not allowed (expected to match {ctx.get('pattern')})"
    elif kind in ("string_too_short", "too_short"):
        message = "must not be empty" if not given else f"too short: {given!r}"
    elif kind == "value_error":
        message = str(ctx.get("error", err.get("msg", "invalid value")))
        named = None if key else _NAMED.match(message)
        if named:   # a check of the whole table names its key as "key: message"
            key, message = named.group(1), named.group(2)
    else:
        message = f"{err.get('msg', 'invalid value')}; got {given!r}"
    return ConfigProblem(file, key, message)


class _Shown:
    """A value as a message quotes it: its repr cut short (a 5,000-character string or a deep table stays readable)."""

    _repr = reprlib.Repr()
    _repr.maxstring = 80
    _repr.maxother = 80
    _repr.maxlevel = 3

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        return self._repr.repr(self.value)

    def __str__(self) -> str:
        return repr(self)

    def __bool__(self) -> bool:
        return bool(self.value)

    @property
    def kind(self) -> str:
        return type(self.value).__name__


def _secret_message(kind: str, given: Any) -> str:
    """What was wrong with a secret's value, without the value."""
    expected = _EXPECTED.get(kind, "a different value")
    return f"expected {expected}; got a {given.kind} (the value is a secret and is not shown)"


# Re-exported so callers need one import for a driver's model.
__all__ = [
    "ConfigError",
    "ConfigProblem",
    "DataType",
    "Locale",
    "PluginSection",
    "StationConfig",
    "Strict",
    "TagSection",
    "load_config",
    "parse_config",
]
