"""Reusable widgets sized for touch: at least 15 mm targets, usable with gloves."""
