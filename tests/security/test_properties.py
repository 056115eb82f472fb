"""Property-based tests (hypothesis) of every form and every import: whatever
is typed or uploaded, the answer is never a server error, and nothing is
half written — a refused submission changes no row, an accepted one leaves
rows that pass their own validation.

Each example runs in a savepoint that is rolled back, so examples do not see
each other's writes. Examples are few per form (the suite must stay fast)
and derandomised (the same inputs every run, so a failure reproduces).
"""

import datetime

import hypothesis
import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from hypothesis import strategies as st

from focalpoints.tokens import make_invitation_token, make_verification_token
from meetings.models import Meeting
from network.action_plans.importer import NATIONAL_COLUMNS, REGIONAL_COLUMNS, import_action_plans
from tests.factories import PASSWORD
from tests.focalpoints.test_import_export import CSV_FORMAT

pytestmark = pytest.mark.django_db

EXAMPLES = 20
FIGURES = {}
PROPERTY = hypothesis.settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(hypothesis.HealthCheck),
)

# Text a person or a script might send: anything, and the classic troublemakers.
TROUBLE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "²",
    "٣",
    "-1",
    "0",
    "9" * 25,
    "2024-02-30",
    "2017-04-26",
    "31/12/2024",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "ana@example.org",
    "x" * 5000,
    "\u202e\u200b",
    "🙂",
]
text = st.one_of(st.sampled_from(TROUBLE), st.text(max_size=40))


def _counts(labels):
    return {label: apps.get_model(label).objects.count() for label in labels}


def _fuzz(name, client, url, fields, data, *, tables, method="post", check=None):
    """Submit ``fields`` filled by hypothesis; assert no 5xx and no half write."""
    values = {
        field: data.draw(
            st.one_of(st.sampled_from(choices), text) if choices else text, label=field
        )
        for field, choices in fields.items()
    }
    values = {field: value for field, value in values.items() if value is not None}
    with transaction.atomic():
        before = _counts(tables)
        response = getattr(client, method)(url, values)
        assert response.status_code < 500, (url, values)
        after = _counts(tables)
        accepted = response.status_code in (301, 302, 303) or (
            response.status_code == 200 and not _form_errors(response)
        )
        if not accepted:
            assert after == before, (url, values, before, after)
        elif check is not None:
            check()
        transaction.set_rollback(True)
    FIGURES[name] = FIGURES.get(name, 0) + 1
    return response


def _form_errors(response):
    context = response.context or {}
    form = context.get("form") if hasattr(context, "get") else None
    return bool(form is not None and getattr(form, "errors", None))


def _full_clean_all(label):
    def check():
        for obj in apps.get_model(label).objects.all():
            obj.full_clean()

    return check


