"""The visibility policy of DESIGN.md, in one place.

Two questions, two answers:

* which rows may a viewer see? — each model's queryset has
  ``visible_to(viewer)``; every surface (pages, API, exports, feeds, search)
  starts from it;
* which fields of a row may a viewer see? — ``visible_fields(viewer, policy,
  own=...)`` with the field policies below; serializers, templates and exports
  drop every other field (absent, not null).

| data                                             | public / partner | member   | staff |
|--------------------------------------------------|------------------|----------|-------|
| members, regions, themes, plans, meetings, …     | yes              | yes      | yes   |
| person name, position, organisation, country     | with consent (*) | yes      | yes   |
| work email, phone                                | no               | yes      | yes   |
| registrations, access needs, gender, travel,     | own only         | own only | yes   |
| unsent drafts, subscriptions                     |                  |          |       |

(*) or by name and role in a meeting's public agenda.

A partner (API token) sees what the public sees. A member is a logged-in user
linked to a Person; the members they belong to are those of that person's
current appointments. Staff are users with ``is_staff`` who passed their
second factor (``staff_is_verified``): a staff login without it is a member
(if linked to a person) or the public, on every surface. What staff may do with
a model follows their Django model permissions (``Viewer.can``,
``Viewer.for_model``), as in the admin.
"""

import contextlib
import dataclasses
from dataclasses import dataclass, field
from enum import IntEnum

from django.conf import settings


class Audience(IntEnum):
    """How much of the directory a viewer may see, in increasing order."""

    PUBLIC = 0
    MEMBER = 1
    STAFF = 2


@dataclass(frozen=True)
class Viewer:
    """Who is looking: the audience they belong to and what is their own."""

    audience: Audience = Audience.PUBLIC
    user_id: int | None = None
    person_id: int | None = None
    member_ids: frozenset = field(default_factory=frozenset)
    is_partner: bool = False
    # The user, for their model permissions (Viewer.can); not part of equality.
    user: object = field(default=None, compare=False, repr=False, hash=False)

    @property
    def is_public(self):
        return self.audience == Audience.PUBLIC

    @property
    def is_member(self):
        """A member or staff: may use the directory and see contact details."""
        return self.audience >= Audience.MEMBER

    @property
    def is_staff(self):
        return self.audience == Audience.STAFF

    def owns_person(self, person_id):
        return self.person_id is not None and self.person_id == person_id

    def belongs_to(self, member_id):
        return member_id in self.member_ids

    def can(self, permission):
        """Whether this staff viewer holds the Django permission
        ``permission`` ("app_label.codename"); never for anyone else."""
        return self.is_staff and self.user is not None and self.user.has_perm(permission)

    def can_on_model(self, action, model):
        """``can`` for ``action`` (view, add, change, delete) on ``model``."""
        opts = model._meta
        return self.can(f"{opts.app_label}.{action}_{opts.model_name}")

    def for_model(self, model, action="view"):
        """This viewer as far as ``action`` on ``model`` goes: staff without
        that model permission (to view: view or change, as in the admin) are
        the member or the public they otherwise are."""
        if not self.is_staff:
            return self
        allowed = self.can_on_model(action, model) or (
            action == "view" and self.can_on_model("change", model)
        )
        return self if allowed else self.without_staff_powers()

    def without_staff_powers(self):
        audience = Audience.MEMBER if self.person_id is not None else Audience.PUBLIC
        return dataclasses.replace(self, audience=audience)


PUBLIC = Viewer()
_CACHE_ATTRIBUTE = "_wps_viewer"


def viewer_for(subject):
    """The Viewer for a request, a user, a Viewer or None (the public).

    The answer is cached on the request or user: one or two queries the first
    time, none afterwards.
    """
    if subject is None:
        return PUBLIC
    if isinstance(subject, Viewer):
        return subject
    cached = getattr(subject, _CACHE_ATTRIBUTE, None)
    if cached is not None:
        return cached
    if hasattr(subject, "user") and hasattr(subject, "method"):  # a request
        viewer = _viewer_for_user(
            getattr(subject, "user", None), is_partner=_has_partner_token(subject)
        )
    else:
        viewer = _viewer_for_user(subject)
    with contextlib.suppress(AttributeError):  # an object that takes no attributes
        setattr(subject, _CACHE_ATTRIBUTE, viewer)
    return viewer


