"""Two staff placing teachers into the last seat at once: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from projects import classes
from projects.models import Enrollment
from tests.factories import TeacherFactory, reload_regions_if_flushed
from tests.plugins.classes import make_class

S = Enrollment.State
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL"
    ),
]


@pytest.fixture
def regions(transactional_db):
    reload_regions_if_flushed()


@pytest.mark.django_db(transaction=True)
def test_two_placements_racing_for_the_last_seat(
    regions, class_project, institution_staff, class_enroll, unit
):
    seat = make_class(class_project, institution_staff.institution, capacity=1)
    rivals = [class_enroll(TeacherFactory(unit=unit), S.ASSIGNED) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = []

    def place(enrollment):
        try:
            barrier.wait()
            classes.place(
                training_class=seat, enrollments=[enrollment], actor=institution_staff
            )
            outcomes.append("placed")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=place, args=[e]) for e in rivals]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["full", "placed"]
    assert seat.enrollments.count() == 1
