"""The server-error view: a database that cannot be reached is an outage the
visitor can wait out (503 with Retry-After), anything else is a bug (500).

Django calls ``handler500`` inside its ``except`` block, for exceptions raised
by views and by middleware alike, so ``sys.exc_info()`` names what failed.
Neither answer touches the database, which may be what failed.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

#: Seconds a client is told to wait before trying again during an outage.
RETRY_AFTER = 30
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def _wants_json(request):
    return request.path.startswith("/api/") or "application/json" in request.headers.get(
        "Accept", ""
    )


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """500 for bugs; 503 with Retry-After while the database is unavailable."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        if _wants_json(request):
            response = JsonResponse(
                {"detail": _("The service is unavailable for a moment. Please try again shortly.")},
                status=503,
            )
        else:
            response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response.headers["Retry-After"] = str(RETRY_AFTER)
        return response
    if _wants_json(request):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return HttpResponseServerError(loader.render_to_string(template_name))
