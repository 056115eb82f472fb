"""The action-plan import: ``manage.py import_action_plans`` and the admin's
import page, which share network/action_plans/importer.py."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from network.choices import DatePrecision, MemberKind, PlanScope
from network.models import ActionPlan, Member

from .action_plan_fixtures import plan

pytestmark = pytest.mark.django_db

D = datetime.date
NATIONAL_HEADER = "country,iso2,plan_number,adopted_year,period_start,period_end,source_url\n"
REGIONAL_HEADER = (
    "organisation,plan_name,adopted_year,adopted_date,period_start,period_end,source_url,note\n"
)


def run(tmp_path, text, *options, name="plans.csv"):
    """Run the command; returns (stdout, stderr), raising CommandError as it does."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("import_action_plans", str(path), *options, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def rows():
    return sorted(
        (p.member.key, p.sequence, p.adopted_on, p.period_start, p.period_end, p.source_url)
        for p in ActionPlan.objects.select_related("member")
    )


def test_good_national_file_creates_plans_and_links_the_chain(tmp_path, spain, kenya):
    out, _err = run(
        tmp_path,
        NATIONAL_HEADER
        + "Spain,ES,1,2007,,,https://example.org/es-1\n"
        + "ESP,,2,2017,2017,2023,https://example.org/es-2\n"
        + "KE,,1,2016,2016-03,2018,\n",
    )

    assert "3 plans created" in out
    assert rows() == [
        ("ES", 1, D(2007, 1, 1), None, None, "https://example.org/es-1"),
        ("ES", 2, D(2017, 1, 1), D(2017, 1, 1), D(2023, 12, 31), "https://example.org/es-2"),
        ("KE", 1, D(2016, 1, 1), D(2016, 3, 1), D(2018, 12, 31), ""),
    ]
    second = ActionPlan.objects.get(member=spain, sequence=2)
    assert second.follows == ActionPlan.objects.get(member=spain, sequence=1)
    assert second.adopted_precision == DatePrecision.YEAR
    assert ActionPlan.objects.get(member=kenya).period_start_precision == DatePrecision.MONTH
    # The import is recorded in each plan's history with the file's name.
    assert second.history.first().history_change_reason == "Imported from plans.csv"


def test_blank_plan_number_is_a_strategy_without_a_number(tmp_path, spain):
    run(tmp_path, NATIONAL_HEADER + "Spain,,,2019,,,\n")
    strategy = ActionPlan.objects.get()
    assert strategy.sequence is None
    assert strategy.title == "National Strategy on Women, Peace and Security (2019)"
    # Importing it again finds it by its member and year.
    out, _ = run(tmp_path, NATIONAL_HEADER + "Spain,,,2019,,,\n")
    assert "1 unchanged" in out
    assert ActionPlan.objects.count() == 1


def test_good_regional_file(tmp_path, ecowas):
    out, _ = run(
        tmp_path,
        REGIONAL_HEADER + "ECOWAS,Dakar plan of action,2010,2010-09-17,,,https://example.org/d,"
        '"Adopted with the Dakar Declaration, at a forum"\n',
    )
    assert "Regional file" in out
    dakar = ActionPlan.objects.get()
    assert (dakar.member, dakar.scope, dakar.title) == (
        ecowas,
        PlanScope.REGIONAL,
        "Dakar plan of action",
    )
    assert (dakar.adopted_on, dakar.adopted_precision) == (D(2010, 9, 17), DatePrecision.DAY)
    assert dakar.notes == "Adopted with the Dakar Declaration, at a forum"


