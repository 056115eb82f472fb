"""Security rules that Django has no setting for: shorter sessions for staff,
the second factor's device (docs/security.md)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import devices_for_user


class SingleDeviceMixin:
    """For django-otp's forms: most staff have one authenticator, so use it
    without asking them to pick (the admin's login and the site's code step)."""

    def _chosen_device(self, user):
        device = super()._chosen_device(user)
        if device is None:
            devices = list(devices_for_user(user, confirmed=True))
            if len(devices) == 1:
                device = devices[0]
        return device


@receiver(user_logged_in, dispatch_uid="network.core.security.staff_session_age")
def shorten_staff_sessions(sender, request, user, **kwargs):
    """Staff sessions end after STAFF_SESSION_COOKIE_AGE (a working day),
    members' after SESSION_COOKIE_AGE: staff hold everyone's data."""
    if user.is_staff and request is not None and hasattr(request, "session"):
        request.session.set_expiry(settings.STAFF_SESSION_COOKIE_AGE)
