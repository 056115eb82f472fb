"""Template context shared by every page."""

from django.utils.functional import SimpleLazyObject

from network.core.visibility import viewer_for


def viewer(request):
    """The visibility policy's Viewer for this request, as ``viewer``; lazy, so
    pages that never ask cost no query."""
    return {"viewer": SimpleLazyObject(lambda: viewer_for(request))}
