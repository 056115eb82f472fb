"""Benchmark of every key read at scale, against its floor.

For each dataset size (``seed_scale --people N``, 20,000 and 100,000 by
default) and each key read — the API's people list (100 a page) and ``q``
search, the directory search page (HTML, a logged-in member), a member's page,
a meeting's page, the commitments tracker, the Popolo export and the CSV
export — it measures the server time in process (Django's test client through
the whole middleware stack, the response consumed), its median and p95, the
queries it runs, and the same data fetched by ONE hand-written SQL query
through psycopg and serialised (tests/benchmarks/floors.py), timed in turns
with it. Exports also report their peak memory, measured in a subprocess.

    DATABASE_URL=postgres://… python -m tests.benchmarks.run bench_reads [--sizes 20000]
"""

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass

from . import common, floors

SEARCH_TERM = "garcia"
TARGET_RATIO = 3.0
TARGET_SEARCH_P95_MS = 50.0


@dataclass
class Read:
    name: str
    viewer: str  # "anonymous" or "member"
    url: object  # callable(context) -> path
    floor: object  # callable(conn, context) -> (bytes, rows)
    export: bool = False
    search: bool = False
    # Measured as the first reader after a data change: before each request
    # one object the page shows is saved (``change(context)``), as staff or a
    # member editing it would, so the page's shared rendering is void and the
    # changed object's own row is rendered again (the rest may come from the
    # per-object renderings, docs/performance.md).
    change: object = None

    @property
    def cold(self):
        return self.change is not None


def _a_person(context):
    """A publicly listed person, saved: on the API's first page and in searches."""
    from focalpoints.models import Person

    Person.objects.filter(public_listing=True).order_by("pk").first().save()


def _a_post_of_the_member(context):
    from focalpoints.models import Appointment

    Appointment.objects.filter(member__country=context["country"]).order_by("pk").first().save()


def _a_session_of_the_meeting(context):
    from meetings.models import Session

    Session.objects.filter(meeting__slug=context["meeting"]).order_by("pk").first().save()


def _a_commitment_on_the_first_page(context):
    from meetings.models import Commitment

    Commitment.objects.first().save()  # the tracker's order: its first row


READS = [
    Read("API people list, 100/page", "anonymous", lambda c: "/api/v1/people/?page_size=100",
         lambda conn, c: floors.people_page(conn)),
    Read("API people list, 100/page, after a change", "anonymous",
         lambda c: "/api/v1/people/?page_size=100",
         lambda conn, c: floors.people_page(conn), change=_a_person),
    Read(f"API q={SEARCH_TERM}, 100/page", "anonymous",
         lambda c: f"/api/v1/people/?page_size=100&q={SEARCH_TERM}",
         lambda conn, c: floors.people_page(conn, SEARCH_TERM), search=True),
    Read(f"API q={SEARCH_TERM}, 100/page, after a change", "anonymous",
         lambda c: f"/api/v1/people/?page_size=100&q={SEARCH_TERM}",
         lambda conn, c: floors.people_page(conn, SEARCH_TERM), search=True, change=_a_person),
    Read(f"directory q={SEARCH_TERM} (member)", "member", lambda c: f"/directory/?q={SEARCH_TERM}",
         lambda conn, c: floors.directory_page(conn, SEARCH_TERM), search=True),
    Read(f"directory q={SEARCH_TERM} (member), after a change", "member",
         lambda c: f"/directory/?q={SEARCH_TERM}",
         lambda conn, c: floors.directory_page(conn, SEARCH_TERM), search=True,
         change=_a_person),
    Read("member page (public)", "anonymous", lambda c: f"/directory/members/{c['country']}/",
         lambda conn, c: floors.member_page(conn, c["country"])),
    Read("member page (public), after a change", "anonymous",
         lambda c: f"/directory/members/{c['country']}/",
         lambda conn, c: floors.member_page(conn, c["country"]), change=_a_post_of_the_member),
    Read("meeting page", "anonymous", lambda c: f"/meetings/{c['meeting']}/",
         lambda conn, c: floors.meeting_page(conn, c["meeting"])),
    Read("meeting page, after a change", "anonymous", lambda c: f"/meetings/{c['meeting']}/",
         lambda conn, c: floors.meeting_page(conn, c["meeting"]),
         change=_a_session_of_the_meeting),
    Read("commitments tracker", "anonymous", lambda c: "/commitments/",
         lambda conn, c: floors.commitments_page(conn)),
    Read("commitments tracker, after a change", "anonymous", lambda c: "/commitments/",
         lambda conn, c: floors.commitments_page(conn), change=_a_commitment_on_the_first_page),
    Read("Popolo export (public)", "anonymous", lambda c: "/api/v1/popolo.json",
         lambda conn, c: _export(floors.popolo_export, conn), export=True),
    Read("CSV export of people (public)", "anonymous", lambda c: "/api/v1/people/?format=csv",
         lambda conn, c: _export(floors.people_csv, conn), export=True),
]  # fmt: skip


