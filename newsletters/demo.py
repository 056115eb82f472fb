"""Demo newsletter: entries built only from facts the Chair's Summary of the
network's first meeting (Alicante, 26–27 April 2017) states, each citing it,
and one sample issue that reuses them.

Source of every entry: the Chair's Summary of the I WPS Focal Points Network
Meeting (shared/seed/chairs-summary-alicante-2017.txt), published at
http://casa-mediterraneo.es/documentos-trabajo/chairs-summary-women-peace-security-focal-points-network-meeting/
No research, link or date is invented: where the summary names a report
without its address, the entry links to the summary. No subscriber is created.
"""

from django.db import transaction
from django.utils import timezone

from network.core.rows import upsert
from network.models import Member, Region, Theme

from .choices import EntryKind, EntryStatus, IssueStatus
from .models import Entry, Issue, IssueEntry, Newsletter

SOURCE = (
    "http://casa-mediterraneo.es/documentos-trabajo/"
    "chairs-summary-women-peace-security-focal-points-network-meeting/"
)
SOURCE_NOTE = (
    "Chair's Summary of the I WPS Focal Points Network Meeting, Alicante, 26-27 April 2017"
)

# (kind, title, summary, member key or None, M49 region code or None, theme names)
ENTRIES = [
    (
        EntryKind.EVENT,
        "Next network meeting: Berlin, hosted by Germany",
        "Germany confirmed its commitment to host the next Focal Points Network meeting, "
        "likely in April/May 2018 in Berlin, building on the progress made in Alicante and "
        "again including civil society organisations. Participants asked that it include "
        "**a session on establishing or re-establishing National Action Plans** for those "
        "who do not have an active plan.",
        "DE",
        None,
        ["National action plans", "Civil society engagement"],
    ),
    (
        EntryKind.RESEARCH,
        "Review of the nine National Action Plans of Asia and the Pacific",
        "UN Women Asia and Pacific presented findings from a recent symposium and report "
        "reviewing the region's nine NAPs for common themes and emerging topics such as "
        "violent extremism, climate change and humanitarian crises.",
        "un-women",
        "142",
        ["National action plans"],
    ),
    (
        EntryKind.NATIONAL_INITIATIVE,
        "The Philippines launches its third National Action Plan",
        "The Philippines launched its third NAP in 2017. It takes up emerging domestic "
        "concerns such as ethnic and intercommunal violence, terrorism and organised crime, "
        "and makes special efforts to support women's organisations and economic "
        "empowerment programmes.",
        "PH",
        None,
        ["National action plans"],
    ),
    (
        EntryKind.NATIONAL_INITIATIVE,
        "Nigeria's revised NAP widens the concept of security",
        "The second revision of Nigeria's NAP expanded the concept of security to include "
        "violent extremism, trauma healing, and disarmament and demobilisation, and added "
        "local or zonal action plans to localise these issues.",
        "NG",
        None,
        ["National action plans", "Preventing and countering violent extremism (P/CVE)"],
    ),
    (
        EntryKind.BEST_PRACTICE,
        "Assessing one NAP to improve the next: Ireland and Bosnia and Herzegovina",
        "After assessing their previous NAPs, Ireland and Bosnia and Herzegovina improved "
        "the next iteration: a theory of change to identify objectives and desired "
        "effects, fewer indicators focused on real impact, and a design process opened to "
        "actors beyond the traditional peace and security agencies.",
        None,
        "150",
        ["National action plans", "Monitoring and evaluation"],
    ),
    (
        EntryKind.REGIONAL_INITIATIVE,
        "ECOWAS and NATO plans on women, peace and security",
        "ECOWAS and NATO described their regional and organisational plans on WPS and how "
        "these strategies have helped institutionalise a gender perspective in their work.",
        "ecowas",
        "011",
        ["Security sector"],
    ),
    (
        EntryKind.NATIONAL_INITIATIVE,
        "Morocco's WPS programmes in the Med-Med initiative",
        "Although Morocco does not have a NAP on WPS, its government conducts WPS "
        "programmes such as those of the Med-Med initiative, in partnership with Spain and "
        "other members of the initiative; it considers that a NAP would help coordinate "
        "activities across government.",
        "MA",
        None,
        ["National action plans"],
    ),
]

SAMPLE_INTRO = (
    "This sample issue gathers news from the network's first meeting in Alicante "
    "(26–27 April 2017).\n\n"
    "**The secretariat.** UN Women announced that it will host the secretariat of the "
    "Focal Points Network in New York. Among other tasks, the Network coordinator will "
    "establish and maintain a database of focal points; produce regular newsletters to "
    "promote new research, best practices, and funding and capacity-building "
    "opportunities, and map national and regional WPS actions and initiatives; and "
    "provide technical and logistical support for the biannual and expert meetings.\n\n"
    f"Source: [{SOURCE_NOTE}]({SOURCE})."
)


def _member(key):
    if key is None:
        return None
    try:
        return Member.objects.get_by_key(key)
    except Member.DoesNotExist:
        return None


@transaction.atomic
def load():
    newsletter, _ = Newsletter.objects.get_or_create(
        slug="wps-focal-points",
        defaults={
            "name": "WPS Focal Points Network Newsletter",
            "description": "Research, best practices, funding and capacity-building "
            "opportunities, and national and regional WPS actions and initiatives.",
            "default_language": "en",
        },
    )
    entries = []
    for kind, title, summary, member_key, region_code, theme_names in ENTRIES:
        # Saved only when something differs: a second run writes no history.
        entry, _ = upsert(
            Entry,
            {"title": title},
            {
                "kind": kind,
                "summary": summary,
                "link": SOURCE,
                "source": f"{SOURCE_NOTE}: {SOURCE}",
                "member": _member(member_key),
                "region": Region.objects.filter(code=region_code).first() if region_code else None,
                "language": "en",
                "status": EntryStatus.PUBLISHED,
            },
        )
        entry.themes.set(Theme.objects.filter(name__in=theme_names))
        entries.append(entry)
    issue = Issue.objects.filter(newsletter=newsletter, number=1, language="en").first()
    if issue is None:
        now = timezone.now()
        issue = Issue.objects.create(
            newsletter=newsletter,
            number=1,
            language="en",
            title="Sample issue: after Alicante",
            intro=SAMPLE_INTRO,
        )
        for position, entry in enumerate(entries):
            IssueEntry.objects.create(issue=issue, entry=entry, position=position * 10)
        # A sample of the archive: marked as sent without sending anything
        # (there are no subscribers in the demo).
        Issue.objects.filter(pk=issue.pk).update(
            status=IssueStatus.SENT, send_started_at=now, sent_at=now
        )
    return (
        f"newsletters: 1 newsletter, {len(entries)} entries from the Alicante Chair's Summary, "
        "1 sample issue"
    )
