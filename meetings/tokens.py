"""The signed link of an invitation to a meeting (accept or decline).

The link carries the invitation's id and the time it was signed
(django.core.signing, its own salt). It is refused when forged or older than
INVITATION_REPLY_MAX_AGE_DAYS; once answered, the page says so rather than
answering again (meetings.invitations.answer_invitation).
"""

import datetime

from django.conf import settings
from django.core import signing

from focalpoints.tokens import InvalidLink, LinkProblem

from .models import Invitation

REPLY_SALT = "meetings.invitation-reply"


def make_reply_token(invitation):
    """A token with which ``invitation``'s person answers it."""
    return signing.dumps({"i": invitation.pk}, salt=REPLY_SALT)


def read_reply_token(token):
    """The invitation a reply token was made for; raises InvalidLink."""
    try:
        payload = signing.loads(
            token,
            salt=REPLY_SALT,
            max_age=datetime.timedelta(days=settings.INVITATION_REPLY_MAX_AGE_DAYS),
        )
    except signing.SignatureExpired:
        raise InvalidLink(LinkProblem.EXPIRED) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise InvalidLink(LinkProblem.FORGED) from None
    if not isinstance(payload, dict) or not isinstance(payload.get("i"), int):
        raise InvalidLink(LinkProblem.FORGED)
    invitation = (
        Invitation.objects.select_related("meeting", "person", "registration", "member")
        .filter(pk=payload["i"])
        .first()
    )
    if invitation is None:
        raise InvalidLink(LinkProblem.FORGED)
    return invitation
