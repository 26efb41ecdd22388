"""Fixtures of the classes area: a project of the institution, a class and
enrollments brought to a state through the pipeline by the personas."""

import datetime

import pytest

from accounts.scope import Role
from projects.demo import advance
from projects.models import Enrollment, Institution, TrainingClass, TrainingProject
from tests.factories import AdminFactory, TeacherFactory

S = Enrollment.State


@pytest.fixture
def actors(county_admin, city_admin, province_admin, institution_staff):
    """Who moves a 长安区 enrollment at each step of the pipeline."""
    return {
        Role.COUNTY_ADMIN: county_admin,
        Role.CITY_ADMIN: city_admin,
        Role.PROVINCE_ADMIN: province_admin,
        Role.INSTITUTION_STAFF: institution_staff,
    }


@pytest.fixture
def class_project(institution_staff):
    """A running provincial project trained by the persona's institution."""
    project = TrainingProject.objects.create(
        year=2026,
        name="2026年省培计划——信息技术应用能力提升",
        level=TrainingProject.Level.PROVINCIAL,
        category="能力提升工程",
        nature=TrainingProject.Nature.BLENDED,
        hours=50,
        start_date=datetime.date(2026, 3, 1),
        end_date=datetime.date(2026, 3, 10),
        nomination_deadline=datetime.date(2026, 2, 1),
        status=TrainingProject.Status.CLOSED,
        offline_weight="0.60",
        online_weight="0.40",
        pass_mark=60,
    )
    project.institutions.add(institution_staff.institution)
    return project


def make_class(project, institution, name="信息技术一班", capacity=30):
    return TrainingClass.objects.create(
        project=project,
        institution=institution,
        name=name,
        start_date=project.start_date,
        end_date=project.end_date,
        place="河北师范大学继续教育学院",
        capacity=capacity,
        contact_person="李老师",
        contact_phone="0311-80780000",
        notice_text="请携带身份证原件报到。",
    )


@pytest.fixture
def empty_class(class_project, institution_staff):
    """A class of the persona's institution with no teachers yet."""
    return make_class(class_project, institution_staff.institution)


@pytest.fixture
def class_enroll(class_project, actors):
    """Make an enrollment of a teacher and move it to a state."""

    def _enroll(teacher, state, training_class=None, project=None):
        project = project or class_project
        enrollment = Enrollment.objects.create(
            project=project, teacher=teacher, county_id=teacher.county_id
        )
        institution = (
            training_class.institution
            if training_class
            else actors[Role.INSTITUTION_STAFF].institution
        )
        advance(
            enrollment,
            state,
            actors=actors,
            institution=institution,
            training_class=training_class,
        )
        enrollment.refresh_from_db()
        return enrollment

    return _enroll


@pytest.fixture
def class_enrollment(teacher, empty_class, class_enroll):
    """张老师, notified in the persona institution's class."""
    return class_enroll(teacher, S.NOTIFIED, empty_class)


@pytest.fixture
def training_class(class_enrollment):
    """The persona institution's class, with 张老师 notified in it."""
    training_class = class_enrollment.training_class
    training_class.notice_published_at = datetime.datetime(
        2026, 2, 20, 9, tzinfo=datetime.UTC
    )
    training_class.save(update_fields=["notice_published_at"])
    return training_class


@pytest.fixture
def other_institution_staff(db):
    """Staff of another institution: sees none of 河北师范大学's enrollments."""
    institution = Institution.objects.create(name="石家庄学院")
    return AdminFactory(
        username="sjzc", role=Role.INSTITUTION_STAFF, institution=institution
    )


@pytest.fixture
def classmates(unit):
    """Factory of more 长安区 teachers."""

    def _make(count):
        return [TeacherFactory(unit=unit) for _ in range(count)]

    return _make
