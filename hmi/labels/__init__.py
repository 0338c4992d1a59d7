"""Defect labels: templates, PDF/ZPL rendering, the persisted print queue and its printers."""
