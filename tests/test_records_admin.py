"""The admins' teacher pages: filters, add, edit, deactivate, scope, queries."""

import pytest
from django.urls import reverse

from accounts.models import User
from teachers.models import Teacher
from tests.factories import TeacherFactory, UnitFactory, valid_id_number

pytestmark = pytest.mark.django_db


def _names(response):
    return {t.name for t in response.context["page"]}


def test_county_list_filters_by_unit_stage_subject_and_status(
    client, county_admin, unit
):
    second = UnitFactory(name="石家庄市长安区第二中学")
    TeacherFactory(unit=unit, name="甲", stage="小学", subject="语文")
    TeacherFactory(unit=second, name="乙", stage="初中", subject="数学")
    TeacherFactory(
        unit=second,
        name="丙",
        stage="初中",
        subject="语文",
        employment_status="retired",
    )
    client.force_login(county_admin)
    url = reverse("teachers:teacher_list")

    assert _names(client.get(url, {"unit": second.pk})) == {"乙", "丙"}
    assert _names(client.get(url, {"stage": "初中", "subject": "语文"})) == {"丙"}
    assert _names(client.get(url, {"status": "active"})) == {"甲", "乙"}
    assert _names(client.get(url, {"q": "乙"})) == {"乙"}
    page = client.get(url).content.decode()
    assert "石家庄市长安区第二中学</option>" in page


def test_city_admin_filters_by_county_and_browses_read_only(
    client, city_admin, teacher, other_teacher
):
    client.force_login(city_admin)

    listing = client.get(reverse("teachers:teacher_list"), {"region": "130104"})
    detail = client.get(reverse("teachers:teacher_detail", args=[teacher.pk]))

    assert _names(listing) == {"李老师"}
    html = detail.content.decode()
    assert "编辑资料" not in html and "发起异动" not in html
    assert teacher.id_number not in html  # masked above the county
    assert teacher.id_number[:6] + "********" in html


def test_city_admin_sees_the_email_masked_in_profile_and_audit_trail(
    client, city_admin, county_admin, teacher
):
    teacher.email = "zhanglaoshi@example.com"
    teacher.save(update_fields=["email"])
    teacher.events.create(
        actor=county_admin, kind="contact", field="email",
        old_value="old.address@example.com", new_value="zhanglaoshi@example.com",
    )  # fmt: skip
    client.force_login(city_admin)

    html = client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).content

    assert b"zhanglaoshi@example.com" not in html
    assert b"old.address@example.com" not in html
    assert b"zh***@example.com" in html


def test_county_admin_sees_full_id_and_phone_on_detail(client, county_admin, teacher):
    client.force_login(county_admin)

    html = client.get(reverse("teachers:teacher_detail", args=[teacher.pk])).content

    assert teacher.id_number in html.decode() and teacher.phone in html.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_teacher_list_queries_do_not_grow_with_teachers(
    client, county_admin, unit, count, django_assert_max_num_queries
):
    for _ in range(count):
        TeacherFactory(unit=unit)
    client.force_login(county_admin)

    with django_assert_max_num_queries(10):
        response = client.get(
            reverse("teachers:teacher_list"), {"stage": "", "unit": unit.pk}
        )

    assert len(response.context["page"]) == min(count, 20)


def test_province_teacher_list_queries_are_bounded(
    client, province_admin, unit, other_unit, django_assert_max_num_queries
):
    for index in range(25):
        TeacherFactory(unit=unit if index % 2 else other_unit)
    client.force_login(province_admin)

    with django_assert_max_num_queries(10):
        client.get(reverse("teachers:teacher_list"), {"region": "130102"})


def test_county_admin_adds_a_teacher_with_the_initial_password_state(
    client, county_admin, unit
):
    number = valid_id_number(sex="female")
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:teacher_create"),
        {
            "name": "新 老师",
            "id_number": number.lower(),
            "unit": unit.pk,
            "phone": "13912345678",
            "stage": "小学",
            "subject": "语文",
        },
    )

    assert response.status_code == 302
    teacher = Teacher.objects.get(id_number=number)
    user = teacher.user
    assert teacher.name == "新老师" and teacher.county_id == "130102"
    assert teacher.sex == "female" and teacher.birth_date is not None
    assert user.username == number and user.role == "teacher"
    assert user.uses_initial_password and user.must_change_password
    assert not user.has_usable_password()
    assert user.check_initial_password(number[-6:])
    assert teacher.events.filter(kind="created").exists()


def test_adding_an_existing_id_number_is_refused(client, county_admin, teacher):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:teacher_create"),
        {"name": "重复", "id_number": teacher.id_number, "unit": teacher.unit_id},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]
    assert User.objects.filter(username=teacher.id_number).count() == 1


def test_county_admin_edits_profile_fields_and_each_change_is_audited(
    client, county_admin, teacher
):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:teacher_edit", args=[teacher.pk]),
        {
            "stage": "初中",
            "subject": "物理",
            "phone": "13700000001",
            "qualification_type": "3",
            "qualification_number": "20101300031000001",
        },
    )

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.stage, teacher.subject, teacher.phone) == (
        "初中",
        "物理",
        "13700000001",
    )
    assert set(teacher.events.values_list("field", flat=True)) >= {"stage", "phone"}


def test_qualification_number_of_another_type_is_refused(client, county_admin, teacher):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:teacher_edit", args=[teacher.pk]),
        {"qualification_type": "2", "qualification_number": "20101300031000001"},
    )

    assert "资格种类" in " ".join(
        response.context["form"].errors["qualification_number"]
    )


def test_deactivate_closes_the_login_and_reactivate_opens_it(
    client, county_admin, teacher
):
    client.force_login(county_admin)

    client.post(
        reverse("teachers:teacher_deactivate", args=[teacher.pk]),
        {"status": "retired", "reason": "到龄退休"},
    )
    teacher.refresh_from_db()
    teacher.user.refresh_from_db()
    assert teacher.employment_status == "retired" and not teacher.user.is_active

    client.post(reverse("teachers:teacher_reactivate", args=[teacher.pk]))
    teacher.refresh_from_db()
    teacher.user.refresh_from_db()
    assert teacher.employment_status == "active" and teacher.user.is_active
    assert teacher.events.filter(kind="status").count() == 2


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("teachers:teacher_detail", {}),
        ("teachers:teacher_edit", {"stage": "初中"}),
        ("teachers:teacher_key_fields", {"name": "改名", "reason": "x"}),
        ("teachers:teacher_deactivate", {"status": "left"}),
        ("teachers:transfer_create", {"to_county": "130104", "reason": "x"}),
    ],
)
def test_county_admin_cannot_see_or_change_another_countys_teacher(
    client, county_admin, other_teacher, name, data
):
    client.force_login(county_admin)

    method = client.post if data else client.get
    response = method(reverse(name, args=[other_teacher.pk]), data)

    assert response.status_code == 404
    other_teacher.refresh_from_db()
    assert other_teacher.name == "李老师" and other_teacher.stage == ""
    assert other_teacher.employment_status == "active"
