"""Spreadsheet (CSV/XLSX) import and export of people and appointments.

django-import-export drives the admin's import: a preview (a dry run in a
transaction that is always rolled back), then a confirmation that imports the
whole file in one transaction. The rules, all pinned by tests:

* Each row is validated with the models' own ``full_clean()`` — the same
  ``clean_*`` rules the admin forms and the services apply — plus the cell
  checks of the widgets below. Every problem is a *validation error* naming
  the row and the column, never a traceback; the preview then offers no
  confirmation.
* One bad row and nothing is imported: the preview's dry run is rolled back,
  and the confirmation step also rolls back on validation errors (see
  ``focalpoints.admin.SpreadsheetAdminMixin``), in case the data changed
  between preview and confirmation.
* A file that was exported and is imported again updates the rows its ``id``
  column names instead of adding them again; unchanged rows are skipped. An
  ``id`` that names no row is an error (a row may not choose its own id).
* Export escapes cells a spreadsheet would run as a formula (see
  ``escape_formula``); import undoes exactly that escaping, so a file
  round-trips. import-export's own ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT``
  is not used: it only drops a leading ``=`` (a data change, and ``+``, ``-``,
  ``@`` stay live) and turns every cell into text, so that an empty date of an
  XLSX export comes back as the text "None".
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from network.core.spreadsheets import escape_formula, unescape_formula
from network.models import Language, Member, Organisation, Theme

from .choices import Role
from .models import Appointment, Person


def _text(value):
    return "" if value is None else str(value).strip()


class MemberKeyWidget(widgets.ForeignKeyWidget):
    """A member named by its ISO 3166 code ("ES"), its slug ("ecowas") or its
    name ("Spain"); exported as its code or slug."""

    def __init__(self):
        super().__init__(Member)

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return None
        try:
            return Member.objects.get_by_key(value)
        except Member.DoesNotExist:
            match = Member.objects.filter(name__iexact=value).first()
            if match is None:
                raise ValueError(
                    _("No member has the code or name “%(value)s”.") % {"value": value}
                ) from None
            return match

    def render(self, value, obj=None, **kwargs):
        return value.key if value else ""


class PersonIdWidget(widgets.ForeignKeyWidget):
    """A person by the ``id`` of the people export."""

    def __init__(self):
        super().__init__(Person)

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return None
        try:
            return Person.objects.get(pk=int(float(value)))
        except (ValueError, Person.DoesNotExist):
            raise ValueError(
                _("No person has the id “%(value)s” (see the people export).") % {"value": value}
            ) from None


class OrganisationWidget(widgets.ForeignKeyWidget):
    """An organisation by its name (any case). Names repeat across members
    ("Ministry of Foreign Affairs"), so the row's member decides which one."""

    def __init__(self):
        super().__init__(Organisation, field="name")

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return None
        named = Organisation.objects.filter(name__iexact=value)
        member_key = _text((row or {}).get("member"))
        member = None
        if member_key:
            try:
                member = MemberKeyWidget().clean(member_key)
            except ValueError:
                member = None  # the member column reports its own error
        candidates = list(named.filter(member=member)) if member else []
        if not candidates:
            candidates = list(named)
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            raise ValueError(
                _("No organisation is named “%(value)s”; add it in the admin first.")
                % {"value": value}
            )
        raise ValueError(
            _("Several organisations are named “%(value)s”; give the member it belongs to.")
            % {"value": value}
        )


class RoleWidget(widgets.CharWidget):
    """A role by its code ("focal_point") or its label ("Focal point"), any case."""

    def clean(self, value, row=None, **kwargs):
        value = _text(value)
        if not value:
            return ""
        for code, label in Role.choices:
            if value.casefold() in {code.casefold(), str(label).casefold()}:
                return code
        raise ValueError(
            _("“%(value)s” is not a role; use one of: %(roles)s.")
            % {"value": value, "roles": ", ".join(Role.values)}
        )


class CodesWidget(widgets.ManyToManyWidget):
    """Several related rows in one cell, separated by commas, that must all exist."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return self.model.objects.none()
        keys = [key.strip() for key in str(value).split(self.separator) if key.strip()]
        found = self.model.objects.filter(**{f"{self.field}__in": keys})
        missing = sorted(set(keys) - {str(getattr(obj, self.field)) for obj in found})
        if missing:
            raise ValueError(_("Unknown: %(missing)s.") % {"missing": ", ".join(missing)})
        return found


class StrictDateWidget(widgets.DateWidget):
    """Dates as ISO 8601 (2017-04-26), or a date cell of a spreadsheet;
    anything else is named as wrong."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):  # an XLSX date cell
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date in the form YYYY-MM-DD.") % {"value": value}
            ) from None


