"""Demo people: everyone the Chair's Summary of the Alicante meeting (26–27
April 2017) names, with their positions as the summary states them.

No contact data is invented: emails and phones stay blank. Nobody is listed
publicly (no consent is on record); the public sees these people only by name
and role in the meeting's agenda. Their details are marked unverified, which
is true: the secretariat has not confirmed them since 2017.
"""

import datetime

from network.core.rows import upsert
from network.models import Member, Organisation

from .choices import Role
from .models import Appointment, Person

SOURCE = (
    "Chair's Summary of the I WPS Focal Points Network Meeting, Alicante, 26-27 April 2017: "
    "http://casa-mediterraneo.es/documentos-trabajo/"
    "chairs-summary-women-peace-security-focal-points-network-meeting/"
)

AS_OF = datetime.date(2017, 4, 27)

# (honorific, given name, family name, member key or None, organisation or "",
#  position as stated, role)
PEOPLE = [
    ("Mr.", "Miguel", "Oliveros", "ES", "Casa Mediterráneo", "Director", Role.DELEGATE),
    (
        "Mr.",
        "Ildefonso",
        "Castro",
        "ES",
        "Ministry of Foreign Affairs and Cooperation",
        "Secretary of State for Foreign Affairs",
        Role.DELEGATE,
    ),
    (
        "Ambassador",
        "Roman",
        "Oyarzun Marchesi",
        "ES",
        "Permanent Mission of Spain to the United Nations",
        "Permanent Representative of Spain to the United Nations",
        Role.DELEGATE,
    ),
    (
        "Senator",
        "Aisha Jummai",
        "Alhassan",
        "NG",
        "Ministry of Women Affairs and Social Development",
        "Minister of Women Affairs and Social Development",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Diosita T.",
        "Andot",
        "PH",
        "Office of the Presidential Adviser on the Peace Process",
        "Undersecretary for Peacebuilding and Development and Director of the Office of the "
        "Presidential Adviser on the Peace Process",
        Role.DELEGATE,
    ),
    (
        "Ambassador",
        "Selma",
        "Ashipala-Musvayi",
        "NA",
        "Ministry of International Relations and Cooperation",
        "Permanent Secretary of the Ministry of International Relations and Cooperation",
        Role.DELEGATE,
    ),
    (
        "Mr.",
        "Yannick",
        "Glemarec",
        "un-women",
        "",
        "Assistant Secretary-General and Deputy Executive Director for Policy and Programme",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Adela",
        "Díaz Bernárdez",
        "ES",
        "Ministry of Foreign Affairs and Cooperation",
        "Director of the Human Rights Office",
        Role.DELEGATE,
    ),
    ("Mr.", "Mirsad", "Jacevic", None, "Inclusive Security", "Vice Chair", Role.OBSERVER),
    (
        "Ms.",
        "Jennifer",
        "Wittwer",
        "un-women",
        "",
        "Policy Adviser and Military Liaison Officer, Peace and Security Section",
        Role.DELEGATE,
    ),
    (
        "Ambassador",
        "Mara",
        "Marinaki",
        "eu",
        "European External Action Service",
        "Principal Advisor on Gender and on UNSCR1325/WPS",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Mariame",
        "Sy",
        "SN",
        "Ministry for Foreign Affairs",
        "Director of Africa and Asia Division",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Hafida",
        "Benchehida",
        None,
        "Toledo International Centre for Peace (CITpax)",
        "Algerian Senator and CITpax Advisor on Mediation",
        Role.OBSERVER,
    ),
    (
        "Ms.",
        "Abeda",
        "Osman",
        "AF",
        "",
        "Director General for Human Rights and Women's International Affairs",
        Role.DELEGATE,
    ),
    (
        "Minister",
        "María Luisa",
        "Martino",
        "AR",
        "Ministry of Foreign Affairs and Worship",
        "Director of the Women's Directorate",
        Role.DELEGATE,
    ),
    (
        "",
        "María",
        "Villellas",
        None,
        "Universitat Autònoma de Barcelona",
        "Researcher",
        Role.OBSERVER,
    ),
    (
        "Ambassador",
        "Patricia",
        "Flor",
        "DE",
        "Federal Foreign Office",
        "Director-General for International Order, the United Nations and Arms Control",
        Role.DELEGATE,
    ),
    ("Ms.", "Ashmia", "Sesay", "SL", "", "Senior Legal Officer", Role.DELEGATE),
    ("", "Mavic", "Cabrera-Balleza", "gnwp", "", "International Coordinator", Role.DELEGATE),
    (
        "Ms.",
        "Ann-Sofie",
        "Stude",
        "FI",
        "",
        "Ambassador for Women, Peace and Security",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Lori-Anne",
        "Théroux-Bénoni",
        None,
        "Institute for Security Studies",
        "Office Director",
        Role.OBSERVER,
    ),
    (
        "Ms.",
        "Véronique",
        "Joosten",
        "BE",
        "Ministry of Foreign Affairs",
        "Deputy Director for Human Rights and Democracy",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Mary",
        "Kaburu",
        "KE",
        "Ministry of Public Service, Youth and Gender Affairs",
        "Principal Gender Office",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Carolyn",
        "Schwalger",
        "NZ",
        "Permanent Mission of New Zealand to the United Nations",
        "Deputy Permanent Representative of New Zealand to the United Nations",
        Role.DELEGATE,
    ),
    ("Ms.", "Onyinye", "Onwuka", "ecowas", "", "", Role.DELEGATE),
    ("Ms.", "Hildur", "Sigurdardottir", "nato", "", "", Role.DELEGATE),
    (
        "Ms.",
        "Hanny",
        "Cueva-Beteta",
        "un-women",
        "UN Women Regional Office for Asia and the Pacific",
        "",
        Role.DELEGATE,
    ),
    ("Ms.", "Fatiha", "Hassouni", "ufm", "", "", Role.DELEGATE),
    (
        "Ms.",
        "Paula",
        "Molloy",
        "IE",
        "Department of Foreign Affairs",
        "Deputy Director of the UN Coordination and Conflict Resolution Unit",
        Role.DELEGATE,
    ),
    (
        "Ms.",
        "Kika",
        "Babic-Svetlin",
        "BA",
        "Agency for Gender Equality of Bosnia and Herzegovina",
        "Senior Adviser",
        Role.DELEGATE,
    ),
    (
        "Mr.",
        "Redouane",
        "Houssaini",
        "MA",
        "Ministry of Foreign Affairs",
        "Head of the United Nations Department",
        Role.DELEGATE,
    ),
]


def load():
    """Create or update the people of the Chair's Summary and their posts."""
    appointments = 0
    for honorific, given, family, member_key, organisation_name, position, role in PEOPLE:
        person, _ = upsert(
            Person, {"given_name": given, "family_name": family}, {"honorific": honorific}
        )
        member = Member.objects.get_by_key(member_key) if member_key else None
        organisation = (
            Organisation.objects.get(name=organisation_name, member=member)
            if organisation_name
            else None
        )
        upsert(
            Appointment,
            {"person": person, "member": member, "role": role, "end_on": None},
            {
                "organisation": organisation,
                "position": position,
                "source": SOURCE,
                # Known only from the summary: shown "as of April 2017", never as current.
                "as_of": AS_OF,
                "as_of_source": "Chair's Summary",
            },
        )
        appointments += 1
    return f"{len(PEOPLE)} people, {appointments} appointments"
