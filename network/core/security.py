"""Security rules that Django has no setting for: shorter sessions for staff
(docs/security.md)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver


@receiver(user_logged_in, dispatch_uid="network.core.security.staff_session_age")
def shorten_staff_sessions(sender, request, user, **kwargs):
    """Staff sessions end after STAFF_SESSION_COOKIE_AGE (a working day),
    members' after SESSION_COOKIE_AGE: staff hold everyone's data."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(settings.STAFF_SESSION_COOKIE_AGE)
