"""The Qt views of the station. They talk to hmi services, never to plugins."""
