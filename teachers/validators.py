"""Validators written once for forms, spreadsheet imports and data-quality rules.

Each validator takes the raw value as it comes (typed, pasted or read from a
cell), returns the normalised value, and raises ValidationError with a Chinese
message saying what is wrong.
"""

import datetime
import functools
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from stdnum import numdb
from stdnum.cn import ric

# re.ASCII everywhere: without it \d also matches Arabic-Indic, Devanagari and
# other decimal digits, which int() reads but which must never be stored.
MOBILE_PATTERN = re.compile(r"^1[3-9]\d{9}$", re.ASCII)
QUALIFICATION_PATTERN = re.compile(
    r"^(\d{4})(\d{2})(\d{3})([1-7])([0-2])(\d{6})$", re.ASCII
)
# Province-level codes of GB/T 2260 (the first two digits of a county code).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82".split()
)
HEBEI_PROVINCE_PREFIX = "13"
NOT_PLAIN = re.compile(r"[\s\x00-\x1f\x7f]")
# \s matches what str.isspace() calls a space (non-breaking ones included).
# The rest are invisible marks that NFKC keeps and \s misses, left in cells by
# web pages, Word and UTF-8 files: zero-width spaces and joiners, direction
# marks, the word joiner, the byte order mark and the Mongolian separator.
SPACES = re.compile(r"[\s\u200b-\u200f\u2060\ufeff\u180e]+")


def clean_text(value) -> str:
    """Fold full-width characters, drop every kind of space and invisible mark."""
    if value is None:
        return ""
    text = str(value)
    # Most cells are plain ASCII without spaces: imports of 100,000 rows call
    # this for every cell, so the common case returns early.
    if text.isascii() and not NOT_PLAIN.search(text):
        return text
    return SPACES.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: datetime.date
    sex: str  # "male" or "female", as teachers.choices.Sex


def _upgrade_fifteen_digits(number: str) -> str:
    body = number[:6] + "19" + number[6:]
    return body + ric.calc_check_digit(body + "0")


DIGITS_X = frozenset("0123456789Xx")
SCIENTIFIC_NOTATION = re.compile(r"\d(\.\d+)?E\+?\d+", re.IGNORECASE | re.ASCII)
ID_NUMBER_PATTERN = re.compile(r"\d{17}[\dX]", re.ASCII)
# Excel keeps 15 significant digits, so a whole number below this is exact.
EXACT_IN_EXCEL = 10**15


def _refuse_number_cell(value, label: str) -> None:
    """Refuse long numbers that Excel kept as a float: its last digits are gone.

    A float holds 15 to 17 significant digits, so an 18-digit ID number (or a
    17-digit certificate number) stored as a number has lost its end.
    """
    if (
        isinstance(value, float)
        # A longer whole number in a file was typed into a number cell,
        # whatever tool wrote it.
        or (isinstance(value, int) and abs(value) >= EXACT_IN_EXCEL)
        or (isinstance(value, str) and SCIENTIFIC_NOTATION.fullmatch(clean_text(value)))
    ):
        raise ValidationError(
            "%(label)s被 Excel 存成了数字（或显示为科学计数法，如 1.30102E+17），"
            "末尾几位已经丢失，无法恢复；请把该列设为文本格式后重新填写。",
            code="stored_as_number",
            params={"label": label},
        )


def _exact_whole_number(value):
    """A number cell Excel kept exactly (15 digits or fewer) as an int."""
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_IN_EXCEL:
        return int(value)
    return value


def normalize_id_number(value) -> str:
    """Normalise the text of an ID number; numbers that lost digits are refused.

    An old 15-digit number fits in a number cell, so it is read like the text.
    """
    # Stored numbers are already clean; the data-quality report checks every
    # teacher of a province, so it skips the Unicode folding for them. The
    # isascii() test matters: isdigit() is true for full-width digits too.
    if (
        isinstance(value, str)
        and value.isascii()
        and value[:-1].isdigit()
        and value[-1:] in DIGITS_X
    ):
        return value.upper()
    value = _exact_whole_number(value)
    if type(value) is int and 0 <= value < EXACT_IN_EXCEL:
        return str(value)
    _refuse_number_cell(value, "身份证号")
    return clean_text(value).upper()


def _in_the_future(day: datetime.date) -> bool:
    # Asking for today's local date costs more than the rest of the check, so
    # it is asked only for the few dates that could be in the future.
    return day.year >= 2020 and day > timezone.localdate()


