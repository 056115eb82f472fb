"""Action plans on UNSCR 1325 beyond their models: the CSV importer, the page
with its map, and the demo's sourced plans."""
