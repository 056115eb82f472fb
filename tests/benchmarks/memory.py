"""Peak memory of one streamed export, in a fresh process (run by bench_reads).

Prints one JSON line: the resident set's high-water mark (VmHWM) after a
warm-up request and after the export, their difference, and tracemalloc's
peak of Python allocations during the export (a second pass, since tracing
slows it). An export in constant memory grows neither with the number of
rows: compare the figures at 20,000 and 100,000 people.

    BENCH_DATABASE_NAME=… python -m tests.benchmarks.memory /api/v1/popolo.json
"""

import json
import os
import sys
import tracemalloc

from . import common


def vm_hwm_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def consume(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    return size


def main(url):
    common.configure()
    common.use_database(os.environ["BENCH_DATABASE_NAME"])
    from django.test import Client

    client = Client()
    # Warm up: imports, URL resolution, templates, one small page of the API.
    client.get("/api/v1/people/?page_size=1")
    before = vm_hwm_mb()
    size = consume(client, url)
    after = vm_hwm_mb()
    tracemalloc.start()
    consume(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        json.dumps(
            {
                "bytes": size,
                "rss_before_mb": round(before, 1),
                "rss_peak_mb": round(after, 1),
                "rss_growth_mb": round(after - before, 1),
                "traced_peak_mb": round(peak / 1024 / 1024, 1),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
