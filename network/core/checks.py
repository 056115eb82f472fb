"""Deployment checks (``manage.py check --deploy``) of the project's own
settings.

Links in emails and feeds are built from ``SITE_URL`` by workers that have
no request to take a host from, so a production set-up with it unset, on
plain http (RFC 8058 wants an https unsubscribe link) or on a loopback
address would send links nobody can follow — and Django's own deploy checks
do not know the setting.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Tags, register

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host):
    if host in LOOPBACK_NAMES or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs):
    """E001 SITE_URL unset, E002 not https, E003 a loopback address (DEBUG off)."""
    if settings.DEBUG:
        return []
    site_url = (getattr(settings, "SITE_URL", "") or "").strip()
    if not site_url:
        return [
            Error(
                "SITE_URL is not set.",
                hint="Set SITE_URL to the site's public https address, e.g. "
                "https://wps.example.org: links in emails and feeds are built from it.",
                id="network.E001",
            )
        ]
    parts = urlsplit(site_url)
    errors = []
    if parts.scheme != "https":
        errors.append(
            Error(
                f"SITE_URL {site_url!r} is not an https address.",
                hint="Emails' links, and RFC 8058's one-click unsubscribe above all, "
                "must be https.",
                id="network.E002",
            )
        )
    if not parts.hostname or _is_loopback(parts.hostname):
        errors.append(
            Error(
                f"SITE_URL {site_url!r} is a loopback address.",
                hint="Readers of an email cannot follow a link to this machine; "
                "set the public host name.",
                id="network.E003",
            )
        )
    return errors
