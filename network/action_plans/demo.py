"""Demo action plans: only plans that a stored public page states, each with
that page as its source (called from network.demo.load()).

Every date, period, number and checklist answer below was read on the page
given with it; nothing is inferred beyond what the note says. Members of the
demo without a plan here have none recorded, not none in the world — except
Morocco, which the Chair's Summary of the Alicante meeting (2017) says "does
not have a NAP on WPS". Sources:

* PeaceWomen (WILPF) country pages, 1325naps.peacewomen.org and peacewomen.org;
* the governments' own pages (dfa.ie, mirco.gov.na) and parliamentary answers;
* news of launches (Tribune, New Era, Persecond News, NBC Namibia);
* the Chair's Summary of the network's first meeting (seed), for the
  Philippines' third plan and Nigeria's second.

Length: mostly data: each demo plan's dates and checklist answers are written
beside the page that states them.
"""

import datetime

from django.db import transaction

from network.action_plans.importer import link_chain
from network.choices import DatePrecision, FeatureAnswer, PlanReportKind, PlanScope
from network.core.rows import upsert
from network.models import (
    ActionPlan,
    ActionPlanReport,
    Member,
    Organisation,
    PlanFeatureAssessment,
    Theme,
)

PW_SPAIN = "https://1325naps.peacewomen.org/index.php/spain/"
PW_NIGERIA = "http://1325naps.peacewomen.org/index.php/country/nigeria/"
PW_NIGERIA_OVERVIEW = "https://1325naps.peacewomen.org/index.php/nap-overview/nigeria-nap-overview/"
NIGERIA_NAP3 = (
    "https://persecondnews.com/2025/12/16/insecurity-and-women-fg-unveils-comprehensive-plan-"
    "for-support-and-protection"
)
PW_PHILIPPINES = "http://1325naps.peacewomen.org/index.php/country/philippines/"
ASEAN_PHILIPPINES = (
    "https://wps.asean.org/resources/national-action-plan-on-women-peace-and-security-2017-2022-"
    "philippines/"
)
TRIBUNE_PHILIPPINES = (
    "https://tribune.net.ph/2023/12/19/phl-launches-natl-action-plan-on-women-peace-and-security"
)
PW_KENYA = "http://1325naps.peacewomen.org/index.php/kenya"
PW_KENYA_2016 = "http://peacewomen.org/action-plan/national-action-plan-kenya"
PW_KENYA_2020 = "http://1325naps.peacewomen.org/index.php/2019-committments/kenya-2020-commitments/"
PW_NAMIBIA = "https://www.peacewomen.org/action-plan/national-action-plan-namibia"
MIRCO_NAMIBIA = (
    "https://capetown.mirco.gov.na/index.php/launch-of-the-namibia-national-action-plan-on-"
    "women-peace-and-security"
)
WPSHUB_NAMIBIA = "https://wpshub.africa/knowledge-base/namibia-national-action-plan/"
NBC_NAMIBIA = "https://nbcnews.na/node/113031"
DFA_IRELAND_2018 = (
    "https://dfa.ie/ie/nuacht-agus-na-meain/preasraitis/press-release-archive/2018/nov/"
    "tanaiste-welcomes-call-for-submissions-to-3rd-national-action-plan-on-women-peace--"
    "security-1.php"
)
DAIL_IRELAND_2013 = "https://www.kildarestreet.com/wrans/?id=2013-04-23a.193"
DFA_IRELAND_2015 = (
    "http://foreign-affairs.net/annualreport/2015/our-values/new-national-action-plan-women-"
    "peace-security/"
)
DFA_IRELAND_2019 = (
    "https://dfa.ie/news-and-media/press-releases/press-release-archive/2019/june/tanaiste-"
    "launches-irelands-third-national-action-plan-on-women-peace-and-security.php"
)
DAIL_IRELAND_2024 = "https://www.kildarestreet.com/wrans/?id=2024-09-18a.49"
OIREACHTAS_IRELAND_2025 = "https://www.oireachtas.ie/en/debates/question/2025-02-18/174"
PW_ECOWAS = "https://peacewomen.org/action-plan/regional-action-plan-ecowas"

YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY


def _d(text):
    return datetime.date.fromisoformat(text)


