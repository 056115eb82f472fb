"""Drill: an import killed halfway writes nothing.

``manage.py import_action_plans`` on a big file, and an import of people
through the admin's spreadsheet resource (django-import-export, in one
transaction as the admin runs it), are each killed with SIGKILL once their
transaction has started writing. The tables must hold exactly the rows they
held before; the same action-plan file then imports in full.
"""

import csv
import os
import signal
import subprocess
import tempfile
import time

from .common import MANAGE, PYTHON, ROOT, connect, environment, say

APPLICATION = "wps-drill-import"
PEOPLE = 3000
PLANS_PER_COUNTRY = 4

PEOPLE_IMPORT = """
import sys
import tablib
from focalpoints.resources import PersonResource
with open(sys.argv[1], encoding="utf-8") as f:
    dataset = tablib.Dataset().load(f.read(), format="csv")
result = PersonResource().import_data(
    dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
)
print("errors" if result.has_errors() or result.has_validation_errors() else "imported")
"""


def _count(url, table):
    with connect(url) as connection:
        return connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]  # noqa: S608


def _writing(url):
    """Whether the import's session holds a transaction that has written rows."""
    with connect(url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT COUNT(*) FROM pg_stat_activity "
            "WHERE application_name = %s AND backend_xid IS NOT NULL",
            [APPLICATION],
        ).fetchone()
    return row[0] > 0


def _session_gone(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connect(url, autocommit=True) as connection:
            alive = connection.execute(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = %s",
                [APPLICATION],
            ).fetchone()[0]
        if not alive:
            return True
        time.sleep(0.1)
    return False


def _kill_while_writing(url, command, tables):
    """Start ``command``, SIGKILL it a moment after its transaction starts
    writing; returns (rows before, rows after, seconds it ran, killed?)."""
    before = {table: _count(url, table) for table in tables}
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment(url, PGAPPNAME=APPLICATION),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    started = time.monotonic()
    killed = False
    while process.poll() is None and time.monotonic() - started < 300:
        if _writing(url):
            time.sleep(1.0)  # well into the writing
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed = True
            break
        time.sleep(0.05)
    process.wait(timeout=60)
    ran = time.monotonic() - started
    _session_gone(url)
    after = {table: _count(url, table) for table in tables}
    return before, after, ran, killed, process


def _plans_file(path):
    from django_countries.data import COUNTRIES

    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "country",
                "iso2",
                "plan_number",
                "adopted_year",
                "period_start",
                "period_end",
                "source_url",
            ]
        )
        rows = 0
        for code in sorted(COUNTRIES):
            for number in range(1, PLANS_PER_COUNTRY + 1):
                start = 2000 + 4 * (number - 1)
                source = f"https://example.org/plans/{code}/{number}"
                writer.writerow([code, code, number, start, start, start + 3, source])
                rows += 1
    return rows


def _people_file(path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "honorific", "given_name", "family_name", "email", "public_listing"])
        for number in range(PEOPLE):
            writer.writerow(["", "Ms.", f"Drill{number}", "Import", f"drill{number}@example.org"])
    return PEOPLE


def run(url):
    failures = []
    with tempfile.TemporaryDirectory() as workdir:
        plans = os.path.join(workdir, "plans.csv")
        rows = _plans_file(plans)
        tables = ["network_actionplan", "network_member", "network_historicalactionplan"]
        command = [PYTHON, MANAGE, "import_action_plans", plans, "--create-members"]
        before, after, ran, killed, process = _kill_while_writing(url, command, tables)
        say(
            f"  action plans ({rows} rows): killed={killed} after {ran:.1f}s; "
            f"rows before {before}, after the kill {after}"
        )
        if not killed:
            failures.append(f"the action-plan import ended before it could be killed: {process}")
        if before != after:
            failures.append(f"the killed action-plan import left rows: {before} → {after}")
        finished = subprocess.run(
            command, cwd=ROOT, env=environment(url), capture_output=True, text=True, timeout=600
        )
        complete = {table: _count(url, table) for table in tables}
        say(f"  the same file run to the end: {complete} ({finished.stdout.strip()[:90]}…)")
        if (
            finished.returncode != 0
            or complete["network_actionplan"] <= after["network_actionplan"]
        ):
            failures.append(f"the full action-plan import failed: {finished.stderr[-500:]}")

        people = os.path.join(workdir, "people.csv")
        _people_file(people)
        tables = ["focalpoints_person", "focalpoints_historicalperson"]
        command = [
            PYTHON,
            MANAGE,
            "shell",
            "-c",
            PEOPLE_IMPORT.replace("sys.argv[1]", repr(people)),
        ]
        before, after, ran, killed, process = _kill_while_writing(url, command, tables)
        say(
            f"  people ({PEOPLE} rows): killed={killed} after {ran:.1f}s; "
            f"rows before {before}, after the kill {after}"
        )
        if not killed:
            failures.append(
                "the people import ended before it could be killed: "
                + process.stdout.read().decode()[-300:]
                + process.stderr.read().decode()[-500:]
            )
        if before != after:
            failures.append(f"the killed people import left rows: {before} → {after}")
    return failures
