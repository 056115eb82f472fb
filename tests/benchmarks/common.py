"""What the benchmarks share: production-like settings, the datasets made by
``manage.py seed_scale`` (one PostgreSQL database per size, kept between
runs with --keep), timing in turns with a floor, query counting, the machine's
description, and the result rows that ``run.py`` prints as one table."""

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field

SEED = 1325


def configure(**overrides):
    """Production-like settings (DEBUG off, manifest static files, the
    production cache) before Django starts; API rates out of the way."""
    env = {
        "DJANGO_SETTINGS_MODULE": "network.settings",
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "testserver,127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "REQUEST_LOG_LEVEL": "WARNING",
        "API_ANONYMOUS_RATE": "1000000/minute",
        "API_PARTNER_RATE": "1000000/minute",
        "API_USER_RATE": "1000000/minute",
    }
    env.update(overrides)
    for key, value in env.items():
        os.environ.setdefault(key, value)
    import django

    django.setup()
    base_name()


def collect_static():
    """The manifest storage of production needs collected files."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)


# --- datasets -----------------------------------------------------------------


def base_settings():
    from django.db import connections

    return dict(connections["default"].settings_dict)


def admin_connection():
    """A psycopg connection to the server's maintenance database."""
    import psycopg

    params = dsn_params(base_settings(), dbname="postgres")
    return psycopg.connect(**params, autocommit=True)


def dsn_params(settings_dict, dbname=None):
    params = {
        "dbname": dbname or settings_dict["NAME"],
        "user": settings_dict.get("USER") or None,
        "password": settings_dict.get("PASSWORD") or None,
        "host": settings_dict.get("HOST") or None,
        "port": settings_dict.get("PORT") or None,
    }
    return {key: value for key, value in params.items() if value}


_BASE_NAME = []


def base_name():
    """The database DATABASE_URL names (before any switch to a dataset)."""
    if not _BASE_NAME:
        _BASE_NAME.append(base_settings()["NAME"])
    return _BASE_NAME[0]


def dataset_name(people):
    base = os.environ.get("BENCH_DATABASE_PREFIX") or base_name()
    label = f"{people // 1000}k" if people % 1000 == 0 else str(people)
    return f"{base}_bench_{label}"


def use_database(name):
    """Point the default connection (and anything started later) at ``name``."""
    from django.conf import settings
    from django.db import connections

    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    settings.DATABASES["default"]["NAME"] = name


def ensure_dataset(people, log=print):
    """A migrated database holding ``seed_scale --people N`` (made once, then
    reused while its counts match). Returns (name, seconds spent seeding or None)."""
    from django.core.management import call_command

    name = dataset_name(people)
    with admin_connection() as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
    use_database(name)
    call_command("migrate", interactive=False, verbosity=0)
    if _seeded_with(people):
        return name, None
    if _has_rows():
        log(f"  {name}: holds other data; recreating it")
        use_database("postgres")
        with admin_connection() as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        use_database(name)
        call_command("migrate", interactive=False, verbosity=0)
    log(f"  {name}: seed_scale --people {people} …")
    started = time.perf_counter()
    call_command("seed_scale", people=people, seed=SEED, verbosity=0, stdout=_Null())
    return name, time.perf_counter() - started


def drop_dataset(people):
    name = dataset_name(people)
    use_database("postgres")
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _seeded_with(people):
    from focalpoints.models import Person
    from newsletters.models import Subscription

    return (
        Person.objects.count() == people
        and Subscription.objects.count() == people * 10
        and Person.objects.filter(user__email__startswith="member-").exists()
    )


def _has_rows():
    from network.management.commands.seed_scale import rows_of_data

    return bool(rows_of_data("default"))


class _Null:
    def write(self, *args):
        pass

    def flush(self):
        pass


# --- measuring ----------------------------------------------------------------


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary_ms(samples):
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000


def in_turns(first, second, runs, warm=1, prepare=None):
    """Time ``first`` and ``second`` alternately ``runs`` times each, so the
    machine's load weighs on both alike; ``prepare()``, untimed, runs before
    each ``first()``. Returns two lists of seconds."""
    for _ in range(warm):
        first()
        second()
    a, b = [], []
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        first()
        a.append(time.perf_counter() - started)
        started = time.perf_counter()
        second()
        b.append(time.perf_counter() - started)
    return a, b


class QueryCounter:
    """Counts the queries run on the default connection (whatever DEBUG says)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._context = connection.execute_wrapper(self)
        self._context.__enter__()
        return self

    def __exit__(self, *exc):
        return self._context.__exit__(*exc)


def machine():
    """Cores, memory and load: the machine is shared with other jobs."""
    cores = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo") as handle:
            total = int(handle.readline().split()[1])
        memory = f", {total / 1024 / 1024:.0f} GB RAM"
    except OSError:
        pass
    return f"{platform.machine()} {cores} cores{memory}, Python {sys.version.split()[0]}"


def load_average():
    try:
        return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    except OSError:
        return "n/a"


# --- results --------------------------------------------------------------------


@dataclass
class Result:
    """One line of the final table."""

    bench: str
    name: str
    size: str = ""
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    floor_ms: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)


def print_table(results, out=sys.stdout):
    headers = ["bench", "N", "read", "median", "p95", "queries", "floor", "ratio", "target",
               "met", "note"]  # fmt: skip
    rows = []
    for r in results:
        rows.append(
            [
                r.bench,
                r.size,
                r.name,
                "" if r.median_ms is None else f"{r.median_ms:.1f} ms",
                "" if r.p95_ms is None else f"{r.p95_ms:.1f} ms",
                "" if r.queries is None else str(r.queries),
                "" if r.floor_ms is None else f"{r.floor_ms:.1f} ms",
                "" if r.ratio is None else f"{r.ratio:.2f}",
                r.target,
                "" if r.met is None else ("yes" if r.met else "NO"),
                r.note,
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h)
              for i, h in enumerate(headers)]  # fmt: skip
    right = {3, 4, 5, 6, 7}

    def line(cells):
        return " | ".join(
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(cells)
        )

    print(line(headers), file=out)
    print("-+-".join("-" * w for w in widths), file=out)
    for row in rows:
        print(line(row), file=out)