# (member key, scope, number, title, adopted (date, precision) or None,
#  period start year, period end year, source, extra fields)
PLANS = [
    # Spain — PeaceWomen: first NAP adopted 2007 "without a specific period";
    # second adopted 2017 for 2017-2023, "does not include a substantive
    # monitoring and evaluation framework or an allocated budget".
    (
        "ES",
        1,
        "First National Action Plan on Women, Peace and Security",
        ("2007-01-01", YEAR),
        None,
        None,
        PW_SPAIN,
        {},
    ),
    (
        "ES",
        2,
        "Second National Action Plan on Women, Peace and Security",
        ("2017-01-01", YEAR),
        2017,
        2023,
        PW_SPAIN,
        {"has_dedicated_budget": False, "has_monitoring_framework": False},
    ),
    # Nigeria — PeaceWomen: first NAP adopted 2013 for 2013-2017; second
    # launched 9 May 2017 for 2017-2020, no allocated budget; third (NAP III)
    # 2024-2028 launched in Abuja (Persecond News, 16 December 2025).
    (
        "NG",
        1,
        "National Action Plan for the Implementation of UNSCR 1325 (2013-2017)",
        ("2013-01-01", YEAR),
        2013,
        2017,
        PW_NIGERIA,
        {},
    ),
    (
        "NG",
        2,
        "National Action Plan for the Implementation of UNSCR 1325 and Related "
        "Resolutions on Women, Peace and Security in Nigeria (2017-2020)",
        ("2017-05-09", DAY),
        2017,
        2020,
        PW_NIGERIA_OVERVIEW,
        {
            "has_dedicated_budget": False,
            "has_monitoring_framework": True,
            "lead": ("NG", "Ministry of Women Affairs and Social Development"),
            "themes": ["Preventing and countering violent extremism (P/CVE)", "Localisation"],
            "notes": "The Chair's Summary of the Alicante meeting (2017) records that this second "
            "plan widened security to violent extremism, trauma healing and disarmament and "
            "demobilisation, with local or zonal action plans.",
        },
    ),
    (
        "NG",
        3,
        "Third National Action Plan (NAP III) on UNSCR 1325 (2024-2028)",
        ("2025-12-01", MONTH),
        2024,
        2028,
        NIGERIA_NAP3,
        {"lead": ("NG", "Ministry of Women Affairs and Social Development")},
    ),
    # Philippines — first NAP adopted 2010 for 2010-2016 (PeaceWomen); the
    # "second-generation NAP WPS or the 2014 NAP WPS" (ASEAN WPS library);
    # third launched in 2017 (Chair's Summary) for 2017-2022 (PeaceWomen);
    # fourth generation 2023-2033 launched in December 2023 (Tribune).
    (
        "PH",
        1,
        "National Action Plan on Women, Peace and Security (2010-2016)",
        ("2010-01-01", YEAR),
        2010,
        2016,
        PW_PHILIPPINES,
        {},
    ),
    (
        "PH",
        2,
        "Second-generation National Action Plan on Women, Peace and Security (2014)",
        ("2014-01-01", YEAR),
        None,
        None,
        ASEAN_PHILIPPINES,
        {},
    ),
    (
        "PH",
        3,
        "National Action Plan on Women, Peace and Security 2017-2022",
        ("2017-01-01", YEAR),
        2017,
        2022,
        PW_PHILIPPINES,
        {
            "has_dedicated_budget": False,
            "has_monitoring_framework": False,
            "has_civil_society_involvement": True,
            "themes": [
                "Preventing and countering violent extremism (P/CVE)",
                "Women's economic empowerment",
            ],
            "notes": "Launched in 2017 as the third plan (Chair's Summary, Alicante 2017); "
            "PeaceWomen counts it as the second NAP. Not costed, but an executive order allocated "
            "about USD 100,000 for its first year (PeaceWomen).",
        },
    ),
    (
        "PH",
        4,
        "National Action Plan on Women, Peace and Security 2023-2033",
        ("2023-12-01", MONTH),
        2023,
        2033,
        TRIBUNE_PHILIPPINES,
        {},
    ),
    # Kenya — first NAP launched 8 March 2016 for 2016-2018; second adopted
    # 27 May 2020 for 2020-2024, detailed M&E framework, no allocated budget.
    (
        "KE",
        1,
        "Kenya National Action Plan for the Implementation of UNSCR 1325 (2016-2018)",
        ("2016-03-08", DAY),
        2016,
        2018,
        PW_KENYA_2016,
        {},
    ),
    (
        "KE",
        2,
        "Second Kenya National Action Plan on UNSCR 1325 (2020-2024)",
        ("2020-05-27", DAY),
        2020,
        2024,
        PW_KENYA_2020,
        {
            "has_dedicated_budget": False,
            "has_monitoring_framework": True,
            "has_civil_society_involvement": True,
            "themes": [
                "Climate change",
                "Preventing and countering violent extremism (P/CVE)",
                "Migration and refugees",
                "Humanitarian crises",
            ],
        },
    ),
    # Namibia — first NAP launched 19 June 2019 for 2019-2024 with an allocated
    # budget; a second is being prepared (NBC, 2025). The Chair's Summary of
    # 2017 already spoke of Namibia's "upcoming NAP".
    (
        "NA",
        1,
        "Namibia National Action Plan on Women, Peace and Security 2019-2024",
        ("2019-06-19", DAY),
        2019,
        2024,
        MIRCO_NAMIBIA,
        {
            "has_dedicated_budget": True,
            "has_civil_society_involvement": True,
            "themes": ["Climate change"],
        },
    ),
    (
        "NA",
        2,
        "Second National Action Plan on Women, Peace and Security",
        None,
        None,
        None,
        NBC_NAMIBIA,
        {
            "notes": "Namibia is preparing to review its first plan to develop a stronger second "
            "one (President Nandi-Ndaitwah, reported by NBC)."
        },
    ),
    # Ireland — First (2011-2014, launched November 2011), Second (2015-2018,
    # launched January 2015), Third (2019-2024, launched 21 June 2019); the
    # fourth "is currently being drafted" (Dáil answer, 18 February 2025).
    (
        "IE",
        1,
        "Ireland's National Action Plan on UNSCR 1325 (2011-2014)",
        ("2011-11-01", MONTH),
        2011,
        2014,
        DFA_IRELAND_2018,
        {"lead": ("IE", "Department of Foreign Affairs")},
    ),
    (
        "IE",
        2,
        "Ireland's Second National Action Plan on Women, Peace and Security (2015-2018)",
        ("2015-01-01", MONTH),
        2015,
        2018,
        DFA_IRELAND_2015,
        {"lead": ("IE", "Department of Foreign Affairs"), "has_civil_society_involvement": True},
    ),
    (
        "IE",
        3,
        "Ireland's Third National Action Plan on Women, Peace and Security (2019-2024)",
        ("2019-06-21", DAY),
        2019,
        2024,
        DFA_IRELAND_2019,
        {
            "lead": ("IE", "Department of Foreign Affairs"),
            "has_civil_society_involvement": True,
            "has_monitoring_framework": True,
        },
    ),
    (
        "IE",
        4,
        "Ireland's Fourth National Action Plan on Women, Peace and Security",
        None,
        None,
        None,
        OIREACHTAS_IRELAND_2025,
        {},
    ),
]

