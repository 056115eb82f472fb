"""Signed links sent by email: an invitation to open an account, and a request
to confirm one's details without a password.

A link carries the person's id, a fingerprint of the state it was made for,
and the time it was signed (django.core.signing). It is refused when the
signature does not match (forged or mangled), when it is older than its
allowed age (expired), or when the state it was made for has changed (used:
the invitation was accepted, the details were confirmed since). Nothing is
stored to make or check a link.
"""

import datetime
import enum

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

from .models import Person

INVITATION_SALT = "focalpoints.invitation"
VERIFICATION_SALT = "focalpoints.verification"


class LinkProblem(enum.StrEnum):
    """Why a link cannot be used; pages explain each one."""

    FORGED = "forged"
    EXPIRED = "expired"
    USED = "used"


class InvalidLink(Exception):
    """A signed link that cannot be used, and why (``problem``)."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = LinkProblem(problem)


def _fingerprint(salt, *parts):
    # A short keyed hash: the link proves which state it was made for without
    # revealing it.
    value = "|".join("" if part is None else str(part) for part in parts)
    return salted_hmac(salt, value, algorithm="sha256").hexdigest()[:16]


def _invitation_state(person, email):
    # Linking an account, or changing the person's address, voids the link.
    return _fingerprint(
        INVITATION_SALT, person.pk, person.user_id, email.lower(), person.email.lower()
    )


def _verification_state(person):
    verified = person.verified_at.isoformat() if person.verified_at else ""
    return _fingerprint(VERIFICATION_SALT, person.pk, verified)


def make_invitation_token(person, email):
    """A token inviting ``person`` to open an account with the address ``email``."""
    payload = {"p": person.pk, "e": email.lower(), "s": _invitation_state(person, email)}
    return signing.dumps(payload, salt=INVITATION_SALT)


def read_invitation_token(token):
    """The (person, email) an invitation token was made for; raises InvalidLink."""
    payload = _load(token, INVITATION_SALT, settings.INVITATION_LINK_MAX_AGE_DAYS)
    person = Person.objects.filter(pk=payload.get("p")).first()
    email = payload.get("e")
    if person is None or not isinstance(email, str):
        raise InvalidLink(LinkProblem.FORGED)
    if person.user_id is not None or not constant_time_compare(
        payload.get("s", ""), _invitation_state(person, email)
    ):
        raise InvalidLink(LinkProblem.USED)
    return person, email


def make_verification_token(person):
    """A token letting ``person`` confirm or correct their entry once."""
    payload = {"p": person.pk, "s": _verification_state(person)}
    return signing.dumps(payload, salt=VERIFICATION_SALT)


def read_verification_token(token):
    """The person a verification token was made for; raises InvalidLink."""
    payload = _load(token, VERIFICATION_SALT, settings.VERIFICATION_LINK_MAX_AGE_DAYS)
    person = Person.objects.filter(pk=payload.get("p")).first()
    if person is None:
        raise InvalidLink(LinkProblem.FORGED)
    if not constant_time_compare(payload.get("s", ""), _verification_state(person)):
        raise InvalidLink(LinkProblem.USED)
    return person


def _load(token, salt, max_age_days):
    try:
        payload = signing.loads(token, salt=salt, max_age=datetime.timedelta(days=max_age_days))
    except signing.SignatureExpired:
        raise InvalidLink(LinkProblem.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink(LinkProblem.FORGED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        raise InvalidLink(LinkProblem.FORGED)
    return payload
