"""The teacher's 继续教育: three tabs, the timeline, only their own projects."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from projects.models import Enrollment, TrainingProject
from tests.plugins.classes import make_class

S = Enrollment.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def project_factory(institution_staff):
    """Closed projects (selection over, training on) of the persona's institution."""

    def _make(name, start, **fields):
        project = TrainingProject.objects.create(
            year=start.year, name=name, level=TrainingProject.Level.PROVINCIAL,
            category="骨干教师培训", nature=TrainingProject.Nature.OFFLINE, hours=40,
            start_date=start, end_date=start + datetime.timedelta(days=5),
            nomination_deadline=start - datetime.timedelta(days=20),
            status=TrainingProject.Status.CLOSED, **fields,
        )  # fmt: skip
        project.institutions.add(institution_staff.institution)
        return project

    return _make


@pytest.fixture
def three_projects(teacher, class_enroll, project_factory, institution_staff):
    today = timezone.localdate()
    later = project_factory("班主任培训", today + datetime.timedelta(days=30))
    now = project_factory("信息技术培训", today - datetime.timedelta(days=1))
    past = project_factory("骨干教师培训", today - datetime.timedelta(days=90))
    institution = institution_staff.institution
    return {
        "upcoming": class_enroll(teacher, S.ASSIGNED, project=later),
        "ongoing": class_enroll(
            teacher, S.NOTIFIED, make_class(now, institution, "一班"), project=now
        ),
        "finished": class_enroll(
            teacher, S.PASSED, make_class(past, institution, "二班"), project=past
        ),
    }


def _tab(client, tab, **params):
    return client.get(reverse("space:training"), {"tab": tab, **params})


def test_each_tab_shows_its_projects(client, teacher_user, three_projects):
    client.force_login(teacher_user)

    shown = {
        tab: [e.project.name for e in _tab(client, tab).context["page"]]
        for tab in ("upcoming", "ongoing", "finished")
    }

    assert shown == {
        "upcoming": ["班主任培训"],
        "ongoing": ["信息技术培训"],
        "finished": ["骨干教师培训"],
    }


def test_ongoing_tab_offers_remote_learning_and_the_notice(
    client, teacher_user, three_projects, institution_staff
):
    institution = institution_staff.institution
    institution.platform_url = "https://learn.example.edu.cn/"
    institution.save(update_fields=["platform_url"])
    client.force_login(teacher_user)

    content = _tab(client, "ongoing").content.decode()

    assert "进入远程学习" in content
    assert "https://learn.example.edu.cn/" in content
    notice = reverse("space:training_notice", args=[three_projects["ongoing"].pk])
    assert notice in content


def test_upcoming_detail_shows_the_timeline_as_the_manual(
    client, teacher_user, three_projects
):
    client.force_login(teacher_user)
    enrollment = three_projects["upcoming"]

    response = client.get(reverse("space:training_detail", args=[enrollment.pk]))

    content = response.content.decode()
    steps = ["县级提交到市级", "市级提交到省级", "已分配至河北师范大学"]
    positions = [content.index(step) for step in steps]
    assert positions == sorted(positions)
    assert timezone.localdate().strftime("%Y-%m-%d") in content


def test_finished_detail_shows_the_scores_and_no_certificate_button(
    client, teacher_user, three_projects
):
    client.force_login(teacher_user)
    enrollment = three_projects["finished"]

    content = client.get(
        reverse("space:training_detail", args=[enrollment.pk])
    ).content.decode()

    for expected in ("集中学习成绩", "86.00", "90.00", "总成绩", "河北师范大学"):
        assert expected in content
    assert "证书" not in content


def test_finished_tab_searches_by_year_and_name(client, teacher_user, three_projects):
    client.force_login(teacher_user)
    year = three_projects["finished"].project.year

    found = _tab(client, "finished", q="骨干", year=year).context["page"]
    missed = _tab(client, "finished", q="骨干", year=year - 5).context["page"]

    assert [e.project.name for e in found] == ["骨干教师培训"]
    assert list(missed) == []


def test_a_teacher_sees_only_their_own_enrollments(
    client, teacher_user, other_teacher, three_projects, class_project
):
    theirs = Enrollment.objects.create(
        project=class_project, teacher=other_teacher, county_id=other_teacher.county_id
    )
    client.force_login(teacher_user)

    listed = [
        e.pk
        for tab in ("upcoming", "ongoing", "finished")
        for e in _tab(client, tab).context["page"]
    ]
    detail = client.get(reverse("space:training_detail", args=[theirs.pk]))

    assert theirs.pk not in listed
    assert detail.status_code == 404


def test_training_page_queries_do_not_grow_with_enrollments(
    client, teacher_user, teacher, class_enroll, project_factory,
    django_assert_max_num_queries,
):  # fmt: skip
    today = timezone.localdate()
    client.force_login(teacher_user)
    class_enroll(teacher, S.ASSIGNED, project=project_factory("项目0", today))
    with CaptureQueriesContext(connection) as few:
        _tab(client, "ongoing")
    for index in range(1, 6):
        class_enroll(
            teacher, S.ASSIGNED, project=project_factory(f"项目{index}", today)
        )

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = _tab(client, "ongoing")

    assert len(response.context["page"]) == 6
