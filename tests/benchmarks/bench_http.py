"""Benchmark under HTTP load: gunicorn (two sync workers) on loopback, wrk
at 32 connections for 30 s against, in the same run,

* a static file (WhiteNoise) and a trivial Django view: the baselines;
* the API's people list (100 a page) and the directory search (HTML, a
  logged-in member): requests per second, p99 latency, errors, and the ratio
  to the static file's and the trivial view's requests per second;
* scale-out: two gunicorn instances on different ports against one database,
  loaded at once (16 connections each), answering the same bytes.

wrk comes from Debian's package; if it is missing the benchmark installs it
with apt-get (and says so), or skips with a message when it cannot.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request

from . import common

CONNECTIONS = 32
THREADS = 2
TARGET_FRACTION = 1 / 20


def ensure_wrk(log=print):
    if shutil.which("wrk"):
        return True
    log("  wrk is not installed: installing Debian's package with apt-get …")
    try:
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as error:
        log(f"  could not install wrk ({error}); skipping the HTTP benchmark")
        return False
    return bool(shutil.which("wrk"))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(database):
    from django.conf import settings

    db = settings.DATABASES["default"]
    auth = db.get("USER") or ""
    if db.get("PASSWORD"):
        auth += ":" + db["PASSWORD"]
    host = f"{db.get('HOST') or 'localhost'}:{db.get('PORT') or 5432}"
    return {
        **os.environ,
        "DATABASE_URL": f"postgres://{auth}@{host}/{database}",
        "DJANGO_SETTINGS_MODULE": "network.settings",
    }


class Gunicorn:
    """``gunicorn tests.benchmarks.wsgi -w 2`` on a loopback port."""

    def __init__(self, database, workers=2):
        self.port = free_port()
        root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "tests.benchmarks.wsgi", "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--log-level", "warning",
             "--access-logfile", "/dev/null"],
            env=server_env(database), cwd=root, start_new_session=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url("/bench/trivial/"), timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError("gunicorn did not start: " + self.process.stderr.read().decode())

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def wrk(url, seconds, connections=CONNECTIONS, cookie=None):
    """Run wrk; returns requests/s, p99 ms, errors (non-2xx + socket errors)."""
    command = ["wrk", f"-t{THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency",
               "--timeout", "10s"]  # fmt: skip
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    return parse_wrk(subprocess.run([*command, url], capture_output=True, text=True).stdout)


def parse_wrk(output):
    def number(pattern, default=0.0):
        found = re.search(pattern, output)
        return float(found.group(1)) if found else default

    def ms(value, unit):
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(number(r"Non-2xx or 3xx responses: (\d+)"))
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p99_ms": ms(*p99.groups()) if p99 else None,
        "requests": int(number(r"(\d+) requests in")),
        "errors": errors,
        "raw": output,
    }


def member_cookie():
    """A session of a member (a focal point with an account), for the directory."""
    from django.conf import settings
    from django.test import Client

    from network.models import User

    user = User.objects.filter(email__startswith="member-", person__isnull=False).first()
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def run(size, seconds=30, log=print):
    results = []
    if not ensure_wrk(log):
        return [common.Result("http", "wrk missing", note="skipped")]
    name, _seeded = common.ensure_dataset(size, log=log)
    label = f"{size // 1000}k"
    cookie = member_cookie()
    server = Gunicorn(name)
    try:
        targets = [
            ("static file (WhiteNoise)", "/static/css/site.css", None),
            ("trivial Django view", "/bench/trivial/", None),
            ("API people list, 100/page", "/api/v1/people/?page_size=100", None),
            ("directory q=garcia (member)", "/directory/?q=garcia", cookie),
        ]
        figures = {}
        for title, path, with_cookie in targets:
            wrk(server.url(path), 3, cookie=with_cookie)  # warm both workers
            figures[title] = wrk(server.url(path), seconds, cookie=with_cookie)
            f = figures[title]
            log(f"  {label} {title}: {f['rps']:.0f} req/s, p99 {f['p99_ms']} ms, "
                f"{f['errors']} errors [load {common.load_average()}]")  # fmt: skip
        static = figures["static file (WhiteNoise)"]["rps"]
        trivial = figures["trivial Django view"]["rps"]
        for title, _path, _cookie in targets:
            f = figures[title]
            is_target = title.startswith(("API", "directory"))
            met = None
            if is_target:
                met = f["rps"] >= TARGET_FRACTION * static and f["errors"] == 0
            results.append(
                common.Result(
                    "http", title, label, p95_ms=None, target="≥1/20 static, 0 errors"
                    if is_target else "", met=met,
                    note=f"{f['rps']:.0f} req/s, p99 {f['p99_ms']:.0f} ms, {f['errors']} errors,"
                    f" {f['rps'] / static:.3f}× static, {f['rps'] / trivial:.2f}× trivial",
                    extra={"rps": f["rps"], "p99_ms": f["p99_ms"], "errors": f["errors"]},
                )
            )  # fmt: skip
        results.append(scale_out(server, name, seconds, label, log))
    finally:
        server.stop()
    return results


def scale_out(first, database, seconds, label, log):
    """A second gunicorn on another port, same database: both loaded at once."""
    second = Gunicorn(database)
    try:
        path = "/api/v1/people/?page_size=100&q=garcia"
        bodies = []
        for server in (first, second):
            with urllib.request.urlopen(server.url(path), timeout=10) as answer:
                # Links name the host and port they were asked on.
                bodies.append(answer.read().replace(f":{server.port}/".encode(), b":PORT/"))
        same = bodies[0] == bodies[1]
        half = CONNECTIONS // 2
        processes = [
            subprocess.Popen(
                ["wrk", "-t1", f"-c{half}", f"-d{seconds}s", "--latency", server.url(path)],
                stdout=subprocess.PIPE,
                text=True,
            )
            for server in (first, second)
        ]
        outputs = [parse_wrk(process.communicate()[0]) for process in processes]
        rps = sum(o["rps"] for o in outputs)
        errors = sum(o["errors"] for o in outputs)
        log(f"  {label} two instances, API q=garcia: {rps:.0f} req/s together, {errors} errors, "
            f"same answer from both: {same}")  # fmt: skip
        return common.Result(
            "http", "two gunicorns, one database (API q)", label, target="0 errors, same answer",
            met=errors == 0 and same,
            note=" + ".join(f"{o['rps']:.0f}" for o in outputs) + f" req/s, {errors} errors",
        )  # fmt: skip
    finally:
        second.stop()


def main(argv=None):
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=30)
    args = parser.parse_args(argv)
    common.configure()
    common.collect_static()
    results = run(args.size, args.seconds)
    common.print_table(results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
