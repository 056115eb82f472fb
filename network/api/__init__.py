"""The partners' REST API under /api/v1/: the shared machinery every app's
``api/`` package builds on, and the network's own resources (see docs/api.md)."""
