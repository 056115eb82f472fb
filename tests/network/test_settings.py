"""Configuration from the environment: production refuses to start without a
secret key, and production values pass Django's deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, **env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = _manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_pass_the_deployment_checks():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 20 + "a-much-longer-random-secret-key-for-production-0123456789",
        ALLOWED_HOSTS="wps.example.org",
        SITE_URL="https://wps.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_has_no_default_site_url():
    result = _manage(
        "check",
        "--deploy",
        SECRET_KEY="x" * 20 + "a-much-longer-random-secret-key-for-production-0123456789",
        ALLOWED_HOSTS="wps.example.org",
        SITE_URL="",
    )
    assert result.returncode != 0
    assert "network.E001" in result.stderr


@pytest.mark.parametrize(
    ("site_url", "error"),
    [
        ("", "network.E001"),
        ("http://wps.example.org", "network.E002"),
        ("https://127.0.0.1:8000", "network.E003"),
        ("https://localhost", "network.E003"),
        ("https://[::1]", "network.E003"),
        ("http://127.0.0.1:8000", "network.E002"),
    ],
)
def test_check_deploy_fails_on_a_bad_site_url(settings, site_url, error):
    settings.DEBUG = False
    settings.SITE_URL = site_url
    with pytest.raises(SystemCheckError, match=error):
        call_command("check", "--deploy", "--tag", "security")


def test_check_deploy_passes_a_public_https_site_url(settings):
    settings.DEBUG = False
    settings.SITE_URL = "https://wps.example.org"
    call_command("check", "--deploy", "--tag", "security")


def test_development_needs_no_site_url(settings):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    call_command("check", "--deploy", "--tag", "security")
