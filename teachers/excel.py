"""Spreadsheet helpers shared by every import and export (DESIGN.md section 10).

Uploads are read with openpyxl in read-only mode, which parses the sheet as
it goes, one row at a time; files are written in its write-only mode. Neither
side holds a whole workbook, so memory does not grow with the file. Text that
a spreadsheet would run as a formula is written as text.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from teachers.validators import clean_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024
FORMULA_PREFIXES = ("=", "+", "-", "@")
HEADER_SEARCH_ROWS = 10


def check_xlsx_upload(upload) -> None:
    """Refuse files that are too large or are not really .xlsx workbooks."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "文件过大（%(size)s MB），请不要超过 %(limit)s MB。",
            code="too_large",
            params={
                "size": round(upload.size / 1024 / 1024, 1),
                "limit": MAX_UPLOAD_BYTES // 1024 // 1024,
            },
        )
    upload.seek(0)
    head = upload.read(4)
    upload.seek(0)
    if head != b"PK\x03\x04":
        raise ValidationError(
            "文件不是 Excel 工作簿（.xlsx）。如果是 .xls 或 WPS 格式，"
            "请在 Excel 中“另存为” .xlsx 后再上传。",
            code="not_xlsx",
        )
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        names = set()
    upload.seek(0)
    if "xl/workbook.xml" not in names:
        raise ValidationError(
            "文件内容不是 Excel 工作簿（.xlsx），请用 Excel 另存为 .xlsx 后再上传。",
            code="not_xlsx",
        )


def normalize_header(value) -> str:
    """Header cells compared without spaces, full-width forms or * marks."""
    return clean_text(value).replace("*", "").replace("（", "(").replace("）", ")")


@dataclass
class SheetRows:
    """The data rows of the first sheet, found below its header row.

    `columns` maps each known field to its column index; `rows` yields
    (spreadsheet row number, cell values) for non-blank rows, one at a time.
    """

    columns: dict[str, int]
    header_row: int
    total: int
    rows: Iterator[tuple[int, list]]


def read_sheet(source, headers: dict[str, str], required: Iterable[str]) -> SheetRows:
    """Open the first sheet of `source` and locate the header row.

    `headers` maps the normalised header text to a field name. A title row
    or notes above the header are skipped: the header is the first of the top
    rows that names every required field.
    """
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        row_iter = sheet.iter_rows(values_only=True)
        # The sheet's stated size, for the progress bar only; rows are counted
        # as they are read.
        last_row = sheet.max_row or 0
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, IndexError) as error:
        raise ValidationError(
            "无法读取该 Excel 文件，请确认文件未加密、未损坏。", code="unreadable"
        ) from error
    required = set(required)
    for index, cells in enumerate(row_iter):
        if index >= HEADER_SEARCH_ROWS:
            break
        columns = {}
        for position, cell in enumerate(cells):
            field = headers.get(normalize_header(cell))
            if field and field not in columns:
                columns[field] = position
        if required <= set(columns):
            header_row = index + 1
            return SheetRows(
                columns=columns,
                header_row=header_row,
                total=max(0, last_row - header_row),
                rows=_data_rows(row_iter, header_row),
            )
    missing = "、".join(sorted(_labels(headers, required)))
    raise ValidationError(
        "在前 %(n)s 行中没有找到表头；表头须包含：%(missing)s。请使用下载的模板。",
        code="no_header",
        params={"n": HEADER_SEARCH_ROWS, "missing": missing},
    )


def _labels(headers: dict[str, str], fields: set[str]) -> set[str]:
    first = {}
    for label, field in headers.items():
        first.setdefault(field, label)
    return {first[field] for field in fields}


def _data_rows(row_iter, header_row: int) -> Iterator[tuple[int, list]]:
    for number, cells in enumerate(row_iter, start=header_row + 1):
        if any(_filled(cell) for cell in cells):
            yield number, cells


def _filled(cell) -> bool:
    return not (cell is None or (isinstance(cell, str) and not clean_text(cell)))


def text_cell(sheet, value):
    """A write-only cell; strings starting like a formula are stored as text."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        # openpyxl would store "=..." as a formula; force a plain string.
        cell.data_type = "s"
    return cell


def header_cells(sheet, labels: Iterable[str]) -> list:
    cells = []
    for label in labels:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def add_table(workbook, title: str, headers: list[str], rows: Iterable, *,
              on_row=None) -> int:  # fmt: skip
    """Append a sheet with a bold header row and the given rows; returns count."""
    sheet = workbook.create_sheet(title)
    sheet.append(header_cells(sheet, headers))
    count = 0
    for row in rows:
        sheet.append([text_cell(sheet, value) for value in row])
        count += 1
        if on_row:
            on_row(count)
    return count


def workbook_bytes(workbook) -> bytes:
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
