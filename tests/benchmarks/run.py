"""Run every benchmark: each tests/benchmarks/bench_*.py module's main()."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv=None):
    names = sorted(
        info.name
        for info in pkgutil.iter_modules([str(Path(__file__).parent)])
        if info.name.startswith("bench_")
    )
    wanted = set(argv or sys.argv[1:])
    failures = 0
    for name in names:
        if wanted and name not in wanted:
            continue
        print(f"== {name}")
        module = importlib.import_module(f"tests.benchmarks.{name}")
        failures += bool(module.main())
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
