"""OPC-UA equipment driver (asyncua client); asyncua types stay inside this package.

The driver is ``plugins.opcua.driver``; the options model alone (``plugins.opcua.options``) loads without asyncua.
"""
