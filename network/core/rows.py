"""Writing a row only when it differs: what makes a re-run load change nothing."""


def upsert(model, lookup, defaults):
    """The row ``lookup`` names, created with ``defaults`` or brought up to them.

    Unlike ``update_or_create`` it saves only when something differs, so that
    loading the demo again touches no row: no new ``updated_at`` (partners sync
    with ``updated_since``) and no history entry. Returns (row, created).
    """
    row = model.objects.filter(**lookup).first()
    if row is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(row, name) != value]
    for name in changed:
        setattr(row, name, defaults[name])
    if changed:
        row.save()
    return row, False