def test_file_with_bad_rows_lists_every_bad_row_by_line_and_column_and_writes_nothing(
    tmp_path, spain, kenya
):
    text = (
        NATIONAL_HEADER
        + "Spain,ES,1,2007,,,\n"  # line 2: good
        + "Atlantis,,1,2010,,,\n"  # line 3: unknown country
        + "Kenya,KE,first,2016,,,\n"  # line 4: not a number
        + "Kenya,KE,2,2020,2024,2020,\n"  # line 5: ends before it starts
        + "Spain,FR,3,,,,\n"  # line 6: iso2 disagrees
        + "Spain,ES,1,2008,,,\n"  # line 7: same plan as line 2
        + "Kenya,KE,3,20x0,2021-13,,ftp://x\n"  # line 8: three bad cells
        + "Kenya,KE\n"  # line 9: too few cells
    )
    with pytest.raises(CommandError) as error:
        run(tmp_path, text)
    _out, err = (None, error.value.args[0])
    assert "Nothing imported" in err

    from network.action_plans.importer import import_action_plans

    result = import_action_plans(text.encode())
    found = [(e.line, e.column) for e in result.errors]
    assert found == [
        (3, "country"),
        (4, "plan_number"),
        (5, "period_end"),
        (6, "iso2"),
        (7, "plan_number"),
        (8, "adopted_year"),
        (8, "period_start"),
        (8, "source_url"),
        (9, ""),
    ]
    assert "The same plan as on line 2" in str(result.errors[4])
    assert str(result.errors[2]) == (
        "line 5, column period_end: The period ends (2020) before it starts (2024)."
    )
    assert result.rejected
    assert not ActionPlan.objects.exists()


def test_command_prints_each_problem_on_stderr(tmp_path, spain):
    err = io.StringIO()
    path = tmp_path / "bad.csv"
    path.write_text(NATIONAL_HEADER + "Spain,ES,x,,,,\nAtlantis,,,,,,\n", encoding="utf-8")
    with pytest.raises(CommandError):
        call_command("import_action_plans", str(path), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "bad.csv: line 2, column plan_number: “x” is not a plan number (a whole number from 1 "
        "to 50).",
        "bad.csv: line 3, column country: Unknown country “Atlantis”: write its English name or "
        "its ISO 3166 code.",
    ]


def test_skip_invalid_writes_the_good_rows_and_lists_the_others(tmp_path, spain, kenya):
    out, err = run(
        tmp_path,
        NATIONAL_HEADER + "Spain,ES,1,2007,,,\nAtlantis,,1,,,,\nKenya,KE,1,2016,2016,2018,\n",
        "--skip-invalid",
    )
    assert "invalid lines skipped: 3" in out
    assert "line 3, column country" in err
    assert [key for key, *_ in rows()] == ["ES", "KE"]


def test_reimport_updates_and_never_duplicates(tmp_path, spain):
    run(tmp_path, NATIONAL_HEADER + "Spain,ES,2,2017,2017,2022,https://example.org/old\n")
    first_id = ActionPlan.objects.get().pk

    out, _ = run(tmp_path, NATIONAL_HEADER + "Spain,ES,2,2017,2017,2023,https://example.org/new\n")

    assert "0 plans created, 1 updated" in out
    assert rows() == [
        ("ES", 2, D(2017, 1, 1), D(2017, 1, 1), D(2023, 12, 31), "https://example.org/new")
    ]
    assert ActionPlan.objects.get().pk == first_id
    out, _ = run(tmp_path, NATIONAL_HEADER + "Spain,ES,2,2017,2017,2023,https://example.org/new\n")
    assert "0 updated, 1 unchanged" in out
    assert ActionPlan.objects.get().history.count() == 2


def test_blank_cells_leave_stored_values_alone(tmp_path, spain):
    stored = plan(
        spain, 2, adopted=D(2017, 7, 28), start=2017, end=2023, source_url="https://example.org/es"
    )
    out, _ = run(tmp_path, NATIONAL_HEADER + "Spain,,2,,,,\n")
    assert "1 unchanged" in out
    stored.refresh_from_db()
    assert (stored.adopted_on, stored.period_end, stored.source_url) == (
        D(2017, 7, 28),
        D(2023, 12, 31),
        "https://example.org/es",
    )


def test_reimport_refuses_a_period_that_would_end_before_the_stored_start(tmp_path, spain):
    plan(spain, 1, start=2017)
    with pytest.raises(CommandError):
        run(tmp_path, NATIONAL_HEADER + "Spain,ES,1,,,2015,\n")
    assert ActionPlan.objects.get().period_end is None


