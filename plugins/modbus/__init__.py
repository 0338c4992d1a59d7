"""Modbus TCP (and RTU over serial) equipment driver; pymodbus stays inside this package.

The driver is ``plugins.modbus.driver``; the options model alone (``plugins.modbus.options``) loads without pymodbus.
"""
