"""Data protection: everything held about one person, as JSON, and erasure
that anonymises a person while keeping the network's statistics.

Each app knows its own personal data, so each app contributes a section: its
``privacy.py`` calls ``register()`` (they are found like admin modules, by
``autodiscover_modules("privacy")`` when the network app is ready). The
functions here run every section, in order, in one transaction for erasure,
and log each export with ``network.core.audit``.
"""

import json
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

from network.core.audit import log_personal_data_export

FORMAT = "wps-person-data/1"
ERASED_REASON = "Erased (data protection)"
# Never in an export, even of one's own data: secrets and derived columns.
NEVER_EXPORTED = frozenset(
    {"search_text", "public_search_text", "token", "confirmation_nonce", "password", "secret_hash"}
)


@dataclass(frozen=True)
class Section:
    """One app's part of a person's data."""

    name: str
    export: object  # (person) -> JSON-ready data
    erase: object  # (person, identity, by) -> list of the instances anonymised
    order: int


_sections = {}


def register(name, *, export, erase, order=50):
    """Add an app's section. Erasure runs sections by ``order``: the person's
    own record (focalpoints, order 100) goes last, so that the others can still
    find what belongs to the person (their addresses) before it is blanked."""
    _sections[name] = Section(name, export, erase, order)


def sections():
    return sorted(_sections.values(), key=lambda section: (section.order, section.name))


@dataclass(frozen=True)
class Identity:
    """What identifies a person across the system, read before anything is erased."""

    person_id: int
    user_id: int | None
    emails: frozenset = field(default_factory=frozenset)


def identity_of(person):
    emails = {person.email}
    user = person.user
    if user is not None:
        emails.add(user.email)
    # Reverse relation: network does not import focalpoints.
    emails.update(person.appointments.values_list("work_email", flat=True))
    return Identity(
        person_id=person.pk,
        user_id=user.pk if user is not None else None,
        emails=frozenset(email.strip().lower() for email in emails if email and email.strip()),
    )


# --- helpers for the sections -------------------------------------------------------------


def rows(queryset, *, exclude=()):
    """The rows of ``queryset`` as JSON-ready dicts (model, id and fields)."""
    skipped = NEVER_EXPORTED | set(exclude)
    data = serializers.serialize("python", queryset)
    return [
        {
            "model": item["model"],
            "id": item["pk"],
            **{name: value for name, value in item["fields"].items() if name not in skipped},
        }
        for item in data
    ]


def history_rows(model, ids, *, exclude=()):
    """Every history row (django-simple-history) of the ``model`` rows ``ids``."""
    if not hasattr(model, "history"):
        return []
    return rows(
        model.history.model.objects.filter(id__in=list(ids)).order_by("history_date"),
        exclude=exclude,
    )


def scrub_history(model, ids, **values):
    """Overwrite personal fields in the history rows of the ``model`` rows ``ids``."""
    if not hasattr(model, "history") or not ids:
        return 0
    return model.history.model.objects.filter(id__in=list(ids)).update(**values)


def save_with_reason(instance, **kwargs):
    """Save so that the history row of this change says it was an erasure."""
    instance._change_reason = ERASED_REASON
    instance.save(**kwargs)


# --- the services ---------------------------------------------------------------------------


def export_person_data(person, *, request=None, user=None, surface="admin"):
    """Everything held about ``person``, as a JSON-ready dict; logged as an
    export of personal data (by the request's user, or ``user`` for a command)."""
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "person_id": person.pk,
    }
    for section in sections():
        data[section.name] = section.export(person)
    log_personal_data_export(
        request,
        dataset="focalpoints.person",
        export_format="json",
        surface=surface,
        rows=1,
        person_id=person.pk,
        user=user,
    )
    return data


def person_data_json(data):
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


def erase_person(person, *, by=None):
    """Anonymise ``person`` everywhere, in one transaction; returns a report
    ``{model label: rows anonymised}``.

    The person's record stays, named "Erased person #<id>", so that meeting
    registrations, appointments and commitment updates keep counting in the
    network's statistics without any personal detail; contact details,
    biography, notes, access needs and the like are blanked in the rows and in
    their history; the user account is deactivated, unlinked and its address
    replaced; subscriptions by any of the person's addresses are anonymised;
    failed-login records of those addresses are deleted; the admin's log
    entries stop naming the person.
    """
    report = {}
    with transaction.atomic():
        identity = identity_of(person)
        touched = []
        for section in sections():
            touched += section.erase(person, identity, by)
        for instance in touched:
            label = instance._meta.label_lower
            report[label] = report.get(label, 0) + 1
        _rename_in_admin_log(touched)
        report["login attempts deleted"] = _forget_login_attempts(identity.emails)
    return report


def _rename_in_admin_log(instances):
    by_type = {}
    for instance in instances:
        content_type = ContentType.objects.get_for_model(instance)
        by_type.setdefault(content_type.pk, []).append(instance)
    for content_type_id, group in by_type.items():
        for instance in group:
            LogEntry.objects.filter(
                content_type_id=content_type_id, object_id=str(instance.pk)
            ).update(object_repr=str(instance)[:200])


def _forget_login_attempts(emails):
    if not emails:
        return 0
    deleted = 0
    for label in ("axes.AccessAttempt", "axes.AccessLog", "axes.AccessFailureLog"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        deleted += model.objects.filter(username__in=list(emails)).delete()[0]
    return deleted


def erased_email(kind, pk):
    """A placeholder address where a unique, valid one is required."""
    return f"erased-{kind}-{pk}@erased.invalid"
