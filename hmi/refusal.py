"""A refusal the operator reads: a fixed English template plus named values, so a screen can say it in any language.

The template is a ``str.format`` text (``"lot {lot_no} is not paused"``); ``str()`` fills it in, so logs, the CLI
and tests see the same English as before. Screens translate the template (it is a catalogue key) and then fill
in the same values. Values that are enum members (roles, permissions, states) stay members so that a screen
can translate those words too.
"""

from __future__ import annotations

from enum import Enum


class Refusal(Exception):
    """The rules refused an action; the reason is meant for the person at the station."""

    def __init__(self, template: str, /, **params: object) -> None:
        self.template = template
        self.params = params
        super().__init__(fill(template, params))

    def __reduce__(self) -> tuple[object, ...]:
        return _rebuild, (type(self), self.template, self.params), dict(self.__dict__)


def _rebuild(cls: type[Refusal], template: str, params: dict[str, object]) -> Refusal:
    """A copy without calling a subclass's own constructor (its arguments differ)."""
    refusal = cls.__new__(cls)
    Refusal.__init__(refusal, template, **params)
    return refusal


def fill(template: str, params: dict[str, object]) -> str:
    """The template with its values; enum members as their plain value ("supervisor", not "Role.SUPERVISOR")."""
    plain = {name: value.value if isinstance(value, Enum) else value for name, value in params.items()}
    return template.format(**plain)
