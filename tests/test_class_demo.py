"""The demo data shows the whole pipeline on first run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from projects.demo import demo_teacher
from projects.models import Enrollment
from projects.space_views import tab_conditions

pytestmark = pytest.mark.django_db


def test_demo_has_enrollments_in_every_state_and_the_teacher_in_every_tab():
    call_command("load_demo", teachers=300, stdout=io.StringIO())

    states = set(Enrollment.objects.values_list("state", flat=True))
    mine = Enrollment.objects.filter(teacher=demo_teacher())
    tabs = {
        name: mine.filter(condition).count()
        for name, condition in tab_conditions(timezone.localdate()).items()
    }

    assert states == set(Enrollment.State)
    assert tabs == {"upcoming": 1, "ongoing": 1, "finished": 1}
    assert all(e.events.exists() for e in mine)
