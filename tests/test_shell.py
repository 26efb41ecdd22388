"""The platform shell: where each role lands, the top bar's 教师培训, the
institution dashboard, deactivated accounts and the unit registry under races."""

import pytest
from axes.models import AccessAttempt
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import User
from hbte import menus
from projects.models import Enrollment
from teachers.forms import UnitForm
from teachers.models import Unit
from tests.factories import TeacherFactory
from tests.helpers import post_login

S = Enrollment.State


@pytest.mark.django_db
def test_superuser_lands_on_the_operations_site(client):
    User.objects.create_superuser("ops", password="Ops@2026x")

    response = post_login(client, "ops", "Ops@2026x")

    assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("home"))["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("teacher_user", "space:training"),
        ("county_admin", "projects:project_list"),
        ("city_admin", "projects:project_list"),
        ("province_admin", "projects:project_list"),
        ("institution_staff", "classes:project_list"),
    ],
)
def test_training_in_the_top_bar_opens_the_roles_training_pages(
    client, login_as, persona, target
):
    login_as(persona)

    response = client.get(reverse("training"))

    assert response["Location"] == reverse(target)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.django_db
def test_personal_centre_link_leads_to_each_roles_home(client, county_admin):
    client.force_login(county_admin)

    page = client.get(reverse("manage:dashboard")).content.decode()

    assert f'href="{reverse("manage:dashboard")}">个人中心' in page


@pytest.mark.django_db
def test_institution_dashboard_counts_its_own_enrollments_by_stage(
    client, institution_staff, other_institution_staff, empty_class, class_enroll, unit
):
    class_enroll(TeacherFactory(unit=unit), S.ASSIGNED)
    class_enroll(TeacherFactory(unit=unit), S.ASSIGNED)
    class_enroll(TeacherFactory(unit=unit), S.NOTIFIED, empty_class)
    class_enroll(TeacherFactory(unit=unit), S.PASSED, empty_class)
    client.force_login(other_institution_staff)
    assert [c["count"] for c in _cards(client)] == [0, 0, 0, 0]

    client.force_login(institution_staff)
    response = client.get(reverse("manage:dashboard"))

    cards = response.context["institution"]["cards"]
    assert {c["label"]: c["count"] for c in cards} == {
        "待分班学员": 2,
        "已分班待报到": 1,
        "已报到待录成绩": 0,
        "已结业": 1,
    }
    assert response.context["institution"]["classes"] == 1
    assert response.context["institution"]["projects"] == 1
    assert f"{reverse('classes:enrollment_list')}?state=assigned" in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_institution_dashboard_queries_do_not_grow_with_enrollments(
    client, institution_staff, class_enroll, unit, django_assert_max_num_queries
):
    client.force_login(institution_staff)
    class_enroll(TeacherFactory(unit=unit), S.ASSIGNED)
    with django_assert_max_num_queries(10) as few:
        client.get(reverse("manage:dashboard"))

    for _ in range(5):
        class_enroll(TeacherFactory(unit=unit), S.ASSIGNED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("manage:dashboard"))


def _cards(client):
    return client.get(reverse("manage:dashboard")).context["institution"]["cards"]


@pytest.mark.django_db
def test_deactivated_teacher_is_told_so_and_not_counted_towards_the_lockout(
    client, teacher
):
    teacher.user.is_active = False
    teacher.user.save(update_fields=["is_active"])

    for _ in range(4):
        response = post_login(client, teacher.id_number, teacher.id_number[-6:])

    assert "该账号已停用，请联系所在区县管理员" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_deactivated_account_with_a_wrong_password_gets_the_usual_message(
    client, teacher
):
    teacher.user.is_active = False
    teacher.user.save(update_fields=["is_active"])

    response = post_login(client, teacher.id_number, "not-the-password")

    assert "账号或密码错误" in response.content.decode()
    assert "停用" not in response.content.decode()


@pytest.mark.django_db
def test_a_unit_name_saved_by_another_admin_a_moment_earlier_is_a_form_error(
    monkeypatch, unit
):
    form = UnitForm(
        {"name": "石家庄市长安区新建小学", "region_type": unit.region_type,
         "category": unit.category, "organizer": unit.organizer, "is_active": "on"},
        county=unit.county,
    )  # fmt: skip
    assert form.is_valid(), form.errors

    def save_after_the_other_admin(commit=True):
        raise IntegrityError("unique constraint")

    monkeypatch.setattr(form, "save", save_after_the_other_admin)

    assert form.save_or_report() is None
    assert "请勿重复添加" in form.errors["name"][0]
    assert not Unit.objects.filter(name="石家庄市长安区新建小学").exists()


@pytest.mark.django_db
def test_password_reset_is_rate_limited_per_address(client, settings, teacher):
    settings.RATELIMIT_PASSWORD_RESET = "2/m"

    statuses = [
        client.post(reverse("accounts:password_reset"), {"code": "000000"}).status_code
        for _ in range(3)
    ]

    assert statuses[-1] == 429
    assert 429 not in statuses[:2]


def test_console_sender_is_the_default_outside_tests():
    from hbte import settings as production_defaults

    assert production_defaults.HBTE_MESSAGE_SENDER == "accounts.senders.ConsoleSender"


@pytest.mark.django_db
def test_institution_menu_lists_its_own_work_once(institution_staff):
    labels = [item.label for item in menus.admin_menu(institution_staff)]

    assert labels == ["工作台", "承培项目", "参训学员", "班级管理"]
