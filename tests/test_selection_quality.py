"""Records a county must fix before submitting a teacher: name, ID, phone."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from teachers.models import Teacher
from teachers.quality import blocking_problems, problems_by_teacher
from teachers.validators import validate_id_number
from tests.factories import TeacherFactory, valid_id_number

pytestmark = pytest.mark.django_db


def _teacher(**fields):
    values = {"name": "张伟", "id_number": valid_id_number(), "phone": "13912345678"}
    return Teacher(**(values | fields))


def test_a_clean_record_has_no_problems():
    assert blocking_problems(_teacher()) == []


@pytest.mark.parametrize("name", ["阿依古丽·买买提", "欧阳娜娜"])
def test_chinese_names_with_the_middle_dot_pass(name):
    assert blocking_problems(_teacher(name=name)) == []


@pytest.mark.parametrize("name", ["Zhang Wei", "张伟1", "张 伟"])
def test_names_that_are_not_chinese_characters_are_flagged(name):
    assert blocking_problems(_teacher(name=name)) == [
        "姓名应为汉字（少数民族姓名可含“·”）。"
    ]


def test_a_blank_name_is_flagged():
    assert blocking_problems(_teacher(name=" ")) == ["姓名未填写。"]


def test_a_wrong_check_digit_is_flagged():
    number = valid_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")

    problems = blocking_problems(_teacher(id_number=wrong))

    assert problems == [
        "身份证号有误：身份证号校验位（最后一位）不正确，请核对是否抄错。"
    ]


@pytest.mark.parametrize(
    ("phone", "problem"),
    [("", "手机号未填写。"), ("1391234567", "手机号格式不正确。")],
)
def test_a_missing_or_malformed_phone_is_flagged(phone, problem):
    assert blocking_problems(_teacher(phone=phone)) == [problem]


@pytest.mark.parametrize(
    "number",
    [
        # 长安区's code dates from 1983; people born before still carry it.
        valid_id_number("130102", birth=datetime.date(1970, 5, 1)),
        # 辛集 (province-direct) got its code in 1986.
        valid_id_number("130181", birth=datetime.date(1980, 1, 1)),
    ],
)
def test_real_county_codes_pass_whatever_the_birth_year(number):
    assert validate_id_number(number).number == number


def test_an_unknown_county_code_is_refused():
    number = valid_id_number("999999")

    with pytest.raises(ValidationError, match="行政区划代码"):
        validate_id_number(number)


def test_many_teachers_are_checked_in_two_queries(django_assert_num_queries, unit):
    teachers = [
        TeacherFactory(unit=unit, name="李娜", phone=f"1391234{n:04d}")
        for n in range(6)
    ]
    twin = TeacherFactory(unit=unit, name="刘洋", phone=teachers[0].phone)

    with django_assert_num_queries(2):
        problems = problems_by_teacher([*teachers, twin])

    assert problems[twin.pk] == ["手机号与其他在职教师重复。"]
    assert problems[teachers[0].pk] == ["手机号与其他在职教师重复。"]
    assert all(problems[t.pk] == [] for t in teachers[1:])
