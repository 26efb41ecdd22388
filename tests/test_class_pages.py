"""Institution pages: scope, classes, placement and the class notice."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification
from accounts.scope import Role
from accounts.senders import MemorySender
from projects.class_forms import TrainingClassForm
from projects.demo import advance
from projects.models import Enrollment, TrainingClass
from tests.factories import TeacherFactory
from tests.plugins.classes import make_class

S = Enrollment.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign(
    other_teacher, class_project, actors, neighbor_admin, other_institution_staff
):
    """李老师 (桥西区), notified in a class of 石家庄学院, another institution."""
    class_project.institutions.add(other_institution_staff.institution)
    foreign_class = make_class(
        class_project, other_institution_staff.institution, name="石院一班"
    )
    enrollment = Enrollment.objects.create(
        project=class_project, teacher=other_teacher, county_id=other_teacher.county_id
    )
    their_actors = {
        **actors,
        Role.COUNTY_ADMIN: neighbor_admin,
        Role.INSTITUTION_STAFF: other_institution_staff,
    }
    advance(enrollment, S.NOTIFIED, actors=their_actors, training_class=foreign_class)
    return enrollment


def test_institution_lists_only_its_assigned_enrollments(
    client, institution_staff, class_enrollment, foreign
):
    client.force_login(institution_staff)

    response = client.get(reverse("classes:enrollment_list"))

    names = [e.teacher.name for e in response.context["page"]]
    assert names == ["张老师"]


@pytest.mark.parametrize(
    "name", ["classes:enrollment_detail", "classes:enrollment_notice_pdf"]
)
def test_institution_cannot_open_another_institutions_enrollment(
    client, institution_staff, foreign, name
):
    client.force_login(institution_staff)

    response = client.get(reverse(name, args=[foreign.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["classes:class_detail", "classes:class_edit", "classes:check_in",
     "classes:score_grid", "classes:score_template", "classes:class_notice_pdf"],
)  # fmt: skip
def test_institution_cannot_open_another_institutions_class(
    client, institution_staff, foreign, name
):
    client.force_login(institution_staff)

    response = client.get(reverse(name, args=[foreign.training_class_id]))

    assert response.status_code == 404


def test_staff_create_a_class_for_their_project(
    client, institution_staff, class_project
):
    client.force_login(institution_staff)
    data = {
        "project": class_project.pk,
        "name": "信息技术二班",
        "start_date": "2026-03-01",
        "end_date": "2026-03-05",
        "place": "河北师范大学",
        "capacity": "40",
        "contact_person": "王老师",
        "contact_phone": "0311-80780001",
        "notice_text": "请携带身份证。",
    }

    response = client.post(reverse("classes:class_create"), data)

    created = TrainingClass.objects.get(name="信息技术二班")
    assert created.institution == institution_staff.institution
    assert response.url == reverse("classes:class_detail", args=[created.pk])


def test_class_dates_must_lie_within_the_project(
    client, institution_staff, class_project
):
    client.force_login(institution_staff)
    data = {
        "project": class_project.pk, "name": "错班", "start_date": "2026-04-01",
        "end_date": "2026-04-05", "place": "石家庄", "capacity": "10",
        "contact_person": "王老师", "contact_phone": "13900000000",
    }  # fmt: skip

    response = client.post(reverse("classes:class_create"), data)

    assert response.status_code == 200
    assert "班级时间须在项目时间" in response.content.decode()
    assert not TrainingClass.objects.filter(name="错班").exists()


def test_placing_fills_a_class_up_to_its_capacity_and_no_further(
    client, institution_staff, class_project, class_enroll, unit
):
    small = make_class(class_project, institution_staff.institution, capacity=2)
    waiting = [class_enroll(TeacherFactory(unit=unit), S.ASSIGNED) for _ in range(3)]
    client.force_login(institution_staff)

    response = client.post(
        reverse("classes:place"),
        {"training_class": small.pk, "enrollments": [e.pk for e in waiting]},
        follow=True,
    )

    assert "还剩 2 个名额，不能分入 3 人" in response.content.decode()
    assert not Enrollment.objects.filter(training_class=small).exists()

    client.post(
        reverse("classes:place"),
        {"training_class": small.pk, "enrollments": [e.pk for e in waiting[:2]]},
    )

    assert Enrollment.objects.filter(training_class=small, state=S.PLACED).count() == 2


def test_placed_teachers_are_told_their_class_dates_and_place_in_one_insert(
    client, institution_staff, empty_class, class_enroll, unit
):
    waiting = [class_enroll(TeacherFactory(unit=unit), S.ASSIGNED) for _ in range(3)]
    client.force_login(institution_staff)

    with CaptureQueriesContext(connection) as queries:
        client.post(
            reverse("classes:place"),
            {"training_class": empty_class.pk, "enrollments": [e.pk for e in waiting]},
        )

    notes = Notification.objects.filter(user__teacher__enrollments__in=waiting)
    assert notes.count() == 3
    note = notes.first()
    assert note.title == "您已分入班级“信息技术一班”"
    assert "2026年03月01日至2026年03月10日" in note.body
    assert "河北师范大学继续教育学院" in note.body
    assert note.link == reverse("space:training")
    inserts = [
        q for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "accounts_notification"')
    ]  # fmt: skip
    assert len(inserts) == 1
    assert not MemorySender.outbox


def test_a_crafted_post_cannot_place_another_institutions_enrollment(
    client, institution_staff, empty_class, foreign
):
    client.force_login(institution_staff)

    response = client.post(
        reverse("classes:place"),
        {"training_class": empty_class.pk, "enrollments": [foreign.pk]},
        follow=True,
    )

    foreign.refresh_from_db()
    assert foreign.training_class != empty_class
    assert "所选学员不存在或不能分班" in response.content.decode()


def test_a_crafted_post_cannot_place_into_another_institutions_class(
    client, institution_staff, class_project, class_enroll, foreign, unit
):
    waiting = class_enroll(TeacherFactory(unit=unit), S.ASSIGNED)
    client.force_login(institution_staff)

    client.post(
        reverse("classes:place"),
        {"training_class": foreign.training_class_id, "enrollments": [waiting.pk]},
    )

    waiting.refresh_from_db()
    assert waiting.state == S.ASSIGNED
    assert waiting.training_class is None


def test_publishing_the_notice_moves_placed_teachers_and_messages_them(
    client, institution_staff, empty_class, class_enroll, teacher
):
    placed = class_enroll(teacher, S.PLACED, empty_class)
    client.force_login(institution_staff)

    client.post(reverse("classes:publish_notice", args=[empty_class.pk]))

    placed.refresh_from_db()
    empty_class.refresh_from_db()
    assert placed.state == S.NOTIFIED
    assert empty_class.notice_published_at is not None
    notification = Notification.objects.get(user=teacher.user)
    assert "开班通知" in notification.title
    assert [m.to for m in MemorySender.outbox] == [teacher.phone]
    assert placed.events.filter(action="notify").exists()


def test_publishing_with_nobody_waiting_says_so(client, institution_staff, empty_class):
    client.force_login(institution_staff)

    response = client.post(
        reverse("classes:publish_notice", args=[empty_class.pk]), follow=True
    )

    assert "本班没有待通知的学员" in response.content.decode()
    empty_class.refresh_from_db()
    assert empty_class.notice_published_at is None


@pytest.mark.parametrize("persona", ["county_admin", "province_admin", "teacher_user"])
def test_other_roles_cannot_publish_a_notice(client, request, training_class, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("classes:publish_notice", args=[training_class.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "name",
    ["classes:enrollment_list", "classes:project_list", "classes:class_list"],
)
def test_institution_list_queries_do_not_grow_with_enrollments(
    client,
    institution_staff,
    empty_class,
    class_enroll,
    unit,
    name,
    django_assert_max_num_queries,
):
    client.force_login(institution_staff)
    for _ in range(2):
        class_enroll(TeacherFactory(unit=unit), S.PLACED, empty_class)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(name))
    for _ in range(8):
        class_enroll(TeacherFactory(unit=unit), S.PLACED, empty_class)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize(
    "name", ["classes:class_detail", "classes:check_in", "classes:score_grid"]
)
def test_class_page_queries_do_not_grow_with_its_teachers(
    client, institution_staff, empty_class, class_enroll, unit, name,
    django_assert_max_num_queries,
):  # fmt: skip
    client.force_login(institution_staff)
    url = reverse(name, args=[empty_class.pk])
    class_enroll(TeacherFactory(unit=unit), S.PLACED, empty_class)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for state in (S.PLACED, S.NOTIFIED, S.CHECKED_IN, S.PASSED, S.REFUSED, S.FAILED):
        class_enroll(TeacherFactory(unit=unit), state, empty_class)

    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_a_crafted_post_cannot_move_a_checked_in_teacher_to_another_class(
    client, institution_staff, training_class, class_enrollment, class_project
):
    from projects import pipeline

    pipeline.apply(class_enrollment, "check_in", actor=institution_staff)
    other = make_class(class_project, institution_staff.institution, name="二班")
    client.force_login(institution_staff)

    client.post(
        reverse("classes:place"),
        {"training_class": other.pk, "enrollments": [class_enrollment.pk]},
    )

    class_enrollment.refresh_from_db()
    assert class_enrollment.training_class == training_class
    assert class_enrollment.state == S.CHECKED_IN


def test_a_crafted_check_in_outcome_outside_the_choices_is_refused(
    client, institution_staff, training_class, class_enrollment
):
    client.force_login(institution_staff)

    response = client.post(
        reverse("classes:check_in", args=[training_class.pk]),
        {f"outcome_{class_enrollment.pk}": "pass"},
    )

    class_enrollment.refresh_from_db()
    assert class_enrollment.state == S.NOTIFIED
    assert response.status_code == 200


def test_capacity_cannot_shrink_below_the_seated_teachers(
    client, institution_staff, training_class, class_enroll, unit
):
    class_enroll(TeacherFactory(unit=unit), S.PLACED, training_class)
    client.force_login(institution_staff)
    data = {
        "name": training_class.name,
        "start_date": "2026-03-01",
        "end_date": "2026-03-10",
        "place": training_class.place,
        "capacity": "1",
        "contact_person": "李老师",
        "contact_phone": "0311-80780000",
    }

    response = client.post(
        reverse("classes:class_edit", args=[training_class.pk]), data
    )

    assert "本班已有 2 名学员" in response.content.decode()
    training_class.refresh_from_db()
    assert training_class.capacity == 30


def test_a_failing_sms_does_not_undo_the_published_notice(
    institution_staff, empty_class, class_enroll, teacher, monkeypatch, caplog
):
    from accounts import senders
    from projects import classes

    placed = class_enroll(teacher, S.PLACED, empty_class)

    def broken(*args, **kwargs):
        raise ConnectionError("gateway down")

    monkeypatch.setattr(senders, "send", broken)

    count = classes.publish_notice(training_class=empty_class, actor=institution_staff)

    placed.refresh_from_db()
    assert (count, placed.state) == (1, S.NOTIFIED)
    assert f"Message to user {teacher.user.pk} failed" in caplog.text


def test_project_list_searches_by_name(client, institution_staff, class_project):
    client.force_login(institution_staff)

    found = client.get(reverse("classes:project_list"), {"q": "信息技术"})
    missed = client.get(reverse("classes:project_list"), {"q": "班主任"})

    assert [row[0] for row in found.context["rows"]] == [class_project]
    assert missed.context["rows"] == []


def test_class_pages_keep_the_class_menu_item_highlighted(
    client, institution_staff, training_class
):
    client.force_login(institution_staff)

    response = client.get(reverse("classes:check_in", args=[training_class.pk]))

    active = response.content.decode().split('active" href="')[1].split('"')[0]
    assert active == reverse("classes:class_list")


def test_a_class_name_taken_between_check_and_save_is_a_form_error(
    class_project, institution_staff
):
    data = {
        "project": class_project.pk,
        "name": "数学一班",
        "start_date": class_project.start_date,
        "end_date": class_project.end_date,
        "place": "河北师范大学",
        "capacity": 30,
        "contact_person": "李老师",
        "contact_phone": "0311-80780000",
        "notice_text": "",
    }
    form = TrainingClassForm(data, user=institution_staff)
    assert form.is_valid(), form.errors
    # Another staff member saves the same name after this form was checked.
    make_class(class_project, institution_staff.institution, name="数学一班")

    assert form.save_or_report() is None

    assert form.errors["name"] == ["本项目已有名为“数学一班”的班级。"]
    assert TrainingClass.objects.filter(name="数学一班").count() == 1
