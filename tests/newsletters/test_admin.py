"""Composing an issue in the admin: suggestions, previews, a test to
oneself, scheduling."""

import datetime

from django.utils import timezone

from newsletters import services
from newsletters.choices import EntryKind, IssueStatus
from newsletters.models import Entry
from tests.factories import make_issue, make_subscribers, run_tasks


def test_suggestions_are_new_entries_and_open_opportunities(staff_client, newsletter, entry):
    first = make_issue(newsletter, [entry])
    services.schedule_issue(first)
    run_tasks()
    first.refresh_from_db()
    Entry.objects.filter(pk=entry.pk).update(created_at=timezone.now() - datetime.timedelta(1))
    today = timezone.localdate()
    old_open = Entry.objects.create(
        kind=EntryKind.FUNDING, title="Open fund", deadline=today + datetime.timedelta(10)
    )
    old_closed = Entry.objects.create(
        kind=EntryKind.FUNDING, title="Closed fund", deadline=today - datetime.timedelta(1)
    )
    Entry.objects.filter(pk__in=[old_open.pk, old_closed.pk]).update(
        created_at=first.send_started_at - datetime.timedelta(days=30)
    )
    new = Entry.objects.create(kind=EntryKind.RESEARCH, title="New research")
    draft = make_issue(newsletter, number=2, title="Second")
    assert set(services.suggested_entries(draft)) == {old_open, new}
    page = staff_client.get(f"/admin/newsletters/issue/{draft.pk}/change/")
    assert b"Open fund" in page.content and b"New research" in page.content
    assert b"Closed fund" not in page.content
    staff_client.post(f"/admin/newsletters/issue/{draft.pk}/add-suggestions/")
    assert [item.entry for item in draft.issue_entries.all()] == [old_open, new]
    assert list(services.suggested_entries(draft)) == []


def test_previews_show_both_parts(staff_client, newsletter, entry):
    issue = make_issue(newsletter, [entry], title="Preview me")
    html = staff_client.get(f"/admin/newsletters/issue/{issue.pk}/preview/html/")
    text = staff_client.get(f"/admin/newsletters/issue/{issue.pk}/preview/text/")
    assert html["Content-Type"].startswith("text/html")
    assert b"<h1" in html.content and b"Preview me" in html.content
    assert "script-src" not in html["Content-Security-Policy"]
    assert text["Content-Type"].startswith("text/plain")
    assert b"Preview me" in text.content and b"<h1" not in text.content


def test_a_test_to_oneself_from_the_admin(staff_client, staff_user, newsletter, entry, mailoutbox):
    make_subscribers(newsletter, 2)
    issue = make_issue(newsletter, [entry])
    response = staff_client.post(f"/admin/newsletters/issue/{issue.pk}/send/", {"action": "test"})
    assert response.status_code == 200
    assert [m.to for m in mailoutbox] == [[staff_user.email]]
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_scheduling_from_the_admin_then_cancelling(staff_client, newsletter, entry):
    issue = make_issue(newsletter, [entry])
    url = f"/admin/newsletters/issue/{issue.pk}/send/"
    past = staff_client.post(url, {"action": "schedule", "scheduled_at": "2001-01-01 10:00"})
    assert past.status_code == 200
    assert b"This time has passed" in past.content
    later = (timezone.now() + datetime.timedelta(days=1)).strftime("%Y-%m-%d %H:%M")
    staff_client.post(url, {"action": "schedule", "scheduled_at": later})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SCHEDULED
    staff_client.post(url, {"action": "unschedule"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.DRAFT


def test_a_sent_issue_cannot_be_edited(staff_client, newsletter, entry):
    make_subscribers(newsletter, 1)
    issue = make_issue(newsletter, [entry], title="Original")
    services.schedule_issue(issue)
    run_tasks()
    staff_client.post(
        f"/admin/newsletters/issue/{issue.pk}/change/",
        {"title": "Changed", "newsletter": newsletter.pk, "number": 1, "language": "en"},
    )
    issue.refresh_from_db()
    assert issue.title == "Original"
