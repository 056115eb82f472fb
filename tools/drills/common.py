"""What the fault drills share: a throw-away PostgreSQL database, the
project's commands in subprocesses, and the PostgreSQL cluster behind a URL."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
MANAGE = str(ROOT / "manage.py")


def say(message):
    print(message, flush=True)


def postgres_url():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("The drills need DATABASE_URL to point at PostgreSQL.")
    return url


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(url, **kwargs):
    import psycopg

    parts = urlsplit(url)
    return psycopg.connect(
        host=parts.hostname or "localhost",
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname=parts.path.lstrip("/"),
        **kwargs,
    )


def _admin(url, *statements):
    with connect(with_database(url, "postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def environment(url, **extra):
    """The environment of a production-like subprocess on ``url``."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    }
    env.update(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "drill-" + "x" * 60,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "PLAIN_STATIC_STORAGE": "1",
            "LOG_LEVEL": "WARNING",
            "REQUEST_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(extra)
    return env


def manage(url, *args, check=True, **extra):
    return subprocess.run(
        [PYTHON, MANAGE, *args],
        cwd=ROOT,
        env=environment(url, **extra),
        capture_output=True,
        text=True,
        timeout=600,
        check=check,
    )


@contextmanager
def drill_database(url):
    """A fresh, migrated database beside the one ``url`` names, dropped afterwards."""
    name = urlsplit(url).path.lstrip("/") + "_drill"
    _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')
    drill_url = with_database(url, name)
    try:
        started = time.monotonic()
        manage(drill_url, "migrate", "--no-input", "-v", "0")
        manage(drill_url, "load_demo")
        say(f"drill database {name}: migrated and demo loaded in {time.monotonic() - started:.0f}s")
        yield drill_url
    finally:
        _wait_for_postgres(url, timeout=60)
        _admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cluster_of(url):
    """(version, name) of the local cluster listening on the URL's port."""
    port = str(urlsplit(url).port or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True)
    for line in listing.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] == port:
            return fields[0], fields[1]
    raise SystemExit(f"No local PostgreSQL cluster listens on port {port} (pg_lsclusters).")


def pg_ctl(cluster, action):
    version, name = cluster
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _wait_for_postgres(url, timeout=60):
    parts = urlsplit(url)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready = subprocess.run(
            ["pg_isready", "-q", "-h", parts.hostname or "localhost", "-p", str(parts.port or 5432)]
        )
        if ready.returncode == 0:
            return True
        time.sleep(0.2)
    return False


wait_for_postgres = _wait_for_postgres


def free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
