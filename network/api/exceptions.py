"""One JSON error shape for every API error (400, 401, 403, 404, 405, 406,
409, 429):

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"page_size": ["…"]}}

``errors`` appears when the error concerns named fields or query parameters.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, serializers, status
from rest_framework.views import exception_handler as drf_exception_handler

from network.api.base_serializers import drf_errors


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is larger than the server accepts."
    default_code = "too_large"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The object is still referred to by others."
    default_code = "conflict"


def api_exception_handler(exc, context):
    if isinstance(exc, RequestDataTooBig):
        exc = PayloadTooLarge(
            _("The request body is larger than %(size)d bytes.")
            % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    elif isinstance(exc, ProtectedError | RestrictedError):
        blockers = getattr(exc, "protected_objects", None) or exc.restricted_objects
        names = sorted({str(obj._meta.verbose_name_plural) for obj in blockers})
        exc = Conflict(
            _("This object cannot be deleted while %(things)s refer to it.")
            % {"things": ", ".join(names)}
        )
    elif isinstance(exc, IntegrityError):
        # The serializers check the model's constraints first; this is the race
        # where another request wrote the conflicting row in between.
        exc = Conflict(_("This change conflicts with data saved meanwhile; reload and retry."))
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(drf_errors(exc))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = error_body(exc, response.status_code, response.data)
    return response


def error_body(exc, status_code, data):
    """The error shape for ``exc`` (an APIException) and DRF's ``data``."""
    body = {"status": status_code, "code": _code(exc), "detail": ""}
    if isinstance(data, dict) and set(data) == {"detail"}:
        body["detail"] = str(data["detail"])
    elif isinstance(data, dict):
        body["detail"] = _("The request has errors in: %(names)s.") % {
            "names": ", ".join(map(str, data))
        }
        body["errors"] = data
    elif isinstance(data, list):
        body["detail"] = " ".join(str(item) for item in data)
        body["errors"] = {"non_field_errors": data}
    else:
        body["detail"] = str(data)
    return body


def _code(exc):
    if isinstance(exc, exceptions.ValidationError):
        return "invalid"
    codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
    if isinstance(codes, str):
        return codes
    return getattr(exc, "default_code", "error")


@csrf_exempt  # a 404 for every method: no form is being submitted here
def json_not_found(request, *args, **kwargs):
    """The API's 404 for paths under /api/v1/ that name no resource."""
    return JsonResponse(
        {"status": 404, "code": "not_found", "detail": _("No API resource at this address.")},
        status=404,
    )


class ErrorSerializer(serializers.Serializer):
    """The error shape, for the OpenAPI schema."""

    status = serializers.IntegerField(help_text="The HTTP status code.")
    code = serializers.CharField(
        help_text="A stable, machine-readable code: invalid, not_authenticated, "
        "authentication_failed, permission_denied, not_found, method_not_allowed, "
        "not_acceptable, conflict, throttled."
    )
    detail = serializers.CharField(help_text="What went wrong, in words.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text="Messages per field or query parameter (a list of messages for each "
        "name), when the error concerns named inputs.",
    )
