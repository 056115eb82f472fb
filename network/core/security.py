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


def normalise_login(value):
    """The one form of a login (an email address) that the login form looks up
    and django-axes counts failures under: stripped and lower-cased, so that
    ``LockMe@…`` and ``lockme@…`` are one account with one count."""
    return str(value or "").strip().lower()


def axes_username(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the normalised login of an attempt."""
    if credentials and credentials.get("username"):
        return normalise_login(credentials["username"])
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_login(data.get("username"))


def client_address(request):
    """The client's address as the proxies in front saw it: REMOTE_ADDR, or
    with NUM_PROXIES trusted proxies (REST_FRAMEWORK["NUM_PROXIES"], from
    API_NUM_PROXIES) the address the outermost of them appended to
    X-Forwarded-For — counted from the right, so that what a client writes in
    the header itself is never taken. The same rule as the API's throttles."""
    num_proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies > 0 and forwarded:
        addresses = [part.strip() for part in forwarded.split(",")]
        return addresses[-min(num_proxies, len(addresses))] or request.META.get("REMOTE_ADDR", "")
    return request.META.get("REMOTE_ADDR", "")
