"""The network itself: its members, the regions they belong to, the
organisations people work in, the shared taxonomy of themes, and accounts."""

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .choices import (
    DatePrecision,
    FeatureAnswer,
    HighImpactFeature,
    MemberKind,
    PlanReportKind,
    PlanScope,
    PlanStatus,
    RegionLevel,
)
from .partial_dates import bound, format_partial_date
from .regions import localised_region_name
from .search import normalise, search_q


class TimeStampedModel(models.Model):
    """Abstract base: when a row was created and last changed.

    ``updated_at`` is indexed because partners synchronise incrementally with
    ``updated_since`` on every API list.
    """

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_index=True)

    class Meta:
        abstract = True


class VisibleQuerySet(models.QuerySet):
    """A queryset that knows which of its rows a viewer may see.

    Public network data is visible to everyone, so this default returns every
    row; models holding personal data override it (see network/visibility.py).
    """

    def visible_to(self, viewer):
        return self.all()

    def search(self, term):
        """Rows whose normalised search text holds every word of ``term``."""
        return self.filter(search_q(term)) if term and term.strip() else self


class UserManager(BaseUserManager):
    """Users are identified by their email address; there is no username."""

    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        # Log-in by email ignores case: "Ana@Example.org" is ana@example.org.
        return self.get(email__iexact=email)


