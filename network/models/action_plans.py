"""National, regional and local action plans on UNSCR 1325, the high-impact
checklist of each plan, and the reports made on them.

Length: the plan, its checklist and its reports share the status and period
expressions that the queryset, the map and the counts are built from; they stay
in one module so that one rule (what "in force" means) has one home.
"""

from django.contrib.humanize.templatetags.humanize import ordinal
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThan, IsNull, LessThanOrEqual
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from network.choices import (
    DatePrecision,
    FeatureAnswer,
    HighImpactFeature,
    MemberKind,
    PlanReportKind,
    PlanScope,
    PlanStatus,
)
from network.core.partial_dates import bound, format_partial_date
from network.core.search import normalise
from network.core.validators import LONG_TEXT, SHORT_TEXT, text_cap
from network.models.base import TimeStampedModel, VisibleQuerySet

# --- Action plans ---------------------------------------------------------------
# National, regional and local action plans on UNSCR 1325, the high-impact
# checklist of each plan, and the reports made on them. A plan's status is
# derived from the day and its dates (ActionPlanQuerySet.with_status), never
# stored, so it cannot go stale.

PRIMARY_PLAN_SCOPES = (PlanScope.NATIONAL, PlanScope.REGIONAL)

ORDINAL_WORDS = [
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
]


def plan_start_expression():
    """The day a plan takes effect: its period's start, else its adoption."""
    return Coalesce("period_start", "adopted_on")


def plan_status_expression(on):
    """SQL for the status of a plan on the day ``on`` (see ActionPlan.status_on).

    A plan is in preparation while its source says so (``in_preparation``: a
    period may already be named, but it is not adopted), until it takes
    effect, or while it has neither an adoption nor a period; expired after
    its period ends or once a plan that follows it has taken effect, and
    active in between. An adopted plan with no end date stays active until a
    successor replaces it.
    """
    start = plan_start_expression()
    # A successor still in preparation (a period named, not adopted) replaces nothing.
    successor_started = ActionPlan.objects.filter(
        follows=OuterRef("pk"), in_preparation=False
    ).filter(LessThanOrEqual(plan_start_expression(), Value(on, output_field=models.DateField())))
    return Case(
        When(in_preparation=True, then=Value(PlanStatus.IN_PREPARATION)),
        When(IsNull(start, True), then=Value(PlanStatus.IN_PREPARATION)),
        When(
            GreaterThan(start, Value(on, output_field=models.DateField())),
            then=Value(PlanStatus.IN_PREPARATION),
        ),
        When(period_end__lt=on, then=Value(PlanStatus.EXPIRED)),
        When(Exists(successor_started), then=Value(PlanStatus.EXPIRED)),
        default=Value(PlanStatus.ACTIVE),
        output_field=models.CharField(),
    )


def primary_plans_of_member(on=None):
    """A member's national or regional plans (not local ones), with their
    status on ``on``, for use in a subquery over members."""
    on = on or timezone.localdate()
    return ActionPlan.objects.filter(member=OuterRef("pk"), scope__in=PRIMARY_PLAN_SCOPES).annotate(
        status=plan_status_expression(on)
    )


def members_with_active_plan(queryset, on=None):
    return queryset.filter(Exists(primary_plans_of_member(on).filter(status=PlanStatus.ACTIVE)))


def members_without_active_plan(queryset, on=None):
    return queryset.filter(~Exists(primary_plans_of_member(on).filter(status=PlanStatus.ACTIVE)))


def members_with_plan_summary(queryset, on=None):
    """Annotate each member with ``has_active_plan``, ``has_plan_in_preparation``,
    ``plan_count`` (national or regional plans recorded) and
    ``plan_generation``: how many such plans have taken effect by ``on``, or the
    highest number among them when earlier plans are not recorded."""
    on = on or timezone.localdate()
    plans = primary_plans_of_member(on)
    started = plans.exclude(status=PlanStatus.IN_PREPARATION)

    def aggregate(function, field):
        return Coalesce(
            Subquery(
                started.order_by()
                .values("member")
                .annotate(value=function(field))
                .values("value")[:1]
            ),
            0,
        )

    return queryset.annotate(
        has_active_plan=Exists(plans.filter(status=PlanStatus.ACTIVE)),
        has_plan_in_preparation=Exists(plans.filter(status=PlanStatus.IN_PREPARATION)),
        has_plan=Exists(plans),
        started_plan_count=aggregate(models.Count, "pk"),
        highest_plan_number=aggregate(models.Max, "sequence"),
    )


