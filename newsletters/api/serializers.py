"""Serializers of entries, newsletter issues and subscriptions. Related
objects are brief ``{id, url, display}`` on output and ids on input
(network.api.base_serializers)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from focalpoints.models import Person
from network.api.base_serializers import (
    TIMESTAMPS,
    ApiModelSerializer,
    BriefRelatedField,
    BriefSerializer,
    PageLinkField,
    links_for,
)
from network.core.visibility import SUBSCRIPTION_FIELDS
from network.models import Member, Region, Theme

from .. import services
from ..models import Entry, Issue, Newsletter, Subscription, normalise_email


class EntrySerializer(ApiModelSerializer):
    """Research, a practice, an opportunity or an initiative the newsletter
    promotes or maps."""

    basename = "entry"
    member = BriefRelatedField(
        "member",
        queryset=Member.objects.all(),
        allow_null=True,
        required=False,
        help_text="The member the entry concerns, if any; an id on input.",
    )
    region = BriefRelatedField(
        "region",
        queryset=Region.objects.all(),
        allow_null=True,
        required=False,
        help_text="The region the entry concerns, if any; an id on input.",
    )
    themes = BriefRelatedField(
        "theme",
        many=True,
        queryset=Theme.objects.all(),
        required=False,
        help_text="Themes of the entry; ids on input.",
    )
    web_url = PageLinkField("newsletters:entry", pk="pk", help_text="The entry's public page.")
    # Kept for partners that read it before entries had a status.
    published = serializers.BooleanField(
        source="is_published", read_only=True, help_text="Whether the entry is public."
    )

    class Meta:
        model = Entry
        fields = [
            "id",
            "url",
            "display",
            "kind",
            "title",
            "summary",
            "summary_html",
            "language",
            "link",
            "source",
            "member",
            "region",
            "themes",
            "deadline",
            "status",
            "published",
            "web_url",
            *TIMESTAMPS,
        ]
        extra_kwargs = {
            "kind": {"help_text": "What the entry promotes or maps."},
            "title": {"help_text": "The entry's title."},
            "summary": {"help_text": "A summary in Markdown (scripts and raw HTML removed)."},
            "summary_html": {"help_text": "The summary rendered as sanitised HTML."},
            "language": {"help_text": "The language the title and summary are written in."},
            "link": {"help_text": "Where to read more (an http or https address)."},
            "source": {"help_text": "Where the facts come from."},
            "deadline": {
                "help_text": "Closing date of an opportunity, or the date of an event (YYYY-MM-DD)."
            },
            "status": {
                "help_text": "draft, proposed (by a member, awaiting review), published (public) "
                "or declined. Only published entries are public."
            },
        }


@extend_schema_field(BriefSerializer(many=True))
class IssueEntriesField(serializers.Field):
    """An issue's entries in their order, as brief objects: those the viewer
    may see (prefetched by the viewset as ``listed_issue_entries``)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, source="*", **kwargs)

    def to_representation(self, issue):
        links = links_for(self.context)
        listed = getattr(issue, "listed_issue_entries", None)
        if listed is None:
            viewer = self.parent.viewer
            listed = issue.issue_entries.filter(
                entry__in=Entry.objects.visible_to(viewer)
            ).select_related("entry")
        return [links.brief("entry", item.entry_id, str(item.entry)) for item in listed]


class IssueSerializer(ApiModelSerializer):
    """A numbered edition of a newsletter in one language. Read-only: the
    secretariat composes and sends issues in the admin."""

    basename = "newsletter-issue"
    newsletter = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        help_text="The slug of the newsletter the issue belongs to.",
    )
    entries = IssueEntriesField(help_text="The issue's entries, in order.")
    web_url = PageLinkField(
        "newsletters:issue",
        slug="newsletter.slug",
        number="number",
        language="language",
        help_text="The issue's page in the archive.",
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "url",
            "display",
            "newsletter",
            "number",
            "language",
            "title",
            "intro",
            "intro_html",
            "status",
            "send_started_at",
            "sent_at",
            "entries",
            "web_url",
            *TIMESTAMPS,
        ]
        read_only_fields = fields
        extra_kwargs = {
            "number": {"help_text": "The edition's number; its language versions share it."},
            "language": {"help_text": "The language of this version."},
            "title": {"help_text": "The issue's title."},
            "intro": {"help_text": "The introduction, in Markdown."},
            "intro_html": {"help_text": "The introduction rendered as sanitised HTML."},
            "status": {
                "help_text": "draft or scheduled (staff only), sending, or sent. Others than "
                "staff see only issues that went out."
            },
            "send_started_at": {"help_text": "When the send started; null before."},
            "sent_at": {"help_text": "When the last copy went out; null until then."},
        }


