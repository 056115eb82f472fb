"""The serializer conventions of the API: brief related objects, field
policies (absent, not null), and the model's own validation rules.

Every resource's serializer derives from ``ApiModelSerializer``; see
docs/api.md for how to add one.
"""

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.settings import api_settings

from network.api.links import Links
from network.core.translations import CONTENT_LANGUAGES, languages_of, translated_fields
from network.core.visibility import viewer_for, visible_fields

# Descriptions of the fields every resource has, for the OpenAPI schema.
COMMON_DESCRIPTIONS = {
    "id": "Unique, stable identifier of the object.",
    "url": "Address of the object in this API.",
    "display": "The object's name as people read it.",
    "created_at": "When the object was created (ISO 8601).",
    "updated_at": "When the object last changed (ISO 8601); filter with `updated_since`.",
}

# Every resource ends with when its row was created and last changed.
TIMESTAMPS = ["created_at", "updated_at"]


def links_for(context):
    """The request's Links (absolute URLs), or relative ones without a request."""
    return Links.for_request(context.get("request"))


class BriefSerializer(serializers.Serializer):
    """A related object as ``{id, url, display}`` (schema only; rendered by
    Links.brief for speed)."""

    id = serializers.IntegerField(help_text=COMMON_DESCRIPTIONS["id"])
    url = serializers.URLField(help_text=COMMON_DESCRIPTIONS["url"])
    display = serializers.CharField(help_text=COMMON_DESCRIPTIONS["display"])


class BriefRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign key: ``{id, url, display}`` on output, the id on input.

    ``basename`` is the router basename of the related resource ("member");
    the queryset needs ``select_related`` on the relation for ``display``.
    """

    def __init__(self, basename, **kwargs):
        self.basename = basename
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return links_for(self.context).brief(self.basename, value.pk, str(value))


class LinkField(serializers.URLField):
    """The object's own ``url``, built from the request's prefix."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault("help_text", COMMON_DESCRIPTIONS["url"])
        super().__init__(**kwargs)

    def to_representation(self, value):
        return links_for(self.context).detail(self.parent.basename, value.pk)


class PageLinkField(serializers.URLField):
    """The absolute URL of one of the site's pages for the object (its web
    page, its calendar), e.g. ``PageLinkField("meetings:meeting", slug="slug")``:
    each URL argument names the attribute (dotted) that gives it.

    ``present_if`` names an attribute without which the page does not exist
    (a meeting's calendar needs its dates): the link is then null, never a
    link that answers 404."""

    def __init__(self, url_name, *, help_text=None, present_if=None, **arguments):
        self.url_name = url_name
        self.present_if = present_if
        self.arguments = {name: path.split(".") for name, path in arguments.items()}
        super().__init__(
            read_only=True, source="*", help_text=help_text, allow_null=present_if is not None
        )

    def to_representation(self, value):
        if self.present_if and not getattr(value, self.present_if):
            return None
        kwargs = {}
        for name, path in self.arguments.items():
            attribute = value
            for part in path:
                attribute = getattr(attribute, part)
            kwargs[name] = attribute
        return links_for(self.context).page(self.url_name, **kwargs)


@extend_schema_field(
    {
        "type": "string",
        "pattern": r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
        "example": "09:30:00",
    }
)
class LocalTimeField(serializers.TimeField):
    """A wall-clock time without an offset (local to a meeting's zone), as
    HH:MM:SS. Not OpenAPI's ``format: time``, which is RFC 3339's full-time
    and needs an offset."""


