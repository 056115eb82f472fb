"""The network itself: its members, the regions they belong to, the
organisations people work in, the shared taxonomy of themes, and accounts."""

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from .choices import MemberKind, RegionLevel
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
        return self.name

    @property
    def path(self):
        """Names from the top tier down: ["Africa", "Sub-Saharan Africa", …]."""
        names, region = [], self
        while region is not None:
            names.insert(0, region.name)
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