def _has_partner_token(request):
    # DRF's Request sets ``auth`` to the partner token object it authenticated.
    auth = getattr(request, "auth", None)
    return auth is not None and getattr(auth, "is_partner_token", False)


def staff_is_verified(user):
    """Whether a staff user's login counts as staff: they gave the code of
    their confirmed second-factor device in this session (django-otp's
    ``is_verified``), or they have no device and STAFF_REQUIRE_2FA is off.
    The admin site asks the same question (network/admin_site.py)."""
    is_verified = getattr(user, "is_verified", None)
    if callable(is_verified) and is_verified():
        return True
    if getattr(settings, "STAFF_REQUIRE_2FA", False):
        return False
    from django_otp import user_has_device  # its models need the app registry

    return not user_has_device(user, confirmed=True)


def _viewer_for_user(user, *, is_partner=False):
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return Viewer(is_partner=is_partner)
    # The Person of a user lives in focalpoints; network reaches it through the
    # reverse one-to-one relation rather than importing that app.
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    person_id = person.pk if person is not None else None
    member_ids = frozenset()
    if person is not None:
        member_ids = frozenset(person.appointments.current().values_list("member_id", flat=True))
    if user.is_staff and staff_is_verified(user):
        audience = Audience.STAFF
    elif person is not None:
        audience = Audience.MEMBER
    else:
        audience = Audience.PUBLIC
    return Viewer(
        audience=audience, user_id=user.pk, person_id=person_id, member_ids=member_ids, user=user
    )


@dataclass(frozen=True)
class FieldPolicy:
    """Which fields of a model each audience may see, and in which order they
    are shown: the one list that serializers (``Meta.fields = POLICY.order``),
    the schema and the representations of rows derive theirs from.

    ``order`` names every field; the ones in ``member`` are added for members,
    ``own`` for a person's own record, ``staff`` for staff (who see every
    field); the rest is what everyone sees (``public``).
    """

    order: tuple
    member: frozenset = frozenset()
    own: frozenset = frozenset()
    staff: frozenset = frozenset()

    def __post_init__(self):
        unknown = (self.member | self.own | self.staff) - set(self.order)
        if unknown or len(set(self.order)) != len(self.order):
            raise ValueError(f"A field policy must name each field once in order: {unknown}")

    @property
    def public(self):
        return frozenset(self.order) - self.member - self.own - self.staff

    def all_fields(self):
        return frozenset(self.order)

    def without(self, *names):
        """The order without ``names`` (a brief or nested representation)."""
        return tuple(name for name in self.order if name not in names)


def visible_fields(viewer, policy, *, own=False):
    """The set of field names of ``policy`` that ``viewer`` may see."""
    viewer = viewer_for(viewer)
    if viewer.is_staff:
        return policy.all_fields()
    fields = set(policy.public)
    if viewer.is_member:
        fields |= policy.member
    if own:
        fields |= policy.member | policy.own
    return frozenset(fields)


# The field policies of the models that hold personal data. Models not listed
# here are public in every field.
PERSON_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "honorific",
        "given_name",
        "family_name",
        "name",
        "email",
        "phone",
        "gender",
        "languages",
        "expertise",
        "bio",
        "public_listing",
        "public_listing_changed_at",
        "verified_at",
        "user",
        "notes",
        "appointments",
        "created_at",
        "updated_at",
    ),
    member=frozenset({"bio", "email", "expertise", "languages", "phone", "verified_at"}),
    own=frozenset({"gender", "public_listing", "public_listing_changed_at"}),
    staff=frozenset({"notes", "user"}),
)

APPOINTMENT_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "person",
        "member",
        "organisation",
        "role",
        "position",
        "start_on",
        "end_on",
        "is_current",
        "as_of",
        "as_of_source",
        "work_email",
        "phone",
        "source",
        "notes",
        "created_at",
        "updated_at",
    ),
    member=frozenset({"phone", "work_email"}),
    staff=frozenset({"notes", "source"}),
)


