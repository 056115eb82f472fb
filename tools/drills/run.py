"""Run the fault drills against the PostgreSQL that DATABASE_URL names:
``python -m tools.drills.run [postgres_restart|worker_killed|import_killed …]``.

Each drill works in a throw-away database beside DATABASE_URL's (created,
migrated, dropped), prints its figures, and the run fails when any drill
does. The PostgreSQL drill stops and starts the local cluster behind
DATABASE_URL (pg_ctlcluster, as root): run it only where that is acceptable,
as in CI after the test suites.
"""

import sys
import time

from . import import_killed, postgres_restart, worker_killed
from .common import drill_database, postgres_url, say

DRILLS = {
    "worker_killed": worker_killed,
    "import_killed": import_killed,
    "postgres_restart": postgres_restart,
}


def main(names):
    names = names or list(DRILLS)
    unknown = sorted(set(names) - set(DRILLS))
    if unknown:
        raise SystemExit(
            f"Unknown drill(s): {', '.join(unknown)}; choose from {', '.join(DRILLS)}."
        )
    url = postgres_url()
    results = {}
    started = time.monotonic()
    with drill_database(url) as drill_url:
        for name in names:
            say(f"\n--- drill: {name}")
            begun = time.monotonic()
            try:
                failures = DRILLS[name].run(drill_url)
            except Exception as error:  # a drill that breaks is a failed drill, and the others run
                failures = [f"{type(error).__name__}: {error}"]
            results[name] = failures
            verdict = "PASSED" if not failures else "FAILED: " + "; ".join(failures)
            say(f"  {name} {verdict} ({time.monotonic() - begun:.0f}s)")
    say(
        f"\ndrills: {sum(not f for f in results.values())}/{len(results)} passed in "
        f"{time.monotonic() - started:.0f}s"
    )
    return 0 if all(not failures for failures in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
