"""Live equipment data: the driver interface, value conversion, and the service that runs the drivers."""
