"""Enrollment lists as .xlsx: personal data masked, no cell read as a formula."""

import io

from openpyxl import Workbook

from hbte.privacy import mask_id_number, mask_phone

HEADERS = [
    "姓名",
    "身份证号",
    "手机号",
    "单位",
    "区县",
    "学段",
    "学科",
    "状态",
    "承培机构",
]

# Spreadsheet programs read a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def _put(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def enrollments_xlsx(enrollments, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "参训名单"
    for column, header in enumerate(HEADERS, start=1):
        _put(sheet, 1, column, header)
    for row, enrollment in enumerate(enrollments, start=2):
        teacher = enrollment.teacher
        values = [
            teacher.name,
            mask_id_number(teacher.id_number),
            mask_phone(teacher.phone),
            teacher.unit.name if teacher.unit_id else "",
            enrollment.county.full_name,
            teacher.stage,
            teacher.subject,
            enrollment.get_state_display(),
            enrollment.institution.name if enrollment.institution_id else "",
        ]
        for column, value in enumerate(values, start=1):
            _put(sheet, row, column, value)
    widths = (10, 22, 14, 28, 16, 8, 10, 14, 20)
    for letter, width in zip("ABCDEFGHI", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.title = title
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
