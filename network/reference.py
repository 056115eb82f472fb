"""Reference data every database needs: the UN M49 regions and the languages
people work in. Loaded by a data migration; also callable again (idempotent)
for databases that were emptied (``flush``, transactional tests)."""

import csv

from django.conf.locale import LANG_INFO

from network.regions import M49_FILE


def load_regions(Region):
    """Create or update the M49 regions; ``Region`` may be a migration's historical model."""
    with M49_FILE.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    by_code = {}

    def region(code, name, level, parent):
        if not code:
            return parent
        if code not in by_code:
            by_code[code], _ = Region.objects.update_or_create(
                code=code, defaults={"name": name, "level": level, "parent": parent}
            )
        return by_code[code]

    for row in rows:
        top = region(row["region_code"], row["region"], "region", None)
        sub = region(row["subregion_code"], row["subregion"], "subregion", top)
        region(row["intermediate_code"], row["intermediate"], "intermediate", sub)
    return len(by_code)


# Django names Chinese only by its scripts ("zh-hans", "zh-hant"), which are
# skipped below as variants; the language itself is one of the UN's six.
MISSING_FROM_DJANGO = {"zh": "Chinese"}


def load_languages(Language):
    """Create or update the languages Django knows by name (ISO 639-1 codes),
    and Chinese."""
    names = {
        code: info["name"]
        for code, info in LANG_INFO.items()
        # Skip regional variants ("en-gb") and fallbacks without a name.
        if "-" not in code and "name" in info
    }
    names.update(MISSING_FROM_DJANGO)
    for code, name in names.items():
        Language.objects.update_or_create(code=code, defaults={"name": name})
    return len(names)


def ensure_reference_data():
    """Load the reference data unless it is there already."""
    from network.models import Language, Region

    if not Region.objects.exists():
        load_regions(Region)
    if not Language.objects.exists():
        load_languages(Language)