REGIONAL_PLANS = [
    # ECOWAS — "The Dakar Declaration on the implementation of UN Security
    # Council resolution 1325 and its related regional plan of action ... were
    # adopted in Dakar on 17 September 2010" (PeaceWomen). No end date stated.
    (
        "ecowas",
        "ECOWAS Regional Plan of Action for the Implementation of UNSCR 1325 (Dakar Declaration)",
        ("2010-09-17", DAY),
        PW_ECOWAS,
        {"themes": ["Mediation and diplomacy"]},
    ),
]

# (member key, plan number, feature, answer, source, note)
FEATURES = [
    ("ES", 2, "funding", FeatureAnswer.NO, PW_SPAIN, "No allocated budget."),
    (
        "ES",
        2,
        "monitoring",
        FeatureAnswer.NO,
        PW_SPAIN,
        "No substantive monitoring and evaluation framework.",
    ),
    ("NG", 2, "funding", FeatureAnswer.NO, PW_NIGERIA, "No allocated budget."),
    (
        "NG",
        2,
        "monitoring",
        FeatureAnswer.YES,
        PW_NIGERIA_OVERVIEW,
        "Clear implementation, monitoring and evaluation strategies and reporting pathways.",
    ),
    (
        "PH",
        3,
        "funding",
        FeatureAnswer.PARTLY,
        PW_PHILIPPINES,
        "No allocated budget in the plan; an executive order funded its first year.",
    ),
    (
        "PH",
        3,
        "monitoring",
        FeatureAnswer.PARTLY,
        PW_PHILIPPINES,
        "No detailed M&E framework, but M&E is one of the plan's pillars.",
    ),
    (
        "PH",
        3,
        "civil_society",
        FeatureAnswer.PARTLY,
        PW_PHILIPPINES,
        "Civil-society organisations were consulted in its development.",
    ),
    (
        "KE",
        2,
        "monitoring",
        FeatureAnswer.YES,
        PW_KENYA,
        "A detailed monitoring and evaluation framework.",
    ),
    (
        "KE",
        2,
        "funding",
        FeatureAnswer.NO,
        PW_KENYA,
        "No allocated budget; ministries and counties budget their own activities.",
    ),
    (
        "KE",
        2,
        "civil_society",
        FeatureAnswer.PARTLY,
        PW_KENYA,
        "Civil society involved in its development; which organisations is not stated.",
    ),
    (
        "NA",
        1,
        "funding",
        FeatureAnswer.YES,
        WPSHUB_NAMIBIA,
        "The NAP includes an allocated budget.",
    ),
    (
        "NA",
        1,
        "civil_society",
        FeatureAnswer.PARTLY,
        PW_NAMIBIA,
        "Consultative meetings with civil society in its development.",
    ),
    (
        "IE",
        3,
        "civil_society",
        FeatureAnswer.YES,
        DAIL_IRELAND_2024,
        "Its Oversight Group is half civil-society representatives.",
    ),
    (
        "IE",
        3,
        "monitoring",
        FeatureAnswer.YES,
        DAIL_IRELAND_2024,
        "Quarterly Oversight Group, annual reports and a mid-term review.",
    ),
]

