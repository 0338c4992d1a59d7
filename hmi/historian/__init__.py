"""The historian: every tag sample in history.db, with rollups for fast trend queries.

The package imports nothing itself: the config reads its upload settings (``upload_config``) on the
login path, which must not load the store (``tests/unit/test_cold_start_imports.py``).
"""
