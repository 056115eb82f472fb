"""Drill: PostgreSQL goes down during a load run and comes back.

gunicorn serves the project on loopback while clients keep asking for the
health endpoint, an API list and a page. PostgreSQL is stopped, stays down a
few seconds, and is started again (pg_ctlcluster). While it is down every
request must still be answered — 503 with Retry-After (network/core/errors.py),
never a hang or a 500 — and once it is back the same gunicorn, never
restarted, must serve normally again.
PostgreSQL is started again whatever happens.
"""

import http.client
import os
import subprocess
import tempfile
import threading
import time
from collections import Counter

from .common import PYTHON, ROOT, cluster_of, environment, free_port, pg_ctl, say, wait_for_postgres

PATHS = ["/health/", "/api/v1/members/?page_size=5", "/directory/members/"]
CLIENTS = 6
TIMEOUT = 10  # seconds: an answer slower than this counts as a hang
DOWN_FOR = 4
RECOVERY_GRACE = 1.0  # seconds after PostgreSQL accepts connections again


class Load:
    def __init__(self, port):
        self.port = port
        self.results = []  # (time, path, status or error name, seconds)
        self.stop = threading.Event()
        self.lock = threading.Lock()

    def client(self, number):
        index = number
        while not self.stop.is_set():
            path = PATHS[index % len(PATHS)]
            index += 1
            started = time.monotonic()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
                connection.request("GET", path)
                response = connection.getresponse()
                response.read()
                outcome = response.status
                connection.close()
            except TimeoutError:
                outcome = "timeout"
            except OSError as error:
                outcome = type(error).__name__
            with self.lock:
                self.results.append((started, path, outcome, time.monotonic() - started))
            time.sleep(0.02)

    def between(self, start, end):
        return [r for r in self.results if start <= r[0] < end]

    def finished_before(self, moment):
        """Requests answered before ``moment``: one still in flight when the
        cluster is told to stop belongs to the outage, not to the time before."""
        return [r for r in self.results if r[0] + r[3] < moment]


def _warm_up(port, timeout=60):
    """Wait until gunicorn answers every path once (the first answers load the code)."""
    deadline = time.monotonic() + timeout
    pending = list(PATHS)
    while pending and time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
            connection.request("GET", pending[0])
            if connection.getresponse().status == 200:
                pending.pop(0)
            connection.close()
        except OSError:
            time.sleep(0.1)
    if pending:
        raise RuntimeError(f"gunicorn did not serve {pending} within {timeout}s")


def _schema_burst(port, threads=8, each=4):
    """Concurrent requests for the OpenAPI schema (generated per request, and
    not thread-safe in drf-spectacular without the project's lock)."""
    outcomes = Counter()
    lock = threading.Lock()

    def ask():
        for _ in range(each):
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                connection.request("GET", "/api/v1/schema/")
                response = connection.getresponse()
                response.read()
                outcome = response.status
            except OSError as error:
                outcome = type(error).__name__
            with lock:
                outcomes[outcome] += 1

    workers = [threading.Thread(target=ask) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return outcomes


def summary(results):
    counts = Counter(outcome for _t, _p, outcome, _s in results)
    slowest = max((seconds for *_rest, seconds in results), default=0)
    errors = sum(n for outcome, n in counts.items() if outcome != 200)
    return errors, counts, slowest


def run(url):
    cluster = cluster_of(url)
    port = free_port()
    # Kept after the drill when it fails, for whoever reads CI's output.
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115
        "w+", prefix="drill-gunicorn-", suffix=".log", delete=False
    )
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "network.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
        ],
        cwd=ROOT,
        env=environment(url, DATABASE_CONN_MAX_AGE="60", API_ANONYMOUS_RATE="1000000/minute"),
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    load = Load(port)
    threads = [threading.Thread(target=load.client, args=(n,), daemon=True) for n in range(CLIENTS)]
    failures = []
    try:
        _warm_up(port)
        burst = _schema_burst(port)
        for thread in threads:
            thread.start()
        time.sleep(3)
        down_at = time.monotonic()
        pg_ctl(cluster, "stop")
        time.sleep(DOWN_FOR)
        pg_ctl(cluster, "start")
        wait_for_postgres(url)
        up_at = time.monotonic()
        time.sleep(6)
        load.stop.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT + 5)
        end = time.monotonic()
    finally:
        load.stop.set()
        if not wait_for_postgres(url, timeout=1):
            pg_ctl(cluster, "start")
            wait_for_postgres(url)
        server.terminate()
        server.wait(timeout=30)

    say(f"  schema burst: {sum(burst.values())} concurrent requests, answers {dict(burst)}")
    if set(burst) != {200}:
        failures.append(f"the schema failed under concurrent requests: {dict(burst)}")
    before = load.finished_before(down_at)
    during = [r for r in load.between(0, up_at) if r not in before]
    settling = load.between(up_at, up_at + RECOVERY_GRACE)
    after = load.between(up_at + RECOVERY_GRACE, end)
    for name, results in (
        ("before", before),
        ("during", during),
        ("settling", settling),
        ("after", after),
    ):
        errors, counts, slowest = summary(results)
        say(
            f"  {name:8} {len(results):5} requests, {errors:4} errors, slowest {slowest:.2f}s, "
            f"answers {dict(sorted(counts.items(), key=str))}"
        )
    say(f"  PostgreSQL down for {up_at - down_at:.1f}s (cluster {' '.join(cluster)})")
    say(f"  gunicorn's log (kept when the drill fails): {log.name}")

    if summary(before)[0]:
        failures.append("errors before the outage")
    errors_during, counts_during, slowest_during = summary(during)
    if not errors_during:
        failures.append("no errors while PostgreSQL was down: did it go down?")
    if any(isinstance(outcome, str) for outcome in counts_during):
        failures.append(f"requests without an HTTP answer during the outage: {counts_during}")
    if slowest_during >= TIMEOUT:
        failures.append("a request hung during the outage")
    if set(counts_during) - {200, 503}:
        failures.append(f"unexpected answers during the outage: {counts_during}")
    errors_after, counts_after, _slowest = summary(after)
    if errors_after or not after:
        failures.append(f"not serving normally after the outage: {counts_after}")
    if not failures:
        os.unlink(log.name)
    return failures
