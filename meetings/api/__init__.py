"""The meetings app's API resources (docs/api.md)."""
