"""Pictures of the main pages (public, member, staff, back office) at 1280 and 360 px
in English, Spanish and French, taken from a running server with the demo data.

    make screenshots                       # starts a server on the demo database itself
    python tools/screenshots.py --base-url http://127.0.0.1:8000 --out .screenshots

The tool opens sessions for the demo's staff and member accounts directly in the
database the server uses (no password needed), so it must run with the same
settings and DATABASE_URL as the server. Each picture is a full page; the
report printed at the end names every page wider than its window (a phone
that scrolls sideways).
"""

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "network.settings")

STAFF_EMAIL = "admin@example.org"
MEMBER_EMAIL = "member@example.org"
WIDTHS = (1280, 360)
LANGUAGES = ("en", "es", "fr")


def main_pages():
    """(audience, name, path) of the pages worth looking at, from the demo data."""
    from focalpoints.models import Person
    from meetings.models import Commitment, Meeting
    from network.models import Member
    from newsletters.models import Issue

    held = Meeting.objects.filter(status="held").order_by("-start_date").first()
    alicante = Meeting.objects.filter(slug="2017-alicante").first() or held
    member = Member.objects.filter(country="ES").first() or Member.objects.first()
    person = Person.objects.filter(user__email=MEMBER_EMAIL).first() or Person.objects.first()
    issue = Issue.objects.filter(status="sent").first()
    commitment = Commitment.objects.first()
    pages = [
        ("public", "home", "/"),
        ("public", "members", "/directory/members/"),
        ("public", "action-plans", "/action-plans/"),
        ("public", "meetings", "/meetings/"),
        ("public", "commitments", "/commitments/"),
        ("public", "newsletters", "/newsletters/"),
        ("public", "newsletter-archive", "/newsletters/archive/"),
        ("public", "login", "/accounts/login/"),
    ]
    if member:
        pages.append(("public", "member", f"/directory/members/{member.country or member.pk}/"))
    if alicante:
        pages.append(("public", "meeting", f"/meetings/{alicante.slug}/"))
    if commitment:
        pages.append(("public", "commitment", f"/commitments/{commitment.pk}/"))
    if issue:
        pages.append(("public", "issue", issue.get_absolute_url()))
    pages += [
        ("member", "directory", "/directory/"),
        ("member", "profile", "/directory/profile/"),
        ("member", "my-registrations", "/meetings/my-registrations/"),
        # What a member and staff see differently: report and edit links.
        ("member", "commitments", "/commitments/"),
        ("staff", "commitments", "/commitments/"),
    ]
    if member:
        pages.append(("member", "member", f"/directory/members/{member.country or member.pk}/"))
    if person:
        pages.append(("member", "person", f"/directory/people/{person.pk}/"))
    pages += [
        ("staff", "verification", "/directory/verification/"),
        ("staff", "admin-index", "/admin/"),
        ("staff", "admin-people", "/admin/focalpoints/person/"),
        ("staff", "admin-members", "/admin/network/member/"),
    ]
    if person:
        pages.append(("staff", "admin-person", f"/admin/focalpoints/person/{person.pk}/change/"))
    if member:
        pages.append(("staff", "admin-member", f"/admin/network/member/{member.pk}/change/"))
    if alicante:
        pages.append(("staff", "admin-meeting", f"/admin/meetings/meeting/{alicante.pk}/change/"))
    return pages


def session_cookie(email):
    """A session key for the account ``email`` in the server's database, or None."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user = get_user_model().objects.filter(email__iexact=email).first()
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    from django.conf import settings

    return client.cookies[settings.SESSION_COOKIE_NAME].value


def take(base_url, out, languages, widths):
    """Write the PNGs; return the (file, scroll width, window width) that overflow."""
    import django

    django.setup()
    from django.conf import settings
    from playwright.sync_api import sync_playwright

    pages = main_pages()
    sessions = {"public": None, "member": session_cookie(MEMBER_EMAIL)}
    sessions["staff"] = session_cookie(STAFF_EMAIL)
    out.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    overflowing = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=["--no-sandbox", "--disable-gpu"]
        )
        for width in widths:
            for language in languages:
                for audience in ("public", "member", "staff"):
                    context = browser.new_context(viewport={"width": width, "height": 900})
                    cookies = [
                        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base_url}
                    ]
                    if sessions[audience]:
                        cookies.append(
                            {
                                "name": settings.SESSION_COOKIE_NAME,
                                "value": sessions[audience],
                                "url": base_url,
                            }
                        )
                    context.add_cookies(cookies)
                    page = context.new_page()
                    for who, name, path in pages:
                        if who != audience:
                            continue
                        page.goto(base_url + path, wait_until="load")
                        scroll = page.evaluate("document.documentElement.scrollWidth")
                        target = out / f"{width}-{language}-{audience}-{name}.png"
                        page.screenshot(path=str(target), full_page=True)
                        if scroll > width:
                            overflowing.append((target.name, scroll, width))
                    context.close()
        browser.close()
    return overflowing


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / ".screenshots")
    parser.add_argument("--languages", nargs="+", default=list(LANGUAGES))
    parser.add_argument("--widths", nargs="+", type=int, default=list(WIDTHS))
    args = parser.parse_args(argv)
    overflowing = take(args.base_url.rstrip("/"), args.out, args.languages, args.widths)
    count = len(list(args.out.glob("*.png")))
    print(f"{count} pictures in {args.out}")
    for name, scroll, width in overflowing:
        print(f"  wider than the window: {name} ({scroll} px in {width} px)")
    return 1 if overflowing else 0


if __name__ == "__main__":
    sys.exit(main())
