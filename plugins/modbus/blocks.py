"""Block coalescing: as few requests as possible for the tags of one device.

Tags of one unit, table and poll interval are sorted by offset and merged into one read while the
span stays within the protocol limit (125 registers, 2000 bits) and the hole between neighbours is
at most ``max_gap`` (reading a few unused registers is cheaper than another round trip).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from plugins.modbus.address import ModbusAddress, ModbusTable

MAX_REGISTERS = 125
MAX_BITS = 2000


@dataclass(frozen=True, slots=True)
class Item:
    tag: str
    address: ModbusAddress
    unit: int
    interval_s: float


@dataclass(slots=True)
class Block:
    unit: int
    table: ModbusTable
    interval_s: float
    start: int
    end: int
    items: list[Item] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.end - self.start


def plan_blocks(items: Iterable[Item], *, max_gap: int = 10, max_registers: int = MAX_REGISTERS,
                max_bits: int = MAX_BITS) -> list[Block]:
    groups: dict[tuple[int, ModbusTable, float], list[Item]] = {}
    for item in items:
        groups.setdefault((item.unit, item.address.table, item.interval_s), []).append(item)
    blocks: list[Block] = []
    for (unit, table, interval), members in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1].value, kv[0][2])):
        limit = max_bits if table.is_bits else max_registers
        current: Block | None = None
        for item in sorted(members, key=lambda i: (i.address.offset, i.address.end)):
            a = item.address
            if (current is not None and a.offset - current.end <= max_gap
                    and max(current.end, a.end) - current.start <= limit):
                current.end = max(current.end, a.end)
                current.items.append(item)
                continue
            current = Block(unit=unit, table=table, interval_s=interval, start=a.offset, end=a.end, items=[item])
            blocks.append(current)
    return blocks
