"""Every change made in the admin is kept: the history pages say who changed
what, when — for people, their posts and members."""

import html

import pytest
from django.urls import reverse

from focalpoints import services

pytestmark = pytest.mark.django_db


def test_person_history_shows_who_changed_which_field(staff_client, staff_user, form_of, adela):
    url = reverse("admin:focalpoints_person_change", args=[adela.pk])
    data = form_of(staff_client.get(url), "person_form")
    data["family_name"] = ["Díaz"]
    data["phone"] = ["+34 222 222 222"]
    assert staff_client.post(url, data).status_code == 302

    page = html.unescape(
        staff_client.get(reverse("admin:focalpoints_person_history", args=[adela.pk])).text
    )

    assert staff_user.email in page
    assert "Díaz Bernárdez" in page and "→" in page  # old and new family name
    assert "+34 000 000 000" in page and "+34 222 222 222" in page
    record = adela.history.latest()
    assert (record.history_user, record.family_name) == (staff_user, "Díaz")


def test_appointment_history_shows_the_hand_over(staff_client, staff_user, adela, successor):
    post = adela.appointments.get()
    staff_client.post(
        reverse("admin:focalpoints_appointment_hand_over", args=[post.pk]),
        {"successor": successor.pk, "on": "2021-02-01"},
    )

    page = html.unescape(
        staff_client.get(reverse("admin:focalpoints_appointment_history", args=[post.pk])).text
    )

    assert staff_user.email in page
    assert "2021-02-01" in page or "Feb. 1, 2021" in page
    assert post.history.count() == 2  # appointed, then ended


def test_member_history_shows_who_changed_it(staff_client, staff_user, form_of, spain):
    url = reverse("admin:network_member_change", args=[spain.pk])
    data = form_of(staff_client.get(url), "member_form")
    data["website"] = ["https://www.exteriores.gob.es/"]
    assert staff_client.post(url, data).status_code == 302

    page = staff_client.get(reverse("admin:network_member_history", args=[spain.pk])).text
    assert staff_user.email in page
    assert "https://www.exteriores.gob.es/" in page


def test_verification_by_action_is_in_the_history(staff_client, staff_user, adela):
    staff_client.post(
        reverse("admin:focalpoints_person_changelist"),
        {"action": "mark_verified", "_selected_action": [adela.pk], "index": 0},
    )
    page = staff_client.get(reverse("admin:focalpoints_person_history", args=[adela.pk])).text
    assert staff_user.email in page
    assert "Details verified:" in page
    services.mark_verified(adela)  # without an author (a command): recorded as nobody
    assert adela.history.latest().history_user is None
