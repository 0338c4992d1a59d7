"""OPC-UA equipment driver (asyncua client); asyncua types stay inside this package."""

from plugins.opcua.driver import OpcUaDriver

__all__ = ["OpcUaDriver"]
