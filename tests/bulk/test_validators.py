"""The shared validators against tables of good and bad values, messy cells too."""

import datetime
import sys

import pytest
from django.core.exceptions import ValidationError

from teachers.validators import (
    clean_text,
    parse_date,
    validate_email_address,
    validate_id_number,
    validate_mobile,
    validate_qualification_number,
)

GOOD_ID = "11010519491231002X"

GOOD_ID_NUMBERS = [
    ("11010519491231002X", GOOD_ID),
    ("11010519491231002x", GOOD_ID),  # lowercase x
    ("１１０１０５１９４９１２３１００２Ｘ", GOOD_ID),  # full-width digits and X
    ("１１０１０５１９４９１２３１００２ｘ", GOOD_ID),  # full-width lowercase x
    (" 110105 19491231 002X ", GOOD_ID),  # spaces inside and around
    ("\u00a011010519491231002X\u00a0", GOOD_ID),  # non-breaking spaces
    ("\u300011010519491231002X\t\n", GOOD_ID),  # ideographic space, tab, newline
    ("11010519491231002X\u200b", GOOD_ID),  # zero-width space from web pages
    ("110105491231002", GOOD_ID),  # the old 15-digit form, converted
    (110105491231002, GOOD_ID),  # 15 digits fit in a number cell, kept exactly
    (110105491231002.0, GOOD_ID),
    ("\ufeff11010519491231002X", GOOD_ID),  # byte order mark from a CSV
    ("\u2060110105194912310０２X\u200d", GOOD_ID),  # word joiner, ZWJ
    ("110105\ufeff1949\u200c1231002X", GOOD_ID),  # marks inside, pasted twice
]

MIXED_WIDTH_ID_NUMBERS = [
    "１１０１０５１９４９１２３１００２X",  # full-width digits, ASCII X
    "11010519491231002Ｘ",  # ASCII digits, full-width X
    "１１０１０５19491231００２x",  # half and half
    "1¹0105194912310０²X",  # superscript digits fold like full-width ones
    "①①010519491231002X",  # so do circled digits
]


@pytest.mark.parametrize(("raw", "expected"), GOOD_ID_NUMBERS)
def test_good_id_numbers_are_normalised(raw, expected):
    resident = validate_id_number(raw)

    assert resident.number == expected
    assert resident.birth_date == datetime.date(1949, 12, 31)
    assert resident.sex == "female"


@pytest.mark.parametrize("raw", MIXED_WIDTH_ID_NUMBERS)
def test_digits_of_any_width_are_folded_to_plain_digits(raw):
    assert validate_id_number(raw).number == GOOD_ID


BAD_ID_NUMBERS = [
    (1.1010519491231002e17, "stored_as_number", "Excel"),  # a float cell
    (110105194912310020.0, "stored_as_number", "丢失"),
    (110105194912310020, "stored_as_number", "丢失"),  # a whole-number cell
    ("1.10105E+17", "stored_as_number", "科学计数法"),  # shown as scientific
    ("1.10105e17", "stored_as_number", "科学计数法"),
    ("110105194912310021", "id_number_checksum", "校验位"),
    ("11010519491331002X", "id_number_date", "出生日期"),  # month 13
    ("110105209912310029", "id_number_date", "不合理"),  # born in the future
    ("990105194912310023", "id_number_region", "行政区划"),
    ("1101051949123100", "id_number_length", "16 位"),
    (1101051949123100, "stored_as_number", "丢失"),  # 16 digits do not fit
    (1101051949123100.0, "stored_as_number", "丢失"),
    ("1²0105194912310020", "id_number_checksum", "校验位"),  # folds to 120105…
    ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "id_number_format", "半角数字"),  # Arabic-Indic
    ("110105194912310০2X", "id_number_format", "“০”"),  # one Bengali digit
    ("११०१०५१९४९१२३१००२X", "id_number_format", "半角数字"),  # Devanagari
    ("11010519491231002½", "id_number_length", "20 位"),  # ½ folds to 1⁄2
    ("11010519491231002Y", "id_number_format", "X"),
    ("", "required", "请填写"),
    (None, "required", "请填写"),
    ("\u00a0 ", "required", "请填写"),
]


@pytest.mark.parametrize(("raw", "code", "words"), BAD_ID_NUMBERS)
def test_bad_id_numbers_are_refused_with_the_reason(raw, code, words):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(raw)

    assert caught.value.code == code
    assert words in caught.value.messages[0]


NUMERIC_CHARACTERS = [
    chr(point) for point in range(sys.maxunicode + 1) if chr(point).isnumeric()
]


def test_every_unicode_number_character_gives_a_plain_id_number_or_a_reason():
    # isdigit() and int() accept far more than 0-9; whatever a cell holds, the
    # result is a valid ID number in ASCII or a message, never a server error.
    for char in NUMERIC_CHARACTERS:
        for position in (0, 7, 16, 17):
            raw = GOOD_ID[:position] + char + GOOD_ID[position + 1 :]
            try:
                number = validate_id_number(raw).number
            except ValidationError as error:
                assert error.messages[0].startswith("身份证号"), (raw, error)
            else:
                assert number.isascii() and len(number) == 18, raw


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\ufeff王新", "王新"),  # byte order mark of a UTF-8 file
        ("王新\u200b", "王新"),
        ("\u200d\u200c王新\u2060", "王新"),  # zero-width joiners, word joiner
        ("\u200e13812345678\u200f", "13812345678"),  # direction marks
        ("\ufeff 王 新 \ufeff", "王新"),  # marks outside the spaces
        ("王\u200d新", "王新"),  # inside too, like every kind of space
    ],
)
def test_text_cleaner_drops_invisible_marks(raw, expected):
    assert clean_text(raw) == expected


