"""Peers for the demo and the tests: an equipment simulator (OPC-UA + Modbus servers on loopback)."""
