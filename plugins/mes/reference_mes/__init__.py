"""A small MES that implements plugins/mes/openapi.yaml, records what it received, and fails on demand."""
