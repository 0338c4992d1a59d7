"""``hmi check-config FILE``: every mistake in a station.toml, in plain words."""

from __future__ import annotations

import argparse
from pathlib import Path

from hmi.cli.common import load_or_exit, report_config_error
from hmi.config import ConfigError, ConfigProblem, StationConfig


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check-config", help="check a station.toml and list every problem")
    parser.add_argument("file", type=Path)
    parser.set_defaults(func=check_config)


def check_config(args: argparse.Namespace) -> int:
    config = load_or_exit(args.file)
    problems = address_problems(config, str(args.file))
    if problems:
        report_config_error(ConfigError(problems))
        return 2
    print(f"{args.file}: OK — station {config.station.id} ({config.station.name}), "
          f"{len(config.connections)} connection(s), {len(config.tags)} tag(s), "
          f"{len(config.printers)} printer(s), MES: {config.mes.driver if config.mes else 'none'}")
    if config.mes is not None and config.mes.enabled:
        from hmi.sync.wiring import options_warnings

        for warning in options_warnings(config.mes.driver, config.mes.options()):
            print(f"warning: {warning}")
    return 0


def address_problems(config: StationConfig, file: str) -> list[ConfigProblem]:
    """Each tag's address, as the driver its scheme names reads it, and its connection."""
    from hmi.equipment.service import tag_binding
    from hmi.tags.address import AddressError

    problems = []
    for name, tag in config.tags.items():
        try:
            tag_binding(config, name, tag)
        except AddressError as exc:
            problems.append(ConfigProblem(file, f"tags.{name}.address", str(exc)))
    return problems
