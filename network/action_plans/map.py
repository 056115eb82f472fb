"""The world map's country outlines, read once from the committed asset
network/data/world-map.json (built by tools/build_world_map.py from Natural
Earth via world-atlas; nothing is fetched at run time)."""

import json
from functools import cache
from pathlib import Path

WORLD_MAP_FILE = Path(__file__).resolve().parent.parent / "data" / "world-map.json"


@cache
def world_map():
    """``{"width", "height", "countries": {iso2: {"name", "d", "marker"}}, "other_land"}``."""
    with WORLD_MAP_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)
