"""Text normalisation for search that ignores case and accents.

Searchable models keep a ``search_text`` column written on save with
``normalise()``; queries normalise the term the same way and compare with
``contains``. On PostgreSQL a trigram GIN index on that column serves the
comparison; SQLite runs the same query with LIKE, so both give the same
answers (DESIGN.md, "Decisions already measured").
"""

import contextlib
import contextvars
import unicodedata

from django.db.models import Q

# A search term's limits: each word is one more LIKE over the search column.
MAX_SEARCH_WORDS = 10
MAX_SEARCH_CHARACTERS = 100

_refresh_suspended = contextvars.ContextVar("search_refresh_suspended", default=False)


@contextlib.contextmanager
def suspend_search_refresh():
    """Within this block, signal handlers leave stored search text alone.

    Restoring an archive writes rows as they were, search text included, in
    an order where a person's posts may arrive after the person: recomputing
    in between would store an incomplete text.
    """
    token = _refresh_suspended.set(True)
    try:
        yield
    finally:
        _refresh_suspended.reset(token)


def search_refresh_suspended():
    return _refresh_suspended.get()


def normalise(*parts):
    """Lower-case the parts, strip their accents and collapse whitespace.

    >>> normalise("Adela Díaz Bernárdez", None, "  Spain ")
    'adela diaz bernardez spain'
    """
    text = " ".join(str(part) for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.split())


def search_q(term, field="search_text"):
    """A filter matching rows whose normalised text holds every word of ``term``.

    Words are matched independently so that "diaz bernardez" and "bernardez
    adela" both find "Adela Díaz Bernárdez".
    """
    condition = Q()
    for word in normalise(term).split():
        condition &= Q(**{f"{field}__contains": word})
    return condition
