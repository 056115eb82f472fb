"""Accounts: users (who log in by email) and the partners' API tokens."""

import contextlib
import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.choices import PARTNER_RESOURCES
from network.models.base import TimeStampedModel


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
    def issue(
        self,
        *,
        name,
        contact_name="",
        contact_email="",
        expires_at=None,
        created_by=None,
        resources=(),
    ):
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
            resources=list(resources),
            created_by=created_by if getattr(created_by, "is_authenticated", False) else None,
        )
        return token, plaintext


class PartnerToken(TimeStampedModel):
    """A read-only key with which a partner (a researcher, a UN agency, a
    civil-society organisation) queries and synchronises the API. Staff issue
    it in the admin, where its plaintext is shown once; it expires, can be
    revoked, and records when it was last used. A partner sees what the public
    sees, and a token never writes."""

    # Marks ``request.auth`` as a partner token for network.core.visibility.viewer_for.
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
    request_count = models.PositiveBigIntegerField(
        _("requests"),
        default=0,
        editable=False,
        help_text=_("Requests made with this token, counted to within the last minute."),
    )
    resources = models.JSONField(
        _("resources"),
        default=list,
        blank=True,
        help_text=_(
            "The API resources this token may read (e.g. people, meetings), as a list; "
            "empty: every public resource. Any other is a 403."
        ),
    )

    objects = PartnerTokenManager()

    # Writing last_used_at on every request would turn each read into a write;
    # once a minute is precise enough to see which tokens are in use.
    LAST_USED_PRECISION = datetime.timedelta(minutes=1)

    def clean(self):
        unknown = [
            name
            for name in (self.resources if isinstance(self.resources, list) else [None])
            if name not in PARTNER_RESOURCES
        ]
        if unknown:
            raise ValidationError(
                {
                    "resources": _(
                        "Not resources a token may read: %(names)s. Choose from: %(known)s."
                    )
                    % {"names": ", ".join(map(str, unknown)), "known": ", ".join(PARTNER_RESOURCES)}
                }
            )

    def may_read(self, resource):
        """Whether this token's scope covers ``resource`` (a path under /api/v1/)."""
        return not self.resources or resource in self.resources

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
        """Count one request and note when the token was used.

        The count goes to the shared cache (one ``incr`` per request); the row
        is written at most once per LAST_USED_PRECISION, adding what the cache
        counted since. Of the requests that find the same stale row, only the
        one that takes the flush key (``cache.add``, atomic) writes it.
        """
        now = now or timezone.now()
        key = self._uses_key()
        if not cache.add(key, 1, timeout=None):
            try:
                cache.incr(key)
            except ValueError:  # evicted between add and incr
                cache.add(key, 1, timeout=None)
        if self.last_used_at is not None and now - self.last_used_at < self.LAST_USED_PRECISION:
            return
        stale = self.last_used_at.timestamp() if self.last_used_at else "never"
        flush_key = f"partner-token-flush:{self.pk}:{stale}"
        if not cache.add(flush_key, 1, timeout=2 * self.LAST_USED_PRECISION.total_seconds()):
            return  # another request is writing this minute's row
        self.flush_uses(now)

    def flush_uses(self, now=None):
        """Move the requests counted in the cache to the row, with the time of use."""
        now = now or timezone.now()
        key = self._uses_key()
        pending = cache.get(key) or 0
        if pending:
            # Subtract what was read, not reset: requests counted meanwhile stay.
            # (Evicted since the read: nothing is left to subtract.)
            with contextlib.suppress(ValueError):
                cache.decr(key, pending)
        PartnerToken.objects.filter(pk=self.pk).update(
            last_used_at=now, request_count=F("request_count") + pending
        )
        self.last_used_at = now
        self.request_count += pending

    def pending_uses(self):
        """Requests counted in the cache and not yet written to the row."""
        return cache.get(self._uses_key()) or 0

    def _uses_key(self):
        return f"partner-token-uses:{self.pk}"
