"""Data-quality checks that stop a county from submitting a selected teacher.

A teacher whose name, ID number or phone is wrong would be refused at the
institution's check-in or never reached, so the county fixes the record first.
TODO: route `blocking_problems` to teachers.quality once that module is merged.
"""

import re

from django.core.exceptions import ValidationError

from teachers.choices import IdType
from teachers.validators import validate_id_number, validate_mobile

# Chinese characters, with the middle dot of minority and transliterated names.
NAME_PATTERN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff·]+$")


def blocking_problems(teacher) -> list[str]:
    """What must be fixed in this teacher's record before submission."""
    problems = []
    if not teacher.name or not NAME_PATTERN.fullmatch(teacher.name):
        problems.append("姓名应为汉字（可含“·”）")
    if teacher.id_type == IdType.RESIDENT_ID:
        try:
            validate_id_number(teacher.id_number)
        except ValidationError as error:
            problems.append("身份证号：" + error.messages[0])
    try:
        validate_mobile(teacher.phone)
    except ValidationError:
        problems.append("手机号缺失或格式不正确" if teacher.phone else "未填写手机号")
    return problems
