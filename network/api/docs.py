"""Swagger UI and ReDoc for the schema, from local (sidecar) assets and under
the site's Content Security Policy: their inline start-up scripts carry the
request's CSP nonce instead of the policy allowing inline scripts."""

from django.conf import settings
from django.utils.csp import CSP
from django.views.decorators.csp import csp_override
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView


class ApiSwaggerView(SpectacularSwaggerView):
    """Swagger UI at /api/v1/docs/; its template adds the nonce."""

    template_name = "api/swagger_ui.html"


# ReDoc builds its search index in a Web Worker it starts from a blob: URL;
# only this page's policy allows that, the site's stays as it is.
REDOC_CSP = {**settings.SECURE_CSP, "worker-src": [CSP.SELF, "blob:"]}


class ApiRedocView(SpectacularRedocView):
    """ReDoc at /api/v1/docs/redoc/; no web fonts from elsewhere."""

    template_name = "api/redoc.html"

    @classmethod
    def as_view(cls, **initkwargs):
        return csp_override(REDOC_CSP)(super().as_view(**initkwargs))