# (member key, plan number, kind, title, date, author, url)
REPORTS = [
    (
        "IE",
        1,
        PlanReportKind.PARLIAMENTARY_HEARING,
        "Written answer on the plan's launch and mid-term review (Dáil question 19097/13)",
        "2013-04-23",
        "Dáil Éireann",
        DAIL_IRELAND_2013,
    ),
    (
        "IE",
        3,
        PlanReportKind.PARLIAMENTARY_HEARING,
        "Written answer on the third plan and the fourth in preparation (Dáil question 36255/24)",
        "2024-09-18",
        "Dáil Éireann",
        DAIL_IRELAND_2024,
    ),
]


def _themes(names):
    return list(Theme.objects.filter(name__in=names))


def _snapshot(plan):
    # Saving only what changed keeps a second run from adding history rows.
    return {f.attname: getattr(plan, f.attname) for f in plan._meta.concrete_fields}


def _apply_extra(plan, extra):
    for name in (
        "has_dedicated_budget",
        "has_monitoring_framework",
        "has_civil_society_involvement",
        "notes",
    ):
        if name in extra:
            setattr(plan, name, extra[name])
    if "lead" in extra:
        key, name = extra["lead"]
        plan.lead_organisation = Organisation.objects.filter(
            member=Member.objects.get_by_key(key), name=name
        ).first()


def load():
    """Add what the files of network/data do not hold — titles, themes, lead
    organisations, checklist answers, reports — to the plans the import made
    from them (network.demo.load imports first). The files are the one source
    of a plan's dates: a plan found here is given its title and extras only; a
    plan the files lack is created from the row below. Safe to run again."""
    members = {}
    count = 0
    with transaction.atomic():
        for key, number, title, adopted, start, end, source, extra in PLANS:
            member = members.setdefault(key, Member.objects.filter(country=key).first())
            if member is None:
                continue
            plan = ActionPlan.objects.filter(
                member=member, scope=PlanScope.NATIONAL, sequence=number
            ).first() or ActionPlan(member=member, scope=PlanScope.NATIONAL, sequence=number)
            before = _snapshot(plan) if plan.pk else None
            plan.title = title
            if before is None:
                plan.adopted_on, plan.adopted_precision = (
                    (_d(adopted[0]), adopted[1]) if adopted else (None, DatePrecision.DAY)
                )
                plan.period_start = datetime.date(start, 1, 1) if start else None
                plan.period_end = datetime.date(end, 12, 31) if end else None
                plan.period_start_precision = plan.period_end_precision = YEAR
                plan.source_url = source
            _apply_extra(plan, extra)
            if before is None or _snapshot(plan) != before:
                plan.save()
            if "themes" in extra:
                plan.themes.set(_themes(extra["themes"]))
            count += 1
        for key in members:
            if members[key] is not None:
                link_chain(members[key].pk, PlanScope.NATIONAL)
        for key, title, adopted, source, extra in REGIONAL_PLANS:
            member = Member.objects.filter(slug=key).first()
            if member is None:
                continue
            # The regional file names this plan in its own words: the plan
            # adopted on the same day is the same plan.
            plan = ActionPlan.objects.filter(
                member=member, scope=PlanScope.REGIONAL, adopted_on=_d(adopted[0])
            ).first()
            if plan is None:
                plan = ActionPlan(member=member, scope=PlanScope.REGIONAL, title=title)
                plan.adopted_on, plan.adopted_precision = _d(adopted[0]), adopted[1]
                plan.source_url = source
                plan.save()
            if "themes" in extra:
                plan.themes.set(_themes(extra["themes"]))
            count += 1
        for key, number, feature, answer, source, note in FEATURES:
            plan = ActionPlan.objects.filter(
                member__country=key, scope=PlanScope.NATIONAL, sequence=number
            ).first()
            if plan is not None:
                upsert(
                    PlanFeatureAssessment,
                    {"plan": plan, "feature": feature},
                    {"answer": answer, "source_url": source, "note": note},
                )
        for key, number, kind, title, date, author, url in REPORTS:
            plan = ActionPlan.objects.filter(
                member__country=key, scope=PlanScope.NATIONAL, sequence=number
            ).first()
            if plan is not None:
                upsert(
                    ActionPlanReport,
                    {"plan": plan, "url": url},
                    {
                        "kind": kind,
                        "title": title,
                        "published_on": _d(date),
                        "author": author,
                    },
                )
    return (
        f"{count} action plans, {len(FEATURES)} sourced checklist answers, "
        f"{len(REPORTS)} reports on plans"
    )
