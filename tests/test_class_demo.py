"""The demo data shows the whole pipeline on first run."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from projects.class_forms import institution_projects
from projects.demo import demo_teacher
from projects.models import Enrollment, TrainingProject
from projects.space_views import tab_conditions

pytestmark = pytest.mark.django_db


def test_demo_has_enrollments_in_every_state_and_the_teacher_in_every_tab():
    call_command("load_demo", teachers=300, stdout=io.StringIO())

    statuses = set(TrainingProject.objects.values_list("status", flat=True))
    states = set(Enrollment.objects.values_list("state", flat=True))
    mine = Enrollment.objects.filter(teacher=demo_teacher())
    tabs = {
        name: mine.filter(condition).count()
        for name, condition in tab_conditions(timezone.localdate()).items()
    }

    assert statuses == set(TrainingProject.Status)
    assert states == set(Enrollment.State)
    assert tabs == {"upcoming": 1, "ongoing": 1, "finished": 1}
    assert all(e.events.exists() for e in mine)


def test_the_demo_draft_is_listed_for_the_province_only():
    call_command("load_demo", teachers=60, stdout=io.StringIO())
    users = {u.username: u for u in User.objects.filter(is_superuser=False)}
    draft = TrainingProject.objects.get(status=TrainingProject.Status.DRAFT)

    listed = {
        name: TrainingProject.objects.visible_to(users[name]).contains(draft)
        for name in ("province_admin", "sjz_admin", "changan_admin")
    }
    staff = users["hebnu_staff"]

    assert listed == {
        "province_admin": True,
        "sjz_admin": False,
        "changan_admin": False,
    }
    assert draft.institutions.filter(pk=staff.institution_id).exists()
    assert not institution_projects(staff).contains(draft)
    assert not draft.enrollments.exists()