@pytest.fixture
def meeting(db):
    start = datetime.date.today() + datetime.timedelta(days=40)
    return Meeting.objects.create(
        slug="fuzz",
        title="Fuzz meeting",
        kind="network",
        start_date=start,
        end_date=start + datetime.timedelta(days=1),
        status="planned",
        registration_open=True,
        capacity=1,
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_subscribe_form(client, data, reference_data):
    from newsletters.models import Newsletter

    Newsletter.objects.get_or_create(slug="wps", defaults={"name": "Newsletter"})
    _fuzz(
        "subscribe",
        client,
        "/newsletters/",
        {
            "email": ["ana@example.org", "ANA@Example.org "],
            "language": ["en", "fr", "xx"],
            "newsletter": ["wps", "nope"],
        },
        data,
        tables=["newsletters.subscription"],
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_registration_form(member_client, meeting, data):
    _fuzz(
        "register",
        member_client,
        f"/meetings/{meeting.slug}/register/",
        {
            "travel_support": ["on", None],
            "visa_letter": ["on", None],
            "arrival_on": [str(meeting.start_date), "2000-01-01", None],
            "departure_on": [str(meeting.end_date), "1999-01-01", None],
            "access_needs": [],
        },
        data,
        tables=["meetings.registration", "meetings.historicalregistration"],
        check=_full_clean_all("meetings.registration"),
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_profile_form(member_client, data):
    _fuzz(
        "profile",
        member_client,
        "/directory/profile/",
        {
            "honorific": [],
            "given_name": ["Adela"],
            "family_name": [],
            "email": ["adela@example.org"],
            "phone": ["+34 913 799 700"],
            "languages": ["es", "en", "zz"],
            "bio": [],
            "public_listing": ["on", None],
        },
        data,
        tables=["focalpoints.historicalperson"],
        check=_full_clean_all("focalpoints.person"),
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_commitment_update_form(member_client, alicante_commitment, data):
    _fuzz(
        "commitment update",
        member_client,
        f"/commitments/{alicante_commitment.pk}/",
        {
            "text": ["Progress"],
            "new_status": ["in_progress", "achieved", "bogus", ""],
            "reported_on": [str(datetime.date.today()), "2016-01-01", "2999-01-01"],
            "reported_at": ["", "1", "999999"],
        },
        data,
        tables=["meetings.commitmentupdate", "meetings.historicalcommitment"],
        check=_full_clean_all("meetings.commitmentupdate"),
    )


@pytest.fixture
def alicante_commitment(spain):
    from meetings import services

    meeting = Meeting.objects.create(
        slug="alicante",
        title="Alicante",
        kind="network",
        start_date=datetime.date(2017, 4, 26),
        end_date=datetime.date(2017, 4, 27),
        status="held",
    )
    return services.record_commitment(meeting, spain, "Review the plan")


@PROPERTY
@hypothesis.given(data=st.data())
def test_verification_form(client, adela, data):
    _fuzz(
        "verification",
        client,
        f"/directory/confirm/{make_verification_token(adela)}/",
        {
            "given_name": ["Adela"],
            "family_name": [],
            "email": ["adela@example.org"],
            "phone": [],
            "message": [],
            "public_listing": ["on", None],
        },
        data,
        tables=["focalpoints.historicalperson", "focalpoints.person"],
        check=_full_clean_all("focalpoints.person"),
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_invitation_form(client, mary, data):
    token = make_invitation_token(mary, "mary@example.org")
    _fuzz(
        "invitation",
        client,
        f"/accounts/invitation/{token}/",
        {"new_password1": [PASSWORD, "short"], "new_password2": [PASSWORD, "other"]},
        data,
        tables=["network.user"],
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_login_form(client, member_user, data):
    _fuzz(
        "login",
        client,
        "/accounts/login/",
        {"username": [member_user.email], "password": [PASSWORD]},
        data,
        tables=["network.user"],
    )


@PROPERTY
@hypothesis.given(data=st.data())
def test_staff_verification_list(staff_client, adela, mary, data):
    _fuzz(
        "verification requests",
        staff_client,
        "/directory/verification/",
        {"person": [str(adela.pk), str(mary.pk)]},
        data,
        tables=["focalpoints.person"],
    )


LIST_FILTERS = {
    "/meetings/": ["q", "year", "status", "kind", "member", "page"],
    "/commitments/": ["q", "meeting", "member", "status", "theme", "page"],
    "/action-plans/": ["q", "status", "scope", "region", "member", "page", "view"],
    "/newsletters/entries/": ["q", "kind", "member", "region", "theme", "page"],
    "/newsletters/archive/": ["page", "language"],
    "/directory/members/": ["q", "region", "kind", "page"],
    "/api/v1/people/": ["q", "member", "region", "role", "page", "page_size", "updated_since"],
}


@PROPERTY
@hypothesis.given(
    path=st.sampled_from(sorted(LIST_FILTERS)),
    data=st.data(),
)
def test_list_filters(client, mary, path, data):
    names = st.sampled_from(LIST_FILTERS[path] + ["ordering", "format"])
    params = data.draw(st.dictionaries(names, text, max_size=4), label="params")
    response = client.get(path, params)
    assert response.status_code < 500, (path, params)
    FIGURES["filters"] = FIGURES.get("filters", 0) + 1


# --- imports ---------------------------------------------------------------------------

PEOPLE_COLUMNS = ["id", "honorific", "given_name", "family_name", "email", "phone", "languages"]
PEOPLE_COLUMNS += ["expertise", "bio", "public_listing", "verified_at"]
POST_COLUMNS = ["id", "person", "member", "role", "organisation", "position", "work_email"]
POST_COLUMNS += ["phone", "start_on", "end_on", "source"]
CELL = st.one_of(
    st.sampled_from(["", "ES", "KE", "focal_point", "alternate", "en", "true", "1", "2020-01-01"]),
    text,
)


def _csv(columns, rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="replace")


@PROPERTY
@hypothesis.given(model=st.sampled_from(["person", "appointment"]), data=st.data())
def test_people_and_appointments_import(staff_client, adela, mary, model, data):
    columns = PEOPLE_COLUMNS if model == "person" else POST_COLUMNS
    rows = data.draw(
        st.lists(st.lists(CELL, min_size=len(columns), max_size=len(columns)), max_size=3),
        label="rows",
    )
    content = _csv(columns, rows)
    tables = ["focalpoints.person", "focalpoints.appointment", "focalpoints.historicalperson"]
    with transaction.atomic():
        before = _counts(tables)
        preview = staff_client.post(
            reverse(f"admin:focalpoints_{model}_import"),
            {
                "resource": "0",
                "format": CSV_FORMAT,
                "import_file": SimpleUploadedFile("f.csv", content),
            },
        )
        assert preview.status_code < 500
        assert _counts(tables) == before  # a preview writes nothing
        confirm = preview.context and preview.context.get("confirm_form")
        if confirm:
            done = staff_client.post(
                reverse(f"admin:focalpoints_{model}_process_import"),
                {name: confirm[name].value() for name in confirm.fields},
            )
            assert done.status_code < 500
            after = _counts(tables)
            # All the rows, or none of them.
            label = f"focalpoints.{model}"
            new_rows = sum(1 for row in rows if not row[0])
            assert after[label] - before[label] in (0, new_rows)
        transaction.set_rollback(True)
    FIGURES["import people/appointments"] = FIGURES.get("import people/appointments", 0) + 1


@PROPERTY
@hypothesis.given(regional=st.booleans(), data=st.data())
def test_action_plans_import(spain, kenya, regional, data):
    columns = REGIONAL_COLUMNS if regional else NATIONAL_COLUMNS
    rows = data.draw(
        st.lists(
            st.lists(
                st.one_of(
                    st.sampled_from(["Spain", "ES", "1", "2", "2010", "2015-2018", "http://x.org"]),
                    CELL,
                ),
                min_size=len(columns),
                max_size=len(columns),
            ),
            max_size=4,
        ),
        label="rows",
    )
    tables = ["network.actionplan", "network.member", "network.historicalactionplan"]
    with transaction.atomic():
        before = _counts(tables)
        result = import_action_plans(
            _csv(columns, rows),
            create_members=data.draw(st.booleans(), label="create_members"),
        )
        after = _counts(tables)
        if result.rejected:
            assert after == before
        else:
            created = after["network.actionplan"] - before["network.actionplan"]
            assert created == result.created
        transaction.set_rollback(True)
    FIGURES["import action plans"] = FIGURES.get("import action plans", 0) + 1


def test_every_form_and_import_was_given_inputs():
    """Runs last in this module: each property test above really tried inputs
    (a strategy that generates nothing would pass while proving nothing), and
    says how many."""
    total = sum(FIGURES.values())
    print(f"\nproperty tests: {total} inputs tried: {dict(sorted(FIGURES.items()))}")
    assert {"filters", "import people/appointments", "import action plans"} <= set(FIGURES)
    assert len(FIGURES) >= 10, sorted(FIGURES)
    assert all(count >= 5 for count in FIGURES.values()), FIGURES