class LocalDateTimeField(serializers.DateTimeField):
    """An aware date-time written with the offset it carries (a session's
    time in its meeting's zone), not converted to the server's zone."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return value.isoformat()


def drf_errors(error):
    """A Django ValidationError as DRF's ``{field: [messages]}``."""
    if hasattr(error, "error_dict"):
        return {
            (api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field): [
                message for item in errors for message in item.messages
            ]
            for field, errors in error.error_dict.items()
        }
    return {api_settings.NON_FIELD_ERRORS_KEY: list(error.messages)}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {
            "type": "array",
            "items": {"type": "string", "enum": list(CONTENT_LANGUAGES)},
        },
        "example": {"title": ["en", "es"], "summary": ["en"]},
    }
)
class TranslationLanguagesField(serializers.Field):
    """For each text written in more than one language, the languages it has
    been written in. A text shown in a language this list lacks is the
    original (docs/api.md, "Languages")."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        kwargs.setdefault(
            "help_text",
            "For each translated text, the languages it exists in; the text given "
            "is in the language asked for (`?lang=`, else `Accept-Language`) when "
            "listed here, else the original.",
        )
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return languages_of(instance)


class ApiModelSerializer(serializers.ModelSerializer):
    """Base of every resource's serializer.

    * ``basename`` — the router basename, for ``url`` and brief links;
    * ``field_policy`` — a network.core.visibility FieldPolicy, or None when every
      field is public; fields a viewer may not see are left out (absent);
    * ``is_own(viewer, instance)`` — whether the viewer owns the object (adds
      the policy's ``own`` fields);
    * ``validate()`` runs the model's own rules (``Model.clean()``, field
      validation, unique and check constraints) so the admin, forms and API
      cannot drift apart.
    """

    basename = None
    field_policy = None
    # Fields left out of some objects for reasons of their own (documented as
    # optional in the schema); fields hidden by the policy are handled by it.
    sometimes_absent = frozenset()

    id = serializers.IntegerField(read_only=True, help_text=COMMON_DESCRIPTIONS["id"])
    url = LinkField()
    display = serializers.CharField(
        source="__str__", read_only=True, help_text=COMMON_DESCRIPTIONS["display"]
    )

    def is_own(self, viewer, instance):
        return False

    @property
    def viewer(self):
        return viewer_for(self.context.get("request"))

    def get_fields(self):
        fields = super().get_fields()
        # A model with texts in several languages says which each has.
        if translated_fields(self.Meta.model) and "languages" not in fields:
            fields["languages"] = TranslationLanguagesField()
        for name, field in fields.items():
            if not field.help_text:
                field.help_text = COMMON_DESCRIPTIONS.get(name) or self._model_description(name)
        return fields

    def _model_description(self, name):
        try:
            model_field = self.Meta.model._meta.get_field(name)
        except FieldDoesNotExist:  # a field of the serializer only
            return name.replace("_", " ").capitalize() + "."
        text = getattr(model_field, "help_text", "") or getattr(model_field, "verbose_name", name)
        text = str(text)
        return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")

    def allowed_fields(self, instance):
        """Names of the fields this request's viewer may see of ``instance``."""
        if self.field_policy is None:
            return None
        viewer = self.viewer
        return visible_fields(viewer, self.field_policy, own=self.is_own(viewer, instance))

    def to_representation(self, instance):
        allowed = self.allowed_fields(instance)
        ret = {}
        for field in self._readable_fields:
            if allowed is not None and field.field_name not in allowed:
                continue
            try:
                attribute = field.get_attribute(instance)
            except serializers.SkipField:
                continue
            ret[field.field_name] = (
                None if attribute is None else field.to_representation(attribute)
            )
        return ret

    # --- validation: the model's rules ---------------------------------------

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = model() if self.instance is None else _copy(self.instance)
        m2m = {f.name for f in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in m2m:
                setattr(instance, name, value)
        writable = {f.source for f in self._writable_fields}
        exclude = [
            f.name
            for f in model._meta.get_fields()
            if f.concrete
            and (
                f.name not in writable
                or f.name in m2m
                # Left out on creation and blank: the model fills it on save (a slug).
                or (
                    self.instance is None
                    and f.name not in attrs
                    and getattr(instance, f.attname, None) in f.empty_values
                )
            )
        ]
        try:
            instance.full_clean(exclude=exclude, validate_unique=True, validate_constraints=True)
        except DjangoValidationError as error:
            raise serializers.ValidationError(_name_fields(model, drf_errors(error))) from None
        return attrs


def _name_fields(model, errors):
    """Attribute a one-field constraint's message to that field: Django reports
    conditional unique constraints without a field name."""
    general = errors.get(api_settings.NON_FIELD_ERRORS_KEY)
    if not general:
        return errors
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        message = str(constraint.violation_error_message)
        if len(fields) == 1 and message in general:
            general.remove(message)
            errors.setdefault(fields[0], []).append(message)
    if not general:
        del errors[api_settings.NON_FIELD_ERRORS_KEY]
    return errors


def _copy(instance):
    """An unsaved copy of ``instance`` to validate changes on, leaving it untouched."""
    copy = type(instance)()
    copy.__dict__.update(
        {
            k: v
            for k, v in instance.__dict__.items()
            if k != "_state" and k != "_prefetched_objects_cache"
        }
    )
    copy._state.adding = False
    copy._state.db = instance._state.db
    return copy
