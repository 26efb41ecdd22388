"""Fixtures of the projects pipeline: an open project with quotas, enrollments."""

import datetime

import pytest

from accounts.models import User
from accounts.scope import Role
from projects import pipeline
from projects.forms import ProjectForm
from projects.models import Enrollment, Institution, Quota, TrainingProject
from tests.factories import AdminFactory

S = Enrollment.State


@pytest.fixture
def training_institution(db):
    """An institution of the project; the `institution_staff` persona is not its."""
    return Institution.objects.create(name="华北理工大学", contact_person="王老师")


@pytest.fixture
def project(training_institution):
    """An open provincial project: 石家庄 10 places, 长安区 5, 桥西区 3, 辛集 2."""
    project = TrainingProject.objects.create(
        year=2026,
        name="2026年省培骨干教师培训",
        level=TrainingProject.Level.PROVINCIAL,
        category="骨干教师培训",
        nature=TrainingProject.Nature.BLENDED,
        hours=60,
        start_date=datetime.date(2026, 7, 1),
        end_date=datetime.date(2026, 7, 10),
        nomination_deadline=datetime.date(2026, 6, 1),
        status=TrainingProject.Status.OPEN,
        planned_places=100,
    )
    project.institutions.add(training_institution)
    for code, amount in {
        "130100": 10,
        "130102": 5,
        "130104": 3,
        "130181": 2,
    }.items():
        Quota.objects.create(project=project, region_id=code, amount=amount)
    return project


@pytest.fixture
def draft_project(project):
    """A project the province has not opened: only the province sees it."""
    return TrainingProject.objects.create(
        year=2026,
        name="2027年国培计划（草稿）",
        level=TrainingProject.Level.NATIONAL,
        category="培训者研修",
        nature=TrainingProject.Nature.OFFLINE,
        hours=40,
        start_date=datetime.date(2027, 3, 1),
        end_date=datetime.date(2027, 3, 5),
        nomination_deadline=datetime.date(2027, 2, 1),
    )


@pytest.fixture
def project_edit_data():
    """The project form as its edit page posts it back, with some changes."""

    def _data(project, **changes):
        form = ProjectForm(instance=project)
        values = {name: form[name].value() for name in form.fields}
        return {k: v for k, v in values.items() if v is not None} | changes

    return _data


@pytest.fixture
def enroll(project):
    """Select a teacher into the project and move the enrollment by actions."""

    def _enroll(teacher, *actions, actor=None, institution=None, note="原因"):
        enrollment = Enrollment.objects.create(
            project=project, teacher=teacher, county=teacher.county
        )
        for action in actions:
            who = actor or _actor_for(action, teacher.county)
            changes = {}
            if action == "province_assign":
                changes["institution"] = institution or project.institutions.first()
            pipeline.apply(enrollment, action, actor=who, note=note, **changes)
        return enrollment

    return _enroll


def _actor_for(action, county):
    """An admin of the tier that may take `action` for this county."""
    role = next(iter(pipeline.TRANSITIONS[action].roles))
    region = {
        Role.COUNTY_ADMIN: county.code,
        Role.CITY_ADMIN: county.parent_id,
        Role.PROVINCE_ADMIN: "130000",
    }[role]
    actor = User.objects.filter(role=role, region_id=region).first()
    return actor or AdminFactory(role=role, region_id=region)


@pytest.fixture
def enrollment(teacher, enroll):
    """张老师 of 长安区, selected by the county."""
    return enroll(teacher)


@pytest.fixture
def submitted_enrollment(teacher, enroll):
    """张老师, submitted by 长安区 to the city."""
    return enroll(teacher, "county_submit")
