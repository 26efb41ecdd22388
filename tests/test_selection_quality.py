"""Records a county must fix before submitting a teacher: name, ID, phone."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from projects.selection import blocking_problems
from teachers.models import Teacher
from teachers.validators import validate_id_number
from tests.factories import valid_id_number


def _teacher(**fields):
    values = {"name": "张伟", "id_number": valid_id_number(), "phone": "13912345678"}
    return Teacher(**(values | fields))


def test_a_clean_record_has_no_problems():
    assert blocking_problems(_teacher()) == []


@pytest.mark.parametrize("name", ["阿依古丽·买买提", "欧阳娜娜"])
def test_chinese_names_with_the_middle_dot_pass(name):
    assert blocking_problems(_teacher(name=name)) == []


@pytest.mark.parametrize("name", ["", "Zhang Wei", "张伟1", "张 伟"])
def test_names_that_are_not_chinese_characters_are_flagged(name):
    assert blocking_problems(_teacher(name=name)) == ["姓名应为汉字（可含“·”）"]


def test_a_wrong_check_digit_is_flagged():
    number = valid_id_number()
    wrong = number[:17] + ("0" if number[17] != "0" else "1")

    problems = blocking_problems(_teacher(id_number=wrong))

    assert problems == ["身份证号：身份证号校验位（最后一位）不正确，请核对是否抄错。"]


@pytest.mark.parametrize(
    ("phone", "problem"),
    [("", "未填写手机号"), ("1391234567", "手机号缺失或格式不正确")],
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