class _Sink:
    """Counts what is written; keeps nothing (an export's client)."""

    def __init__(self):
        self.size = 0

    def write(self, data):
        self.size += len(data)


def _export(floor, conn):
    sink = _Sink()
    rows = floor(conn, sink)
    return sink.size, rows


def _context():
    from meetings.models import Meeting
    from network.models import Member, User

    country = "ES" if Member.objects.filter(country="ES").exists() else None
    country = country or Member.objects.exclude(country="").values_list("country", flat=True)[0]
    meeting = (
        Meeting.objects.filter(status="held", commitments__isnull=False)
        .order_by("-start_date")
        .values_list("slug", flat=True)
        .first()
    )
    user = User.objects.filter(email__startswith="member-", person__isnull=False).first()
    return {"country": country, "meeting": meeting, "user": user}


def _clients(context):
    from django.test import Client

    anonymous, member = Client(), Client()
    member.force_login(context["user"])
    return {"anonymous": anonymous, "member": member}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
    else:
        size = len(response.content)
    return size


def _queries(client, url, change=None, context=None):
    if change is not None:
        change(context)
    with common.QueryCounter() as counter:
        _get(client, url)
    return counter.count


def measure_memory(url, database):
    """Peak memory of one export in a fresh process: RSS high-water mark
    before and after, and tracemalloc's peak of Python allocations."""
    env = dict(os.environ, BENCH_DATABASE_NAME=database)
    output = subprocess.run(
        [sys.executable, "-m", "tests.benchmarks.memory", url],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def run(sizes, runs=30, export_runs=3, log=print):
    import psycopg
    from psycopg.types.json import set_json_loads

    results = []
    for size in sizes:
        name, seeded = common.ensure_dataset(size, log=log)
        label = f"{size // 1000}k" if size >= 1000 else str(size)
        if seeded is not None:
            log(f"  seed_scale --people {size}: {seeded:.1f} s")
            results.append(common.Result("seed", "seed_scale", label, note=f"{seeded:.0f} s"))
        context = _context()
        clients = _clients(context)
        conn = psycopg.connect(**common.dsn_params(common.base_settings(), dbname=name))
        set_json_loads(__import__("orjson").loads, conn)
        try:
            for read in READS:
                client, url = clients[read.viewer], read.url(context)
                size_bytes = _get(client, url)
                read.floor(conn, context)  # warm, and fail early on a wrong query
                count = export_runs if read.export else runs
                server, floor = common.in_turns(
                    lambda client=client, url=url: _get(client, url),
                    lambda read=read, conn=conn, context=context: read.floor(conn, context),
                    count,
                    prepare=(lambda read=read, context=context: read.change(context))
                    if read.cold
                    else None,
                )
                median, p95 = common.summary_ms(server)
                floor_median, _ = common.summary_ms(floor)
                ratio = median / floor_median
                met = ratio <= TARGET_RATIO
                target = f"≤{TARGET_RATIO:.0f}× floor"
                note = f"{size_bytes / 1024:.0f} KB"
                if read.search and size >= 100_000:
                    target += f", p95<{TARGET_SEARCH_P95_MS:.0f}ms"
                    met = met and p95 < TARGET_SEARCH_P95_MS
                extra = {}
                if read.export:
                    memory = measure_memory(url, name)
                    extra = memory
                    note = (
                        f"{size_bytes / 1024 / 1024:.1f} MB, RSS +{memory['rss_growth_mb']:.1f} MB,"
                        f" traced peak {memory['traced_peak_mb']:.1f} MB"
                    )
                results.append(
                    common.Result(
                        "reads", read.name, label, median, p95,
                        _queries(client, url, read.change, context),
                        floor_median, ratio, target, met, note, extra,
                    )
                )  # fmt: skip
                log(f"  {label} {read.name}: {median:.1f} ms (p95 {p95:.1f}), floor "
                    f"{floor_median:.1f} ms, ×{ratio:.2f}  [{note}]")  # fmt: skip
        finally:
            conn.close()
    return results


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args(argv)
    common.configure()
    common.collect_static()
    started = time.perf_counter()
    results = run([int(s) for s in args.sizes.split(",")], runs=args.runs)
    common.print_table(results)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
