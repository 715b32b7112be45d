"""Importers: turn another site's example pages into this project's YAML content."""
