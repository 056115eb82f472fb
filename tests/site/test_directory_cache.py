"""The directory's cached filter choices and counts follow the data: a write
through the ORM is seen on the next page, in the reader's language."""

import pytest

from network.choices import MemberKind
from network.models import Member, Region
from tests.factories import make_people


@pytest.mark.django_db
def test_a_new_member_appears_among_the_directorys_choices_at_once(member_client, adela):
    page = member_client.get("/directory/").content.decode()
    assert 'value="NO"' not in page
    Member.objects.create(
        kind=MemberKind.STATE, name="Norway", country="NO", region=Region.objects.get(code="154")
    )
    page = member_client.get("/directory/").content.decode()
    assert '<option value="NO">Norway</option>' in page
    page = member_client.get("/directory/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<option value="NO">Noruega</option>' in page


@pytest.mark.django_db
def test_the_number_found_follows_new_people(member_client, adela, spain):
    make_people(3, spain)
    first = member_client.get("/directory/", {"q": "crowd"})
    assert first.context["page"].paginator.count == 3
    make_people(2, spain, prefix="Other")  # bulk_create: no signal …
    spain.save()  # … until any save, which invalidates every cached count
    second = member_client.get("/directory/", {"q": "crowd"})
    assert second.context["page"].paginator.count == 5