# Members are public except the secretariat's notes about them.
MEMBER_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "kind",
        "name",
        "acronym",
        "slug",
        "country",
        "region",
        "joined_on",
        "active",
        "website",
        "notes",
        "created_at",
        "updated_at",
    ),
    staff=frozenset({"notes"}),
)


# --- meetings -------------------------------------------------------------------
# Meetings, sessions, delegations, commitments and their updates are public.
# Registrations are personal (travel, access needs): the person and staff only;
# their rows are filtered by Registration.objects.visible_to(viewer).
REGISTRATION_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "meeting",
        "person",
        "member",
        "status",
        "waiting_position",
        "registered_at",
        "confirmed_at",
        "cancelled_at",
        "travel_support",
        "visa_letter",
        "arrival_on",
        "departure_on",
        "access_needs",
        "notes",
        "created_at",
        "updated_at",
    ),
    own=frozenset(
        {
            "access_needs",
            "arrival_on",
            "cancelled_at",
            "confirmed_at",
            "created_at",
            "departure_on",
            "display",
            "id",
            "meeting",
            "member",
            "person",
            "registered_at",
            "status",
            "travel_support",
            "updated_at",
            "url",
            "visa_letter",
            "waiting_position",
        }
    ),
    staff=frozenset({"notes"}),
)

# A person in a meeting's public agenda is shown by name, role and the
# affiliation the agenda prints, even without public-listing consent; a link
# to their directory entry only when Person.objects.visible_to(viewer) has them.
SESSION_ROLE_PERSON_FIELDS = frozenset({"id", "honorific", "given_name", "family_name", "name"})

# Who wrote a progress update is shown to members and staff, not the public.
COMMITMENT_UPDATE_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "commitment",
        "text",
        "new_status",
        "reported_on",
        "reported_at",
        "author",
        "created_at",
        "updated_at",
    ),
    member=frozenset({"author"}),
)


def may_update_commitment(viewer, commitment):
    """Staff may report on any commitment; a member's focal points only on
    their own Member's commitments; the public on none."""
    return may_update_commitments_of(viewer, commitment.member_id)


def may_update_commitments_of(viewer, member_id):
    """``may_update_commitment`` for any commitment of the Member ``member_id``
    (a list that holds only the commitments' stamps asks this)."""
    viewer = viewer_for(viewer)
    if viewer.is_staff:
        return True
    return viewer.is_member and viewer.belongs_to(member_id)


def may_register(viewer):
    """Registering for a meeting needs a person: a member (or staff linked to one)."""
    viewer = viewer_for(viewer)
    return viewer.person_id is not None


# --- newsletters -----------------------------------------------------------------
# A subscription is personal (an email address): the subscriber (a member whose
# Person it is linked to) and staff only; rows by Subscription.objects.visible_to.
# Why a subscription was suspended (a provider's bounce text) is staff's.
SUBSCRIPTION_FIELDS = FieldPolicy(
    order=(
        "id",
        "url",
        "display",
        "newsletter",
        "email",
        "person",
        "language",
        "state",
        "requested_at",
        "confirmed_at",
        "unsubscribed_at",
        "suspended_at",
        "suspension_reason",
        "suspension_detail",
        "created_at",
        "updated_at",
    ),
    own=frozenset(
        {
            "confirmed_at",
            "created_at",
            "display",
            "email",
            "id",
            "language",
            "newsletter",
            "person",
            "requested_at",
            "state",
            "suspended_at",
            "suspension_reason",
            "unsubscribed_at",
            "updated_at",
            "url",
        }
    ),
    staff=frozenset({"suspension_detail"}),
)


# --- documents -------------------------------------------------------------------
# A document of the library (a meeting's or another) is for everyone or for
# members of the network; members and staff read both. Both models' querysets
# call this, so a meeting page, the library, the API and the file view agree.
def document_audiences(viewer):
    """The DocumentAudience values ``viewer`` may read."""
    if viewer_for(viewer).is_member:
        return ("public", "members")
    return ("public",)