class IsoDateTimeWidget(widgets.Widget):
    """A moment as ISO 8601 text with its offset, to the microsecond, in both
    CSV and XLSX: a native XLSX date-time would lose precision, and the row
    would look changed when the file comes back."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            moment = value
        else:
            text = _text(value)
            if not text:
                return None
            try:
                moment = datetime.datetime.fromisoformat(text)
            except ValueError:
                raise ValueError(
                    _("“%(value)s” is not a date and time such as 2017-04-26 09:30.")
                    % {"value": text}
                ) from None
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment

    def render(self, value, obj=None, **kwargs):
        return value.isoformat(sep=" ") if value else ""


class StrictBooleanWidget(widgets.BooleanWidget):
    """Yes or no; blank is no. Anything else is an error rather than a silent
    "no" (import-export's default), because this is a consent."""

    YES = {"1", "true", "yes", "y", "x"}
    NO = {"0", "false", "no", "n", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = _text(value).casefold()
        if text in self.YES:
            return True
        if text in self.NO:
            return False
        raise ValueError(_("“%(value)s” is not yes or no (1 or 0).") % {"value": value})


class SpreadsheetResource(resources.ModelResource):
    """What the people and appointments resources share: formula escaping,
    errors named by column, and ``id`` as the key of a re-import."""

    def before_import_row(self, row, **kwargs):
        for column, value in row.items():
            row[column] = unescape_formula(value)

    def get_or_init_instance(self, instance_loader, row):
        id_value = _text(row.get("id"))
        try:
            instance, new = super().get_or_init_instance(instance_loader, row)
        except (ValueError, ArithmeticError):  # Decimal's InvalidOperation is the latter
            raise ValidationError(
                {"id": _("“%(value)s” is not an id.") % {"value": id_value}}
            ) from None
        if new and id_value:
            raise ValidationError(
                {
                    "id": _("No %(model)s has the id %(value)s; leave id blank to add a new one.")
                    % {"model": self._meta.model._meta.verbose_name, "value": id_value}
                }
            )
        return instance, new

    def import_instance(self, instance, row, **kwargs):
        # import-export reads many-to-many cells only after validation, where a
        # bad one is an unnamed crash; read them first so they are named errors.
        errors = {}
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # A copy: import-export extends these very lists with the model's errors.
        cell_errors = {
            name: list(errors) for name, errors in (import_validation_errors or {}).items()
        }
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as error:
            # A cell that could not be read leaves its field blank, and the
            # model then objects to the blank as well; the cell's own message
            # is the one that helps.
            raise ValidationError({**error.error_dict, **cell_errors}) from None

    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))


PERSON_COLUMNS = [
    "id",
    "honorific",
    "given_name",
    "family_name",
    "email",
    "phone",
    "languages",
    "expertise",
    "bio",
    "public_listing",
    "verified_at",
]


class PersonResource(SpreadsheetResource):
    """People: one row each; languages as ISO 639-1 codes and expertise as
    theme slugs, comma-separated."""

    languages = fields.Field(
        attribute="languages", column_name="languages", widget=CodesWidget(Language, field="code")
    )
    expertise = fields.Field(
        attribute="expertise", column_name="expertise", widget=CodesWidget(Theme, field="slug")
    )
    # import-export reads a TextField with a plain widget, so an empty XLSX
    # cell (None) would reach the NOT NULL column as a crash; blank is "".
    bio = fields.Field(attribute="bio", column_name="bio", widget=widgets.CharWidget())
    public_listing = fields.Field(
        attribute="public_listing", column_name="public_listing", widget=StrictBooleanWidget()
    )
    verified_at = fields.Field(
        attribute="verified_at", column_name="verified_at", widget=IsoDateTimeWidget()
    )

    class Meta:
        model = Person
        fields = PERSON_COLUMNS
        import_order = PERSON_COLUMNS
        export_order = PERSON_COLUMNS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().prefetch_related("languages", "expertise")


APPOINTMENT_COLUMNS = [
    "id",
    "person",
    "person_name",
    "member",
    "role",
    "organisation",
    "position",
    "work_email",
    "phone",
    "start_on",
    "end_on",
    "source",
]


class AppointmentResource(SpreadsheetResource):
    """Appointments: the person by the id of the people export (their name is
    exported alongside for reading and ignored on import), the member by ISO
    code or slug, the organisation by name."""

    person = fields.Field(attribute="person", column_name="person", widget=PersonIdWidget())
    person_name = fields.Field(column_name="person_name", readonly=True)
    member = fields.Field(attribute="member", column_name="member", widget=MemberKeyWidget())
    role = fields.Field(attribute="role", column_name="role", widget=RoleWidget())
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=OrganisationWidget()
    )
    start_on = fields.Field(attribute="start_on", column_name="start_on", widget=StrictDateWidget())
    end_on = fields.Field(attribute="end_on", column_name="end_on", widget=StrictDateWidget())

    class Meta:
        model = Appointment
        fields = APPOINTMENT_COLUMNS
        import_order = APPOINTMENT_COLUMNS
        export_order = APPOINTMENT_COLUMNS
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def get_queryset(self):
        return super().get_queryset().select_related("person", "member", "organisation")

    def dehydrate_person_name(self, appointment):
        return appointment.person.name if appointment.person_id else ""
