"""Demo data for the network: its members as the record shows them, every
action plan of network/data (members or not), and the themes the Chair's
Summary of the first meeting (Alicante, 26–27 April 2017) names.

Members and their dated memberships come from the two joint communiqués that
name them (network/data/network-facts.txt): Alicante 2017 (60 States and 5
organisations) and Washington 2023 (57 States and 7 organisations). The
Global Network of Women Peacebuilders is known because the Chair's Summary
records its commitment at Alicante; no communiqué names it a member, so it
has no membership. The action plans are loaded by the one import service
(network.action_plans.importer) from the two CSV files of network/data; a State
or organisation with a plan and no membership is in the tracker, marked as
outside the network.
"""

import datetime
from pathlib import Path

from django.utils.text import slugify

from network.action_plans import demo as demo_action_plans
from network.action_plans.importer import import_action_plans
from network.choices import MemberKind
from network.core.countries import country_code
from network.core.rows import upsert
from network.models import Member, Membership, Organisation, Region, Theme
from network.reference import ensure_reference_data

ALICANTE_COMMUNIQUE = (
    "http://casa-mediterraneo.es/destacados/comunicado-conjunto-de-la-primera-reunion-de-la-"
    "red-de-puntos-focales-de-mujeres-paz-y-seguridad-alicante-2017/"
)

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTION_PLAN_FILES = ["action-plans-national.csv", "action-plans-regional.csv"]

ALICANTE_SOURCE = "Joint communiqué of the first meeting (Alicante, 26–27 April 2017)"
ALICANTE_DATE = datetime.date(2017, 4, 27)
WASHINGTON_COMMUNIQUE = (
    "https://wpsfocalpointsnetwork.org/2023/11/01/5th-capital-level-meeting-joint-communique/"
)
WASHINGTON_SOURCE = (
    "Joint communiqué of the 5th Capital-Level Meeting (Washington D.C., 6–9 June 2023)"
)
WASHINGTON_DATE = datetime.date(2023, 6, 9)

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

# The States the Washington communiqué names that the Alicante one does not.
WASHINGTON_NEW_STATES = [
    "Armenia",
    "Bangladesh",
    "Brazil",
    "Central African Republic",
    "Côte d'Ivoire",
    "Democratic Republic of the Congo",
    "Denmark",
    "Ethiopia",
    "Georgia",
    "Iraq",
    "Lebanon",
    "Lesotho",
    "Liberia",
    "Liechtenstein",
    "Mexico",
    "Moldova",
    "Mongolia",
    "Trinidad and Tobago",
    "Uganda",
]
# The Alicante States the Washington communiqué names again.
WASHINGTON_STATES_FROM_ALICANTE = [
    "Argentina",
    "Australia",
    "Belgium",
    "Canada",
    "Chile",
    "Colombia",
    "Croatia",
    "Estonia",
    "Finland",
    "Germany",
    "Guatemala",
    "Indonesia",
    "Ireland",
    "Italy",
    "Japan",
    "Jordan",
    "Kenya",
    "Latvia",
    "Lithuania",
    "Mali",
    "Malta",
    "Namibia",
    "Netherlands",
    "Norway",
    "Philippines",
    "Poland",
    "Portugal",
    "Romania",
    "Slovenia",
    "South Africa",
    "Spain",
    "Sweden",
    "Switzerland",
    "Thailand",
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
    ("African Union", "AU", MemberKind.REGIONAL_ORGANISATION, "002", "https://au.int/"),
    (
        "Intergovernmental Authority on Development",
        "IGAD",
        MemberKind.REGIONAL_ORGANISATION,
        "014",
        "https://igad.int/",
    ),
    (
        "Organization for Security and Co-operation in Europe",
        "OSCE",
        MemberKind.REGIONAL_ORGANISATION,
        None,
        "https://www.osce.org/",
    ),
    (
        "Organization of American States",
        "OAS",
        MemberKind.REGIONAL_ORGANISATION,
        "019",
        "https://www.oas.org/",
    ),
]
ALICANTE_ORGANISATIONS = ["ECOWAS", "EU", "NATO", "UfM", "UN Women"]
WASHINGTON_ORGANISATIONS = ["AU", "ECOWAS", "EU", "IGAD", "NATO", "OSCE", "OAS"]

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


def load_memberships():
    """One membership per member, from the first communiqué that names it
    (Alicante 2017, else Washington 2023). Nobody is recorded as having left:
    a communiqué that does not name a member does not show that it left."""
    first = {}
    for names, date, title, url in (
        (ALICANTE_STATES, ALICANTE_DATE, ALICANTE_SOURCE, ALICANTE_COMMUNIQUE),
        (WASHINGTON_NEW_STATES, WASHINGTON_DATE, WASHINGTON_SOURCE, WASHINGTON_COMMUNIQUE),
    ):
        for name in names:
            first.setdefault(Member.objects.get(country=country_code(name)), (date, title, url))
    for acronyms, date, title, url in (
        (ALICANTE_ORGANISATIONS, ALICANTE_DATE, ALICANTE_SOURCE, ALICANTE_COMMUNIQUE),
        (WASHINGTON_ORGANISATIONS, WASHINGTON_DATE, WASHINGTON_SOURCE, WASHINGTON_COMMUNIQUE),
    ):
        for acronym in acronyms:
            first.setdefault(Member.objects.get(slug=slugify(acronym)), (date, title, url))
    for member, (date, title, url) in first.items():
        upsert(
            Membership,
            {"member": member, "joined_on": date},
            {"source_url": url, "source_title": title},
        )
    return len(first)


def load_action_plans():
    """Every plan of the two files, through the one import service; a State or
    organisation the network does not have yet is added (outside the network)."""
    summaries = []
    for name in ACTION_PLAN_FILES:
        result = import_action_plans(
            (DATA_DIR / name).read_bytes(), create_members=True, source_name=name
        )
        if result.rejected or result.errors:
            raise ValueError(f"{name}: " + "; ".join(str(e) for e in result.errors[:10]))
        summaries.append(result.summary())
    return " ".join(summaries)


def load():
    """Create or update the demo members, memberships, organisations, themes
    and action plans."""

    ensure_reference_data()
    members = 0
    for name in ALICANTE_STATES + WASHINGTON_NEW_STATES:
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
    memberships = load_memberships()
    imported = load_action_plans()
    plans = demo_action_plans.load()
    return (
        f"{members} members ({memberships} with a membership), {len(ORGANISATIONS)} "
        f"organisations, {len(THEMES)} themes; {imported} Curated: {plans}"
    )
