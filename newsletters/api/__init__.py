"""The newsletters app's API resources (docs/api.md)."""
