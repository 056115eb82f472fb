"""The real files of network/data, as ``load_demo`` loads them, and the sample
layer over them (issue 15): every plan of the files, counted the same way by
the files, the page and the API; ISO 3166 names; unnumbered plans told apart;
plans in preparation; non-members shown apart; dated memberships; posts known
only from 2017 shown "as of"; words that claim no more than the data; the
sample layer added, marked and removed exactly."""

import csv
import datetime
import re
from collections import Counter, defaultdict
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

from focalpoints.models import Appointment, Person
from network.action_plans.importer import import_action_plans
from network.choices import PlanScope, PlanStatus
from network.models import ActionPlan, Member, Membership, SampleRecord

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "network" / "data"
NATIONAL = list(csv.DictReader((DATA / "action-plans-national.csv").open(encoding="utf-8")))
REGIONAL = list(csv.DictReader((DATA / "action-plans-regional.csv").open(encoding="utf-8")))
URL = "/action-plans/"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The real facts, loaded once for this module and rolled back after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _in_force_from_the_file(day):
    """The States with a plan in force on ``day``, worked out from the CSV
    alone by the rule the page states: adopted (not in preparation), taken
    effect (period start, else adoption year), its period not ended, and not
    replaced by the next numbered plan once that took effect."""
    by_state = defaultdict(dict)
    for row in NATIONAL:
        by_state[row["iso2"]][row["plan_number"] or f"-{row['adopted_year']}"] = row

    def start(row):
        year = row["period_start"] or row["adopted_year"]
        return datetime.date(int(year), 1, 1) if year else None

    in_force = set()
    for code, plans in by_state.items():
        for number, row in plans.items():
            begins = start(row)
            if row["stage"] or begins is None or begins > day:
                continue
            if row["period_end"] and datetime.date(int(row["period_end"]), 12, 31) < day:
                continue
            successor = plans.get(str(int(number) + 1)) if number.isdigit() else None
            if (
                successor
                and not successor["stage"]
                and start(successor)
                and start(successor) <= day
            ):
                continue
            in_force.add(code)
    return in_force


def test_every_row_of_both_files_is_loaded(demo):
    assert len(NATIONAL) == 248 and len(REGIONAL) == 19
    assert ActionPlan.objects.filter(scope=PlanScope.NATIONAL).count() == len(NATIONAL)
    assert ActionPlan.objects.filter(scope=PlanScope.REGIONAL).count() == len(REGIONAL)
    per_state = Counter(
        ActionPlan.objects.filter(scope=PlanScope.NATIONAL).values_list(
            "member__country", flat=True
        )
    )
    assert per_state == Counter(row["iso2"] for row in NATIONAL)
    # 114 States have a plan; 15 plans are in preparation, as the files' notes say.
    assert len(per_state) == 114
    assert ActionPlan.objects.filter(in_preparation=True).count() == 15


def test_the_api_counts_the_plans_of_each_state_as_the_file_does(demo, api_client):
    per_state = Counter(row["iso2"] for row in NATIONAL)
    for code in ("KR", "CD", "US", "BF", "ES", "GH"):
        answer = api_client.get(f"/api/v1/action-plans/?member={code}&scope=national")
        assert answer.status_code == 200
        assert answer.json()["count"] == per_state[code], code
    total = api_client.get("/api/v1/action-plans/?scope=national").json()["count"]
    assert total == len(NATIONAL)


def test_states_in_force_on_a_fixed_date_match_the_file(demo):
    for day in (datetime.date(2015, 6, 1), datetime.date(2024, 6, 1)):
        stored = set(
            Member.objects.states().with_active_plan(on=day).values_list("country", flat=True)
        )
        assert stored == _in_force_from_the_file(day), day


def test_the_page_headline_counts_what_the_file_holds(demo, client):
    response = client.get(URL)
    headline = response.context["headline"]
    today = response.context["today"]
    states = {row["iso2"] for row in NATIONAL}
    adopted = {row["iso2"] for row in NATIONAL if not row["stage"]}
    assert headline["adopted"] == len(adopted) == 114
    members = set(Member.objects.in_network().values_list("country", flat=True))
    assert headline["adopted_members"] == len(adopted & members)
    in_force = _in_force_from_the_file(today)
    assert headline["in_force_by_period"] + headline["open_ended"] == len(in_force & states)
    html = response.content.decode()
    assert "Partial data" in html and "3, 2026" in html  # the sources' date


@pytest.mark.parametrize(
    ("name", "code", "plans"),
    [
        ("Korea, Republic of", "KR", 3),
        ("Congo, The Democratic Republic of the", "CD", 3),
        ("Tanzania, United Republic of", "TZ", 1),
    ],
)
def test_iso_3166_names_with_their_code_are_read(demo, name, code, plans):
    assert any(row["country"] == name and row["iso2"] == code for row in NATIONAL)
    assert ActionPlan.objects.filter(member__country=code).count() == plans


def test_two_unnumbered_plans_of_one_member_are_two_plans(demo):
    strategies = ActionPlan.objects.filter(member__country="US", sequence__isnull=True)
    assert sorted(p.adopted_on.year for p in strategies) == [2019, 2023]
    assert len({p.title for p in strategies}) == 2
    assert ActionPlan.objects.filter(member__country="BF", sequence__isnull=True).count() == 2


def test_a_plan_in_preparation_with_a_period_is_not_in_force(demo):
    plan = ActionPlan.objects.get(member__country="ID", sequence__isnull=True)
    assert (plan.period_start.year, plan.period_end.year, plan.adopted_on) == (2025, 2029, None)
    assert plan.status_on(datetime.date(2026, 6, 1)) == PlanStatus.IN_PREPARATION
    status = ActionPlan.objects.with_status(on=datetime.date(2026, 6, 1)).get(pk=plan.pk).status
    assert status == PlanStatus.IN_PREPARATION


