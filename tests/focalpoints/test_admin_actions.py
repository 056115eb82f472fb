"""The admin's actions and forms that change the directory: mark verified, end
appointments (on a chosen day), hand a post over, edit posts inline. Each goes
through the services; bad input is shown on the form and writes nothing."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse

from focalpoints.choices import Role
from focalpoints.models import Appointment, Person

pytestmark = pytest.mark.django_db

D = datetime.date
APPOINTMENTS = reverse("admin:focalpoints_appointment_changelist")


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def _state():
    """Everything the actions may change, to compare before and after."""
    return (
        sorted(Appointment.objects.values_list("pk", "person_id", "member_id", "role", "end_on")),
        sorted(Person.objects.values_list("pk", "verified_at")),
    )


def test_mark_verified_action_records_who_and_when(staff_client, staff_user, adela, mary):
    response = staff_client.post(
        reverse("admin:focalpoints_person_changelist"),
        {"action": "mark_verified", "_selected_action": [adela.pk, mary.pk], "index": 0},
    )
    assert response.status_code == 302
    assert _messages(response) == ["2 people marked verified."]
    assert not Person.objects.due_for_verification().exists()
    assert adela.history.latest().history_user == staff_user


def test_end_action_asks_for_the_day_first(staff_client, adela, mary):
    posts = [adela.appointments.get().pk, mary.appointments.get().pk]
    before = _state()

    response = staff_client.post(
        APPOINTMENTS, {"action": "end_appointments", "_selected_action": posts, "index": 0}
    )

    assert response.status_code == 200
    assert "Adela Díaz Bernárdez — Focal point, Spain" in response.text
    assert 'name="on"' in response.text
    assert _state() == before


def test_end_action_ends_the_selected_appointments_on_the_chosen_day(staff_client, adela, mary):
    posts = [adela.appointments.get().pk, mary.appointments.get().pk]
    response = staff_client.post(
        APPOINTMENTS,
        {
            "action": "end_appointments",
            "_selected_action": posts,
            "on": "2020-03-01",
            "apply": "End",
        },
    )
    assert response.status_code == 302
    assert _messages(response) == ["2 appointments ended."]
    assert set(Appointment.objects.values_list("end_on", flat=True)) == {D(2020, 3, 1)}
    assert Appointment.objects.get(person=adela).history.latest().history_user.is_staff


@pytest.mark.parametrize(
    ("day", "message"),
    [
        # Mary's post starts in 2017: it cannot end before, so Adela's does not end either.
        (
            "2016-12-31",
            "Mary Kaburu — Focal point, Kenya: An appointment must end after it starts.",
        ),
        ("31/02/2020", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_end_action_with_a_bad_day_shows_why_and_ends_nothing(
    staff_client, adela, mary, day, message
):
    posts = [adela.appointments.get().pk, mary.appointments.get().pk]
    before = _state()
    response = staff_client.post(
        APPOINTMENTS,
        {"action": "end_appointments", "_selected_action": posts, "on": day, "apply": "End"},
    )
    assert response.status_code == 200
    assert message in response.text
    assert _state() == before


def test_hand_over_action_needs_exactly_one_appointment(staff_client, adela, mary):
    posts = [adela.appointments.get().pk, mary.appointments.get().pk]
    response = staff_client.post(
        APPOINTMENTS, {"action": "hand_over", "_selected_action": posts, "index": 0}
    )
    assert response.status_code == 302
    assert _messages(response) == ["Select exactly one appointment to hand over."]

    response = staff_client.post(
        APPOINTMENTS, {"action": "hand_over", "_selected_action": posts[:1], "index": 0}
    )
    assert response["Location"] == reverse(
        "admin:focalpoints_appointment_hand_over", args=[posts[0]]
    )


def test_hand_over_form_hands_the_post_over(staff_client, staff_user, adela, successor, spain):
    post = adela.appointments.get()
    url = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    assert "Director of the Human Rights Office" in staff_client.get(url).text  # kept by default

    response = staff_client.post(
        url, {"successor": successor.pk, "on": "2021-02-01", "position": "", "work_email": ""}
    )

    new = Appointment.objects.get(person=successor)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:focalpoints_appointment_change", args=[new.pk])
    assert _messages(response) == [
        "Ana Ruiz Peña takes over from Adela Díaz Bernárdez on 2021-02-01."
    ]
    post.refresh_from_db()
    assert post.end_on == D(2021, 2, 1)
    assert (new.member, new.role, new.start_on, new.end_on) == (
        spain,
        Role.FOCAL_POINT,
        D(2021, 2, 1),
        None,
    )
    assert new.position == "Director of the Human Rights Office"
    assert post.history.latest().history_user == staff_user
    assert new.history.latest().history_user == staff_user


def test_hand_over_form_may_give_a_new_position_and_contact(staff_client, adela, successor):
    post = adela.appointments.get()
    staff_client.post(
        reverse("admin:focalpoints_appointment_hand_over", args=[post.pk]),
        {
            "successor": successor.pk,
            "on": "2021-02-01",
            "position": "Ambassador for Women, Peace and Security",
            "work_email": "ana@example.org",
            "phone": "+34 000",
        },
    )
    new = Appointment.objects.get(person=successor)
    assert (new.position, new.work_email, new.phone) == (
        "Ambassador for Women, Peace and Security",
        "ana@example.org",
        "+34 000",
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"successor": "holder", "on": "2021-02-01"},
            "successor",
            "cannot be handed over to its holder",
        ),
        (
            {"successor": "other", "on": "2016-01-01"},
            "on",
            "An appointment must end after it starts.",
        ),
        (
            {"successor": "busy", "on": "2021-02-01"},
            "successor",
            "already holds this role for Spain",
        ),
        ({"successor": "", "on": "2021-02-01"}, "successor", "This field is required."),
        ({"successor": "999999", "on": "2021-02-01"}, "successor", "Select a valid choice."),
        ({"successor": "other", "on": "2021-13-01"}, "on", "Enter a valid date."),
        (
            {"successor": "other", "on": "2021-02-01", "work_email": "not-an-address"},
            "work_email",
            "Enter a valid email address.",
        ),
    ],
)
def test_hand_over_form_with_bad_input_names_the_field_and_writes_nothing(
    staff_client, adela, successor, spain, data, field, message
):
    busy = Person.objects.create(given_name="Busy", family_name="Holder")
    Appointment.objects.create(
        person=busy, member=spain, role=Role.FOCAL_POINT, start_on=D(2020, 1, 1)
    )
    people = {"holder": adela.pk, "other": successor.pk, "busy": busy.pk}
    data = {**data, "successor": people.get(data["successor"], data["successor"])}
    post = adela.appointments.get()
    before = _state()

    response = staff_client.post(
        reverse("admin:focalpoints_appointment_hand_over", args=[post.pk]), data
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert any(message in error for error in form.errors[field]), form.errors
    assert "Please correct the error" in response.text
    assert _state() == before


def test_hand_over_of_an_ended_appointment_is_refused_on_the_form(staff_client, adela, successor):
    post = adela.appointments.get()
    post.end_on = D(2019, 1, 1)
    post.save()
    response = staff_client.post(
        reverse("admin:focalpoints_appointment_hand_over", args=[post.pk]),
        {"successor": successor.pk, "on": "2021-02-01"},
    )
    assert response.context["form"].errors["on"] == ["This appointment already ends on 2019-01-01."]
    assert not successor.appointments.exists()


def test_end_form_of_one_appointment(staff_client, adela):
    post = adela.appointments.get()
    url = reverse("admin:focalpoints_appointment_end", args=[post.pk])

    response = staff_client.post(url, {"on": "2016-01-01", "apply": "End"})
    assert response.context["form"].errors == {"on": ["An appointment must end after it starts."]}

    response = staff_client.post(url, {"on": "2022-05-01", "apply": "End"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.end_on == D(2022, 5, 1)


def test_hand_over_and_end_pages_of_an_unknown_appointment_are_not_found(staff_client):
    for name in ("hand_over", "end"):
        url = reverse(f"admin:focalpoints_appointment_{name}", args=[999999])
        assert staff_client.get(url).status_code == 404


def test_staff_without_change_permission_cannot_hand_over(client, adela, successor):
    viewer = get_user_model().objects.create_user(email="viewer@example.org", is_staff=True)
    client.force_login(viewer)
    post = adela.appointments.get()
    url = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    assert client.post(url, {"successor": successor.pk, "on": "2021-02-01"}).status_code == 403
    assert not successor.appointments.exists()


def _person_form_with_new_posts(staff_client, form_of, person, posts):
    url = reverse("admin:focalpoints_person_change", args=[person.pk])
    data = form_of(staff_client.get(url), "person_form")
    first = int(data["appointments-TOTAL_FORMS"][0])
    for offset, post in enumerate(posts):
        prefix = f"appointments-{first + offset}-"
        data.update({prefix + name: [value] for name, value in post.items()})
        data[prefix + "person"] = [str(person.pk)]
    data["appointments-TOTAL_FORMS"] = [str(first + len(posts))]
    return staff_client.post(url, data)


def test_person_page_refuses_two_new_rows_for_the_same_post(staff_client, form_of, mary, spain):
    post = {"member": str(spain.pk), "role": Role.ALTERNATE, "start_on": "2020-01-01"}
    before = _state()

    response = _person_form_with_new_posts(staff_client, form_of, mary, [post, post])

    assert response.status_code == 200
    assert "Two rows give the same person the role “Alternate focal point” for Spain" in (
        response.text
    )
    assert _state() == before


def test_person_page_refuses_a_new_row_that_duplicates_a_held_post(
    staff_client, form_of, mary, kenya
):
    post = {"member": str(kenya.pk), "role": Role.FOCAL_POINT, "start_on": "2020-01-01"}
    response = _person_form_with_new_posts(staff_client, form_of, mary, [post])
    assert response.status_code == 200
    assert "Mary Kaburu already holds this role for Kenya in that period." in response.text
    assert mary.appointments.count() == 1


def test_person_page_saves_a_new_post_and_unchanged_rows(staff_client, form_of, mary, spain):
    post = {"member": str(spain.pk), "role": Role.DELEGATE, "start_on": "2017-04-26"}
    response = _person_form_with_new_posts(staff_client, form_of, mary, [post])
    assert response.status_code == 302, response.context and response.context["errors"]
    assert sorted(mary.appointments.values_list("role", flat=True)) == ["delegate", "focal_point"]


# --- Hand over and end from the person's and the member's page ---------------------------


def test_person_and_member_pages_list_current_posts_with_hand_over_and_end(
    staff_client, adela, spain
):
    post = adela.appointments.get()
    hand_over = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    end = reverse("admin:focalpoints_appointment_end", args=[post.pk])
    for page in (
        reverse("admin:focalpoints_person_change", args=[adela.pk]),
        reverse("admin:network_member_change", args=[spain.pk]),
    ):
        html = staff_client.get(page).text
        assert 'id="current-posts-heading"' in html
        assert f'href="{hand_over}?next={page}"' in html.replace("%2F", "/")
        assert f'href="{end}?next={page}"' in html.replace("%2F", "/")


def test_a_post_ended_from_the_person_page_returns_there(staff_client, adela):
    post = adela.appointments.get()
    person_page = reverse("admin:focalpoints_person_change", args=[adela.pk])
    url = reverse("admin:focalpoints_appointment_end", args=[post.pk])
    response = staff_client.post(f"{url}?next={person_page}", {"on": "2030-01-01"})
    assert response.status_code == 302
    assert response["Location"] == person_page
    post.refresh_from_db()
    assert post.end_on == D(2030, 1, 1)


def test_a_hand_over_from_the_member_page_returns_there(staff_client, adela, successor, spain):
    post = adela.appointments.get()
    member_page = reverse("admin:network_member_change", args=[spain.pk])
    url = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    response = staff_client.post(
        f"{url}?next={member_page}", {"successor": successor.pk, "on": "2021-02-01"}
    )
    assert response["Location"] == member_page
    assert Appointment.objects.filter(person=successor, member=spain).exists()


@pytest.mark.parametrize(
    "target", ["https://evil.example/admin/", "//evil.example/", "javascript:alert(1)"]
)
def test_hand_over_never_redirects_off_the_site(staff_client, adela, successor, target):
    """The attack: a link to the hand-over form whose ``next`` leads staff to a
    look-alike site once they submit. The redirect ignores it."""
    post = adela.appointments.get()
    url = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    response = staff_client.post(
        f"{url}?next={target}", {"successor": successor.pk, "on": "2021-02-01"}
    )
    new = Appointment.objects.get(person=successor)
    assert response["Location"] == reverse("admin:focalpoints_appointment_change", args=[new.pk])
