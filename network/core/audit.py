"""The audit trail of personal data leaving the system: one helper that every
export calls (docs/security.md, "Audit").

History of changes (who, when, what) is django-simple-history's, on each
model that holds personal data; this module adds the other half: who
exported which personal data, when, through which door.
"""

from network.core.visibility import viewer_for
from network.models import PersonalDataExport

# The models whose rows are personal data. Labels, not imports: network knows
# no other app. An export of any of them is logged.
PERSONAL_DATA_MODELS = frozenset(
    {
        "focalpoints.person",
        "focalpoints.appointment",
        "meetings.registration",
        "newsletters.subscription",
        "newsletters.delivery",
    }
)

# Filters whose values are free text (a search may be someone's name or
# address): the log keeps that they were used, not what was typed.
FREE_TEXT_PARAMETERS = frozenset({"q", "search", "term", "_q"})
NOT_FILTERS = frozenset({"format", "page", "page_size", "csrfmiddlewaretoken"})


def is_personal_data(model):
    return model._meta.label_lower in PERSONAL_DATA_MODELS


def _parameters(request):
    query = getattr(request, "query_params", None) or getattr(request, "GET", None) or {}
    kept = {}
    for name in sorted(query):
        if name in NOT_FILTERS:
            continue
        values = query.getlist(name) if hasattr(query, "getlist") else [query[name]]
        if name in FREE_TEXT_PARAMETERS or any("@" in value for value in values):
            kept[name] = "…"
        else:
            kept[name] = [value[:100] for value in values][:20]
    return kept


def _who(request):
    """(audience, user, partner token) of the request's viewer."""
    if request is None:
        return PersonalDataExport.Audience.COMMAND, None, None
    auth = getattr(request, "auth", None)
    token = auth if getattr(auth, "is_partner_token", False) else None
    viewer = viewer_for(request)
    user = getattr(request, "user", None)
    user = user if user is not None and user.is_authenticated else None
    if viewer.is_staff:
        audience = PersonalDataExport.Audience.STAFF
    elif viewer.is_member:
        audience = PersonalDataExport.Audience.MEMBER
    elif token is not None:
        audience = PersonalDataExport.Audience.PARTNER
    else:
        audience = PersonalDataExport.Audience.PUBLIC
    return audience, user, token


def log_personal_data_export(
    request, *, dataset, export_format, surface, rows=None, person_id=None, user=None
):
    """Record one export of personal data; returns the record.

    ``request`` is the HTTP request (Django's or DRF's) that asked for it, or
    None for a management command (then ``user`` may name who ran it).
    ``dataset`` is a model label ("focalpoints.person") or a model class.
    Called before the data leaves, so that an export that fails half-way is
    still on the record.
    """
    if hasattr(dataset, "_meta"):
        dataset = dataset._meta.label_lower
    audience, request_user, token = _who(request)
    return PersonalDataExport.objects.create(
        user=request_user or (user if getattr(user, "is_authenticated", False) else None),
        partner_token=token,
        audience=audience,
        surface=surface,
        dataset=dataset,
        export_format=export_format,
        rows=rows,
        person_id=person_id,
        parameters=_parameters(request) if request is not None else {},
        path=(getattr(request, "path", "") or "")[:500],
        request_id=getattr(request, "request_id", "") or "",
    )