def test_importing_the_same_files_again_changes_nothing(demo):
    history = ActionPlan.history.count()
    for name in ("action-plans-national.csv", "action-plans-regional.csv"):
        result = import_action_plans((DATA / name).read_bytes(), create_members=True)
        assert (result.created, result.updated, result.members_created) == (0, 0, [])
        assert result.unchanged == result.rows
    assert ActionPlan.history.count() == history


def test_memberships_are_dated_and_sourced(demo):
    spain = Membership.objects.get(member__country="ES")
    assert spain.joined_on == datetime.date(2017, 4, 27) and spain.left_on is None
    assert "Alicante" in spain.source_title and spain.source_url.startswith("http")
    brazil = Membership.objects.get(member__country="BR")
    assert brazil.joined_on == datetime.date(2023, 6, 9) and "Washington" in brazil.source_title
    assert Member.objects.in_network(on=datetime.date(2020, 1, 1)).filter(country="BR").count() == 0
    assert Member.objects.in_network().filter(country="BR").count() == 1
    # Ghana has plans and no membership: in the tracker, not in the network.
    assert not Member.objects.in_network().filter(country="GH").exists()
    assert ActionPlan.objects.filter(member__country="GH").exists()


def test_a_non_members_plans_are_on_the_map_and_in_the_table_marked_apart(demo, client):
    html = client.get(URL).content.decode()
    ghana = re.search(r'<a href="[^"]+" class="country ([\w -]+)" data-code="GH">', html)
    assert ghana and "outside-network" in ghana.group(1).split()
    spain = re.search(r'<a href="[^"]+" class="country ([\w -]+)" data-code="ES">', html)
    assert spain and "outside-network" not in spain.group(1).split()
    row = html[html.index('id="member-GH"') : html.index("</tr>", html.index('id="member-GH"'))]
    assert "Not a member" in row  # in words, not by colour alone
    others = {r.member.key for r in client.get(URL, {"network": "other"}).context["rows"]}
    assert "GH" in others and "ES" not in others
    members = {r.member.key for r in client.get(URL, {"network": "member"}).context["rows"]}
    assert "ES" in members and "GH" not in members
    assert client.get(URL, {"network": "everyone?"}).status_code == 400


def test_no_plan_recorded_is_not_counted_as_without_an_active_plan(demo, client):
    context = client.get(URL).context
    # Hungary is a member with no plan in the files: "none recorded", nothing more.
    none_recorded = {r.member.key for r in context["none_recorded"]}
    none_in_force = {r.member.key for r in context["none_in_force"]}
    assert "HU" in none_recorded and "HU" not in none_in_force
    assert context["headline"]["members_none_recorded"] >= 1
    html = client.get(URL).content.decode()
    assert "that is not the same as having none" in html
    # No region cell pretends to an assessment: "not assessed (N plans)".
    assert "not assessed (" in html


def test_a_2017_post_is_shown_as_of_its_record_never_as_current(demo, staff_client):
    post = Appointment.objects.get(person__family_name="Oyarzun Marchesi")
    assert not Appointment.objects.current().filter(pk=post.pk).exists()
    html = staff_client.get(f"/directory/people/{post.person_id}/").content.decode()
    assert "as of April 2017 (Chair&#x27;s Summary)" in html
    current = html[html.index("Current posts") : html.index("Known from a dated record")]
    assert "No current post." in current
    directory = staff_client.get("/directory/", {"q": "Oyarzun"}).content.decode()
    assert "Former:" not in directory and "as of April 2017" in directory


def test_the_home_page_counts_only_current_posts(demo, client):
    context = client.get("/").context
    assert context["focal_point_count"] == 0  # the 2017 posts are dated, not current
    assert context["state_count"] == Member.objects.in_network().states().count() == 79


def _row_counts():
    counted = {}
    for app in ("network", "focalpoints", "meetings", "newsletters"):
        for model in apps.get_app_config(app).get_models():
            counted[model._meta.label] = model._default_manager.count()
    return counted


def test_the_sample_layer_is_added_marked_and_removed_exactly(demo, client, staff_client):
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "load_demo --sample" in makefile  # what `make run` loads
    before = _row_counts()
    assert "sample-notice" not in client.get("/").content.decode()

    out = StringIO()
    call_command("load_demo", "--sample", stdout=out)

    people = Person.objects.filter(pk__in=SampleRecord.objects.ids_of(Person))
    assert people.count() >= 100
    assert all(p.email.endswith("@example.org") for p in people)
    home = client.get("/")
    assert "Sample data — fictional people" in home.content.decode()
    assert home.context["focal_point_count"] == 0  # sample posts are not counted as facts
    assert home.context["sample_focal_point_count"] == Member.objects.in_network().count()
    person = people.filter(public_listing=True).first()
    page = staff_client.get(f"/directory/people/{person.pk}/").content.decode()
    assert 'class="sample-badge"' in page
    meeting = client.get("/meetings/sample-next-capital-level-meeting/")
    assert meeting.status_code == 200

    # A second run adds nothing.
    again = _row_counts()
    call_command("load_demo", "--sample", stdout=StringIO())
    assert _row_counts() == again

    removed = StringIO()
    call_command("remove_sample", stdout=removed)
    assert "Sample data removed" in removed.getvalue()
    # Every table, history included, is as before; the removal leaves only the
    # tombstones that tell partners' mirrors to drop the sample rows they copied.
    after = _row_counts()
    tombstones = after.pop("network.Tombstone") - before.pop("network.Tombstone")
    assert after == before
    assert tombstones > 0
    assert "Sample data" not in client.get("/").content.decode()
