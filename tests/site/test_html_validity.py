"""The Nu HTML checker (vnu.jar, `make vnu`) on the main pages and the HTML
emails, rendered with the test client: no error. One JVM start for every
document (the checker takes them all at once); skipped without Java or the jar."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core import mail

from newsletters import services as newsletters
from newsletters.emails import subscription_message
from tests.factories import build_agenda, build_directory, make_issue, make_subscribers, run_tasks

JAR = Path(__file__).resolve().parents[2] / ".vnu/node_modules/vnu-jar/build/dist/vnu.jar"
JAVA = shutil.which("java")

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(JAVA is None, reason="no Java on this machine"),
    pytest.mark.skipif(not JAR.exists(), reason="no Nu HTML checker: run `make vnu`"),
]


def _documents(client, tmp_path):
    """{file: what it is}: each page and email written to a file of its own."""
    directory = build_directory()
    world = build_agenda(*directory)
    spain = directory[0]
    pages = {
        "home": "/",
        "members": "/directory/members/",
        "member": spain.get_absolute_url(),
        "meetings": "/meetings/",
        "meeting": world["held"].get_absolute_url(),
        "commitments": "/commitments/",
        "action plans": "/action-plans/",
        "newsletter archive": "/newsletters/archive/",
        "issue": world["sent_issue"].get_absolute_url(),
        "library": "/library/",
        "calendar": "/calendar/",
        "API front door": "/api/v1/docs/",
    }
    documents = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        documents[name] = response.content.decode()

    make_subscribers(world["newsletter"], 1)
    issue = make_issue(
        world["newsletter"], [world["entry"]], number=3, title="After Alicante", intro="Hello."
    )
    newsletters.schedule_issue(issue)
    run_tasks()
    newsletter_email = mail.outbox[-1]
    # The account invitation (focalpoints.services.invite_person) is plain
    # text; the HTML invitation is the one to confirm a subscription.
    invitation = subscription_message(
        world["other_subscription"], confirm_url="https://wps.example.org/newsletters/confirm/k/"
    )
    documents["newsletter email"] = newsletter_email.alternatives[0].content
    documents["invitation email"] = invitation.alternatives[0].content

    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"{number:02d}.html"
        path.write_text(html, encoding="utf-8")
        files[str(path)] = name
    return files


# A document with one known error, checked in the same run: the test fails if
# the checker did not run or its report was not read, not only when pages are bad.
CANARY = (
    '<!DOCTYPE html><html lang="en"><title>c</title><time datetime="2020-01-01T10:00:00.123456">'
)


def test_main_pages_and_emails_are_valid_html(client, tmp_path):
    files = _documents(client, tmp_path)
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    files[str(canary)] = "canary"
    checked = subprocess.run(
        [JAVA, "-jar", str(JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    # The checker writes its JSON report on stderr.
    report = json.loads(checked.stderr or checked.stdout or '{"messages": []}')
    named = [(files.get(m.get("url", "").removeprefix("file:")), m) for m in report["messages"]]
    assert any(
        name == "canary" and "fraction of a second" in m.get("message", "") for name, m in named
    ), report
    errors = [
        f"{name or m.get('url')} line {m.get('lastLine')}: {m.get('message')}"
        f" [{m.get('extract', '').strip()}]"
        for name, m in named
        if name != "canary" and m.get("type") in ("error", "non-document-error")
    ]
    assert errors == [], "\n".join(errors)
