"""Validators written once for forms, spreadsheet imports and data-quality rules.

Each validator takes the raw value as it comes (typed, pasted or read from a
cell), returns the normalised value, and raises ValidationError with a Chinese
message saying what is wrong.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
QUALIFICATION_PATTERN = re.compile(r"^(\d{4})(\d{2})(\d{3})([1-7])([0-2])(\d{6})$")
HEBEI_PROVINCE_PREFIX = "13"


def clean_text(value) -> str:
    """Fold full-width characters, drop every kind of space, keep the rest."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    return "".join(ch for ch in text if not ch.isspace() and ch != "\u200b")


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: datetime.date
    sex: str  # "male" or "female", as teachers.choices.Sex


def _upgrade_fifteen_digits(number: str) -> str:
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


def normalize_id_number(value) -> str:
    """Normalise the text of an ID number; numbers from Excel are refused."""
    if isinstance(value, float):
        raise ValidationError(
            "身份证号被 Excel 存成了数字，末尾几位已经丢失，无法恢复；"
            "请把该列设为文本格式后重新填写。",
            code="id_number_as_number",
        )
    number = clean_text(value).upper()
    if re.fullmatch(r"\d(\.\d+)?E\+\d+", number):
        raise ValidationError(
            "身份证号显示为科学计数法（如 1.30102E+17），末尾几位已经丢失；"
            "请把该列设为文本格式后重新填写。",
            code="id_number_as_number",
        )
    return number


def validate_id_number(value) -> ResidentId:
    """Check a resident ID number (GB 11643-1999) and read birth date and sex."""
    number = normalize_id_number(value)
    if not number:
        raise ValidationError("请填写身份证号。", code="required")
    if len(number) == 15 and number.isdigit():
        number = _upgrade_fifteen_digits(number)
    if len(number) != 18:
        raise ValidationError(
            "身份证号应为 18 位，当前为 %(length)s 位。",
            code="id_number_length",
            params={"length": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            "身份证号前 17 位应为数字，最后一位为数字或 X。", code="id_number_format"
        )
    try:
        birth_date = ric.get_birth_date(number)
    except InvalidComponent:
        raise ValidationError(
            "身份证号中的出生日期（第 7–14 位）不是有效日期。", code="id_number_date"
        ) from None
    if birth_date > timezone.localdate() or birth_date.year < 1900:
        raise ValidationError(
            "身份证号中的出生日期（第 7–14 位）不合理。", code="id_number_date"
        )
    if ric.calc_check_digit(number) != number[17]:
        raise ValidationError(
            "身份证号校验位（最后一位）不正确，请核对是否抄错。",
            code="id_number_checksum",
        )
    if not _known_region(number[:6]):
        raise ValidationError(
            "身份证号前 6 位不是有效的行政区划代码。", code="id_number_region"
        )
    sex = "male" if int(number[16]) % 2 else "female"
    return ResidentId(number=number, birth_date=birth_date, sex=sex)


def _known_region(code: str) -> bool:
    """Whether GB/T 2260 has ever listed this county code.

    python-stdnum also requires the code to have existed in the birth year,
    which refuses real numbers: 长安区 (130102) dates from 1983, yet teachers
    born earlier carry it, and 辛集 (130181) dates from 1986.
    """
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def validate_mobile(value) -> str:
    number = clean_text(value)
    if number.startswith("+86"):
        number = number[3:]
    number = number.replace("-", "")
    if not MOBILE_PATTERN.fullmatch(number):
        raise ValidationError(
            "手机号应为 11 位数字，以 13–19 开头。", code="mobile_format"
        )
    return number


def validate_email_address(value) -> str:
    address = clean_text(value).lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError("电子邮箱格式不正确。", code="email_format") from None
    return address


def validate_qualification_number(value, qualification_type: str = "") -> str:
    """Check the 17-digit teacher qualification certificate number.

    Digits 1-4 are the year, 5-6 the issuing province, 10 the type (1-7). The
    sex digit is not checked against the teacher: sources disagree on it.
    """
    number = clean_text(value)
    match = QUALIFICATION_PATTERN.fullmatch(number)
    if not match:
        raise ValidationError(
            "教师资格证书号码应为 17 位数字。", code="qualification_format"
        )
    year, province, _body, kind, _sex, _seq = match.groups()
    if not 1990 <= int(year) <= timezone.localdate().year:
        raise ValidationError(
            "教师资格证书号码前 4 位（认定年度）不合理。", code="qualification_year"
        )
    if not ("11" <= province <= "82"):
        raise ValidationError(
            "教师资格证书号码第 5–6 位不是有效的省份代码。",
            code="qualification_province",
        )
    if qualification_type and kind != qualification_type:
        raise ValidationError(
            "教师资格证书号码第 10 位（资格种类）与所填资格种类不一致。",
            code="qualification_type_mismatch",
        )
    return number
