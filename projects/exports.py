"""Enrollment lists as .xlsx: personal data masked, no cell read as a formula,
and every export logged (DESIGN.md section 12).

The workbook is written in openpyxl's write-only mode, row by row from the
query, so a province-wide list does not sit in memory as cell objects.
"""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from accounts.models import User
from hbte.privacy import mask_id_number, mask_phone
from teachers.models import BulkJob, ExportLog

EXPORT_KIND = BulkJob.Kind.ENROLLMENT_EXPORT

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
WIDTHS = (10, 22, 14, 28, 16, 8, 10, 14, 20)

# Spreadsheet programs read a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def _values(enrollment) -> list:
    teacher = enrollment.teacher
    return [
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


def enrollments_xlsx(enrollments, title: str) -> tuple[bytes, int]:
    """The workbook's bytes and its number of data rows."""
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    sheet = workbook.create_sheet("参训名单")
    # Write-only sheets take their layout before the first row.
    for index, width in enumerate(WIDTHS):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"

    sheet.append([_cell(sheet, header) for header in HEADERS])
    count = 0
    for enrollment in enrollments:
        sheet.append([_cell(sheet, value) for value in _values(enrollment)])
        count += 1

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), count


def log_export(*, user: User, description: str, row_count: int) -> ExportLog:
    """Record who exported which enrollment list and how many rows."""
    return ExportLog.objects.create(
        user=user,
        kind=EXPORT_KIND,
        description=description[:300],
        row_count=row_count,
        masked=True,
    )
