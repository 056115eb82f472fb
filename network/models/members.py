"""The members of the network (States and organisations) and the organisations
people work in."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from network.choices import (
    MemberKind,
)
from network.core.search import normalise
from network.core.validators import LONG_TEXT, text_cap
from network.models.action_plans import (
    members_with_active_plan,
    members_with_plan_summary,
    members_without_active_plan,
)
from network.models.base import TimeStampedModel, VisibleQuerySet, today
from network.models.reference import Region


class MemberQuerySet(VisibleQuerySet):
    def states(self):
        return self.filter(kind=MemberKind.STATE)

    def organisations(self):
        return self.exclude(kind=MemberKind.STATE)

    def in_network(self, on=None):
        """Members of the network on ``on`` (today): those a Membership shows
        as joined by then and not yet left. A State or organisation with an
        action plan but no membership is in the tracker, not in the network."""
        on = on or today()
        current = Membership.objects.filter(member=OuterRef("pk"), joined_on__lte=on).filter(
            Q(left_on__isnull=True) | Q(left_on__gt=on)
        )
        return self.filter(Exists(current))

    def outside_network(self, on=None):
        """States and organisations the tracker knows that are not members on ``on``."""
        return self.exclude(pk__in=self.in_network(on).values("pk"))

    def in_region(self, region):
        """Members in ``region`` or in any region below it."""
        return self.filter(region__in=Region.objects.filter(pk=region.pk).with_descendants())

    def get_by_key(self, key):
        """The member a URL names: an ISO 3166 code for a state ("ES", "es"),
        a slug for an organisation ("ecowas")."""
        key = (key or "").strip()
        if len(key) == 2 and key.isalpha():
            member = self.filter(country=key.upper()).first()
            if member is not None:
                return member
        return self.get(slug=key.lower())

    # Action plans (network/models/action_plans.py): "no active plan" and
    # "on a second or later plan" are queries, not fields.
    def with_active_plan(self, on=None):
        """Members with an active national or regional plan on ``on`` (today)."""
        return members_with_active_plan(self, on)

    def without_active_plan(self, on=None):
        """Members with no active national or regional plan on ``on`` (today)."""
        return members_without_active_plan(self, on)

    def with_plan_summary(self, on=None):
        """Annotate where each member stands with its plans (see
        members_with_plan_summary)."""
        return members_with_plan_summary(self, on)


class Member(TimeStampedModel):
    """A participant of the network: a member State (ISO 3166 code) or an
    organisation — regional (ECOWAS, EU, NATO, AU), international (UN Women) or
    civil society (GNWP). Members appoint focal points, attend meetings, pledge
    commitments and adopt action plans."""

    kind = models.CharField(
        _("kind"), max_length=16, choices=MemberKind.choices, default=MemberKind.STATE
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(
        _("country"), blank=True, help_text=_("ISO 3166 country; only for member States.")
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    active = models.BooleanField(_("active"), default=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(
        _("notes"), validators=[text_cap(LONG_TEXT)], blank=True, help_text=_("Seen by staff only.")
    )
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = MemberQuerySet.as_manager()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["country"],
                condition=~Q(country=""),
                name="member_country_unique",
                violation_error_message=_("A member for this country already exists."),
            ),
            models.CheckConstraint(
                condition=(Q(kind=MemberKind.STATE) & ~Q(country=""))
                | (~Q(kind=MemberKind.STATE) & Q(country="")),
                name="member_state_has_country",
                violation_error_message=_(
                    "A member State needs its country, and only member States have one."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def localised_name(self):
        """The member's name in the reader's language: a State by its country's
        name (django-countries), an organisation by its own name."""
        return str(self.country.name) if self.country else self.name

    @property
    def key(self):
        """What URLs call this member: its ISO code, or its slug."""
        return self.country.code if self.country else self.slug

    def get_absolute_url(self):
        return reverse("network:member", kwargs={"key": self.key})

    @staticmethod
    def clean_country_for_kind(kind, country):
        """The rule the check constraint enforces, as a message naming the field."""
        if kind == MemberKind.STATE and not country:
            raise ValidationError({"country": _("A member State needs its country.")})
        if kind != MemberKind.STATE and country:
            raise ValidationError({"country": _("Only member States have a country.")})

    def clean(self):
        super().clean()
        self.clean_country_for_kind(self.kind, self.country)

    def save(self, *args, **kwargs):
        if self.country and not self.name:
            self.name = countries.name(self.country)
        if not self.slug:
            self.slug = slugify(self.acronym or self.name)[:100]
        self.search_text = normalise(
            self.name, self.acronym, self.country.code if self.country else "", self.slug
        )
        super().save(*args, **kwargs)


class Organisation(TimeStampedModel):
    """A ministry, agency or body where people work ("Ministry of Foreign
    Affairs and Cooperation, Spain"), optionally belonging to a Member."""

    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    member = models.ForeignKey(
        Member,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    website = models.URLField(_("website"), blank=True)
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"])

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "member"],
                name="organisation_name_unique_per_member",
                violation_error_message=_("This member already has an organisation by that name."),
            ),
            # NULLs are distinct in the constraint above, so organisations that
            # belong to no member need their own.
            models.UniqueConstraint(
                fields=["name"],
                condition=Q(member__isnull=True),
                name="organisation_name_unique_without_member",
                violation_error_message=_("An organisation by that name already exists."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalise(self.name, self.acronym)
        super().save(*args, **kwargs)


class MembershipQuerySet(VisibleQuerySet):
    def current(self, on=None):
        on = on or today()
        return self.filter(joined_on__lte=on).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


class Membership(TimeStampedModel):
    """A Member's membership of the network as a dated fact with its source:
    when a record first shows it as a member (``joined_on`` — it may have
    joined earlier), when it left (blank while it is a member), the document
    that shows it and the meeting that document comes from. Presence at a
    meeting is not membership: only a source that names it a member counts."""

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="memberships"
    )
    joined_on = models.DateField(
        _("member since"),
        help_text=_(
            "The earliest date the source shows it as a member; it may have joined earlier."
        ),
    )
    left_on = models.DateField(
        _("left on"), null=True, blank=True, help_text=_("Blank while it is a member.")
    )
    source_url = models.URLField(_("source"), max_length=500)
    source_title = models.CharField(
        _("named in"),
        max_length=255,
        help_text=_("The document and the meeting that name it a member."),
    )
    history = HistoricalRecords()

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["member__name", "joined_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "joined_on"],
                name="membership_unique_start",
                violation_error_message=_("This member already has a membership from this date."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gt=F("joined_on")),
                name="membership_leaves_after_joining",
                violation_error_message=_("A membership ends after it starts."),
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.joined_on.isoformat()}–{self.left_on or ''}"
