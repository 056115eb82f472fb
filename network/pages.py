"""Site-wide pages that gather from every app (home; DESIGN.md, Layout).

They reach other apps' data through reverse relations and querysets, each
filtered by the visibility policy.
"""

from django.shortcuts import render

from .choices import MemberKind
from .models import Member
from .visibility import viewer_for


def home(request):
    """The network in numbers, for everyone."""
    viewer = viewer_for(request)
    members = Member.objects.visible_to(viewer).filter(active=True)
    context = {
        "state_count": members.filter(kind=MemberKind.STATE).count(),
        "organisation_count": members.exclude(kind=MemberKind.STATE).count(),
    }
    return render(request, "network/home.html", context)
