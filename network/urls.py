"""The site's URLs: every surface of DESIGN.md ("Surfaces") starts here."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from . import pages
from .api.routers import build_api_urls

admin.site.site_header = "WPS Focal Points Network — secretariat"
admin.site.site_title = "WPS Focal Points Network"
admin.site.index_title = "Back office"

# The network app's own pages, under the "network" namespace.
network_patterns = (
    [
        path("", pages.home, name="home"),
    ],
    "network",
)

urlpatterns = [
    path("", include(network_patterns)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("focalpoints.urls")),
    path("", include("meetings.urls")),
    path("", include("newsletters.urls")),
    # The partners' API: one router over every app's api/urls.py (docs/api.md).
    path("api/v1/", include(build_api_urls("network.api.urls", "focalpoints.api.urls"))),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
