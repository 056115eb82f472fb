"""Request rates: per partner token, per anonymous address, per logged-in user.

Rates come from settings.API_THROTTLE_RATES at each request (not at import,
as DRF's own throttles do), so deployments and tests can change them. An
exceeded rate is a 429 with ``Retry-After``.
"""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


def _is_partner(request):
    return getattr(request.auth, "is_partner_token", False)


class _SettingsRateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class PartnerTokenThrottle(_SettingsRateThrottle):
    """One bucket per partner token."""

    scope = "partner"

    def get_cache_key(self, request, view):
        if not _is_partner(request):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AnonymousThrottle(_SettingsRateThrottle):
    """One bucket per client address for requests without credentials."""

    scope = "anonymous"

    def get_cache_key(self, request, view):
        if _is_partner(request) or request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class UserThrottle(_SettingsRateThrottle):
    """One bucket per logged-in user (browser sessions)."""

    scope = "user"

    def get_cache_key(self, request, view):
        if _is_partner(request) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class RefusedTokenThrottle(AnonymousThrottle):
    """A request with a malformed, unknown, revoked or expired token spends
    the anonymous bucket of its address (network.api.authentication): a
    bogus token is no way around the anonymous rate."""

    def get_cache_key(self, request, view):
        # Asked during authentication: request.user is not known yet.
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