SUBSCRIPTION_STATES = ["pending", "active", "unsubscribed", "suspended"]


class SubscriptionStateField(serializers.ChoiceField):
    """The subscription's state as a stable code (the model's ``state`` is
    translated words)."""

    def __init__(self, **kwargs):
        super().__init__(choices=SUBSCRIPTION_STATES, read_only=True, source="*", **kwargs)

    def to_representation(self, subscription):
        if subscription.suspended_at:
            return "suspended"
        if subscription.unsubscribed_at:
            return "unsubscribed"
        if subscription.confirmed_at:
            return "active"
        return "pending"


class SubscriptionSerializer(ApiModelSerializer):
    """An address that asked for a newsletter. Personal: the subscriber and staff."""

    basename = "subscription"
    field_policy = SUBSCRIPTION_FIELDS
    newsletter = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Newsletter.objects.all(),
        help_text="The slug of the newsletter.",
    )
    person = BriefRelatedField(
        "person",
        queryset=Person.objects.all(),
        allow_null=True,
        required=False,
        help_text="The person the address belongs to, if known; an id on input.",
    )
    state = SubscriptionStateField(
        help_text="pending (awaiting the address's confirmation), active (receives issues), "
        "unsubscribed, or suspended (after a hard bounce or a complaint)."
    )

    class Meta:
        model = Subscription
        fields = SUBSCRIPTION_FIELDS.order
        read_only_fields = [
            "requested_at",
            "confirmed_at",
            "unsubscribed_at",
            "suspended_at",
            "suspension_reason",
            "suspension_detail",
        ]
        extra_kwargs = {
            "email": {"help_text": "The address issues are sent to (stored in lower case)."},
            "language": {"help_text": "The language the subscriber receives issues in."},
            "requested_at": {"help_text": "When the subscription was last asked for."},
            "confirmed_at": {
                "help_text": "When the address's owner confirmed (double opt-in); null before."
            },
            "unsubscribed_at": {"help_text": "When the subscriber left; null while subscribed."},
            "suspended_at": {"help_text": "When sending was suspended; null unless suspended."},
            "suspension_reason": {"help_text": "Why sending was suspended."},
            "suspension_detail": {"help_text": "The provider's account of the bounce."},
        }

    def is_own(self, viewer, instance):
        return viewer.person_id is not None and instance.person_id == viewer.person_id

    def validate_email(self, value):
        return normalise_email(value)

    def validate(self, attrs):
        if self.instance is not None:
            moved = {
                name: [message]
                for name, message in (
                    ("email", _("An address cannot change: subscribe the new address instead.")),
                    ("newsletter", _("A subscription cannot move to another newsletter.")),
                )
                if name in attrs and attrs[name] != getattr(self.instance, name)
            }
            if moved:
                raise serializers.ValidationError(moved)
        return super().validate(attrs)

    def create(self, validated_data):
        # Double opt-in: the address's owner is emailed a confirmation link.
        # Staff may say whose it is; anyone else's becomes theirs by confirming.
        person = validated_data.get("person")
        trusted = self.viewer.is_staff
        return services.request_subscription(
            validated_data["newsletter"],
            validated_data["email"],
            validated_data.get("language", "en"),
            person=person if trusted else None,
            requested_by=None if trusted else person,
        )

    def update(self, instance, validated_data):
        language = validated_data.pop("language", None)
        validated_data.pop("email", None)
        validated_data.pop("newsletter", None)
        if validated_data:
            instance = super().update(instance, validated_data)
        if language is not None and language != instance.language:
            instance = services.change_language(instance, language)
        return instance
