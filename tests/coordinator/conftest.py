"""Fixtures of the coordinator's week: a directory with plans, a meeting ahead."""

import datetime

import pytest

from focalpoints import services
from focalpoints.choices import Role
from focalpoints.models import Person
from network.models import Language
from tests.factories import make_meeting
from tests.network.action_plan_fixtures import plan


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    # Invitations are sent by a background task; here it runs when enqueued.
    settings.TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "newsletters"],
        }
    }


@pytest.fixture(autouse=True)
def _after_commit_at_once(monkeypatch):
    # The test's transaction never commits: what waits for the commit (the
    # send tasks) runs at once instead, as it would right after a real commit.
    monkeypatch.setattr(
        "django.db.transaction.on_commit", lambda func, using=None, robust=False: func()
    )


@pytest.fixture
def spain_plan(spain):
    """Spain has an active national plan; Kenya and ECOWAS have none."""
    return plan(spain, 2, adopted=2017, start=2017, end=2099, title="Spain's second plan")


@pytest.fixture
def ecowas_point(ecowas):
    """ECOWAS's focal point, who works in French."""
    person = Person.objects.create(
        given_name="Aminata", family_name="Diallo", email="aminata@example.org"
    )
    person.languages.set([Language.objects.get(code="fr")])
    services.appoint_person(person, ecowas, Role.FOCAL_POINT, start_on=datetime.date(2019, 1, 1))
    return person


@pytest.fixture
def kenya_alternate(kenya):
    """Kenya's alternate focal point (not a focal point)."""
    person = Person.objects.create(given_name="Otieno", family_name="Were", email="o@example.org")
    services.appoint_person(person, kenya, Role.ALTERNATE, start_on=datetime.date(2019, 1, 1))
    return person


@pytest.fixture
def directory(spain_plan, adela, mary, ecowas_point, kenya_alternate):
    """Adela (Spain, active plan), Mary (Kenya, no plan), Aminata (ECOWAS, no
    plan), Otieno (Kenya's alternate)."""
    return {"adela": adela, "mary": mary, "aminata": ecowas_point, "otieno": kenya_alternate}


@pytest.fixture
def meeting(db):
    """A planned meeting a month ahead with two places."""
    return make_meeting("vienna-next", capacity=2)
