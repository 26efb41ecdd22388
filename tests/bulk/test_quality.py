"""Data-quality rules: counts by tier, drill-down, blocking problems, queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from teachers import quality
from teachers.models import Teacher
from tests.factories import TeacherFactory, UnitFactory, valid_id_number

pytestmark = pytest.mark.django_db

COMPLETE = {
    "ethnicity": "汉族",
    "political_status": "群众",
    "stage": "小学",
    "subject": "数学",
    "highest_education": "本科",
    "work_start_date": datetime.date(2010, 9, 1),
    "photo": "photos/x.jpg",
}


def clean_teacher(unit, **changes):
    """A teacher with no data-quality problem unless `changes` adds one."""
    number = valid_id_number(unit.county_id, birth=datetime.date(1985, 3, 4))
    values = {**COMPLETE, "unit": unit, "id_number": number, "sex": "male",
              "birth_date": datetime.date(1985, 3, 4), **changes}  # fmt: skip
    return TeacherFactory(**values)


def codes_of(teacher, user):
    teachers = quality.scope_teachers(user)
    return {
        rule.code
        for rule in quality.RULES
        if quality.filter_teachers(teachers, rule.code).filter(pk=teacher.pk).exists()
    }


def test_a_complete_teacher_breaks_no_rule(unit, county_admin):
    teacher = clean_teacher(unit, name="王芳")

    assert codes_of(teacher, county_admin) == set()
    assert quality.blocking_problems(teacher) == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"id_number": "130102198501011235"}, "id_invalid"),
        ({"sex": "female"}, "id_mismatch"),
        ({"birth_date": datetime.date(1990, 1, 1)}, "id_mismatch"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"unit": None}, "unit_invalid"),
        ({"qualification_number": "20991300021000123"}, "qualification_invalid"),
        (
            {"qualification_number": "20191300021000123", "qualification_type": "3"},
            "qualification_invalid",
        ),
        ({"photo": ""}, "photo_missing"),
        ({"ethnicity": ""}, "required_missing"),
        ({"work_start_date": None}, "required_missing"),
    ],
)
def test_each_rule_finds_its_problem(unit, county_admin, changes, code):
    teacher = clean_teacher(unit, name="王芳")
    Teacher.objects.filter(pk=teacher.pk).update(**changes)

    assert codes_of(teacher, county_admin) == {code}


def test_a_unit_of_another_county_or_inactive_is_flagged(
    unit, other_unit, county_admin
):
    elsewhere = clean_teacher(unit)
    Teacher.objects.filter(pk=elsewhere.pk).update(unit=other_unit)
    closed = clean_teacher(UnitFactory(name="已撤并小学", is_active=False))

    assert codes_of(elsewhere, county_admin) == {"unit_invalid"}
    assert codes_of(closed, county_admin) == {"unit_invalid"}


def test_shared_phones_and_duplicate_id_numbers_are_found(unit, county_admin):
    first = clean_teacher(unit, phone="13900000001")
    second = clean_teacher(unit, phone="13900000001")
    upper = clean_teacher(unit)
    upper_x = valid_id_number(unit.county_id)
    while not upper_x.endswith("X"):
        upper_x = valid_id_number(unit.county_id)
    Teacher.objects.filter(pk=upper.pk).update(id_number=upper_x)
    lower = clean_teacher(unit)
    Teacher.objects.filter(pk=lower.pk).update(id_number=upper_x[:-1] + "x")
    lower.refresh_from_db()

    assert codes_of(first, county_admin) == {"phone_shared"}
    assert codes_of(second, county_admin) == {"phone_shared"}
    assert "id_duplicate" in codes_of(lower, county_admin)
    assert "id_duplicate" in codes_of(upper, county_admin)
    assert "身份证号与其他教师重复。" in quality.blocking_problems(lower)
    assert "手机号与其他在职教师重复。" in quality.blocking_problems(first)


def test_blocking_problems_name_the_id_number_and_phone(unit):
    teacher = clean_teacher(unit, phone="", sex="female")
    Teacher.objects.filter(pk=teacher.pk).update(id_number="130102198501011235")
    teacher.refresh_from_db()

    problems = quality.blocking_problems(teacher)

    assert any("校验位" in problem for problem in problems)
    assert "手机号未填写。" in problems


def test_report_counts_by_tier_below_for_each_role(
    unit, other_unit, county_admin, city_admin, province_admin
):
    clean_teacher(unit, photo="")
    clean_teacher(unit, photo="")
    clean_teacher(other_unit, photo="")
    baoding = UnitFactory(name="保定市竞秀区实验小学", county_id="130602")
    clean_teacher(baoding, photo="")

    county_lines, county_total = quality.report(county_admin)
    city_lines, city_total = quality.report(city_admin)
    province_lines, province_total = quality.report(province_admin)

    by_name = {line.name: line.counts["photo_missing"] for line in county_lines}
    assert by_name[unit.name] == 2
    assert county_total.counts["photo_missing"] == 2
    by_code = {line.code: line.counts["photo_missing"] for line in city_lines}
    assert by_code["130102"] == 2 and by_code["130104"] == 1
    assert city_total.counts["photo_missing"] == 3
    by_code = {line.code: line.counts["photo_missing"] for line in province_lines}
    assert by_code["130100"] == 3 and by_code["130600"] == 1
    assert province_total.counts["photo_missing"] == 4
    assert province_total.teachers == 4


def test_quality_page_links_to_the_filtered_teacher_list(
    client, unit, county_admin, other_teacher
):
    broken = clean_teacher(unit, phone="12345")
    fine = clean_teacher(unit)
    client.force_login(county_admin)

    page = client.get(reverse("bulk:quality"))
    listing = client.get(reverse("teachers:teacher_list"), {"problem": "phone_invalid"})

    assert f"?problem=phone_invalid&amp;unit={unit.pk}" in page.content.decode()
    names = [t.name for t in listing.context["page"]]
    assert names == [broken.name]
    assert fine.name not in names and other_teacher.name not in names


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["county_admin", "city_admin", "province_admin"])
def test_quality_page_queries_do_not_grow_with_teachers(client, unit, request, persona):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("bulk:quality")
    clean_teacher(unit, phone="12345")
    few = _query_count(client, url)

    for _ in range(15):
        clean_teacher(unit, phone="12345", sex="female")
        clean_teacher(UnitFactory(), qualification_number="1")

    assert _query_count(client, url) == few
    assert few <= 12


def test_quality_export_is_logged(client, unit, city_admin):
    clean_teacher(unit, photo="")
    client.force_login(city_admin)

    response = client.get(reverse("bulk:quality_export"))

    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert city_admin.exports.get().kind == "quality_export"
