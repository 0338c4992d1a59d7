"""Modbus TCP (and RTU over serial) equipment driver; pymodbus stays inside this package."""

from plugins.modbus.driver import ModbusDriver

__all__ = ["ModbusDriver"]
