"""The staff dashboard: what needs doing, each with its count and a link to the
admin list that shows exactly those rows, and the charts beside it.

Each app knows its own work, so each app contributes items: its ``dashboard.py``
calls ``register()`` / ``register_chart()`` (found like admin modules, by
``autodiscover_modules("dashboard")`` when the network app is ready). The admin's
front page (``network.admin_site``) shows ``dashboard_for(request)``.

An item names its admin changelist and the query string that filters it, and
counts with the very queryset that filter applies, so the list always shows the
number the dashboard promised (``tests/network/test_dashboard.py`` follows every
link and compares).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse


@dataclass(frozen=True)
class Item:
    """One thing that needs doing: "12 people due for verification".

    ``count`` returns the queryset of the rows concerned; ``model`` is the
    changelist's model as "app_label.model_name" and ``query`` its filter.
    """

    key: str
    label: object  # a lazy translation
    count: object  # () -> QuerySet
    model: str
    query: dict
    order: int = 50

    def changelist_url(self):
        app_label, model_name = self.model.split(".")
        url = reverse(f"admin:{app_label}_{model_name}_changelist")
        return f"{url}?{urlencode(self.query)}" if self.query else url

    def visible_to(self, user):
        """Staff see an item only when they may view the list it links to."""
        return _may_view(user, self.model)


@dataclass(frozen=True)
class ChartSource:
    """A chart on the dashboard: ``build()`` returns a network.core.charts.Chart."""

    key: str
    build: object
    model: str
    order: int = 50


_items = {}
_charts = {}


def register(key, label, *, count, model, query=None, order=50):
    """Add an item to the dashboard (see Item)."""
    _items[key] = Item(key, label, count, model, dict(query or {}), order)


def register_chart(key, build, *, model, order=50):
    """Add a chart to the dashboard; shown to staff who may view ``model``."""
    _charts[key] = ChartSource(key, build, model, order)


def items():
    return sorted(_items.values(), key=lambda item: (item.order, item.key))


def chart_sources():
    return sorted(_charts.values(), key=lambda source: (source.order, source.key))


@dataclass(frozen=True)
class Row:
    """An item as the dashboard shows it."""

    key: str
    label: str
    count: int
    url: str


def dashboard_for(request):
    """The items and charts ``request.user`` may see, counted now (one COUNT
    query an item, one or two queries a chart)."""
    user = request.user
    rows = [
        Row(item.key, item.label, item.count().count(), item.changelist_url())
        for item in items()
        if item.visible_to(user)
    ]
    charts = [source.build() for source in chart_sources() if _may_view(user, source.model)]
    return {"items": rows, "charts": charts}


def _may_view(user, label):
    app_label, model_name = label.split(".")
    return user.has_perm(f"{app_label}.view_{model_name}") or user.has_perm(
        f"{app_label}.change_{model_name}"
    )
