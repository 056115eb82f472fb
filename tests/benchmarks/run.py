"""``make bench``: every benchmark against PostgreSQL, ending with one table.

    DATABASE_URL=postgres://user@host/db make bench
    DATABASE_URL=… make bench BENCH_ARGS="--sizes 20000 --seconds 10 --keep"

* bench_reads: the key reads at 20,000 and 100,000 people (datasets made by
  ``manage.py seed_scale`` in databases ``<db>_bench_20k`` and
  ``<db>_bench_100k``, dropped at the end unless --keep);
* bench_http: gunicorn and wrk at the largest size;
* bench_newsletters: deliveries per second to a loopback SMTP server.

DATABASE_URL's role must be allowed to create databases. Nothing is written
in the database DATABASE_URL names.
"""

import argparse
import os
import sys
import time

from . import common


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000", help="people per dataset")
    parser.add_argument("--runs", type=int, default=30, help="requests per page read")
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=30, help="wrk duration per target")
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument(
        "--only", default="reads,http,newsletters", help="which benchmarks, comma-separated"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        default=os.environ.get("BENCH_KEEP") == "1",
        help="keep the datasets for the next run (BENCH_KEEP=1)",
    )
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    only = set(args.only.split(","))
    sizes = [int(size) for size in args.sizes.split(",")]

    common.configure()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("make bench needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    base = connection.settings_dict["NAME"]
    common.collect_static()
    started = time.perf_counter()
    loads = [common.load_average()]
    print(f"Machine: {common.machine()}; load average at start {loads[0]}")
    results = []
    try:
        if "reads" in only:
            from . import bench_reads

            print("== bench_reads")
            results += bench_reads.run(sizes, runs=args.runs, export_runs=args.export_runs)
            loads.append(common.load_average())
        if "http" in only:
            from . import bench_http

            print("== bench_http")
            results += bench_http.run(max(sizes), seconds=args.seconds)
            loads.append(common.load_average())
        if "newsletters" in only:
            from . import bench_newsletters

            print("== bench_newsletters")
            common.use_database(base)
            figures = bench_newsletters.run(args.subscribers)
            results.append(
                common.Result(
                    "newsletters",
                    "SMTP deliveries/s vs bare smtplib",
                    f"{args.subscribers // 1000}k subs",
                    ratio=figures["ratio"],
                    target="≥0.5 of floor",
                    met=figures["ratio"] >= 0.5,
                    note=f"{figures['rate']:.0f}/s vs {figures['floor']:.0f}/s",
                )
            )
            loads.append(common.load_average())
    finally:
        if not args.keep:
            for size in sizes:
                common.drop_dataset(size)
    print()
    print(
        f"Machine: {common.machine()}. Load average (1, 5, 15 min) during the run: "
        + " → ".join(loads)
        + f". {time.perf_counter() - started:.0f} s in all."
    )
    print("Server times are in process (Django's test client, whole middleware stack); the floor")
    print("is the same data from ONE hand-written SQL query through psycopg, serialised, timed in")
    print("turns with it. HTTP figures are gunicorn (2 workers) under wrk, 32 connections.")
    print()
    common.print_table(results)
    missed = [r for r in results if r.met is False]
    print(f"\nTargets missed: {len(missed)} of {sum(r.met is not None for r in results)}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
