"""The viewset every API resource derives from, and the behaviour they share:
visibility, strict query parameters, CSV export, conditional requests.

See docs/api.md for the conventions and how to add a resource.
"""

import csv
import itertools
from collections.abc import Mapping
from functools import cache

from django.db import transaction
from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import SuffixedMultiWidget
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from network.api.base_serializers import BriefRelatedField
from network.api.permissions import viewer_for_view
from network.api.renderers import CSVRenderer, Echo, ORJSONRenderer, safe_cell
from network.core.audit import is_personal_data, log_personal_data_export
from network.core.caching import query_key, shared_with_the_public
from network.core.translations import CONTENT_LANGUAGES
from network.core.visibility import viewer_for

# Query parameters every list accepts besides its filters.
LIST_PARAMETERS = frozenset({"page", "page_size", "format", "lang"})
DETAIL_PARAMETERS = frozenset({"format", "lang"})
CSV_BATCH_SIZE = 1000


@cache
def filter_parameter_names(filterset_class):
    """The query parameters a FilterSet reads (a range filter reads two)."""
    names = set()
    for name, field in filterset_class().form.fields.items():
        widget = field.widget
        if isinstance(widget, SuffixedMultiWidget):
            names.update(widget.suffixed(name, suffix) for suffix in widget.suffixes)
        else:
            names.add(name)
    return frozenset(names)


# Free text may be empty; any other parameter given must have a value.
MAY_BE_EMPTY = frozenset({"q"})
# Lists written with commas (ordering=title,-updated_at): no item may be empty
# either (the schema says minLength 1 for each; django-filter drops them silently).
COMMA_LISTS = frozenset({"ordering"})


def check_query_parameters(request, allowed):
    """Refuse, by name, query parameters the endpoint does not know and
    parameters sent without a value."""
    errors = {}
    for name in sorted(set(request.query_params) - set(allowed)):
        errors[name] = [_("Unknown query parameter.")]
    for name, values in request.query_params.lists():
        if name in errors or name in MAY_BE_EMPTY:
            continue
        items = [i for v in values for i in v.split(",")] if name in COMMA_LISTS else values
        if any(item == "" for item in items):
            errors[name] = [_("Give a value, or leave the parameter out.")]
    if errors:
        raise ValidationError(errors)


def activate_requested_language(request):
    """``?lang=en|es|fr`` wins over ``Accept-Language`` (which LocaleMiddleware
    has already applied): texts are read, and written, in that language. An
    unknown code is a 400 naming it, not a silent English answer."""
    requested = request.query_params.get("lang")
    if requested is None:
        return
    if requested not in CONTENT_LANGUAGES:
        raise ValidationError(
            {
                "lang": [
                    _("Unknown language “%(code)s”: use one of %(choices)s.")
                    % {"code": requested, "choices": ", ".join(CONTENT_LANGUAGES)}
                ]
            }
        )
    translation.activate(requested)
    request.LANGUAGE_CODE = requested


class ApiViewSet(viewsets.ModelViewSet):
    """Base of every resource's viewset.

    Subclasses set ``queryset`` (with the ``select_related`` /
    ``prefetch_related`` its serializer needs), ``serializer_class`` and
    ``filterset_class``. Rows always come from ``visible_to(viewer)``.

    * Members may PATCH objects for which ``is_own(viewer, obj)`` is true,
      and only the fields in ``self_service_fields``; staff write everything;
      partner tokens never write (network.api.permissions).
    * An unknown query parameter is a 400 naming it: a typo must not return
      the unfiltered list as if it were the answer.
    * ``?format=csv`` streams the whole filtered list as CSV.
    * GET answers carry an ETag (a hash of the body, so it cannot leak across
      audiences) and ``If-None-Match`` gets a 304.
    """

    self_service_fields = frozenset()
    # Ids are whole numbers; anything else in the path is a 404 before any query.
    # Ids start at 1 (the schema's path pattern says the same).
    lookup_value_regex = r"[1-9][0-9]{0,17}"
    renderer_classes = [ORJSONRenderer, CSVRenderer]

    @property
    def viewer(self):
        return viewer_for(self.request)

    def initial(self, request, *args, **kwargs):
        # Staff powers follow the model permissions, as in the admin; the
        # viewer is narrowed before the permission check and the serializers
        # ask (one viewer for the whole request).
        # A method the resource does not offer (TRACE, PUT of a read-only one)
        # is a 405 whatever else the request holds (a ?format= for lists only).
        if self.action is None or request.method.lower() not in self.http_method_names:
            raise MethodNotAllowed(request.method)
        activate_requested_language(request)
        self.perform_authentication(request)
        request._wps_viewer = viewer_for_view(request, self)
        super().initial(request, *args, **kwargs)
        if request.method in ("GET", "HEAD"):
            check_query_parameters(request, self.allowed_query_parameters())
        elif request.method in ("POST", "PUT", "PATCH") and not isinstance(request.data, Mapping):
            # [{}], 123, null: a resource is written with an object, nothing else.
            raise ValidationError(
                {"non_field_errors": [_("Send a JSON object with the fields to write.")]}
            )

    def is_own(self, viewer, obj):
        """Whether ``viewer`` owns ``obj`` (may PATCH its self-service fields)."""
        return False

    def get_queryset(self):
        return super().get_queryset().visible_to(self.viewer)

    def get_renderers(self):
        # CSV is an export of lists; a single object is JSON.
        if getattr(self, "action", None) == "list":
            return [ORJSONRenderer(), CSVRenderer()]
        return [ORJSONRenderer()]

    # --- strict query parameters ------------------------------------------------

    def allowed_query_parameters(self):
        if self.action == "list":
            names = set(LIST_PARAMETERS)
            if getattr(self, "filterset_class", None) is not None:
                names |= filter_parameter_names(self.filterset_class)
            return names
        return set(DETAIL_PARAMETERS)

    # --- reading ----------------------------------------------------------------

    def page_source(self, queryset):
        """What to paginate: the queryset, or rows of it (``.values()``)."""
        return queryset

    def serialize_many(self, items):
        """The representations of a page (or a CSV batch) of ``items``."""
        return self.get_serializer(items, many=True).data

    def list(self, request, *args, **kwargs):
        if request.accepted_renderer.format == "csv":
            self.paginator.check_parameters(request)
            return self.csv_response(self.filter_queryset(self.get_queryset()))
        # The public's page of a list is the same for every anonymous client
        # until the data changes: shared (network.core.caching). Its links name the
        # host asked, so the host is part of the key. Only answers that passed
        # the filters' checks get there; a wrong filter stays a 400.
        key = f"api:{self.basename}:{request.build_absolute_uri('/')}:{query_key(request)}"
        return Response(shared_with_the_public(request, key, self._list_page))

    def _list_page(self):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(self.page_source(queryset))
        return self.get_paginated_response(self.serialize_many(page)).data

    # --- CSV export ---------------------------------------------------------------

    def csv_columns(self):
        """Column names: the serializer's fields the viewer may see; a brief
        related object becomes two columns, its name and ``<field>_id``."""
        serializer = self.get_serializer()
        allowed = self.csv_allowed_fields(serializer)
        columns = []
        for name, field in serializer.fields.items():
            if field.write_only or (allowed is not None and name not in allowed):
                continue
            columns.append(name)
            if isinstance(field, BriefRelatedField):
                columns.append(f"{name}_id")
        return columns

    def csv_allowed_fields(self, serializer):
        """The fields the viewer may see of the list's rows (None: all).
        Resources whose rows are the viewer's own (registrations) say so."""
        return serializer.allowed_fields(serializer.Meta.model())

    @staticmethod
    def csv_row(item, columns):
        flat = {}
        for name, value in item.items():
            if isinstance(value, dict):
                flat[name] = value.get("display", "")
                flat[f"{name}_id"] = value.get("id")
            elif isinstance(value, list):
                flat[name] = "; ".join(
                    str(v.get("display", "")) if isinstance(v, dict) else str(v) for v in value
                )
            else:
                flat[name] = value
        return [safe_cell(flat.get(column)) for column in columns]

    def csv_batches(self, queryset):
        source = self.page_source(queryset).iterator(chunk_size=CSV_BATCH_SIZE)
        while batch := list(itertools.islice(source, CSV_BATCH_SIZE)):
            yield self.serialize_many(batch)

    def csv_response(self, queryset):
        columns = self.csv_columns()
        if is_personal_data(queryset.model):
            log_personal_data_export(
                self.request,
                dataset=queryset.model,
                export_format="csv",
                surface="api",
                rows=queryset.count(),
            )
        writer = csv.writer(Echo())

        def rows():
            yield writer.writerow(columns)
            for batch in self.csv_batches(queryset):
                for item in batch:
                    yield writer.writerow(self.csv_row(item, columns))

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        filename = f"{self.basename}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    # --- writing ----------------------------------------------------------------

    def check_self_service(self, request):
        """A non-staff writer (a member on their own object) may send only
        the self-service fields; any other is refused by name."""
        if self.viewer.is_staff:
            return
        forbidden = sorted(set(request.data) - set(self.self_service_fields))
        if forbidden:
            raise PermissionDenied(
                {name: [_("Only the secretariat can change this field.")] for name in forbidden}
            )

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        with transaction.atomic():
            instance = self.get_object()
            self.check_self_service(request)
            serializer = self.get_serializer(instance, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            self.perform_update(serializer)
        return Response(serializer.data)

    def create(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().create(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            return super().destroy(request, *args, **kwargs)

    # --- responses ----------------------------------------------------------------

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        renderer = getattr(response, "accepted_renderer", None)
        if response.status_code >= 400 and renderer is not None and renderer.format != "json":
            # Errors are JSON whatever format was asked for.
            response.accepted_renderer = ORJSONRenderer()
            response.accepted_media_type = ORJSONRenderer.media_type
        patch_vary_headers(response, ["Authorization", "Cookie", "Accept-Language"])
        # The language the texts are in (LocaleMiddleware would also say it).
        response["Content-Language"] = translation.get_language()
        # The viewer as far as it is known: an error may come before authentication.
        viewer = getattr(request, "_wps_viewer", None) if isinstance(request, Request) else None
        if viewer is not None and not viewer.is_public:
            response["Cache-Control"] = "private, no-cache"
        else:
            response.setdefault("Cache-Control", "no-cache")
        # ETag and 304: Django's ConditionalGetMiddleware, for every page and answer.
        return response
