"""Who an Audience reaches, and who it leaves out and why.

One query whatever the audience: the criteria are subqueries of it, and each
person's address (their own, else the work address of a current post) is an
annotation of it. People who asked not to be contacted, whose address bounced
or who have no address are left out and counted by reason, so that staff see
"3 left out: no email" before anything is sent.
"""

import dataclasses

from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, NullIf

from network.models import Member, today

from .models import Appointment, Person

# Why a person an audience names is not written to, in the order a person is
# counted under (one reason each).
DO_NOT_CONTACT = "do_not_contact"
BOUNCED = "bounced"
NO_EMAIL = "no_email"
LEFT_OUT_REASONS = (DO_NOT_CONTACT, BOUNCED, NO_EMAIL)
# Counted only for optional mail (a one-off message to an audience): people
# who unsubscribed from it. Operational mail (invitations, verification)
# ignores that opt-out.
OPTED_OUT = "opted_out"

# Registrations that show a person took part (or will): not declined, cancelled
# or merely invited. Strings, as the directory does not import the meetings app.
TOOK_PART = ("registered", "confirmed", "attended")


@dataclasses.dataclass
class Resolution:
    """The people an audience reaches (each with ``address``), and how many it
    names but leaves out, by reason."""

    people: list
    left_out: dict

    @property
    def count(self):
        return len(self.people)

    @property
    def left_out_total(self):
        return sum(self.left_out.values())

    def __iter__(self):
        return iter((self.people, self.left_out))


def _post_filter(audience, on):
    """The posts that match the audience's post criteria, or None if it has none."""
    q = Q()
    used = False
    if audience.current_posts_only:
        q &= Q(start_on__isnull=True) | Q(start_on__lte=on)
        q &= Q(end_on__isnull=True) | Q(end_on__gt=on)
    if audience.roles:
        q &= Q(role__in=audience.roles)
        used = True
    if audience.member_kinds:
        q &= Q(member__kind__in=audience.member_kinds)
        used = True
    if audience.pk and audience.members.exists():
        q &= Q(member__in=audience.members.all())
        used = True
    if audience.pk and audience.regions.exists():
        regions = audience.regions.all()
        q &= (
            Q(member__region__in=regions)
            | Q(member__region__parent__in=regions)
            | Q(member__region__parent__parent__in=regions)
        )
        used = True
    if audience.without_active_plan:
        q &= Q(member__in=Member.objects.without_active_plan(on))
        used = True
    return q, used


def audience_people(audience, *, on=None):
    """Every person ``audience`` names, left-out ones included (a queryset)."""
    on = on or today()
    people = Person.objects.all()
    post_q, post_used = _post_filter(audience, on)
    if post_used:
        people = people.filter(
            Exists(Appointment.objects.filter(post_q, person=OuterRef("pk"))),
        )
    elif audience.current_posts_only:
        # No post criterion: anyone holding a post now.
        people = people.filter(Exists(Appointment.objects.filter(post_q, person=OuterRef("pk"))))
    if audience.pk:
        if audience.languages.exists():
            people = people.filter(languages__in=audience.languages.all())
        if audience.themes.exists():
            people = people.filter(expertise__in=audience.themes.all())
        if audience.meetings.exists():
            meetings = audience.meetings.all()
            delegation_posts = Appointment.objects.filter(
                person=OuterRef("pk"), member__delegations__meeting__in=meetings
            )
            if audience.current_posts_only:
                delegation_posts = delegation_posts.current(on)
            people = people.filter(
                Q(registrations__meeting__in=meetings, registrations__status__in=TOOK_PART)
                | Exists(delegation_posts)
            )
    if audience.working_group_id:
        people = people.filter(session_roles__session_id=audience.working_group_id)
    return people.distinct()


def with_addresses(people, *, on=None):
    """``people`` annotated with ``address``: their own, else the work address
    of a current post (focalpoints.services.contact_address, as one query)."""
    on = on or today()
    work_email = (
        Appointment.objects.current(on)
        .filter(person=OuterRef("pk"))
        .exclude(work_email="")
        .order_by("member__name", "role", "-start_on")
        .values("work_email")[:1]
    )
    return people.annotate(
        address=Coalesce(NullIf("email", Value("")), Subquery(work_email), Value(""))
    )


def reason_left_out(person, *, optional=False):
    """Why ``person`` (annotated with ``address``) is not written to, or None;
    ``optional`` for optional mail, which also leaves out those who opted out."""
    if person.do_not_contact:
        return DO_NOT_CONTACT
    if person.email_bounced_at is not None:
        return BOUNCED
    if optional and person.optional_mail_opted_out_at is not None:
        return OPTED_OUT
    if not person.address:
        return NO_EMAIL
    return None


def split(people, *, on=None, optional=False):
    """Resolve any queryset of people (an audience's, or people picked by hand);
    ``optional`` for optional mail (see ``OPTED_OUT``)."""
    reached = []
    left_out = dict.fromkeys(LEFT_OUT_REASONS, 0)
    if optional:
        left_out[OPTED_OUT] = 0
    for person in with_addresses(people, on=on).order_by("family_name", "given_name", "pk"):
        reason = reason_left_out(person, optional=optional)
        if reason is None:
            reached.append(person)
        else:
            left_out[reason] += 1
    return Resolution(reached, left_out)


def resolve(audience, *, on=None, optional=False):
    """The people ``audience`` reaches on ``on`` (today), and those it leaves
    out counted by reason: ``(people, left_out)``; ``optional`` for optional
    mail."""
    return split(audience_people(audience, on=on), on=on, optional=optional)
