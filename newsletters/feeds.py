"""The Atom feeds of sent issues: every language (/newsletters/feed/) and one per
language (/newsletters/feed/es/), the latter written in its language."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import translation
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

    def __call__(self, request, *args, **kwargs):
        language = kwargs.get("language")
        if language is None:
            return super().__call__(request, *args, **kwargs)
        if language not in dict(settings.LANGUAGES):
            raise Http404(f"No feed in the language {language!r}.")
        # The feed of one language is written in it: its title, the
        # newsletter's name (where translated) and the feed's xml:lang.
        with translation.override(language):
            return super().__call__(request, *args, **kwargs)

    def get_object(self, request, language=None):
        return language

    def link(self):
        return reverse("newsletters:archive")

    def feed_url(self, language):
        if language:
            return reverse("newsletters:feed_language", kwargs={"language": language})
        return reverse("newsletters:feed")

    def feed_guid(self, language):
        return settings.SITE_URL + self.feed_url(language)

    def items(self, language):
        # A feed is public whoever fetches it: no per-viewer variation.
        issues = Issue.objects.visible_to(PUBLIC).published().select_related("newsletter")
        if language:
            issues = issues.filter(language=language)
        return issues.order_by("-send_started_at", "-pk")[:FEED_SIZE]

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
