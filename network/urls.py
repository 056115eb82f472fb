"""The site's URLs: every surface of DESIGN.md ("Surfaces") starts here."""

from django.conf import settings
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from network import pages
from network.action_plans import views as action_plan_views
from network.api.routers import build_api_urls
from network.core import health

# The network app's own pages, under the "network" namespace.
network_patterns = (
    [
        path("", pages.home, name="home"),
        path("action-plans/", action_plan_views.action_plan_map, name="action_plans"),
        # The member pages are public one-page briefings that gather from every
        # app (network/pages.py), under the directory's paths.
        path("directory/members/", pages.member_list, name="member_list"),
        path("directory/members/<str:key>/", pages.member_briefing, name="member"),
        path(
            "directory/members/<str:key>/briefing.pdf",
            pages.member_briefing_pdf,
            name="member_briefing_pdf",
        ),
        # The network's one calendar, gathered from meetings and newsletters.
        path("calendar/", pages.calendar_page, name="calendar"),
        path("calendar.ics", pages.calendar_ics, name="calendar_ics"),
        # The document library: meetings' documents and the library's own.
        path("library/", pages.library, name="library"),
        path("library/files/<str:source>/<int:pk>/", pages.library_file, name="library_file"),
    ],
    "network",
)

urlpatterns = [
    path("", include(network_patterns)),
    path("health/", health.health, name="health"),
    # Browsers ask for /favicon.ico on pages that name none (the admin's): not a 404.
    path(
        "favicon.ico", lambda request: HttpResponsePermanentRedirect(static_url("img/favicon.ico"))
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("network.accounts")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("", include("focalpoints.urls")),
    path("", include("meetings.urls")),
    path("", include("newsletters.urls")),
    # The partners' API: one router over every app's api/urls.py (docs/api.md).
    path(
        "api/v1/",
        include(
            build_api_urls(
                "network.api.urls",
                "focalpoints.api.urls",
                "meetings.api.urls",
                "newsletters.api.urls",
            )
        ),
    ),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# A database outage answers 503 with Retry-After, a bug 500 (network/core/errors.py).
handler500 = "network.core.errors.server_error"
