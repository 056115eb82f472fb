"""Models of the newsletters app (see DESIGN.md)."""
