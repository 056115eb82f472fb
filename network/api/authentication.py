"""Partner tokens on the wire: ``Authorization: Token wps_…`` (or ``Bearer``)."""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from network.api.throttling import RefusedTokenThrottle
from network.models import PartnerToken

KEYWORDS = {b"token", b"bearer"}


class PartnerTokenAuthentication(BaseAuthentication):
    """Authenticates a partner by token.

    The request's user stays anonymous and ``request.auth`` is the token, so
    network.core.visibility sees a partner — the public's view — whoever issued the
    token. A malformed, unknown, revoked or expired token is a 401, never a
    silent fall-back to anonymous access.
    """

    def authenticate(self, request):
        try:
            return self._authenticate(request)
        except exceptions.AuthenticationFailed:
            # DRF checks rates after authentication, which a refused token never
            # passes: count it against the anonymous rate here.
            throttle = RefusedTokenThrottle()
            if not throttle.allow_request(request, None):
                raise exceptions.Throttled(throttle.wait()) from None
            raise

    def _authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() not in KEYWORDS:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Token <token>”, with no spaces in it.")
            )
        try:
            plaintext = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        prefix = PartnerToken.split(plaintext)
        token = PartnerToken.objects.filter(prefix=prefix).first() if prefix else None
        if token is None or not token.matches(plaintext):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        now = timezone.now()
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("This token has been revoked."))
        if token.expires_at <= now:
            raise exceptions.AuthenticationFailed(_("This token has expired."))
        token.record_use(now)
        return AnonymousUser(), token

    def authenticate_header(self, request):
        # Makes DRF answer 401 (not 403) to a request without credentials.
        return 'Token realm="api"'
