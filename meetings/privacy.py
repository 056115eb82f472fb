"""The meetings' part of a person's data: registrations, roles in agendas,
commitment updates they wrote (network.core.privacy)."""

from network.core.privacy import history_rows, register, rows, save_with_reason, scrub_history

from .models import CommitmentUpdate, Registration, SessionRole

REGISTRATION_BLANKS = {"access_needs": "", "notes": ""}


def export(person):
    registrations = Registration.objects.filter(person=person)
    updates = (
        CommitmentUpdate.objects.filter(author_id=person.user_id)
        if person.user_id
        else CommitmentUpdate.objects.none()
    )
    return {
        "registrations": rows(registrations),
        "registration_history": history_rows(
            Registration, registrations.values_list("pk", flat=True)
        ),
        "session_roles": rows(SessionRole.objects.filter(person=person)),
        "commitment_updates_written": rows(updates),
        "commitment_update_history": history_rows(
            CommitmentUpdate, updates.values_list("pk", flat=True)
        ),
    }


def erase(person, identity, by):
    """Registrations stay (they are the meetings' attendance figures), without
    access needs or notes; roles in agendas stay, without the affiliation;
    updates the person wrote stay (they are their member's report) without
    their author."""
    touched = []
    for registration in Registration.objects.filter(person=person):
        for name, value in REGISTRATION_BLANKS.items():
            setattr(registration, name, value)
        save_with_reason(registration)
        touched.append(registration)
    scrub_history(Registration, [r.pk for r in touched], **REGISTRATION_BLANKS)
    # In an agenda the role stays (who spoke in which session is the meeting's
    # record) but the affiliation, which would name the person by their post, goes.
    for role in SessionRole.objects.filter(person=person).exclude(affiliation=""):
        role.affiliation = ""
        role.save(update_fields=["affiliation", "updated_at"])
        touched.append(role)
    if identity.user_id is not None:
        updates = list(CommitmentUpdate.objects.filter(author_id=identity.user_id))
        for update in updates:
            update.author = None
            save_with_reason(update)
        scrub_history(CommitmentUpdate, [u.pk for u in updates], author=None)
        touched += updates
    return touched


register("meetings", export=export, erase=erase, order=20)
