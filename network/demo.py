"""Demo data for the network: the members present at the network's first
meeting (Alicante, 26–27 April 2017) and the themes its Chair's Summary names.

Source of the members: the joint communiqué of the Alicante meeting, as
gathered in shared/data/network-facts.txt (60 States and 5 organisations).
The Global Network of Women Peacebuilders is added because the Chair's Summary
records its commitment at that meeting.
"""

from django.utils.text import slugify

from network.action_plans import demo as demo_action_plans
from network.choices import MemberKind
from network.core.countries import country_code
from network.models import Member, Organisation, Region, Theme
from network.reference import ensure_reference_data

ALICANTE_COMMUNIQUE = (
    "http://casa-mediterraneo.es/destacados/comunicado-conjunto-de-la-primera-reunion-de-la-"
    "red-de-puntos-focales-de-mujeres-paz-y-seguridad-alicante-2017/"
)

ALICANTE_STATES = [
    "Afghanistan",
    "Argentina",
    "Australia",
    "Belgium",
    "Bosnia and Herzegovina",
    "Bulgaria",
    "Burkina Faso",
    "Canada",
    "Chile",
    "Colombia",
    "Croatia",
    "Cyprus",
    "Czech Republic",
    "Estonia",
    "Finland",
    "France",
    "Germany",
    "Guatemala",
    "Hungary",
    "Indonesia",
    "Ireland",
    "Italy",
    "Japan",
    "Jordan",
    "Kazakhstan",
    "Kenya",
    "Latvia",
    "Lithuania",
    "Luxembourg",
    "Malaysia",
    "Mali",
    "Malta",
    "Montenegro",
    "Morocco",
    "Namibia",
    "Netherlands",
    "New Zealand",
    "Nigeria",
    "Norway",
    "Philippines",
    "Poland",
    "Portugal",
    "Romania",
    "Senegal",
    "Serbia",
    "Sierra Leone",
    "Slovakia",
    "Slovenia",
    "South Africa",
    "Spain",
    "Sri Lanka",
    "Sweden",
    "Switzerland",
    "Thailand",
    "Tunisia",
    "Ukraine",
    "United Arab Emirates",
    "United Kingdom",
    "United States",
    "Uruguay",
]

# (name, acronym, kind, M49 region code or None, website)
ORGANISATION_MEMBERS = [
    (
        "Economic Community of West African States",
        "ECOWAS",
        MemberKind.REGIONAL_ORGANISATION,
        "011",
        "https://www.ecowas.int/",
    ),
    (
        "European Union",
        "EU",
        MemberKind.REGIONAL_ORGANISATION,
        "150",
        "https://european-union.europa.eu/",
    ),
    (
        "North Atlantic Treaty Organization",
        "NATO",
        MemberKind.REGIONAL_ORGANISATION,
        None,
        "https://www.nato.int/",
    ),
    (
        "Union for the Mediterranean",
        "UfM",
        MemberKind.REGIONAL_ORGANISATION,
        None,
        "https://ufmsecretariat.org/",
    ),
    (
        "UN Women",
        "UN Women",
        MemberKind.INTERNATIONAL_ORGANISATION,
        None,
        "https://www.unwomen.org/",
    ),
    (
        "Global Network of Women Peacebuilders",
        "GNWP",
        MemberKind.CIVIL_SOCIETY,
        None,
        "https://gnwp.org/",
    ),
]

# The themes of the Chair's Summary: its working groups, the topics of its
# panels, and the features of high-impact action plans.
THEMES = [
    (
        "Structural barriers to gender equality",
        "Barriers to women's participation in peace and security institutions.",
    ),
    (
        "Civil society engagement",
        "Civil society in the design, implementation and evaluation of action plans.",
    ),
    (
        "Preventing and countering violent extremism (P/CVE)",
        "Gender in policies that prevent or counter violent extremism.",
    ),
    ("National action plans", "Design and implementation of action plans on UNSCR 1325."),
    ("Monitoring and evaluation", "Indicators, reporting and evaluation of WPS policies."),
    ("Financing and costing", "Dedicated funding and costing of WPS action."),
    ("Security sector", "Gender in defence, police and other security institutions."),
    ("Mediation and diplomacy", "Women in mediation, negotiation and diplomacy."),
    ("Localisation", "Local and zonal action plans; local ownership."),
    ("Climate change", "Climate, environment and security."),
    ("Humanitarian crises", "WPS in humanitarian action."),
    ("Migration and refugees", "Migration, displacement and the refugee crisis."),
    ("Research and evidence", "Empirical research on women, peace and security."),
    ("Women's economic empowerment", "Economic empowerment programmes."),
]

# Organisations the people of the Chair's Summary work in:
# (member key or None, organisation name as the summary states it)
ORGANISATIONS = [
    ("ES", "Casa Mediterráneo"),
    ("ES", "Ministry of Foreign Affairs and Cooperation"),
    ("ES", "Permanent Mission of Spain to the United Nations"),
    ("NG", "Ministry of Women Affairs and Social Development"),
    ("PH", "Office of the Presidential Adviser on the Peace Process"),
    ("NA", "Ministry of International Relations and Cooperation"),
    ("AR", "Ministry of Foreign Affairs and Worship"),
    ("DE", "Federal Foreign Office"),
    ("SN", "Ministry for Foreign Affairs"),
    ("BE", "Ministry of Foreign Affairs"),
    ("KE", "Ministry of Public Service, Youth and Gender Affairs"),
    ("NZ", "Permanent Mission of New Zealand to the United Nations"),
    ("IE", "Department of Foreign Affairs"),
    ("BA", "Agency for Gender Equality of Bosnia and Herzegovina"),
    ("MA", "Ministry of Foreign Affairs"),
    ("eu", "European External Action Service"),
    ("un-women", "UN Women Regional Office for Asia and the Pacific"),
    (None, "Inclusive Security"),
    (None, "Universitat Autònoma de Barcelona"),
    (None, "Toledo International Centre for Peace (CITpax)"),
    (None, "Institute for Security Studies"),
]


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


def load():
    """Create or update the demo members, organisations and themes."""

    ensure_reference_data()
    members = 0
    for name in ALICANTE_STATES:
        code = country_code(name)
        if code is None:  # the list above is checked by the tests
            raise ValueError(f"Unknown country in the demo list: {name}")
        upsert(
            Member,
            {"country": code},
            {
                "kind": MemberKind.STATE,
                "name": name,
                "slug": slugify(name),
                "region": Region.objects.for_country(code),
                "active": True,
            },
        )
        members += 1
    for name, acronym, kind, region_code, website in ORGANISATION_MEMBERS:
        upsert(
            Member,
            {"slug": slugify(acronym)},
            {
                "kind": kind,
                "name": name,
                "acronym": acronym,
                "region": Region.objects.filter(code=region_code).first() if region_code else None,
                "website": website,
                "active": True,
            },
        )
        members += 1
    for member_key, name in ORGANISATIONS:
        member = Member.objects.get_by_key(member_key) if member_key else None
        Organisation.objects.get_or_create(name=name, member=member)
    for name, description in THEMES:
        upsert(Theme, {"slug": slugify(name)}, {"name": name, "description": description})
    plans = demo_action_plans.load()
    return f"{members} members, {len(ORGANISATIONS)} organisations, {len(THEMES)} themes; {plans}"
