"""Machinery every app builds on: visibility, caching, search, privacy, audit,
logs, health, errors and security (a domain app defines none of it)."""
