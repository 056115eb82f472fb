"""The network's back office, one module a domain; importing this package registers
them all with the secretariat's site (``network.admin_site``).

- ``base``: machinery the apps' admins share (normalised search, region filter);
- ``members``: members, organisations, regions, themes, languages;
- ``accounts``: users and partner tokens;
- ``action_plans``: plans, their checklist and reports, the CSV import;
- ``audit``: the export log and recent changes to personal data;
- ``library``: the library's own documents (plan texts, guidance);
- ``tasks``: background tasks, with the filter of those needing attention.
"""

from network.admin import accounts, action_plans, audit, library, members, tasks  # noqa: F401
