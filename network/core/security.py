"""Security settings that Django has no setting for: a Permissions-Policy
header, and shorter sessions for staff (docs/security.md)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


class PermissionsPolicyMiddleware:
    """Switch off browser features the site never uses (camera, microphone,
    geolocation …), for its pages and anything they might embed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response


@receiver(user_logged_in, dispatch_uid="network.core.security.staff_session_age")
def shorten_staff_sessions(sender, request, user, **kwargs):
    """Staff sessions end after STAFF_SESSION_COOKIE_AGE (a working day),
    members' after SESSION_COOKIE_AGE: staff hold everyone's data."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(settings.STAFF_SESSION_COOKIE_AGE)