GOOD_MOBILES = [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("138-1234-5678", "13812345678"),
    ("+86 13812345678", "13812345678"),
    ("１３８１２３４５６７８", "13812345678"),
    ("\u00a013812345678\u00a0", "13812345678"),
    (13812345678.0, "13812345678"),  # eleven digits survive a number cell
    (19912345678, "19912345678"),
]


@pytest.mark.parametrize(("raw", "expected"), GOOD_MOBILES)
def test_good_mobile_numbers(raw, expected):
    assert validate_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["12812345678", "1381234567", "138123456789", "0311-8765432", "abc", "",
     "١٣٨١٢٣٤٥٦٧٨"],
)  # fmt: skip
def test_bad_mobile_numbers(raw):
    with pytest.raises(ValidationError) as caught:
        validate_mobile(raw)

    assert caught.value.code == "mobile_format"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (" Zhang@Example.COM ", "zhang@example.com"),
        ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｏｍ", "zhang@example.com"),
        ("li.wei@hebtu.edu.cn\u00a0", "li.wei@hebtu.edu.cn"),
    ],
)
def test_good_email_addresses(raw, expected):
    assert validate_email_address(raw) == expected


@pytest.mark.parametrize("raw", ["zhang@", "zhang.example.com", "@example.com", ""])
def test_bad_email_addresses(raw):
    with pytest.raises(ValidationError) as caught:
        validate_email_address(raw)

    assert caught.value.code == "email_format"


GOOD_QUALIFICATION = "20191300021000123"  # 2019, Hebei, type 2 (primary)


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (GOOD_QUALIFICATION, ""),
        (GOOD_QUALIFICATION, "2"),
        ("\ufeff" + GOOD_QUALIFICATION + "\u200b", "2"),
        (" 2019 1300 0210 00123 ", "2"),
        ("２０１９１３０００２１０００１２３", "2"),
    ],
)
def test_good_qualification_numbers(raw, kind):
    assert validate_qualification_number(raw, kind) == GOOD_QUALIFICATION


@pytest.mark.parametrize("province", ["11", "13", "15", "23", "46", "54", "65",
                                      "71", "81", "82"])  # fmt: skip
def test_qualification_numbers_of_every_province_level_code_are_accepted(province):
    number = f"2019{province}00021000123"

    assert validate_qualification_number(number) == number


@pytest.mark.parametrize("province", ["10", "16", "20", "24", "30", "38", "40",
                                      "47", "49", "55", "60", "66", "70", "72",
                                      "80", "83"])  # fmt: skip
def test_qualification_numbers_with_a_gap_in_the_province_codes_are_refused(
    province,
):
    with pytest.raises(ValidationError) as caught:
        validate_qualification_number(f"2019{province}00021000123")

    assert caught.value.code == "qualification_province"


@pytest.mark.parametrize(
    ("raw", "kind", "code"),
    [
        ("2019130002100012", "", "qualification_format"),  # 16 digits
        ("2019130002A000123", "", "qualification_format"),
        ("20191300081000123", "", "qualification_format"),  # type digit 8
        ("20991300021000123", "", "qualification_year"),  # in the future
        ("19801300021000123", "", "qualification_year"),
        ("20199900021000123", "", "qualification_province"),
        (GOOD_QUALIFICATION, "3", "qualification_type_mismatch"),
        (2.0191300021000124e16, "", "stored_as_number"),
        ("2.01913E+16", "", "stored_as_number"),
        (201913000210001, "", "qualification_format"),  # exact, but 15 digits
        ("2019١٣00021000123", "", "qualification_format"),  # Arabic-Indic 13
    ],
)
def test_bad_qualification_numbers(raw, kind, code):
    with pytest.raises(ValidationError) as caught:
        validate_qualification_number(raw, kind)

    assert caught.value.code == code


SEPTEMBER_FIRST = datetime.date(2020, 9, 1)


@pytest.mark.parametrize(
    "raw",
    [
        "2020-09-01",
        "2020-9-1",
        "2020/9/1",
        "2020.09.01",
        "2020年9月1日",
        "２０２０－０９－０１",
        " 2020-09-01\u00a0",
        "20200901",
        20200901,  # typed as a number: eight digits cannot be a serial
        20200901.0,
        "２０２００９０１",
        "2020-09",  # a month alone means its first day
        "2020年9月",
        44075,  # Excel serial number
        44075.0,
        "44075",
        datetime.date(2020, 9, 1),
        # openpyxl reads a date cell as a naive datetime.
        datetime.datetime(2020, 9, 1, 0, 0),  # noqa: DTZ001
    ],
)
def test_dates_as_text_or_excel_serials(raw):
    assert parse_date(raw) == SEPTEMBER_FIRST


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_blank_dates_are_none(raw):
    assert parse_date(raw) is None


@pytest.mark.parametrize(
    "raw",
    ["2020-13-01", "2021-02-29", "九月", "01/09/2020", -5, 20201301, 20210229,
     20200901.5, 123456789, "٢٠٢٠٠٩٠١"],
)  # fmt: skip
def test_bad_dates_are_refused(raw):
    with pytest.raises(ValidationError) as caught:
        parse_date(raw)

    assert caught.value.code == "date_format"
