"""The commitments tracker: who may report progress, status history, filters."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from meetings import services
from meetings.choices import CommitmentStatus
from meetings.models import Commitment, CommitmentUpdate
from network.models import Theme
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def test_a_member_cannot_update_another_members_commitment(member_user, kenya_commitment):
    # Adela is Spain's focal point; the commitment is Kenya's.
    with pytest.raises(PermissionDenied, match="Kenya"):
        services.add_commitment_update(
            kenya_commitment, by=member_user, text="Done", new_status=CommitmentStatus.ACHIEVED
        )
    kenya_commitment.refresh_from_db()
    assert kenya_commitment.status == CommitmentStatus.PLEDGED
    assert not CommitmentUpdate.objects.exists()


def test_the_page_refuses_an_update_to_another_members_commitment(member_client, kenya_commitment):
    url = reverse("meetings:commitment", args=[kenya_commitment.pk])
    assert 'id="report"' not in member_client.get(url).content.decode()

    response = member_client.post(
        url, {"text": "Done", "new_status": "achieved", "reported_on": "2018-01-01"}
    )

    assert response.status_code == 403
    assert "Only the focal points of Kenya" in response.content.decode()
    assert not CommitmentUpdate.objects.exists()


def test_a_focal_point_reports_progress_on_their_members_commitment(
    kenya_client, kenya_user, kenya_commitment
):
    url = reverse("meetings:commitment", args=[kenya_commitment.pk])
    assert 'id="report"' in kenya_client.get(url).content.decode()

    response = kenya_client.post(
        url,
        {
            "text": "Indicators cut from 40 to 12.",
            "new_status": "in_progress",
            "reported_on": "2018-04-09",
        },
        follow=True,
    )

    assert "Your update is recorded" in response.content.decode()
    update = kenya_commitment.updates.get()
    assert update.author == kenya_user
    assert update.reported_on == datetime.date(2018, 4, 9)
    kenya_commitment.refresh_from_db()
    assert kenya_commitment.status == CommitmentStatus.IN_PROGRESS
    assert update.history.get().history_user == kenya_user
    assert "Indicators cut from 40 to 12." in response.content.decode()


def test_the_public_cannot_post_an_update(client, kenya_commitment):
    url = reverse("meetings:commitment", args=[kenya_commitment.pk])
    response = client.post(url, {"text": "x", "reported_on": "2018-01-01"})
    assert response.status_code == 302
    assert not CommitmentUpdate.objects.exists()


def test_staff_report_on_any_commitment_and_edit_it(staff_client, staff_user, kenya_commitment):
    services.add_commitment_update(kenya_commitment, by=staff_user, text="Checked with Kenya")
    edit = reverse("meetings:commitment_edit", args=[kenya_commitment.pk])
    theme = Theme.objects.create(name="Monitoring")
    response = staff_client.post(
        edit,
        {
            "member": kenya_commitment.member_id,
            "meeting": kenya_commitment.meeting_id,
            "text_en": "Review the M&E framework",
            "themes": [theme.pk],
            "status": "in_progress",
            "due_on": "2019-12-31",
        },
    )
    assert response.status_code == 302
    kenya_commitment.refresh_from_db()
    assert kenya_commitment.text == "Review the M&E framework"
    assert list(kenya_commitment.themes.all()) == [theme]


def test_members_cannot_open_the_staff_edit_page(kenya_client, kenya_commitment):
    response = kenya_client.get(reverse("meetings:commitment_edit", args=[kenya_commitment.pk]))
    assert response.status_code == 403


def test_a_back_dated_update_does_not_overwrite_a_later_status(kenya_user, kenya_commitment):
    services.add_commitment_update(
        kenya_commitment,
        by=kenya_user,
        new_status="achieved",
        reported_on=datetime.date(2019, 4, 10),
    )
    services.add_commitment_update(
        kenya_commitment,
        by=kenya_user,
        new_status="in_progress",
        reported_on=datetime.date(2018, 4, 9),
    )
    kenya_commitment.refresh_from_db()
    assert kenya_commitment.status == CommitmentStatus.ACHIEVED


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "x", "reported_on": datetime.date(2016, 1, 1)}, "reported_on"),
        (
            {"text": "x", "reported_on": datetime.date.today() + datetime.timedelta(days=2)},
            "reported_on",
        ),
        ({"text": "x", "reported_at": "same meeting"}, "reported_at"),
    ],
)
def test_bad_updates_are_refused_naming_the_field(kenya_user, kenya_commitment, fields, field):
    if fields.get("reported_at") == "same meeting":
        fields["reported_at"] = kenya_commitment.meeting
    with pytest.raises(ValidationError) as error:
        services.add_commitment_update(kenya_commitment, by=kenya_user, **fields)
    assert field in error.value.message_dict
    assert not CommitmentUpdate.objects.exists()


def test_an_update_reported_at_a_later_meeting(kenya_user, kenya_commitment):
    berlin = make_meeting("berlin-2018", days_ahead=0, status="held")
    berlin.start_date = berlin.end_date = datetime.date(2018, 4, 9)
    berlin.save()
    update = services.add_commitment_update(
        kenya_commitment,
        by=kenya_user,
        text="Reported in Berlin",
        reported_at=berlin,
        reported_on=datetime.date(2018, 4, 9),
    )
    assert update.reported_at == berlin


def test_the_tracker_lists_commitments_with_their_updates(
    client, kenya_user, kenya_commitment, spain_commitment
):
    services.add_commitment_update(kenya_commitment, by=kenya_user, text="Twelve indicators")
    response = client.get(reverse("meetings:commitment_list"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Review monitoring and evaluation framework" in page
    assert "Host the network&#x27;s secretariat" in page
    assert "Twelve indicators" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("member=KE", ["Later pledge", "Review monitoring"]),
        ("member=ke,ES", ["Host the network", "Later pledge", "Review monitoring"]),
        ("status=achieved", ["Host the network"]),
        ("theme=monitoring-and-evaluation", ["Review monitoring"]),
        ("meeting=alicante", ["Review monitoring", "Host the network"]),
        ("meeting=later&status=pledged", ["Later pledge"]),
        ("q=secretariat", ["Host the network"]),
        # An HTML form sends every field; blank ones are "any".
        ("q=&meeting=&member=&theme=&status=achieved", ["Host the network"]),
    ],
)
def test_the_tracker_filters(
    client, staff_user, kenya_commitment, spain_commitment, kenya, query, expected
):
    theme = Theme.objects.create(name="Monitoring and evaluation")
    kenya_commitment.themes.add(theme)
    services.add_commitment_update(spain_commitment, by=staff_user, new_status="achieved")
    later = make_meeting("later", days_ahead=-5, status="held")
    services.record_commitment(later, kenya, "Later pledge")

    response = client.get(reverse("meetings:commitment_list") + "?" + query)

    texts = [c.text for c in response.context["page"].object_list]
    beginnings = ["Later pledge", "Review monitoring", "Host the network"]
    found = sorted(next(b for b in beginnings if t.startswith(b)) for t in texts)
    assert found == sorted(expected)


@pytest.mark.parametrize(
    ("query", "field"),
    [("member=ZZ", "member"), ("status=finished", "status"), ("meeting=nowhere", "meeting")],
)
def test_a_bad_filter_is_a_message_not_an_error(client, kenya_commitment, query, field):
    response = client.get(reverse("meetings:commitment_list") + "?" + query)
    assert response.status_code == 400
    assert f"Filter “{field}”" in response.content.decode()


def test_commitments_keep_their_history(staff_user, kenya_commitment):
    services.add_commitment_update(kenya_commitment, by=staff_user, new_status="dropped")
    statuses = [h.status for h in kenya_commitment.history.order_by("history_date")]
    assert statuses == ["pledged", "dropped"]


def test_a_commitment_needs_its_text(alicante, kenya):
    with pytest.raises(ValidationError) as error:
        services.record_commitment(alicante, kenya, "   ")
    assert "text" in error.value.message_dict
    assert not Commitment.objects.exists()
