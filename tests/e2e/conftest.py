"""Browser tests: Playwright driving Debian's Chromium against live_server.

pytest-playwright cannot find Debian's Chromium by channel, so the launch
arguments name it; the flags keep it from reaching for the network, which
this machine's sandbox refuses.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Playwright's sync API runs an event loop in the test's thread; Django's
# async-safety check would refuse database access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Browser tests are transactional, and Django empties every table after
    each one, including the M49 regions and the languages that a data
    migration loads; put them back, with the migration's own functions, for
    the tests that need the database."""
    if "live_server" not in request.fixturenames:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from network.models import Language, Region

    if Region.objects.exists() and Language.objects.exists():
        return
    migrations = Path(__file__).resolve().parents[2] / "network" / "migrations"
    for path in sorted(migrations.glob("*_reference_data.py")):
        module = importlib.import_module(f"network.migrations.{path.stem}")
        module.load_regions(apps, None)
        module.load_languages(apps, None)
