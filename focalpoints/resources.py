"""Spreadsheet (CSV/XLSX) import and export of people and appointments.

django-import-export drives the admin's import with a preview and per-row
errors; the whole file is imported in one transaction and rolled back when any
row is invalid, so nothing is half written. Each row is validated with the
models' own ``clean()`` rules — the same ones the services apply.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from network.models import Language, Member, Organisation, Theme

from .models import Appointment, Person


class MemberKeyWidget(widgets.ForeignKeyWidget):
    """A member named by its ISO 3166 code ("ES"), its slug ("ecowas") or its name."""

    def __init__(self):
        super().__init__(Member)

    def clean(self, value, row=None, **kwargs):
        value = (str(value) if value is not None else "").strip()
        if not value:
            return None
        try:
            return Member.objects.get_by_key(value)
        except Member.DoesNotExist:
            match = Member.objects.filter(name__iexact=value).first()
            if match is None:
                raise ValueError(_("No member is known by %(value)r.") % {"value": value}) from None
            return match

    def render(self, value, obj=None, **kwargs):
        return value.key if value else ""


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
    """Dates as ISO 8601 (2017-04-26); anything else is named as wrong."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                _("%(value)r is not a date in the form YYYY-MM-DD.") % {"value": value}
            ) from None


class PersonResource(resources.ModelResource):
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=CodesWidget(Language, field="code")
    )
    expertise = fields.Field(
        attribute="expertise", column_name="expertise", widget=CodesWidget(Theme, field="slug")
    )

    class Meta:
        model = Person
        fields = [
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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False


class AppointmentResource(resources.ModelResource):
    person = fields.Field(
        attribute="person", column_name="person", widget=widgets.ForeignKeyWidget(Person)
    )
    member = fields.Field(attribute="member", column_name="member", widget=MemberKeyWidget())
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=widgets.ForeignKeyWidget(Organisation, field="name"),
    )
    start_on = fields.Field(attribute="start_on", column_name="start_on", widget=StrictDateWidget())
    end_on = fields.Field(attribute="end_on", column_name="end_on", widget=StrictDateWidget())

    class Meta:
        model = Appointment
        fields = [
            "id",
            "person",
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
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False
