"""Links to API resources built from a prefix resolved once per request.

``reverse()`` costs ~50 µs; a page of 100 people carries hundreds of links
(DESIGN.md, "Decisions already measured"). Each resource's list path is
reversed once per process and joined with the request's origin once per
request, so a link is one f-string.
"""

from functools import lru_cache

from django.urls import get_script_prefix, reverse

API_NAMESPACE = "api"


@lru_cache(maxsize=256)
def _list_path(basename, script_prefix):
    # script_prefix is part of the key because reverse() depends on it.
    return reverse(f"{API_NAMESPACE}:{basename}-list")


def list_path(basename):
    """The path of a resource's list, e.g. "/api/v1/people/"."""
    return _list_path(basename, get_script_prefix())


# Stands for an argument of a page's URL while it is reversed once: digits,
# which every path converter accepts (slug, int, str), unlikely in a path.
_PLACEHOLDER = "9081726354"


@lru_cache(maxsize=256)
def _page_template(url_name, names, script_prefix):
    """The path of a site page with ``{name}`` fields for its arguments."""
    placeholders = {
        name: f"{_PLACEHOLDER}{index}{_PLACEHOLDER}" for index, name in enumerate(names, start=1)
    }
    path = reverse(url_name, kwargs=placeholders)
    for name, placeholder in placeholders.items():
        path = path.replace(placeholder, "{" + name + "}")
    return path


class Links:
    """Absolute URLs of API objects for one request (or relative ones without)."""

    def __init__(self, request=None):
        self.origin = request.build_absolute_uri("/")[:-1] if request is not None else ""
        self._prefixes = {}

    @classmethod
    def for_request(cls, request):
        """The Links of ``request``, built once and kept on it."""
        if request is None:
            return cls()
        links = getattr(request, "_api_links", None)
        if links is None:
            links = cls(request)
            request._api_links = links
        return links

    def prefix(self, basename):
        prefix = self._prefixes.get(basename)
        if prefix is None:
            prefix = self._prefixes[basename] = self.origin + list_path(basename)
        return prefix

    def detail(self, basename, pk):
        return f"{self.prefix(basename)}{pk}/"

    def page(self, url_name, **kwargs):
        """The absolute URL of a site page (not an API resource), e.g.
        ``page("meetings:meeting_calendar", slug=...)``: reversed once per process."""
        template = _page_template(url_name, tuple(sorted(kwargs)), get_script_prefix())
        return self.origin + template.format(**kwargs)

    def brief(self, basename, pk, display):
        """The brief form of a related object: ``{id, url, display}``."""
        return {"id": pk, "url": f"{self.prefix(basename)}{pk}/", "display": display}
