"""The Atom feed of sent issues (/newsletters/feed/)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from network.core.visibility import PUBLIC

from .models import Issue

FEED_SIZE = 30


class IssueFeed(Feed):
    """Every published issue, newest first, each language version an entry."""

    feed_type = Atom1Feed
    title = _("WPS Focal Points Network newsletters")
    subtitle = _(
        "Research, best practices, funding and capacity-building opportunities, and national "
        "and regional initiatives on women, peace and security."
    )
    author_name = _("WPS Focal Points Network secretariat")

    def link(self):
        return reverse("newsletters:archive")

    def feed_url(self):
        return reverse("newsletters:feed")

    def feed_guid(self):
        return settings.SITE_URL + reverse("newsletters:feed")

    def items(self):
        # A feed is public whoever fetches it: no per-viewer variation.
        return (
            Issue.objects.visible_to(PUBLIC)
            .published()
            .select_related("newsletter")
            .order_by("-send_started_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return f"{item.newsletter.name} No. {item.number}: {item.title}"

    def item_description(self, item):
        return item.intro_html

    def item_link(self, item):
        return item.get_absolute_url()

    def item_guid(self, item):
        return settings.SITE_URL + item.get_absolute_url()

    def item_pubdate(self, item):
        return item.send_started_at

    def item_updateddate(self, item):
        return item.sent_at or item.send_started_at

    def item_author_name(self, item):
        return str(self.author_name)
