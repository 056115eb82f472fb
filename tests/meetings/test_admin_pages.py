"""Every back-office page of the meetings app opens."""

import pytest
from django.urls import reverse

from meetings import services
from meetings.models import ChairTerm, Commitment, CommitmentUpdate, Meeting, Registration, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(meeting, adela, kenya_commitment, staff_user, spain):
    services.register(meeting, adela)
    services.schedule_session(
        meeting, title="Plenary", day=meeting.start_date, roles=[{"person": adela, "role": "chair"}]
    )
    services.add_commitment_update(kenya_commitment, by=staff_user, text="Going")
    ChairTerm.objects.create(start_year=2017, end_year=2017).members.set([spain])


@pytest.mark.parametrize(
    "model", [Meeting, Session, Registration, Commitment, CommitmentUpdate, ChairTerm]
)
def test_back_office_lists_and_change_pages_open(staff_client, rows, model):
    name = model._meta.model_name
    obj = model.objects.first()
    listing = staff_client.get(reverse(f"admin:meetings_{name}_changelist"))
    assert listing.status_code == 200
    # The list shows the row, linked to its change page.
    change_url = reverse(f"admin:meetings_{name}_change", args=[obj.pk])
    assert change_url in listing.content.decode()
    change = staff_client.get(change_url)
    assert change.status_code == 200
    assert change.context["original"] == obj
    history = staff_client.get(reverse(f"admin:meetings_{name}_history", args=[obj.pk]))
    assert history.status_code == 200
    assert history.context["object"] == obj
