"""The one flat namespace of the API under /api/v1/.

network/urls.py (which names every app) calls ``build_api_urls()`` with each
app's ``<app>.api.urls`` module; a module offers ``routes`` — (prefix,
viewset, basename) triples — and may add ``urlpatterns`` of its own (the
Popolo export). URL names are ``api:<basename>-list`` and
``api:<basename>-detail``.
"""

from importlib import import_module

from django.urls import NoReverseMatch, path, re_path, reverse
from rest_framework.routers import APIRootView, DefaultRouter

from network.api.docs import ApiFrontDoorView, ApiRedocView, ApiSchemaView, ApiSwaggerView
from network.api.exceptions import json_not_found
from network.api.renderers import ORJSONRenderer


class ApiRootView(APIRootView):
    """The API's entry point: every resource's list, the schema and the docs."""

    renderer_classes = [ORJSONRenderer]
    schema = None  # not an operation partners call

    extra_names = {"schema": "api:schema", "docs": "api:docs", "popolo": "api:popolo"}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        for key, name in self.extra_names.items():
            try:
                response.data[key] = request.build_absolute_uri(reverse(name))
            except NoReverseMatch:
                continue
        return response


class ApiRouter(DefaultRouter):
    APIRootView = ApiRootView
    include_format_suffixes = False


def build_api_urls(*modules):
    """``(urlpatterns, "api")`` for ``include()``: the resources of ``modules``,
    the schema and its docs, and a JSON 404 for anything else."""
    router = ApiRouter()
    extra = []
    for module_name in modules:
        module = import_module(module_name)
        for prefix, viewset, basename in module.routes:
            router.register(prefix, viewset, basename=basename)
        extra += getattr(module, "urlpatterns", [])
    urlpatterns = [
        path("schema/", ApiSchemaView.as_view(), name="schema"),
        path("docs/", ApiFrontDoorView.as_view(), name="docs"),
        path("docs/swagger/", ApiSwaggerView.as_view(url_name="api:schema"), name="swagger"),
        path("docs/redoc/", ApiRedocView.as_view(url_name="api:schema"), name="redoc"),
        *extra,
        *router.urls,
        # Any character, a newline too: every path under /api/v1/ answers JSON.
        re_path(r"^[\s\S]*$", json_not_found),
    ]
    return urlpatterns, "api"
