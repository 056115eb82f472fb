"""Pages as PDF (WeasyPrint), from the same templates as the pages: the
rendered HTML is laid out with a print stylesheet that hides the site's
navigation. Staff-only surfaces call it; each PDF is logged as an export."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

from network.core.audit import log_personal_data_export
from network.core.visibility import viewer_for

logger = logging.getLogger(__name__)

# The page's own stylesheet is not fetched (see _refuse_fetch): this one says
# what a printed page needs.
PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10pt; line-height: 1.35; }
header, nav, footer, form, button, .skip-link, .breadcrumb, .filters, .no-print {
  display: none !important;
}
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 0.5pt solid #999; padding: 2pt 4pt; text-align: left; vertical-align: top; }
a { color: inherit; text-decoration: none; }
h1 { font-size: 16pt; } h2 { font-size: 13pt; }
"""


def _refuse_fetch(url, *args, **kwargs):
    # Nothing is fetched while rendering: no request to our own site or
    # another from a page that may carry user-written links (no SSRF).
    raise ValueError(f"Not fetched while rendering a PDF: {url[:80]}")


def html_to_pdf(html):
    """PDF bytes of an HTML document, fetching nothing."""
    # Imported when used: it loads Pango, which no other request needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    class NoFetching(URLFetcher):
        def fetch(self, url, headers=None):
            return _refuse_fetch(url)

    fetcher = NoFetching()
    document = HTML(string=html, url_fetcher=fetcher, base_url="about:blank")
    return document.write_pdf(stylesheets=[CSS(string=PRINT_CSS, url_fetcher=fetcher)])


def staff_pdf_response(request, html, *, filename, dataset, surface="site", **logged):
    """The PDF of a rendered page for staff only, logged as an export of
    ``dataset`` before it leaves (``logged``: the log's rows / person_id)."""
    if not viewer_for(request).is_staff:
        raise PermissionDenied(_("The printable version is for the secretariat."))
    log_personal_data_export(
        request, dataset=dataset, export_format="pdf", surface=surface, **logged
    )
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
