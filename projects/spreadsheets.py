"""Small .xlsx helpers: write a sheet, read one back, report row errors.

openpyxl writes (it can set text formats, widths and protection) and reads,
in read-only mode with the values the user saved rather than formulas.
"""

import io
import logging
import zipfile
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

logger = logging.getLogger(__name__)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
HEADER_FILL = PatternFill("solid", fgColor="DDE7F3")


class SpreadsheetError(ValueError):
    """The upload is not a readable .xlsx file; the message says why, in Chinese."""


@dataclass(frozen=True)
class RowError:
    row: int  # the row number as Excel shows it
    column: str
    reason: str


def workbook_bytes(*, title: str, headers, rows, text_columns=(), widths=None) -> bytes:
    """One sheet with a bold header row; `text_columns` (0-based) keep text
    format so Excel does not turn ID numbers into lossy numbers."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for row in rows:
        sheet.append(["" if value is None else value for value in row])
    for index in text_columns:
        for column in sheet.iter_cols(min_col=index + 1, max_col=index + 1):
            for cell in column[1:]:
                cell.number_format = "@"
    for index, width in enumerate(widths or ()):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def error_report(errors: list[RowError]) -> bytes:
    """The error report a failed import offers for download."""
    return workbook_bytes(
        title="错误报告",
        headers=("行号", "列", "原因"),
        rows=[(e.row, e.column, e.reason) for e in errors],
        widths=(8, 16, 70),
    )


def read_rows(upload) -> list[list]:
    """All rows of the first sheet of an uploaded .xlsx file, as Python values."""
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".xlsx"):
        raise SpreadsheetError("请上传 .xlsx 格式的 Excel 文件。")
    if upload.size > MAX_UPLOAD_BYTES:
        raise SpreadsheetError("文件超过 5 MB，请删去无关的行和工作表后重新上传。")
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    except (KeyError, IndexError, ValueError, OSError, zipfile.BadZipFile):
        logger.exception("Unreadable spreadsheet upload")
        raise SpreadsheetError(
            "文件无法读取，请使用平台下载的模板，"
            "在 Excel 或 WPS 中另存为 .xlsx 后上传。"
        ) from None


def cell_text(value) -> str:
    """A cell as text: a whole number stored as 12.0 is written 12."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
