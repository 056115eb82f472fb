"""Members propose newsletter entries; staff publish or decline them in the
admin; the proposer is told in their language; the public sees published
entries only."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.utils import timezone, translation

from focalpoints.models import Language
from newsletters import services
from newsletters.choices import EntryKind, EntryStatus
from newsletters.models import Entry
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PROPOSAL = {
    "kind": EntryKind.FUNDING,
    "title": "Grants for women mediators",
    "summary": "Small grants for **mediation** networks.",
    "link": "https://example.org/grants",
    "deadline": "2030-03-31",
    "language": "en",
}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


@pytest.fixture
def proposal(member_user, spain):
    return services.propose_entry(
        member_user,
        kind=EntryKind.RESEARCH,
        title="Women in ceasefire talks",
        link="https://example.org/study",
        member=spain,
    )


def test_a_member_proposes_an_entry_that_waits_for_review(member_client, member_user, spain):
    response = member_client.post("/newsletters/propose/", {**PROPOSAL, "member": spain.pk})
    assert response.status_code == 302
    entry = Entry.objects.get(title="Grants for women mediators")
    assert entry.status == EntryStatus.PROPOSED
    assert entry.proposed_by == member_user
    assert entry.proposed_at is not None
    assert entry.member == spain
    assert entry.deadline == datetime.date(2030, 3, 31)
    page = member_client.get(response["Location"])
    assert "Your proposals" in page.content.decode()
    assert "Proposed" in page.content.decode()


@pytest.mark.parametrize(
    ("who", "expected"), [("anonymous", 302), ("plain", 403), ("member", 200), ("staff", 200)]
)
def test_who_may_open_the_proposal_page(client, who, expected, request):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(f"{who}_user"))
    assert client.get("/newsletters/propose/").status_code == expected


def test_a_visitor_cannot_post_a_proposal(client, plain_user):
    assert client.post("/newsletters/propose/", PROPOSAL).status_code == 302
    client.force_login(plain_user)
    assert client.post("/newsletters/propose/", PROPOSAL).status_code == 403
    assert not Entry.objects.exists()


def test_bad_input_names_the_field_and_writes_nothing(member_client):
    response = member_client.post(
        "/newsletters/propose/",
        {**PROPOSAL, "link": "javascript:alert(1)", "deadline": "31/31/2030", "kind": "event"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"link", "deadline", "kind"}
    assert not Entry.objects.exists()


def test_proposals_are_limited_per_member_per_day(member_client, member_user, settings):
    settings.NEWSLETTER_PROPOSALS_PER_DAY = 2
    for number in range(2):
        answer = member_client.post("/newsletters/propose/", {**PROPOSAL, "title": f"P{number}"})
        assert answer.status_code == 302
    refused = member_client.post("/newsletters/propose/", {**PROPOSAL, "title": "Third"})
    assert refused.status_code == 400
    assert "2 entries a day" in refused.content.decode()
    assert Entry.objects.count() == 2
    # A day later the member may propose again.
    tomorrow = timezone.now() + datetime.timedelta(days=1, minutes=1)
    assert services.proposals_left_today(member_user, now=tomorrow) == 2


def test_the_public_never_sees_a_proposal_but_its_author_does(client, member_user, proposal):
    url = proposal.get_absolute_url()
    assert client.get(url).status_code == 404
    assert proposal.title not in client.get("/newsletters/entries/").content.decode()
    assert client.get(f"/api/v1/entries/{proposal.pk}/").status_code == 404
    other = make_user("other@example.org")
    client.force_login(other)
    assert client.get(url).status_code == 404
    client.force_login(member_user)
    assert client.get(url).status_code == 200


def test_a_proposal_through_review_to_the_archive(
    staff_client, staff_user, proposal, django_capture_on_commit_callbacks
):
    queue = staff_client.get("/admin/newsletters/entry/?status__exact=proposed")
    assert proposal.title in queue.content.decode()
    change_url = f"/admin/newsletters/entry/{proposal.pk}/change/"
    form = staff_client.get(change_url)
    assert 'name="_publish"' in form.content.decode()
    data = {
        "kind": proposal.kind,
        # Edit and publish; the admin shows the languages side by side.
        "title_en": "Women in ceasefire talks (2026 study)",
        "language": "en",
        "summary_en": "",
        "link": proposal.link,
        "member": proposal.member_id,
        "source": "",
        "review_note": "",
        "_publish": "Save and publish",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(change_url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.PUBLISHED
    assert proposal.title == "Women in ceasefire talks (2026 study)"
    assert proposal.reviewed_by.email == "staff@example.org"
    assert proposal.proposed_by.email == "adela.account@example.org"
    (message,) = mail.outbox
    assert message.to == ["adela.account@example.org"]
    assert "published" in message.subject
    assert proposal.get_absolute_url() in message.body
    # Public now, in the list, the API and available to an issue.
    staff_client.logout()
    assert staff_client.get(proposal.get_absolute_url()).status_code == 200
    assert proposal.title in staff_client.get("/newsletters/entries/").content.decode()
    api = staff_client.get(f"/api/v1/entries/{proposal.pk}/").json()
    assert (api["status"], api["published"]) == ("published", True)
    assert "proposed_by" not in api


def test_declining_needs_a_note_and_the_proposer_reads_it_in_their_language(
    staff_client, adela, proposal, django_capture_on_commit_callbacks
):
    adela.languages.set(Language.objects.filter(code="fr"))
    url = "/admin/newsletters/entry/"
    choose = {"action": "decline_proposals", ACTION_CHECKBOX_NAME: [proposal.pk]}
    page = staff_client.post(url, choose)
    assert page.status_code == 200 and "Note to the proposers" in page.content.decode()
    again = staff_client.post(url, {**choose, "note": " "})
    assert again.status_code == 200  # no note: asked again, nothing changed
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.PROPOSED
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        done = staff_client.post(url, {**choose, "note": "Déjà publié en mars."})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.DECLINED
    assert proposal.review_note == "Déjà publié en mars."
    (message,) = mail.outbox
    assert "Déjà publié en mars." in message.body
    assert message.subject.startswith("Votre proposition")
    # A declined proposal is never public, nor offered for an issue.
    staff_client.logout()
    assert staff_client.get(proposal.get_absolute_url()).status_code == 404
    assert proposal not in Entry.objects.published()


def test_declining_from_the_change_form_without_a_note_is_refused(staff_client, proposal):
    change_url = f"/admin/newsletters/entry/{proposal.pk}/change/"
    data = {
        "kind": proposal.kind,
        "title": proposal.title,
        "language": "en",
        "link": proposal.link,
        "review_note": "",
        "_decline": "Decline",
    }
    response = staff_client.post(change_url, data)
    assert response.status_code == 200
    assert "review_note" in response.context["adminform"].form.errors
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.PROPOSED


def test_only_a_proposal_awaiting_review_can_be_reviewed(staff_user, proposal):
    services.decline_entry(proposal, by=staff_user, note="Out of scope.")
    with pytest.raises(services.ProposalError):
        services.publish_entry(proposal, by=staff_user)
    with pytest.raises(services.ProposalError):
        services.decline_entry(proposal, by=staff_user, note="")


def test_the_list_action_publishes_proposals_only(staff_client, proposal, entry):
    response = staff_client.post(
        "/admin/newsletters/entry/",
        {"action": "publish_proposals", ACTION_CHECKBOX_NAME: [proposal.pk, entry.pk]},
        follow=True,
    )
    text = response.content.decode()
    assert "Proposals published: 1" in text
    assert "1 entry was not a proposal" in text
    proposal.refresh_from_db()
    assert proposal.status == EntryStatus.PUBLISHED


def test_a_proposal_keeps_its_history_of_who_changed_it(staff_user, proposal):
    services.publish_entry(proposal, by=staff_user)
    statuses = [row.status for row in proposal.history.order_by("history_date")]
    assert statuses == [EntryStatus.PROPOSED, EntryStatus.PUBLISHED]