def validate_id_number(value) -> ResidentId:
    """Check a resident ID number (GB 11643-1999) and read birth date and sex."""
    number = normalize_id_number(value)
    if not number:
        raise ValidationError("请填写身份证号。", code="required")
    _refuse_foreign_digits(number)
    if len(number) == 15 and number.isascii() and number.isdigit():
        number = _upgrade_fifteen_digits(number)
    if len(number) != 18:
        raise ValidationError(
            "身份证号应为 18 位，当前为 %(length)s 位。",
            code="id_number_length",
            params={"length": len(number)},
        )
    if not ID_NUMBER_PATTERN.fullmatch(number):
        raise ValidationError(
            "身份证号前 17 位应为数字，最后一位为数字或 X。", code="id_number_format"
        )
    try:
        birth_date = datetime.date(
            int(number[6:10]), int(number[10:12]), int(number[12:14])
        )
    except ValueError:
        raise ValidationError(
            "身份证号中的出生日期（第 7–14 位）不是有效日期。", code="id_number_date"
        ) from None
    if birth_date.year < 1900 or _in_the_future(birth_date):
        raise ValidationError(
            "身份证号中的出生日期（第 7–14 位）不合理。", code="id_number_date"
        )
    if number[17] != ric.calc_check_digit(number):
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


def _refuse_foreign_digits(number: str) -> None:
    """Name a digit of another script, which NFKC folding does not turn into 0-9.

    Full-width, superscript and circled digits are folded by clean_text; what
    is left (Arabic-Indic, Devanagari and the like) looks like a digit but is
    not one, and saying only "not 18 digits" would leave the admin puzzled.
    """
    if number.isascii():
        return
    for char in number:
        if char.isdigit() and not char.isascii():
            raise ValidationError(
                "身份证号中的“%(char)s”不是 0–9 的半角数字，请用半角数字重新输入。",
                code="id_number_format",
                params={"char": char},
            )


@functools.cache
def _known_region(code: str) -> bool:
    """Whether GB/T 2260 has ever listed this county code.

    python-stdnum also requires the code to have existed in the birth year,
    which refuses real numbers: 长安区 (130102) dates from 1983, yet teachers
    born earlier carry it, and 辛集 (130181) dates from 1986.
    """
    return any("county" in props for _part, props in numdb.get("cn/loc").info(code))


def validate_mobile(value) -> str:
    # Eleven digits survive being stored as a number in Excel, unlike ID numbers.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
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
    value = _exact_whole_number(value)
    _refuse_number_cell(value, "教师资格证书号码")
    number = clean_text(value)
    match = QUALIFICATION_PATTERN.fullmatch(number)
    if not match:
        raise ValidationError(
            "教师资格证书号码应为 17 位数字。", code="qualification_format"
        )
    year, province, _body, kind, _sex, _seq = match.groups()
    if int(year) < 1990 or _in_the_future(datetime.date(int(year), 1, 1)):
        raise ValidationError(
            "教师资格证书号码前 4 位（认定年度）不合理。", code="qualification_year"
        )
    if province not in PROVINCE_CODES:
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


EXCEL_EPOCH = datetime.date(1899, 12, 30)
DATE_PATTERN = re.compile(
    r"(\d{4})[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月?)", re.ASCII
)
# The largest Excel serial is 2958465 (9999-12-31), so an eight-digit number
# cannot be a serial and is read as YYYYMMDD.
LAST_EXCEL_SERIAL = 2958465


def parse_date(value) -> datetime.date | None:
    """Read a date typed as text, picked in Excel, or left as an Excel serial.

    Accepts 2020-09-01, 2020/9/1, 2020.9.1, 2020年9月1日, 20200901 (as text or
    as a number), a month alone (2020-09, the first of the month), a date cell,
    and serial numbers such as 44075 (days since 1899-12-30). Blank gives None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 10**7 <= value < 10**8 and float(value).is_integer():
            return parse_date(str(int(value)))
        if not 1 <= value < LAST_EXCEL_SERIAL + 1:
            raise ValidationError("日期数值超出范围。", code="date_format")
        return EXCEL_EPOCH + datetime.timedelta(days=int(value))
    text = clean_text(value)
    if not text:
        return None
    if re.fullmatch(r"\d{8}", text, re.ASCII):
        parts = (text[:4], text[4:6], text[6:])
    elif match := DATE_PATTERN.fullmatch(text):
        parts = (match[1], match[2], match[3] or "1")
    elif re.fullmatch(r"\d{5}(\.\d+)?", text, re.ASCII):
        return parse_date(float(text))
    else:
        raise ValidationError(
            "日期“%(text)s”无法识别，请写成 2020-09-01 的形式。",
            code="date_format",
            params={"text": text},
        )
    try:
        return datetime.date(*(int(part) for part in parts))
    except ValueError:
        raise ValidationError(
            "日期“%(text)s”不存在。", code="date_format", params={"text": text}
        ) from None
