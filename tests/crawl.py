"""The crawler: every page reachable by links from a start page, as one viewer
sees them (tests/site/test_public_crawl.py reads them for leaks, the browser
test tests/e2e/test_every_page.py opens each at a phone's width)."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

SKIPPED = ("/admin/", "/static/", "/media/", "/i18n/", "/jsi18n/")
MAX_PAGES = 1500


class LinkParser(HTMLParser):
    """The links (href, src; not form actions) of one HTML page."""

    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src", "action"} and value and tag != "form":
                self.links.append(value)


def crawl(client, start="/", *, html_only=False, queries=True):
    """{path: text} of every page reachable from ``start`` through ``client``
    (redirects followed, /admin/ and assets skipped); with ``html_only``, only
    the HTML pages (no calendars, cards, feeds or CSV files); without
    ``queries``, no link with a query string (a filter or page of a list
    already visited) is followed."""
    pages, queue, seen = {}, [start], {start}
    while queue and len(pages) < MAX_PAGES:
        url = queue.pop(0)
        response = client.get(url)
        assert response.status_code < 500, f"{url} answered {response.status_code}"
        if response.status_code in (301, 302):
            target = urljoin(url, response["Location"])
            queue_link(target, seen, queue, queries)
            continue
        text = response.content.decode("utf-8", errors="replace")
        is_html = "html" in response.get("Content-Type", "")
        if is_html or not html_only:
            pages[url] = text
        if is_html:
            parser = LinkParser()
            parser.feed(text)
            for link in parser.links:
                queue_link(urljoin(url, link), seen, queue, queries)
    return pages


def queue_link(link, seen, queue, queries=True):
    """Queue ``link`` once if it is a page of this site worth visiting."""
    link, _fragment = urldefrag(link)
    parts = urlsplit(link)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return
    if parts.query and not queries:
        return
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    if not parts.path.startswith("/") or parts.path.startswith(SKIPPED) or path in seen:
        return
    seen.add(path)
    queue.append(path)
