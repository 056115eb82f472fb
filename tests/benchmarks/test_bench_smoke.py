"""The benchmark code runs (``make bench`` at N=200, reads only, two runs
each): a smoke test, not a measurement — no time is asserted."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


@pytest.mark.slow
def test_the_read_benchmarks_run_at_200_people_and_print_their_table():
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("the benchmarks need PostgreSQL (their floors are psycopg queries)")
    env = {**os.environ, "BENCH_DATABASE_PREFIX": settings.DATABASES["default"]["NAME"] + "_smoke"}
    env.pop("BENCH_KEEP", None)
    result = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.run", "--sizes", "200", "--runs", "2",
         "--export-runs", "1", "--only", "reads"],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout.split("Targets missed")[0]
    for read in ("API people list", "directory q=garcia", "member page", "meeting page",
                 "commitments tracker", "Popolo export", "CSV export"):  # fmt: skip
        assert f"| {read}" in table, read
