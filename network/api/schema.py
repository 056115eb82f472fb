"""How the API's conventions appear in the OpenAPI 3 schema (drf-spectacular):
brief related objects, fields absent by policy, the token scheme, and the one
error shape on every operation."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

from network.api.base_serializers import BriefSerializer
from network.core.visibility import viewer_for


class BriefRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """``{id, url, display}`` in responses, the id in requests."""

    target_class = "network.api.base_serializers.BriefRelatedField"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return auto_schema.resolve_serializer(BriefSerializer, direction).ref


class PolicySerializerExtension(OpenApiSerializerExtension):
    """A field that some viewers may not see is absent for them, so it is not
    ``required`` in responses; its description says who sees it."""

    target_class = "network.api.base_serializers.ApiModelSerializer"
    match_subclasses = True

    def map_serializer(self, auto_schema, direction):
        schema = auto_schema._map_basic_serializer(self.target, direction)
        if direction == "response":
            # Fields absent from some objects (e.g. a session role's person the
            # viewer may not see): optional, their description says when.
            optional = set(getattr(self.target, "sometimes_absent", ()))
            schema["required"] = [n for n in schema.get("required", []) if n not in optional]
            if not schema["required"]:
                del schema["required"]
        if direction == "response":
            _allow_blank_strings(self.target, schema)
        policy = getattr(self.target, "field_policy", None)
        if policy is None or direction != "response":
            return schema
        hidden = {name for name in schema.get("properties", {}) if name not in policy.public}
        schema["required"] = [n for n in schema.get("required", []) if n not in hidden]
        if not schema["required"]:
            del schema["required"]
        for name in hidden:
            audience = _audience(policy, name)
            prop = schema["properties"][name]
            if "$ref" in prop:  # siblings of a $ref are ignored in OpenAPI 3.0
                prop = schema["properties"][name] = {"allOf": [prop]}
            prop["description"] = (
                (prop.get("description") or "").rstrip() + f" Present only for {audience}."
            ).strip()
        return schema


def _allow_blank_strings(serializer, schema):
    """A text column that may be blank comes back as ``""``: where the schema
    gives the string a format (email, uri) or an enum (choices), ``""`` is
    allowed beside it. Blank stays ``""`` rather than null, everywhere."""
    model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None:
        return
    for name, prop in schema.get("properties", {}).items():
        field = serializer.fields.get(name)
        source = getattr(field, "source", None)
        try:
            model_field = model._meta.get_field(source)
        except FieldDoesNotExist:  # not a column ("*", a dotted path): nothing to relax
            continue
        if not (
            getattr(model_field, "blank", False)
            and model_field.get_internal_type()
            in ("CharField", "EmailField", "URLField", "SlugField", "TextField")
        ):
            continue
        constrained = {
            key: prop.pop(key)
            for key in ("format", "allOf", "$ref", "enum", "pattern", "minLength")
            if key in prop
        }
        if not constrained:
            continue
        if "$ref" in constrained:
            constrained = {"allOf": [{"$ref": constrained.pop("$ref")}], **constrained}
        prop["anyOf"] = [constrained, {"type": "string", "maxLength": 0}]
        prop.pop("type", None)
        if "type" not in constrained and "allOf" not in constrained:
            constrained["type"] = "string"


def _audience(policy, name):
    if name in policy.member:
        return "members and staff"
    if name in policy.own:
        return "the person themselves and staff"
    return "staff"


class PartnerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "network.api.authentication.PartnerTokenAuthentication"
    name = "partnerToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A partner token issued by the secretariat, sent as "
            "`Authorization: Token wps_…` (or `Bearer wps_…`). Read-only; sees what "
            "the public sees.",
        }


ERROR_SCHEMA = {
    "type": "object",
    "description": "The one error shape of the API.",
    "properties": {
        "status": {"type": "integer", "description": "The HTTP status code."},
        "code": {
            "type": "string",
            "description": "A stable, machine-readable code: invalid, not_authenticated, "
            "authentication_failed, permission_denied, not_found, method_not_allowed, "
            "not_acceptable, unsupported_media_type, conflict, throttled.",
        },
        "detail": {"type": "string", "description": "What went wrong, in words."},
        "errors": {
            "type": "object",
            "description": "Messages for each named field or query parameter at fault.",
            "additionalProperties": {},
        },
    },
    "required": ["status", "code", "detail"],
}

ERRORS = {
    "400": "Invalid input: a query parameter, filter value or field, named in `errors`.",
    "401": "Credentials are missing for a write, or the token is invalid, revoked or expired.",
    "403": "Not allowed: tokens are read-only; members change only their own entry.",
    "404": "No such object (or not visible to you), or a page past the last.",
    "405": "This method is not allowed here.",
    "406": "The requested format is not available.",
    "409": "The object cannot be deleted while others refer to it.",
    "415": "The request body's media type is not supported.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
}
SAFE = {"get", "head"}
FORMAT_DESCRIPTION = (
    "Response format: `json` (default), or `csv` for the whole filtered list as a "
    "streamed CSV file."
)
# The paths that are no ApiViewSet, so read no ``?lang=``.
NOT_RESOURCES = {"/api/v1/", "/api/v1/schema/", "/api/v1/popolo.json"}
# Every resource reads ``?lang=`` (network.api.base_views.activate_requested_language).
LANG_PARAMETER = {
    "name": "lang",
    "in": "query",
    "required": False,
    "description": "Language of the texts (titles, summaries, commitments, theme names): "
    "wins over `Accept-Language`; a text not yet translated is given in its original "
    "language, and each object's `languages` says which exist. The answer's "
    "`Content-Language` names the language used. Writes store texts in this language.",
    "schema": {"type": "string", "enum": ["en", "es", "fr"]},
}


def add_error_responses(result, generator, request, public):
    """Postprocessing hook: the error responses every operation can give, and
    what the server enforces that drf-spectacular does not say: reads need no
    credentials (``{}`` in ``security``), and a query parameter other than
    ``q`` may not be sent empty."""
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components["Error"] = ERROR_SCHEMA
    ref = {"$ref": "#/components/schemas/Error"}
    for path, path_item in result.get("paths", {}).items():
        for method, operation in path_item.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            codes = ["400", "401", "404", "405", "406", "429"]
            if method not in SAFE:
                codes += ["403", "415"]
            if method == "delete":
                codes.append("409")
            if method == "get":
                operation["responses"].setdefault(
                    "304",
                    {
                        "description": "Not modified: the `ETag` sent in `If-None-Match` "
                        "still matches."
                    },
                )
            if method in SAFE and {} not in operation.get("security", [{}]):
                operation["security"].append({})
            for code in codes:
                operation["responses"].setdefault(
                    code,
                    {"description": ERRORS[code], "content": {"application/json": {"schema": ref}}},
                )
            parameters = operation.get("parameters", [])
            names = {p.get("name") for p in parameters if p.get("in") == "query"}
            if path not in NOT_RESOURCES and "lang" not in names:
                parameters.append(dict(LANG_PARAMETER))
                operation["parameters"] = parameters
            for parameter in parameters:
                if parameter.get("name") == "format" and parameter.get("in") == "query":
                    parameter.setdefault("description", FORMAT_DESCRIPTION)
                if parameter.get("in") == "path" and parameter.get("name") == "id":
                    parameter.setdefault("description", "The object's id.")
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and parameter.get("name") != "q":
                    # Sent empty (member=, ordering=) is a 400: only q may be empty.
                    if schema.get("type") == "array":
                        schema.setdefault("minItems", 1)
                        if schema.get("items", {}).get("type") == "string":
                            schema["items"].setdefault("minLength", 1)
                    elif schema.get("type") == "string":
                        schema.setdefault("minLength", 1)
                if schema.get("type") == "boolean":
                    # A boolean query parameter is written true or false; an enum of
                    # the strings "true"/"false" would contradict its type.
                    schema.pop("enum", None)
    return result


def only_permitted_methods(result, generator, request, public):
    """Postprocessing hook: a caller who is not staff (the public, a partner
    token, a member) is served only the GET and HEAD operations, the methods
    partners may call; staff, and the schema generated without a request
    (``manage.py spectacular``, the schemathesis suite), keep every operation.
    Who counts as staff is the visibility policy's answer."""
    if request is None or viewer_for(request).is_staff:
        return result
    paths = {}
    for path, path_item in result.get("paths", {}).items():
        kept = {
            key: value
            for key, value in path_item.items()
            if key not in HTTP_METHODS or key in READ_METHODS
        }
        if any(key in READ_METHODS for key in kept):
            paths[path] = kept
    result["paths"] = paths
    return result


READ_METHODS = {"get", "head"}
HTTP_METHODS = {"get", "head", "post", "put", "patch", "delete", "options", "trace"}
