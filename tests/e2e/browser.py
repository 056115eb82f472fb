"""What browser tests do besides clicking: a session without the login form, a
language chosen as the switcher chooses it, a page left once its answers came,
and how long a state may take to arrive."""

import time

# A browser test waits for states (a heading shown, a result listed), never for
# a time; how long a state may take to arrive depends on the machine's load
# and the browser's build, so the bound is generous: it only ends a failure.
STATE_TIMEOUT_MS = 60_000


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


def in_flight(page):
    """The requests ``page`` has sent and not yet seen answered, kept up to date."""
    pending = set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: pending.discard(request))
    page.on("requestfailed", lambda request: pending.discard(request))
    return pending


def go(page, url, pending):
    """Open ``url`` once the page before it has had its answers (the API docs
    fetch the schema after the document is loaded): the live server shares
    SQLite's in-memory database between its threads, and two requests at once
    break it."""
    deadline = time.monotonic() + STATE_TIMEOUT_MS / 1000
    while pending and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    return page.goto(url, wait_until="domcontentloaded")