def test_unknown_members_are_created_only_when_asked(tmp_path, spain):
    text = NATIONAL_HEADER + "Namibia,NA,1,2019,2019,2024,\n"
    with pytest.raises(CommandError):
        run(tmp_path, text)
    assert not Member.objects.filter(country="NA").exists()

    out, _ = run(tmp_path, text, "--create-members")

    namibia = Member.objects.get(country="NA")
    assert "members created: Namibia" in out
    assert (namibia.kind, namibia.name, namibia.region.code) == (MemberKind.STATE, "Namibia", "018")
    assert namibia.action_plans.get().sequence == 1


def test_unknown_organisation_is_created_as_a_regional_organisation(tmp_path):
    run(
        tmp_path, REGIONAL_HEADER + "IGAD,IGAD Regional Action Plan,2019,,,,,\n", "--create-members"
    )
    igad = Member.objects.get(acronym="IGAD")
    assert igad.kind == MemberKind.REGIONAL_ORGANISATION
    assert igad.action_plans.get().scope == PlanScope.REGIONAL


def test_dry_run_writes_nothing(tmp_path, spain):
    out, _ = run(
        tmp_path,
        NATIONAL_HEADER + "Spain,ES,1,2007,,,\nNamibia,,1,,,,\n",
        "--dry-run",
        "--create-members",
    )
    assert out.startswith("Dry run, nothing written.")
    assert "2 plans created" in out
    assert not ActionPlan.objects.exists()
    assert not Member.objects.filter(country="NA").exists()


def test_header_that_is_neither_kind_is_named_clearly(tmp_path):
    with pytest.raises(CommandError):
        run(tmp_path, "name,year\nSpain,2017\n")
    from network.action_plans.importer import import_action_plans

    result = import_action_plans(b"name,year\nSpain,2017\n")
    assert "neither that of a national file" in result.errors[0].message
    shuffled = import_action_plans(
        b"iso2,country,plan_number,adopted_year,period_start,period_end,source_url\n"
    )
    assert "out of order" in shuffled.errors[0].message
    national = import_action_plans(NATIONAL_HEADER.encode(), regional=True)
    assert "A regional file was expected" in national.errors[0].message


def test_regional_file_rejects_a_member_state_and_a_date_from_another_year(tmp_path, spain, ecowas):
    from network.action_plans.importer import import_action_plans

    result = import_action_plans(
        (
            REGIONAL_HEADER
            + "Spain,Spanish plan,2017,,,,,\n"
            + "ECOWAS,Dakar plan,2011,2010-09-17,,,,\n"
            + "ECOWAS,,2011,,,,,\n"
        ).encode()
    )
    assert [(e.line, e.column) for e in result.errors] == [
        (2, "organisation"),
        (3, "adopted_date"),
        (4, "plan_name"),
    ]


def test_chain_guard_refuses_a_plan_that_would_start_before_the_one_it_follows(tmp_path, spain):
    plan(spain, 1, start=2015)
    from network.action_plans.importer import import_action_plans

    result = import_action_plans((NATIONAL_HEADER + "Spain,ES,2,2010,2010,2012,\n").encode())
    assert [(e.line, e.column) for e in result.errors] == [(2, "period_start")]
    assert "before plan 1 that it follows" in result.errors[0].message


def test_size_and_row_limits_give_clear_messages(tmp_path, spain, settings):
    from network.action_plans.importer import import_action_plans

    settings.ACTION_PLAN_IMPORT_MAX_ROWS = 2
    result = import_action_plans((NATIONAL_HEADER + "Spain,,1,,,,\n" * 3).encode())
    assert result.errors[0].message == (
        "The file has more than 2 rows; split it into smaller files."
    )
    settings.ACTION_PLAN_IMPORT_MAX_BYTES = 1024
    result = import_action_plans(NATIONAL_HEADER.encode() + b"x" * 2000)
    assert "larger than 1 KB" in result.errors[0].message
    result = import_action_plans(NATIONAL_HEADER.encode() + "España,,1,,,,\n".encode("latin-1"))
    assert "not UTF-8" in result.errors[0].message
    assert not ActionPlan.objects.exists()


def test_semicolon_separated_files_from_spreadsheets_are_read(tmp_path, spain):
    run(tmp_path, NATIONAL_HEADER.replace(",", ";") + "Spain;ES;1;2007;;;\n")
    assert ActionPlan.objects.get().sequence == 1