class ActionPlanQuerySet(VisibleQuerySet):
    def with_status(self, on=None):
        """Annotate ``status`` (a PlanStatus value) as of ``on`` (today)."""
        return self.annotate(status=plan_status_expression(on or timezone.localdate()))

    def with_status_in(self, statuses, on=None):
        return self.with_status(on).filter(status__in=list(statuses))

    def active(self, on=None):
        return self.with_status_in([PlanStatus.ACTIVE], on)

    def primary(self):
        """National and regional plans: those that count for "an active plan"."""
        return self.filter(scope__in=PRIMARY_PLAN_SCOPES)


class ActionPlan(TimeStampedModel):
    """A national, regional or local action plan (or strategy) on Women, Peace
    and Security (UNSCR 1325) adopted by a member: its place in the member's
    series of plans, when it was adopted, the period it covers, who leads it,
    what it is about and what backs it (budget, monitoring, civil society).

    Dates may be as precise as the source: a year, a month or a day (see
    network/core/partial_dates.py). Its status (in preparation, active, expired) is
    derived from those dates, not stored.
    """

    member = models.ForeignKey(
        "network.Member",
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="action_plans",
    )
    scope = models.CharField(
        _("scope"), max_length=10, choices=PlanScope.choices, default=PlanScope.NATIONAL
    )
    sequence = models.PositiveSmallIntegerField(
        _("plan number"),
        null=True,
        blank=True,
        help_text=_(
            "1 for the member's first plan of this scope, 2 for its second … "
            "Blank for a strategy without a number."
        ),
    )
    title = models.CharField(
        _("title"),
        max_length=255,
        blank=True,
        help_text=_("Left blank, a title is made from the scope and number."),
    )
    in_preparation = models.BooleanField(
        _("in preparation"),
        default=False,
        help_text=_(
            "The source says this plan is being prepared and not yet adopted, even if it "
            "names the period it will cover."
        ),
    )
    adopted_on = models.DateField(_("adopted"), null=True, blank=True)
    adopted_precision = models.CharField(
        _("adoption date precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    period_start = models.DateField(_("period starts"), null=True, blank=True)
    period_start_precision = models.CharField(
        _("period start precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    period_end = models.DateField(
        _("period ends"), null=True, blank=True, help_text=_("The last day the plan covers.")
    )
    period_end_precision = models.CharField(
        _("period end precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.YEAR,
    )
    lead_organisation = models.ForeignKey(
        "network.Organisation",
        verbose_name=_("lead organisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_action_plans",
    )
    themes = models.ManyToManyField(
        "network.Theme", verbose_name=_("themes"), blank=True, related_name="action_plans"
    )
    has_dedicated_budget = models.BooleanField(
        _("dedicated budget"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    has_monitoring_framework = models.BooleanField(
        _("monitoring and evaluation framework"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    has_civil_society_involvement = models.BooleanField(
        _("civil-society involvement"),
        null=True,
        blank=True,
        help_text=_("Blank while not known."),
    )
    document_url = models.URLField(_("document"), max_length=500, blank=True)
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Where the facts recorded here come from."),
    )
    follows = models.OneToOneField(
        "self",
        verbose_name=_("follows"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="followed_by",
        help_text=_("The plan this one replaces: plan N follows plan N − 1."),
    )
    notes = models.TextField(
        _("notes"), validators=[text_cap(LONG_TEXT)], blank=True, help_text=_("Shown to everyone.")
    )
    search_text = models.TextField(editable=False, default="")
    history = HistoricalRecords(excluded_fields=["search_text"], m2m_fields=[themes])

    objects = ActionPlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["member__name", "scope", F("sequence").asc(nulls_last=True), "adopted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sequence__isnull=True) | Q(sequence__gte=1),
                name="action_plan_sequence_positive",
                violation_error_message=_("A plan number starts at 1."),
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "sequence"],
                condition=Q(sequence__isnull=False),
                name="action_plan_unique_sequence",
                violation_error_message=_("This member already has a plan with this number."),
            ),
            models.UniqueConstraint(
                fields=["member", "scope", "title"],
                condition=Q(sequence__isnull=True),
                name="action_plan_unique_unnumbered_title",
                violation_error_message=_(
                    "This member already has a plan without a number by this title."
                ),
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
                name="action_plan_period_ends_after_start",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(follows__isnull=True) | ~Q(follows=F("pk")),
                name="action_plan_does_not_follow_itself",
                violation_error_message=_("A plan cannot follow itself."),
            ),
        ]
        indexes = [models.Index(fields=["period_end"]), models.Index(fields=["adopted_on"])]

    def __str__(self):
        return f"{self.member}: {self.title or self.default_title()}"

    # -- derived values -----------------------------------------------------------

    @property
    def starts_on(self):
        """The day the plan takes effect: its period's start, else its adoption."""
        return self.period_start or self.adopted_on

    @property
    def status(self):
        """The status today, or the one annotated by ``with_status(on=…)``."""
        if getattr(self, "_status", None) is None:
            self._status = self.status_on(timezone.localdate())
        return self._status

    @status.setter
    def status(self, value):
        # Set by querysets annotated with ``with_status``.
        self._status = value

    def get_status_display(self):
        return PlanStatus(self.status).label

    def status_on(self, day):
        """The plan's status on ``day``; the same rule as plan_status_expression."""
        start = self.starts_on
        if self.in_preparation or start is None or start > day:
            return PlanStatus.IN_PREPARATION
        if self.period_end is not None and self.period_end < day:
            return PlanStatus.EXPIRED
        successor = getattr(self, "followed_by", None) if self.pk else None
        if (
            successor is not None
            and not successor.in_preparation
            and successor.starts_on
            and successor.starts_on <= day
        ):
            return PlanStatus.EXPIRED
        return PlanStatus.ACTIVE

    @property
    def adopted_year(self):
        return self.adopted_on.year if self.adopted_on else None

    @property
    def adopted_display(self):
        return format_partial_date(self.adopted_on, self.adopted_precision)

    @property
    def period_display(self):
        """ "2017–2022", "2017–" or "" when the period is not known."""
        start = format_partial_date(self.period_start, self.period_start_precision)
        end = format_partial_date(self.period_end, self.period_end_precision)
        if not start and not end:
            return ""
        return f"{start}–{end}"

    @property
    def ordinal_label(self):
        """ "1st", "2nd" … (localised), or "" for a strategy without a number."""
        return ordinal(self.sequence) if self.sequence else ""

    def default_title(self):
        """An English title from the scope and number, for plans named by a
        spreadsheet that gives no title ("Second National Action Plan on …")."""
        if self.sequence is None:
            kind = {
                PlanScope.NATIONAL: "National Strategy",
                PlanScope.REGIONAL: "Regional Strategy",
                PlanScope.LOCAL: "Local Strategy",
            }[self.scope]
            # The year tells a member's unnumbered plans apart (a 2019
            # strategy and a 2023 one); the database keeps their titles unique.
            day = self.adopted_on or self.period_start
            year = f" ({day.year})" if day else ""
            return f"{kind} on Women, Peace and Security{year}"
        number = (
            ORDINAL_WORDS[self.sequence - 1]
            if self.sequence <= len(ORDINAL_WORDS)
            else f"{self.sequence}th"
        )
        kind = {
            PlanScope.NATIONAL: "National Action Plan",
            PlanScope.REGIONAL: "Regional Action Plan",
            PlanScope.LOCAL: "Local Action Plan",
        }[self.scope]
        return f"{number} {kind} on Women, Peace and Security"

    # -- rules (called by clean(), the admin and the import alike) ---------------

    @staticmethod
    def clean_period(period_start, period_end):
        if period_start and period_end and period_end < period_start:
            raise ValidationError(
                {
                    "period_end": _("The period ends (%(end)s) before it starts (%(start)s).")
                    % {"end": period_end.isoformat(), "start": period_start.isoformat()}
                }
            )

    @staticmethod
    def clean_scope_for_member(scope, member):
        """National and local plans belong to member States, regional plans to
        organisations."""
        if member is None:
            return
        is_state = member.kind == MemberKind.STATE
        if scope in (PlanScope.NATIONAL, PlanScope.LOCAL) and not is_state:
            raise ValidationError({"scope": _("Only a member State has national or local plans.")})
        if scope == PlanScope.REGIONAL and is_state:
            raise ValidationError(
                {"scope": _("Regional plans belong to organisations, not to member States.")}
            )

    @staticmethod
    def clean_follows(plan, follows):
        """The plan followed is an earlier plan of the same member and scope:
        plan N follows plan N − 1, starts no later, and the chain has no loop."""
        if follows is None:
            return
        if plan.pk and follows.pk == plan.pk:
            raise ValidationError({"follows": _("A plan cannot follow itself.")})
        if follows.member_id != plan.member_id or follows.scope != plan.scope:
            raise ValidationError(
                {"follows": _("A plan follows a plan of the same member and scope.")}
            )
        if plan.sequence and follows.sequence and follows.sequence != plan.sequence - 1:
            raise ValidationError(
                {
                    "follows": _("Plan %(number)s follows plan %(previous)s, not %(given)s.")
                    % {
                        "number": plan.sequence,
                        "previous": plan.sequence - 1,
                        "given": follows.sequence,
                    }
                }
            )
        if plan.starts_on and follows.starts_on and follows.starts_on > plan.starts_on:
            raise ValidationError(
                {
                    "follows": _(
                        "The plan it follows takes effect later (%(then)s) than this one (%(now)s)."
                    )
                    % {"then": follows.starts_on.isoformat(), "now": plan.starts_on.isoformat()}
                }
            )
        seen, step = {plan.pk}, follows
        while step is not None:
            if step.pk in seen:
                raise ValidationError(
                    {"follows": _("These plans would follow each other in a loop.")}
                )
            seen.add(step.pk)
            step = step.follows

    def normalise_dates(self):
        """Store a year or month as the first (start, adoption) or last (end) day."""
        self.adopted_on = bound(self.adopted_on, self.adopted_precision)
        self.period_start = bound(self.period_start, self.period_start_precision)
        self.period_end = bound(self.period_end, self.period_end_precision, end=True)

    def clean(self):
        super().clean()
        self.normalise_dates()
        errors = {}
        for rule in (
            lambda: self.clean_period(self.period_start, self.period_end),
            lambda: self.clean_scope_for_member(
                self.scope, self.member if self.member_id else None
            ),
            lambda: self.clean_follows(self, self.follows),
        ):
            try:
                rule()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.normalise_dates()
        if not self.title:
            self.title = self.default_title()
        self.search_text = normalise(
            self.title,
            self.member.name if self.member_id else "",
            self.member.acronym if self.member_id else "",
            self.member.country.code if self.member_id and self.member.country else "",
            self.notes,
        )
        super().save(*args, **kwargs)


class PlanFeatureAssessment(TimeStampedModel):
    """Whether one plan has one of the five features of a high-impact plan
    (Chair's Summary, Alicante 2017), with the source that shows it."""

    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        on_delete=models.CASCADE,
        related_name="feature_assessments",
    )
    feature = models.CharField(_("feature"), max_length=20, choices=HighImpactFeature.choices)
    answer = models.CharField(
        _("answer"), max_length=8, choices=FeatureAnswer.choices, default=FeatureAnswer.UNKNOWN
    )
    source_url = models.URLField(
        _("source"),
        max_length=500,
        blank=True,
        help_text=_("Required unless the answer is “not known”."),
    )
    note = models.TextField(_("note"), validators=[text_cap(SHORT_TEXT)], blank=True)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("high-impact feature")
        verbose_name_plural = _("high-impact features")
        ordering = ["plan", "feature"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "feature"],
                name="plan_feature_assessed_once",
                violation_error_message=_("This feature is already assessed for this plan."),
            ),
            models.CheckConstraint(
                condition=Q(answer=FeatureAnswer.UNKNOWN) | ~Q(source_url=""),
                name="plan_feature_answer_has_source",
                violation_error_message=_("An answer needs the source that shows it."),
            ),
        ]

    def __str__(self):
        return f"{self.plan}: {self.get_feature_display()} — {self.get_answer_display()}"

    @staticmethod
    def clean_source(answer, source_url):
        if answer != FeatureAnswer.UNKNOWN and not source_url:
            raise ValidationError({"source_url": _("An answer needs the source that shows it.")})

    def clean(self):
        super().clean()
        self.clean_source(self.answer, self.source_url)


class ActionPlanReport(TimeStampedModel):
    """A dated public account of a plan: a government progress report, a
    civil-society shadow report, a parliamentary hearing, an evaluation."""

    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("action plan"), on_delete=models.CASCADE, related_name="reports"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=PlanReportKind.choices)
    title = models.CharField(_("title"), max_length=255)
    published_on = models.DateField(_("date"))
    author = models.CharField(
        _("by"), max_length=255, blank=True, help_text=_("Who made it: a ministry, a coalition …")
    )
    url = models.URLField(_("link"), max_length=500)
    history = HistoricalRecords()

    objects = VisibleQuerySet.as_manager()

    class Meta:
        verbose_name = _("report on a plan")
        verbose_name_plural = _("reports on plans")
        ordering = ["plan", "-published_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "url"],
                name="plan_report_link_unique",
                violation_error_message=_("This plan already has a report at this link."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.published_on.isoformat()})"
