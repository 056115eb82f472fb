"""Models of the meetings app (see DESIGN.md)."""
