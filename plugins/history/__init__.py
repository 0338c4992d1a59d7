"""History sinks: where history.db's samples and rollups are uploaded (``hmi.history_sinks``)."""