# -- the admin's import page -------------------------------------------------------------


def test_admin_import_previews_then_imports_on_confirmation(staff_client, spain):
    url = reverse("admin:network_actionplan_import")
    upload = io.BytesIO((NATIONAL_HEADER + "Spain,ES,1,2007,2007,2016,\n").encode())
    upload.name = "plans.csv"

    preview = staff_client.post(url, {"file": upload})

    assert preview.status_code == 200
    assert "1 plan created" in preview.content.decode()
    assert not ActionPlan.objects.exists()  # a preview writes nothing
    token = preview.context["token"]

    done = staff_client.post(url, {"token": token})

    assert done.status_code == 302
    assert rows() == [("ES", 1, D(2007, 1, 1), D(2007, 1, 1), D(2016, 12, 31), "")]


def test_admin_import_lists_bad_rows_and_offers_no_confirmation(staff_client, spain):
    url = reverse("admin:network_actionplan_import")
    upload = io.BytesIO((NATIONAL_HEADER + "Spain,ES,one,,,,\nAtlantis,,,,,,\n").encode())
    upload.name = "plans.csv"

    response = staff_client.post(url, {"file": upload})

    html = response.content.decode()
    assert response.status_code == 200
    assert "token" not in response.context
    assert "plan_number" in html and "Atlantis" in html
    assert [(e.line, e.column) for e in response.context["result"].errors] == [
        (2, "plan_number"),
        (3, "country"),
    ]


def test_admin_import_refuses_a_forged_token_and_non_staff(staff_client, client, member_user):
    url = reverse("admin:network_actionplan_import")
    response = staff_client.post(url, {"token": "forged"})
    assert response.status_code == 302
    assert not ActionPlan.objects.exists()
    client.force_login(member_user)
    assert client.get(url).status_code == 302  # to the admin login


def test_admin_changelist_shows_the_derived_status(staff_client, spain):
    plan(spain, 1, start=2007, end=2016)
    response = staff_client.get(reverse("admin:network_actionplan_changelist") + "?status=expired")
    assert response.status_code == 200
    assert "Expired" in response.content.decode()
    assert len(response.context["cl"].result_list) == 1


def test_admin_plan_form_offers_the_whole_checklist_and_saves_only_answered_rows(
    staff_client, spain
):
    subject = plan(spain, 1, start=2007)
    url = reverse("admin:network_actionplan_change", args=[subject.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    formset = next(
        f
        for f in page.context["inline_admin_formsets"]
        if f.formset.prefix == "feature_assessments"
    )
    assert [form.initial.get("feature") for form in formset.formset.forms] == [
        "political_will",
        "coordination",
        "civil_society",
        "funding",
        "monitoring",
    ]
    assert staff_client.get(reverse("admin:network_actionplan_add")).status_code == 200

    data = {
        "member": spain.pk,
        "scope": "national",
        "sequence": 1,
        "title": subject.title,
        "adopted_precision": "day",
        "period_start": "2007-01-01",
        "period_start_precision": "year",
        "period_end_precision": "year",
        "has_dedicated_budget": "unknown",
        "has_monitoring_framework": "unknown",
        "has_civil_society_involvement": "unknown",
        "feature_assessments-TOTAL_FORMS": 5,
        "feature_assessments-INITIAL_FORMS": 0,
        "reports-TOTAL_FORMS": 0,
        "reports-INITIAL_FORMS": 0,
    }
    for index, feature in enumerate(
        ["political_will", "coordination", "civil_society", "funding", "monitoring"]
    ):
        data[f"feature_assessments-{index}-feature"] = feature
        data[f"feature_assessments-{index}-answer"] = "unknown"
    data["feature_assessments-3-answer"] = "yes"  # funding, but no source yet
    refused = staff_client.post(url, data)
    assert refused.status_code == 200
    assert "An answer needs the source that shows it." in refused.content.decode()

    data["feature_assessments-3-source_url"] = "https://example.org/budget"
    assert staff_client.post(url, data).status_code == 302
    assert list(subject.feature_assessments.values_list("feature", "answer")) == [
        ("funding", "yes")
    ]
