"""The pieces other pages include: next meeting and troika, a member's meetings
and commitments."""

import datetime

import pytest
from django.template import Context, Template

from meetings.models import ChairTerm
from network.core.visibility import PUBLIC, viewer_for
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db


def _render(source, **context):
    return Template("{% load meetings_tags %}" + source).render(Context(context))


def test_home_shows_the_next_meeting_and_the_troika(spain, kenya):
    make_meeting("later-one", days_ahead=90, title="Later one")
    make_meeting("sooner-one", days_ahead=10, title="Sooner one")
    make_meeting("cancelled-one", days_ahead=5, title="Cancelled one", status="cancelled")
    year = datetime.date.today().year
    ChairTerm.objects.create(start_year=year - 1, end_year=year - 1).members.set([kenya])
    ChairTerm.objects.create(start_year=year, end_year=year).members.set([spain])

    html = _render("{% home_meetings %}", viewer=PUBLIC)

    assert "Sooner one" in html and "Later one" not in html and "Cancelled one" not in html
    assert f"Spain ({year})" in html
    assert f"Kenya ({year - 1})" in html
    assert "Incoming chairs" in html


def test_a_members_commitments_offer_reporting_only_to_its_focal_points(
    kenya, kenya_user, member_user, kenya_commitment
):
    own = _render("{% member_commitments member %}", member=kenya, viewer=viewer_for(kenya_user))
    other = _render("{% member_commitments member %}", member=kenya, viewer=viewer_for(member_user))
    assert "Review monitoring and evaluation framework" in own
    assert "Report progress" in own
    assert "Review monitoring and evaluation framework" in other
    assert "Report progress" not in other


def test_a_members_meetings(spain, alicante):
    alicante.delegations.create(member=spain)
    html = _render("{% member_meetings member %}", member=spain, viewer=PUBLIC)
    assert "Alicante" in html and "26–27 April 2017" in html


def test_the_next_meeting_offers_registration_while_open(member_user):
    meeting = make_meeting("open-one", days_ahead=10)
    html = _render("{% home_meetings %}", viewer=viewer_for(member_user))
    assert f"/meetings/{meeting.slug}/register/" in html