class User(AbstractUser):
    """An account that can log in: secretariat staff, or a member's focal point
    linked to their Person record (focalpoints.Person.user)."""

    username = None
    email = models.EmailField(_("email address"), unique=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


def _default_token_expiry():
    return timezone.now() + datetime.timedelta(days=PARTNER_TOKEN_LIFETIME_DAYS)


PARTNER_TOKEN_LIFETIME_DAYS = 365
# "wps_" + 8-character lookup prefix + "_" + the secret: the prefix finds the
# row by an index; only a hash of the whole token is stored.
PARTNER_TOKEN_KEYWORD = "wps"  # noqa: S105 — a label, not a secret


class PartnerTokenQuerySet(models.QuerySet):
    def usable(self, now=None):
        """Tokens neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now)


class PartnerTokenManager(models.Manager.from_queryset(PartnerTokenQuerySet)):
    def issue(self, *, name, contact_name="", contact_email="", expires_at=None, created_by=None):
        """Create a token and return ``(token, plaintext)``.

        The plaintext exists only in this return value: the database keeps its
        prefix and a SHA-256 hash, so it can be shown once and never again.
        """
        prefix = secrets.token_hex(4)
        plaintext = f"{PARTNER_TOKEN_KEYWORD}_{prefix}_{secrets.token_urlsafe(32)}"
        token = self.create(
            name=name,
            contact_name=contact_name,
            contact_email=contact_email,
            prefix=prefix,
            secret_hash=PartnerToken.hash_secret(plaintext),
            expires_at=expires_at or _default_token_expiry(),
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        return token, plaintext


class PartnerToken(TimeStampedModel):
    """A read-only key with which a partner (a researcher, a UN agency, a
    civil-society organisation) queries and synchronises the API. Staff issue
    it in the admin, where its plaintext is shown once; it expires, can be
    revoked, and records when it was last used. A partner sees what the public
    sees, and a token never writes."""

    # Marks ``request.auth`` as a partner token for network.visibility.viewer_for.
    is_partner_token = True

    name = models.CharField(
        _("name"), max_length=200, help_text=_("Who or what uses it, e.g. “University X research”.")
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(
        _("contact email"), blank=True, help_text=_("Whom to tell before it expires or changes.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("secret hash"), max_length=64, editable=False)
    created_by = models.ForeignKey(
        "network.User",
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires"), default=_default_token_expiry)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    objects = PartnerTokenManager()

    # Writing last_used_at on every request would turn each read into a write;
    # once a minute is precise enough to see which tokens are in use.
    LAST_USED_PRECISION = datetime.timedelta(minutes=1)

    class Meta:
        verbose_name = _("partner API token")
        verbose_name_plural = _("partner API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({PARTNER_TOKEN_KEYWORD}_{self.prefix}_…)"

    @staticmethod
    def hash_secret(plaintext):
        return hashlib.sha256(plaintext.encode()).hexdigest()

    @staticmethod
    def split(plaintext):
        """The lookup prefix of a presented token, or None if it is malformed."""
        parts = (plaintext or "").split("_", 2)
        if len(parts) != 3 or parts[0] != PARTNER_TOKEN_KEYWORD or not parts[1] or not parts[2]:
            return None
        return parts[1]

    def matches(self, plaintext):
        """Whether ``plaintext`` is this token, compared in constant time."""
        return hmac.compare_digest(self.secret_hash, self.hash_secret(plaintext))

    def is_usable(self, now=None):
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now

    def revoke(self, now=None):
        """Refuse this token from now on; the row stays as a record."""
        if self.revoked_at is None:
            self.revoked_at = now or timezone.now()
            self.save(update_fields=["revoked_at", "updated_at"])

    def record_use(self, now=None):
        """Note that the token was used, at most once per LAST_USED_PRECISION."""
        now = now or timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= self.LAST_USED_PRECISION:
            PartnerToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now


class RegionQuerySet(VisibleQuerySet):
    def with_descendants(self):
        """These regions and every region below them (at most three tiers)."""
        ids = set(self.values_list("pk", flat=True))
        return Region.objects.filter(Q(pk__in=ids) | Q(parent__in=ids) | Q(parent__parent__in=ids))


class Region(TimeStampedModel):
    """A geographic region of the UN M49 standard (Africa, Sub-Saharan Africa,
    Western Africa …). Loaded by a data migration from the UN Statistics
    Division's table; members point at the most specific region they are in."""

    code = models.CharField(
        _("M49 code"), max_length=3, unique=True, help_text=_("Three-digit UN M49 code.")
    )
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=12, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The UN's name of the region in the reader's language."""
        return localised_region_name(self.name)

    @property
    def path(self):
        """Names from the top tier down, in the reader's language:
        ["Africa", "Sub-Saharan Africa", …]."""
        names, region = [], self
        while region is not None:
            names.insert(0, region.display_name)
            region = region.parent
        return names


class Theme(TimeStampedModel):
    """A subject of the shared WPS taxonomy (structural barriers, civil society
    engagement, P/CVE, climate …), used by sessions, commitments, action plans,
    newsletter entries and people's expertise."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:100]
        super().save(*args, **kwargs)


class Language(models.Model):
    """A language a person works in, keyed by its ISO 639-1 code."""

    code = models.CharField(_("code"), max_length=10, primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MemberQuerySet(VisibleQuerySet):
    def states(self):
        return self.filter(kind=MemberKind.STATE)

    def organisations(self):
        return self.exclude(kind=MemberKind.STATE)

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

    # Action plans (defined at the end of this module): "no active plan" and
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
    notes = models.TextField(_("notes"), blank=True, help_text=_("Seen by staff only."))
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
    def key(self):
        """What URLs call this member: its ISO code, or its slug."""
        return self.country.code if self.country else self.slug

    def get_absolute_url(self):
        return reverse("focalpoints:member", kwargs={"key": self.key})

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


# --- Action plans ---------------------------------------------------------------
# National, regional and local action plans on UNSCR 1325, the high-impact
# checklist of each plan, and the reports made on them. A plan's status is
# derived from the day and its dates (ActionPlanQuerySet.with_status), never
# stored, so it cannot go stale.

PRIMARY_PLAN_SCOPES = (PlanScope.NATIONAL, PlanScope.REGIONAL)

ORDINAL_WORDS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
]


def plan_start_expression():
    """The day a plan takes effect: its period's start, else its adoption."""
    return Coalesce("period_start", "adopted_on")


def plan_status_expression(on):
    """SQL for the status of a plan on the day ``on`` (see ActionPlan.status_on).

    A plan is in preparation until it takes effect (or while it has neither an
    adoption nor a period), expired after its period ends or once a plan that
    follows it has taken effect, and active in between. An adopted plan with
    no end date stays active until a successor replaces it.
    """
    start = plan_start_expression()
    successor_started = ActionPlan.objects.filter(follows=OuterRef("pk")).filter(
        LessThanOrEqual(plan_start_expression(), Value(on, output_field=models.DateField()))
    )
    return Case(
        When(IsNull(start, True), then=Value(PlanStatus.IN_PREPARATION)),
        When(
            GreaterThan(start, Value(on, output_field=models.DateField())),
            then=Value(PlanStatus.IN_PREPARATION),
        ),
        When(period_end__lt=on, then=Value(PlanStatus.EXPIRED)),
        When(Exists(successor_started), then=Value(PlanStatus.EXPIRED)),
        default=Value(PlanStatus.ACTIVE),
        output_field=models.CharField(),
    )


def primary_plans_of_member(on=None):
    """A member's national or regional plans (not local ones), with their
    status on ``on``, for use in a subquery over members."""
    on = on or timezone.localdate()
    return ActionPlan.objects.filter(member=OuterRef("pk"), scope__in=PRIMARY_PLAN_SCOPES).annotate(
        status=plan_status_expression(on)
    )


def members_with_active_plan(queryset, on=None):
    return queryset.filter(Exists(primary_plans_of_member(on).filter(status=PlanStatus.ACTIVE)))


def members_without_active_plan(queryset, on=None):
    return queryset.filter(~Exists(primary_plans_of_member(on).filter(status=PlanStatus.ACTIVE)))


def members_with_plan_summary(queryset, on=None):
    """Annotate each member with ``has_active_plan``, ``has_plan_in_preparation``,
    ``plan_count`` (national or regional plans recorded) and
    ``plan_generation``: how many such plans have taken effect by ``on``, or the
    highest number among them when earlier plans are not recorded."""
    on = on or timezone.localdate()
    plans = primary_plans_of_member(on)
    started = plans.exclude(status=PlanStatus.IN_PREPARATION)

    def aggregate(function, field):
        return Coalesce(
            Subquery(
                started.order_by()
                .values("member")
                .annotate(value=function(field))
                .values("value")[:1]
            ),
            0,
        )

    return queryset.annotate(
        has_active_plan=Exists(plans.filter(status=PlanStatus.ACTIVE)),
        has_plan_in_preparation=Exists(plans.filter(status=PlanStatus.IN_PREPARATION)),
        has_plan=Exists(plans),
        started_plan_count=aggregate(models.Count, "pk"),
        highest_plan_number=aggregate(models.Max, "sequence"),
    )


class ActionPlanQuerySet(VisibleQuerySet):
    def with_status(self, on=None):
        """Annotate ``status`` (a PlanStatus value) as of ``on`` (today)."""
        return self.annotate(status=plan_status_expression(on or timezone.localdate()))

    def with_status_in(self, statuses, on=None):
        return self.with_status(on).filter(status__in=list(statuses))

    def active(self, on=None):
        return self.with_status_in([PlanStatus.ACTIVE], on)

    def primary(self):
        """National and regional plans: those that count for "an active plan"."""
        return self.filter(scope__in=PRIMARY_PLAN_SCOPES)


class ActionPlan(TimeStampedModel):
    """A national, regional or local action plan (or strategy) on Women, Peace
    and Security (UNSCR 1325) adopted by a member: its place in the member's
    series of plans, when it was adopted, the period it covers, who leads it,
    what it is about and what backs it (budget, monitoring, civil society).

    Dates may be as precise as the source: a year, a month or a day (see
    network/partial_dates.py). Its status (in preparation, active, expired) is
    derived from those dates, not stored.
    """

    member = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.PROTECT, related_name="action_plans"
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=PlanScope.choices, default=PlanScope.NATIONAL
    )
    sequence = models.PositiveSmallIntegerField(
        _("plan number"),
        null=True,
        blank=True,
        help_text=_(
            "1 for the member's first plan of this scope, 2 for its second … "
            "Blank for a strategy without a number."
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Left blank, a title is made from the scope and number."),
    )
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)
    adopted_precision = models.CharField(
        _("adoption date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    period_start = models.DateField(_("period starts"), null=True, blank=True)
    period_start_precision = models.CharField(
        _("period start precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    period_end = models.DateField(
        _("period ends"), null=True, blank=True, help_text=_("The last day the plan covers.")
    )
    period_end_precision = models.CharField(
        _("period end precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    lead_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_action_plans",
    )
    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="action_plans"
    )
    has_dedicated_budget = models.BooleanField(
        _("dedicated budget"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    has_monitoring_framework = models.BooleanField(
        _("monitoring and evaluation framework"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    has_civil_society_involvement = models.BooleanField(
        _("civil-society involvement"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    document_url = models.URLField(_("document"), max_length=500, blank=True)
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the facts recorded here come from."),
    )
    follows = models.OneToOneField(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        help_text=_("The plan this one replaces: plan N follows plan N − 1."),
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("Shown to everyone."))
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[themes])

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["member__name", "scope", F("sequence").asc(nulls_last=True), "adopted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sequence__isnull=True) | Q(sequence__gte=1),
                name="action_plan_sequence_positive",
                violation_error_message=_("A plan number starts at 1."),
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "sequence"],
                condition=Q(sequence__isnull=False),
                name="action_plan_unique_sequence",
                violation_error_message=_("This member already has a plan with this number."),
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "title"],
                condition=Q(sequence__isnull=True),
                name="action_plan_unique_unnumbered_title",
                violation_error_message=_(
                    "This member already has a plan without a number by this title."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="action_plan_period_ends_after_start",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(follows__isnull=True) | ~Q(follows=F("pk")),
                name="action_plan_does_not_follow_itself",
                violation_error_message=_("A plan cannot follow itself."),
            ),
        ]
        indexes = [models.Index(fields=["period_end"]), models.Index(fields=["adopted_on"])]

    def __str__(self):
        return f"{self.member}: {self.title or self.default_title()}"

    # -- derived values -----------------------------------------------------------

    @property
    def starts_on(self):
        """The day the plan takes effect: its period's start, else its adoption."""
        return self.period_start or self.adopted_on

    @property
    def status(self):
        """The status today, or the one annotated by ``with_status(on=…)``."""
        if getattr(self, "_status", None) is None:
            self._status = self.status_on(timezone.localdate())
        return self._status

    @status.setter
    def status(self, value):
        # Set by querysets annotated with ``with_status``.
        self._status = value

    def get_status_display(self):
        return PlanStatus(self.status).label

    def status_on(self, day):
        """The plan's status on ``day``; the same rule as plan_status_expression."""
        start = self.starts_on
        if start is None or start > day:
            return PlanStatus.IN_PREPARATION
        if self.period_end is not None and self.period_end < day:
            return PlanStatus.EXPIRED
        successor = getattr(self, "followed_by", None) if self.pk else None
        if successor is not None and successor.starts_on and successor.starts_on <= day:
            return PlanStatus.EXPIRED
        return PlanStatus.ACTIVE

    @property
    def adopted_year(self):
        return self.adopted_on.year if self.adopted_on else None

    @property
    def adopted_display(self):
        return format_partial_date(self.adopted_on, self.adopted_precision)

    @property
    def period_display(self):
        """ "2017–2022", "2017–" or "" when the period is not known."""
        start = format_partial_date(self.period_start, self.period_start_precision)
        end = format_partial_date(self.period_end, self.period_end_precision)
        if not start and not end:
            return ""
        return f"{start}–{end}"

    @property
    def ordinal_label(self):
        """ "1st", "2nd" … (localised), or "" for a strategy without a number."""
        return ordinal(self.sequence) if self.sequence else ""

    def default_title(self):
        """An English title from the scope and number, for plans named by a
        spreadsheet that gives no title ("Second National Action Plan on …")."""
        if self.sequence is None:
            kind = {
                PlanScope.NATIONAL: "National Strategy",
                PlanScope.REGIONAL: "Regional Strategy",
                PlanScope.LOCAL: "Local Strategy",
            }[self.scope]
            return f"{kind} on Women, Peace and Security"
        number = (
            ORDINAL_WORDS[self.sequence - 1]
            if self.sequence <= len(ORDINAL_WORDS)
            else f"{self.sequence}th"
        )
        kind = {
            PlanScope.NATIONAL: "National Action Plan",
            PlanScope.REGIONAL: "Regional Action Plan",
            PlanScope.LOCAL: "Local Action Plan",
        }[self.scope]
        return f"{number} {kind} on Women, Peace and Security"

    # -- rules (called by clean(), the admin and the import alike) ---------------

    @staticmethod
    def clean_period(period_start, period_end):
        if period_start and period_end and period_end < period_start:
            raise ValidationError(
                {
                    "period_end": _("The period ends (%(end)s) before it starts (%(start)s).")
                    % {"end": period_end.isoformat(), "start": period_start.isoformat()}
                }
            )

    @staticmethod
    def clean_scope_for_member(scope, member):
        """National and local plans belong to member States, regional plans to
        organisations."""
        if member is None:
            return
        is_state = member.kind == MemberKind.STATE
        if scope in (PlanScope.NATIONAL, PlanScope.LOCAL) and not is_state:
            raise ValidationError({"scope": _("Only a member State has national or local plans.")})
        if scope == PlanScope.REGIONAL and is_state:
            raise ValidationError(
                {"scope": _("Regional plans belong to organisations, not to member States.")}
            )

    @staticmethod
    def clean_follows(plan, follows):
        """The plan followed is an earlier plan of the same member and scope:
        plan N follows plan N − 1, starts no later, and the chain has no loop."""
        if follows is None:
            return
        if plan.pk and follows.pk == plan.pk:
            raise ValidationError({"follows": _("A plan cannot follow itself.")})
        if follows.member_id != plan.member_id or follows.scope != plan.scope:
            raise ValidationError(
                {"follows": _("A plan follows a plan of the same member and scope.")}
            )
        if plan.sequence and follows.sequence and follows.sequence != plan.sequence - 1:
            raise ValidationError(
                {
                    "follows": _("Plan %(number)s follows plan %(previous)s, not %(given)s.")
                    % {
                        "number": plan.sequence,
                        "previous": plan.sequence - 1,
                        "given": follows.sequence,
                    }
                }
            )
        if plan.starts_on and follows.starts_on and follows.starts_on > plan.starts_on:
            raise ValidationError(
                {
                    "follows": _(
                        "The plan it follows takes effect later (%(then)s) than this one (%(now)s)."
                    )
                    % {"then": follows.starts_on.isoformat(), "now": plan.starts_on.isoformat()}
                }
            )
        seen, step = {plan.pk}, follows
        while step is not None:
            if step.pk in seen:
                raise ValidationError(
                    {"follows": _("These plans would follow each other in a loop.")}
                )
            seen.add(step.pk)
            step = step.follows

    def normalise_dates(self):
        """Store a year or month as the first (start, adoption) or last (end) day."""
        self.adopted_on = bound(self.adopted_on, self.adopted_precision)
        self.period_start = bound(self.period_start, self.period_start_precision)
        self.period_end = bound(self.period_end, self.period_end_precision, end=True)

    def clean(self):
        super().clean()
        self.normalise_dates()
        errors = {}
        for rule in (
            lambda: self.clean_period(self.period_start, self.period_end),
            lambda: self.clean_scope_for_member(
                self.scope, self.member if self.member_id else None
            ),
            lambda: self.clean_follows(self, self.follows),
        ):
            try:
                rule()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalise_dates()
        if not self.title:
            self.title = self.default_title()
        self.search_text = normalise(
            self.title,
            self.member.name if self.member_id else "",
            self.member.acronym if self.member_id else "",
            self.member.country.code if self.member_id and self.member.country else "",
            self.notes,
        )
        super().save(*args, **kwargs)


class PlanFeatureAssessment(TimeStampedModel):
    """Whether one plan has one of the five features of a high-impact plan
    (Chair's Summary, Alicante 2017), with the source that shows it."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="feature_assessments",
    )
    feature = models.CharField(_("feature"), max_length=20, choices=HighImpactFeature.choices)
    answer = models.CharField(
        _("answer"), max_length=8, choices=FeatureAnswer.choices, default=FeatureAnswer.UNKNOWN
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Required unless the answer is “not known”."),
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("high-impact feature")
        verbose_name_plural = _("high-impact features")
        ordering = ["plan", "feature"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "feature"],
                name="plan_feature_assessed_once",
                violation_error_message=_("This feature is already assessed for this plan."),
            ),
            models.CheckConstraint(
                condition=Q(answer=FeatureAnswer.UNKNOWN) | ~Q(source_url=""),
                name="plan_feature_answer_has_source",
                violation_error_message=_("An answer needs the source that shows it."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.get_feature_display()} — {self.get_answer_display()}"

    @staticmethod
    def clean_source(answer, source_url):
        if answer != FeatureAnswer.UNKNOWN and not source_url:
            raise ValidationError({"source_url": _("An answer needs the source that shows it.")})

    def clean(self):
        super().clean()
        self.clean_source(self.answer, self.source_url)


class ActionPlanReport(TimeStampedModel):
    """A dated public account of a plan: a government progress report, a
    civil-society shadow report, a parliamentary hearing, an evaluation."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=PlanReportKind.choices)
    title = models.CharField(_("title"), max_length=255)
    published_on = models.DateField(_("date"))
    author = models.CharField(
        _("by"), max_length=255, blank=True, help_text=_("Who made it: a ministry, a coalition …")
    )
    url = models.URLField(_("link"), max_length=500)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report on a plan")
        verbose_name_plural = _("reports on plans")
        ordering = ["plan", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "url"],
                name="plan_report_link_unique",
                violation_error_message=_("This plan already has a report at this link."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.published_on.isoformat()})"


# --- security and data protection ---------------------------------------------------


class PersonalDataExport(TimeStampedModel):
    """One export of personal data: who took which rows out of the system,
    when, through which surface and in which format (a CSV of people, an
    XLSX of participants, the Popolo directory, a vCard, one person's data
    export …). Written by ``network.audit.log_personal_data_export`` only,
    which every export calls before its data leaves; staff read it in the
    admin and nobody edits it. It holds identifiers, never the exported data,
    and free-text search terms are not kept."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("public")
        PARTNER = "partner", _("partner (API token)")
        MEMBER = "member", _("member")
        STAFF = "staff", _("staff")
        COMMAND = "command", _("management command")

    user = models.ForeignKey(
        "network.User",
        verbose_name=_("user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    partner_token = models.ForeignKey(
        PartnerToken,
        verbose_name=_("partner token"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    audience = models.CharField(_("audience"), max_length=10, choices=Audience.choices)
    surface = models.CharField(
        _("surface"), max_length=60, help_text=_("Where: api, admin, site, command …")
    )
    dataset = models.CharField(
        _("data"), max_length=100, help_text=_("The model exported, e.g. focalpoints.person.")
    )
    export_format = models.CharField(_("format"), max_length=20)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # A plain id, not a foreign key: network knows no Person (focalpoints does),
    # and the record must outlive an erased or deleted person.
    person_id = models.PositiveBigIntegerField(
        _("person"), null=True, blank=True, help_text=_("When the export is about one person.")
    )
    parameters = models.JSONField(_("filters"), default=dict, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("personal data export")
        verbose_name_plural = _("personal data exports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["dataset", "created_at"], name="export_log_dataset")]

    def __str__(self):
        return f"{self.dataset} ({self.export_format}) {self.created_at:%Y-%m-%d %H:%M}"
