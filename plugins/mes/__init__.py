"""MES connectors (REST, MQTT) and the reference MES used by the demo and the tests."""
