"""What browser tests do besides clicking: a session without the login form, a
language chosen as the switcher chooses it."""


def log_in_directly(context, live_server, user):
    """Give the browser a session for ``user`` without going through the login
    form (the form has its own tests): a few seconds saved in every test."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def choose_language(context, live_server, language):
    """The cookie the language switcher sets (the site keeps one address per page)."""
    from django.conf import settings

    context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )
