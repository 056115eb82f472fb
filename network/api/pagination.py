"""Page-number pagination with a bounded page size and a cheap count.

``page_size`` above API_MAX_PAGE_SIZE (500) or below 1 is a 400 naming the
parameter, not silently clamped: a client that asked for 1000 rows and got
500 would believe it had them all. ``page`` that is not a whole number is a
400; a page past the last one is a 404.

The count of a list over 20,000 rows is most of a lean list's database time
(DESIGN.md), so counts are cached per query (its SQL and parameters). Any
save or delete of a row of the network's apps bumps a generation number that
(network.core.caching) is part of the key, so a count is never stale after a
write through the ORM;
writes that bypass signals (``QuerySet.update``, raw SQL) are seen after
API_COUNT_CACHE_SECONDS at most.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.core.paginator import InvalidPage
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination

from network.core.caching import read_current, store_current


def cached_count(queryset):
    """``queryset.count()``, remembered per query until the data changes."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter that can match nothing
        return 0
    digest = hashlib.sha256(
        f"{queryset.db}|{sql}|{params!r}".encode(), usedforsecurity=False
    ).hexdigest()
    key = f"api:count:{digest}"
    count, generation = read_current(key)
    if count is None:
        count = queryset.count()
        store_current(key, count, generation, settings.API_COUNT_CACHE_SECONDS)
    return count


class CachedCountPaginator(DjangoPaginator):
    @cached_property
    def count(self):
        if hasattr(self.object_list, "query"):
            return cached_count(self.object_list)
        return len(self.object_list)


class ApiPagination(PageNumberPagination):
    """``?page=N&page_size=M``: pages of 50 by default, at most 500."""

    django_paginator_class = CachedCountPaginator
    page_size_query_param = "page_size"
    page_size_query_description = _("Results per page: 1 to 500 (default 50).")
    page_query_description = _("Page number, from 1.")

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = None
        if size is None or not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Must be a whole number from 1 to %(max)d.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def check_parameters(self, request):
        """``page`` and ``page_size`` as the schema states them, also where no
        page is cut (a CSV export is the whole list): a wrong one is a 400."""
        raw = request.query_params.get(self.page_query_param, "1")
        # ASCII digits only: isdigit() also takes "²", which int() refuses.
        if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
            raise ValidationError({self.page_query_param: [_("Must be a whole number from 1.")]})
        self.get_page_size(request)

    def paginate_queryset(self, queryset, request, view=None):
        self.check_parameters(request)
        try:
            return super().paginate_queryset(queryset, request, view)
        except NotFound:
            raise
        except InvalidPage as exc:  # pragma: no cover — DRF converts these itself
            raise NotFound(str(exc)) from exc

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update({"minimum": 1})
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        response["properties"]["count"]["description"] = "Number of results over all pages."
        response["properties"]["next"]["description"] = "Address of the next page, or null."
        response["properties"]["previous"]["description"] = "Address of the previous page, or null."
        response["properties"]["results"]["description"] = "The results on this page."
        return response
