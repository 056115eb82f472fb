"""Who may do what through the API (DESIGN.md, "Visibility").

| who                  | read (rows per visible_to) | write                                   |
|----------------------|----------------------------|-----------------------------------------|
| anonymous            | yes                        | no (401)                                |
| partner token        | yes, as the public         | never (403: tokens are read-only)       |
| member               | yes                        | PATCH of objects they own, self-service |
|                      |                            | fields only (view.self_service_fields); |
|                      |                            | POST where the view allows it           |
|                      |                            | (MembersMayCreate: own registrations,   |
|                      |                            | updates of own member's commitments)    |
| staff                | yes, with view_<model>     | what their model permissions allow      |
|                      | (else as member / public)  | (add / change / delete_<model>), 403    |

Staff are staff only once their second factor is verified
(network.core.visibility.staff_is_verified).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from network.core.visibility import viewer_for

# The Django permission each writing method needs, as in the admin.
PERMISSION_ACTIONS = {"POST": "add", "PUT": "change", "PATCH": "change", "DELETE": "delete"}


def viewer_for_view(request, view):
    """The request's viewer for this view's model and method: staff without
    the model permission it needs (view to read; add, change, delete to
    write) are the member or the public they otherwise are, for the whole
    request — the permission checks, the self-service fields, the serializers."""
    viewer = viewer_for(request)
    model = getattr(getattr(view, "queryset", None), "model", None)
    if model is None:
        return viewer
    return viewer.for_model(model, PERMISSION_ACTIONS.get(request.method, "view"))


#: The API root, the schema and its docs: how a scoped token finds its way.
EVERY_TOKEN_READS = {"", "schema", "docs"}


def _resource(request):
    """The resource a request is for: its first path segment under /api/v1/."""
    path = request.path.split("/api/v1/", 1)[-1]
    return path.split("/", 1)[0]


class ApiPermission(permissions.BasePermission):
    """Read for everyone within the visibility policy; write for staff; a
    member may PATCH what the view says they own (``view.is_own``)."""

    message = _("You may not change this.")

    def has_permission(self, request, view):
        resource = _resource(request)
        if (
            getattr(request.auth, "is_partner_token", False)
            and resource not in EVERY_TOKEN_READS
            and not request.auth.may_read(resource)
        ):
            self.message = _("This token may read only: %(resources)s.") % {
                "resources": ", ".join(request.auth.resources)
            }
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(request.auth, "is_partner_token", False):
            self.message = _("Partner tokens are read-only.")
            return False
        if not request.user.is_authenticated:
            return False  # DRF answers 401 with WWW-Authenticate
        viewer = viewer_for(request)
        if viewer.is_staff:
            return True
        # Members may only PATCH objects they own, where the view allows it.
        return (
            viewer.is_member
            and request.method == "PATCH"
            and bool(getattr(view, "self_service_fields", None))
        )

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return True
        viewer = viewer_for(request)
        if viewer.is_staff:
            return True
        self.message = _("You may change only your own entry.")
        return request.method == "PATCH" and view.is_own(viewer, obj)


class MembersMayCreate(ApiPermission):
    """ApiPermission, and members may also POST where the view's
    ``member_may_create(viewer)`` allows it. The view (its serializer) then
    checks that what a member creates is theirs — their own registration, an
    update of their own member's commitment — and refuses anything else with
    a 403 before writing."""

    def has_permission(self, request, view):
        if (
            request.method == "POST"
            and not getattr(request.auth, "is_partner_token", False)
            and request.user.is_authenticated
        ):
            viewer = viewer_for(request)
            if viewer.is_member and view.member_may_create(viewer):
                return True
        return super().has_permission(request, view)
