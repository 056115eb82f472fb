"""Every admin page of the directory and the network loads for staff, is
refused to everyone else, and lists cost a fixed number of queries."""

import pytest
from django.urls import reverse

from network.models import Language, Organisation, Region, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture
def objects(adela, mary, ecowas, staff_user):
    """One object of each model, keyed by the admin URL name of its model."""
    return {
        "focalpoints_person": adela,
        "focalpoints_appointment": adela.appointments.get(),
        "network_member": adela.appointments.get().member,
        "network_organisation": Organisation.objects.create(name="Inclusive Security"),
        "network_region": Region.objects.get(code="039"),
        "network_theme": Theme.objects.create(name="Climate change"),
        "network_language": Language.objects.get(code="es"),
        "network_user": staff_user,
    }


MODELS = [
    "focalpoints_person",
    "focalpoints_appointment",
    "network_member",
    "network_organisation",
    "network_region",
    "network_theme",
    "network_language",
    "network_user",
]
HISTORY = [
    "focalpoints_person",
    "focalpoints_appointment",
    "network_member",
    "network_organisation",
    "network_theme",
]
SPREADSHEETS = ["focalpoints_person", "focalpoints_appointment"]


def admin_pages(objects):
    """Every page: list, add, change (and history, import, export, hand over, end)."""
    pages = []
    for name in MODELS:
        pk = objects[name].pk
        pages += [
            reverse(f"admin:{name}_changelist"),
            reverse(f"admin:{name}_add"),
            reverse(f"admin:{name}_change", args=[pk]),
        ]
        if name in HISTORY:
            pages.append(reverse(f"admin:{name}_history", args=[pk]))
        if name in SPREADSHEETS:
            pages += [reverse(f"admin:{name}_import"), reverse(f"admin:{name}_export")]
    post = objects["focalpoints_appointment"].pk
    pages += [
        reverse("admin:focalpoints_appointment_hand_over", args=[post]),
        reverse("admin:focalpoints_appointment_end", args=[post]),
    ]
    return pages


def test_every_admin_page_loads_for_staff(staff_client, objects):
    pages = admin_pages(objects)
    assert len(pages) == 8 * 3 + 5 + 2 * 2 + 2
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("who", ["anonymous", "member", "plain"])
def test_every_admin_page_is_refused_to_non_staff(client, objects, member_user, plain_user, who):
    if who != "anonymous":
        client.force_login({"member": member_user, "plain": plain_user}[who])
    for url in admin_pages(objects):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url


def test_appointment_page_offers_hand_over_and_end_only_while_held(staff_client, adela):
    post = adela.appointments.get()
    change = reverse("admin:focalpoints_appointment_change", args=[post.pk])
    hand_over = reverse("admin:focalpoints_appointment_hand_over", args=[post.pk])
    assert hand_over in staff_client.get(change).text

    post.end_on = post.start_on.replace(year=2020)
    post.save()
    assert hand_over not in staff_client.get(change).text


def test_member_list_shows_each_members_current_focal_points(staff_client, adela, kenya):
    page = staff_client.get(reverse("admin:network_member_changelist"))
    counts = {
        member.name: member.current_focal_point_count for member in page.context["cl"].result_list
    }
    assert counts == {"Spain": 1, "Kenya": 0}


# Query counts of every list, pinned: they must not grow with the rows listed.
# Each includes the two lookups of the staff user's two-factor devices.
LISTS = [
    ("admin:focalpoints_person_changelist", "", 12),
    ("admin:focalpoints_person_changelist", "?q=example&status=current&verification=due", 12),
    ("admin:focalpoints_appointment_changelist", "", 11),
    ("admin:focalpoints_appointment_changelist", "?status=current&role=focal_point", 11),
    ("admin:network_member_changelist", "", 8),
    ("admin:network_organisation_changelist", "", 7),
    ("admin:network_region_changelist", "", 7),
    ("admin:network_theme_changelist", "", 7),
    ("admin:network_language_changelist", "", 7),
    ("admin:network_user_changelist", "", 8),
]


@pytest.mark.parametrize(("name", "query", "queries"), LISTS)
def test_admin_list_query_count_does_not_grow_with_rows(
    staff_client, adela, add_rows, django_assert_num_queries, name, query, queries
):
    url = reverse(name) + query
    for rows in (1, 6):
        add_rows(rows)
        staff_client.get(url)  # warm per-process caches (content types, site)
        with django_assert_num_queries(queries):
            response = staff_client.get(url)
        assert response.status_code == 200


@pytest.mark.parametrize("name", [f"admin:{model}_changelist" for model in MODELS])
def test_every_list_shows_filter_counts_on_demand(staff_client, adela, mary, name):
    response = staff_client.get(reverse(name), {"_facets": "True"})
    assert response.status_code == 200


def test_working_languages_open_with_the_un_six_then_the_languages_people_use(
    staff_client, adela, mary
):
    adela.languages.add("pt")
    mary.languages.add("pt", "sw")
    url = reverse("admin:autocomplete")
    params = {"app_label": "focalpoints", "model_name": "person", "field_name": "languages"}
    codes = [r["id"] for r in staff_client.get(url, params).json()["results"]]
    assert codes[:8] == ["ar", "zh", "en", "fr", "ru", "es", "pt", "sw"]
    assert Language.objects.get(code="zh").name == "Chinese"

    found = staff_client.get(url, {**params, "term": "esper"}).json()["results"]
    assert [r["text"] for r in found] == ["Esperanto"]
    page = staff_client.get(reverse("admin:focalpoints_person_change", args=[adela.pk])).text
    assert 'data-field-name="languages"' in page  # the search box, not ninety options
