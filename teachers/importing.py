"""Teacher import for county admins: template, row checks, preview and apply.

The uploaded file is read once, row by row, to validate every row and count
new, updated and rejected rows for the preview; the parsed rows are kept in a
private file, chunk by chunk. Applying reads them back and checks them again
against the database inside one transaction, so that nothing changes unless
every accepted row is written, and rows changed by someone else in between
are caught.
"""

import datetime
import io
import logging
import pickle
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import connection, transaction
from django.utils import timezone

from teachers import bulk_insert, choices, excel
from teachers.models import BulkJob, Teacher, Unit, private_storage
from teachers.validators import (
    clean_text,
    parse_date,
    validate_email_address,
    validate_id_number,
    validate_mobile,
    validate_qualification_number,
)

logger = logging.getLogger(__name__)

CHUNK = 1000
YES = {"是", "Y", "YES", "1", "√", "TRUE"}
NO = {"否", "N", "NO", "0", "×", "FALSE"}
# What _parse_cell gives for an optional cell left blank. The row then lacks
# the field: an update keeps the teacher's value, a new teacher gets the
# model default. Writing "" instead would erase what a re-import left out.
BLANK = object()
# Row numbers of warned rows kept for the preview page.
SHOWN_WARNINGS = 20


@dataclass(frozen=True)
class Column:
    field: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: tuple = ()
    aliases: tuple = ()
    note: str = ""


def _labels(options) -> tuple:
    return tuple(label for _value, label in options)


COLUMNS = (
    Column("name", "姓名", required=True),
    Column("id_number", "身份证号", "id", True, aliases=("身份证号码", "证件号码"),
           note="18 位，单元格须为文本格式；性别和出生日期由身份证号得出"),
    Column("phone", "手机号", "phone", True, aliases=("手机号码", "联系电话")),
    Column("unit", "单位全称", "unit", True, aliases=("单位", "所在单位", "学校"),
           note="从下拉列表选择本区县单位库中的全称"),
    Column("ethnicity", "民族", "choice", choices=_labels(choices.ETHNICITIES)),
    Column("political_status", "政治面貌", "choice",
           choices=_labels(choices.POLITICAL_STATUSES)),
    Column("email", "电子邮箱", "email", aliases=("邮箱",)),
    Column("stage", "任教学段", "choice", choices=_labels(choices.STAGES),
           aliases=("学段",)),
    Column("subject", "任教学科", "choice", choices=_labels(choices.SUBJECTS),
           aliases=("学科",)),
    Column("work_start_date", "参加工作时间", "date",
           note="如 2010-09-01，也可以是 Excel 日期"),
    Column("initial_education", "初始学历", "choice",
           choices=_labels(choices.EDUCATION_LEVELS)),
    Column("highest_education", "最高学历", "choice",
           choices=_labels(choices.EDUCATION_LEVELS)),
    Column("degree", "学位", "choice", choices=_labels(choices.DEGREES)),
    Column("graduated_school", "毕业院校"),
    Column("major", "所学专业"),
    Column("title", "职称", "choice", choices=_labels(choices.TITLES)),
    Column("post", "岗位", "choice", choices=_labels(choices.POSTS)),
    Column("is_funded_normal_student", "公费师范生", "bool", choices=("是", "否")),
    Column("is_special_post_teacher", "特岗教师", "bool", choices=("是", "否")),
    Column("qualification_type", "教师资格种类", "qualification_type",
           choices=_labels(choices.QUALIFICATION_TYPES)),
    Column("qualification_number", "教师资格证书号码", "qualification",
           note="17 位数字，单元格须为文本格式"),
    Column("qualification_subject", "教师资格任教学科", "choice",
           choices=_labels(choices.SUBJECTS)),
    Column("mandarin_level", "普通话等级", "choice",
           choices=_labels(choices.MANDARIN_LEVELS)),
    Column("backbone_level", "骨干教师级别", "choice",
           choices=_labels(choices.BACKBONE_LEVELS)),
    Column("is_head_teacher", "班主任", "bool", choices=("是", "否")),
    Column("staffing_status", "编制情况", "choice",
           choices=_labels(choices.STAFFING_STATUSES)),
)  # fmt: skip
COLUMNS_BY_FIELD = {column.field: column for column in COLUMNS}
HEADERS = {
    excel.normalize_header(label): column.field
    for column in COLUMNS
    for label in (column.label, *column.aliases)
}
REQUIRED = tuple(column.field for column in COLUMNS if column.required)
QUALIFICATION_CODES = {label: code for code, label in choices.QUALIFICATION_TYPES}
# Fields an import may overwrite on an existing teacher. Name and unit are key
# fields: they change only through an edit with a reason, kept in the audit
# trail, so a row that would change them is rejected instead.
UPDATE_FIELDS = [
    column.field
    for column in COLUMNS
    if column.field not in {"name", "id_number", "unit"}
] + ["sex", "birth_date"]


@dataclass
class ParsedRow:
    number: int
    values: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)  # (column label, reason, raw)


def _parse_cell(column: Column, raw, units: dict):
    """The model value for one cell; ValidationError says what is wrong."""
    if column.kind == "id":
        return validate_id_number(raw)
    if column.kind == "date":
        day = parse_date(raw)
        return BLANK if day is None else day
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = clean_text(raw)
    if not text:
        if column.required:
            raise ValidationError("必填项为空。")
        return BLANK
    if column.kind == "phone":
        return validate_mobile(text)
    if column.kind == "email":
        return validate_email_address(text)
    if column.kind == "qualification":
        return validate_qualification_number(raw)
    if column.kind == "unit":
        if text not in units:
            raise ValidationError(
                "单位“%(name)s”不在本区县单位库中，请从下拉列表选择单位全称。",
                params={"name": text},
            )
        return units[text]
    if column.kind == "bool":
        if text.upper() in YES:
            return True
        if text.upper() in NO:
            return False
        raise ValidationError("请填写“是”或“否”。")
    if column.kind == "qualification_type":
        if text in QUALIFICATION_CODES.values():
            return text
        if text in QUALIFICATION_CODES:
            return QUALIFICATION_CODES[text]
        raise ValidationError("不是可选的资格种类，请从下拉列表选择。")
    if column.kind == "choice" and text not in column.choices:
        raise ValidationError(
            "“%(text)s”不是可选值，请从下拉列表选择。", params={"text": text}
        )
    if column.kind == "text" and len(text) > 100:
        raise ValidationError("内容过长（不超过 100 字）。")
    return text


def parse_row(number: int, cells: list, columns: dict, units: dict) -> ParsedRow:
    row = ParsedRow(number)
    for name, position in columns.items():
        column = COLUMNS_BY_FIELD[name]
        raw = cells[position] if position < len(cells) else ""
        try:
            value = _parse_cell(column, raw, units)
        except ValidationError as error:
            row.errors.append((column.label, "".join(error.messages), raw))
        else:
            if value is not BLANK:
                row.values[name] = value
    resident = row.values.pop("id_number", None)
    if resident:
        row.values.update(
            id_number=resident.number, sex=resident.sex, birth_date=resident.birth_date
        )
    qualification = row.values.get("qualification_number")
    if qualification and row.values.get("qualification_type"):
        try:
            validate_qualification_number(
                qualification, row.values["qualification_type"]
            )
        except ValidationError as error:
            row.errors.append(("教师资格证书号码", "".join(error.messages), ""))
    return row


@dataclass
class Outcome:
    new: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # (teacher pk, values)
    rejected: list = field(default_factory=list)


class Checker:
    """Sorts parsed rows into new, updated and rejected, a chunk at a time."""

    def __init__(self, county):
        self.county = county
        self.seen: dict[str, int] = {}

    def classify(self, rows: list[ParsedRow]) -> Outcome:
        outcome = Outcome()
        numbers = [r.values["id_number"] for r in rows if "id_number" in r.values]
        existing = {
            t["id_number"]: t
            for t in Teacher.objects.filter(id_number__in=numbers).values(
                "pk", "id_number", "county_id", "name", "unit_id"
            )
        }
        taken = set(
            get_user_model()
            .objects.filter(username__in=set(numbers) - set(existing))
            .values_list("username", flat=True)
        )
        for row in rows:
            self._check_identity(row, existing, taken)
            if row.errors:
                outcome.rejected.append(row)
            elif row.values["id_number"] in existing:
                pk = existing[row.values["id_number"]]["pk"]
                outcome.updated.append((pk, row.values))
            else:
                outcome.new.append(row.values)
        return outcome

    def _check_identity(self, row: ParsedRow, existing: dict, taken: set) -> None:
        number = row.values.get("id_number")
        if not number:
            return
        if number in self.seen:
            row.errors.append(
                ("身份证号", f"与第 {self.seen[number]} 行的身份证号重复。", number)
            )
            return
        self.seen[number] = row.number
        current = existing.get(number)
        if number in taken:
            row.errors.append(("身份证号", "该身份证号已被其他账号使用。", number))
        elif current and current["county_id"] != self.county.code:
            row.errors.append(
                (
                    "身份证号",
                    "该教师属于其他区县；调入本区县须由原区县发起异动。",
                    number,
                )
            )
        elif current and current["name"] != row.values.get("name"):
            row.errors.append(
                (
                    "姓名",
                    "与系统中该身份证号的姓名不一致；修改姓名请在教师详情页"
                    "填写原因后修改。",
                    row.values.get("name"),
                )
            )
        elif current and current["unit_id"] != row.values.get("unit"):
            row.errors.append(
                (
                    "单位全称",
                    "与系统中该教师的单位不一致；调整单位请在教师详情页"
                    "填写原因后修改。",
                    "",
                )
            )


class SharedPhones:
    """Accepted rows whose phone an active teacher or an earlier row already has.

    Such rows are imported, not refused: the admin's teacher form accepts a
    shared phone as well (a couple may give one number). They are counted for
    the preview because the data-quality rule phone_shared then flags both
    teachers, and a flagged teacher cannot be submitted for training.
    """

    def __init__(self):
        self.first_row: dict[str, int] = {}
        self.count = 0
        self.rows: list[int] = []

    def check(self, rows: list[ParsedRow]) -> None:
        accepted = [row for row in rows if not row.errors]
        holders = defaultdict(set)
        active = Teacher.objects.filter(
            phone__in={row.values["phone"] for row in accepted},
            employment_status=choices.EmploymentStatus.ACTIVE,
        )
        for phone, number in active.values_list("phone", "id_number"):
            holders[phone].add(number)
        for row in accepted:
            phone = row.values["phone"]
            shared = phone in self.first_row or holders[phone] - {
                row.values["id_number"]
            }
            self.first_row.setdefault(phone, row.number)
            if shared:
                self.count += 1
                if len(self.rows) < SHOWN_WARNINGS:
                    self.rows.append(row.number)


def county_units(county) -> dict[str, int]:
    units = Unit.objects.filter(county=county, is_active=True)
    return {clean_text(name): pk for pk, name in units.values_list("pk", "name")}


def _chunks(job: BulkJob, sheet: excel.SheetRows) -> Iterator[list[ParsedRow]]:
    units = county_units(job.county)
    chunk = []
    for number, cells in sheet.rows:
        chunk.append(parse_row(number, cells, sheet.columns, units))
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def open_sheet(job: BulkJob) -> excel.SheetRows:
    with private_storage().open(job.source_file, "rb") as source:
        data = io.BytesIO(source.read())
    return excel.read_sheet(data, HEADERS, REQUIRED)


def validate(*, job: BulkJob) -> None:
    """Check every row, write the error report, and store the preview counts."""
    try:
        sheet = open_sheet(job)
    except ValidationError as error:
        _fail(job, "".join(error.messages))
        return
    job.state, job.total, job.done = BulkJob.State.RUNNING, sheet.total, 0
    job.save(update_fields=["state", "total", "done"])

    checker = Checker(job.county)
    phones = SharedPhones()
    report = ErrorReport()
    new = updated = 0
    with tempfile.TemporaryFile() as parsed:
        for chunk in _chunks(job, sheet):
            pickle.dump(chunk, parsed, protocol=pickle.HIGHEST_PROTOCOL)
            outcome = checker.classify(chunk)
            phones.check(chunk)
            new += len(outcome.new)
            updated += len(outcome.updated)
            report.add(outcome.rejected)
            job.done += len(chunk)
            job.save(update_fields=["done"])
        parsed.seek(0)
        job.params = {
            **job.params,
            "parsed_file": private_storage().save(
                f"imports/parsed-{job.pk}.pickle", File(parsed)
            ),
            "shared_phone_count": phones.count,
            "shared_phone_rows": phones.rows,
        }

    job.new_count, job.updated_count = new, updated
    job.rejected_count = report.rows
    job.total = job.done
    job.error_file = report.save(job) if report.rows else ""
    job.state = BulkJob.State.VALIDATED
    job.save(
        update_fields=["new_count", "updated_count", "rejected_count", "total",
                       "done", "error_file", "state", "params"]
    )  # fmt: skip


class ImportChanged(Exception):
    """The data changed between the preview and the apply."""


def apply(*, job: BulkJob, actor) -> None:
    """Write every accepted row, or nothing at all."""
    try:
        with transaction.atomic():
            new, updated, rejected = _write(job)
            if (new, updated, rejected) != (
                job.new_count,
                job.updated_count,
                job.rejected_count,
            ):
                raise ImportChanged
    except ImportChanged:
        _fail(
            job,
            "预览之后数据已有变化（例如其他管理员同时导入或修改了教师），"
            "本次未写入任何数据，请重新上传文件。",
        )
        return
    except ValidationError as error:
        _fail(job, "".join(error.messages))
        return
    finally:
        _forget_progress(job)
    job.state = BulkJob.State.DONE
    job.finished_at = timezone.now()
    job.message = f"已新增 {new} 名教师，更新 {updated} 名教师。"
    job.save(update_fields=["state", "finished_at", "message"])
    logger.info("teacher import %s applied by user %s", job.pk, actor.pk)


def _write(job: BulkJob) -> tuple[int, int, int]:
    checker = Checker(job.county)
    new = updated = rejected = 0
    for chunk in _parsed_chunks(job):
        outcome = checker.classify(chunk)
        _create(job.county, outcome.new)
        _update(outcome.updated)
        new += len(outcome.new)
        updated += len(outcome.updated)
        rejected += len(outcome.rejected)
        _note_progress(job, new + updated + rejected)
    return new, updated, rejected


# The rows an apply has written so far. The job's own `done` cannot carry them:
# it would be saved inside the apply's transaction, unseen until the commit.
# Private storage is what the web and worker processes already share (the
# upload reaches the worker through it), in the embedded mode too.


def _progress_name(job: BulkJob) -> str:
    return f"imports/{job.pk}-applied.txt"


def _note_progress(job: BulkJob, rows: int) -> None:
    try:
        with private_storage().open(_progress_name(job), "w") as note:
            note.write(str(rows))
    except Exception:
        # A progress bar is not worth failing an import for.
        logger.exception("could not note the progress of import %s", job.pk)


def _forget_progress(job: BulkJob) -> None:
    if private_storage().exists(_progress_name(job)):
        private_storage().delete(_progress_name(job))


def applied_rows(job: BulkJob) -> int:
    """How many rows of the file a running apply has got through."""
    try:
        with private_storage().open(_progress_name(job)) as note:
            return int(note.read() or 0)
    except (FileNotFoundError, ValueError):
        # Not started yet, or caught between two notes.
        return 0


def _parsed_chunks(job: BulkJob) -> Iterator[list[ParsedRow]]:
    """The rows that `validate` parsed, a chunk at a time, then the file goes.

    The file was written by this module from the admin's own upload and is
    kept in private storage, so unpickling it trusts nothing from outside.
    """
    name = job.params.get("parsed_file")
    if not name or not private_storage().exists(name):
        raise ValidationError("导入数据已失效，请重新上传文件。")
    with private_storage().open(name, "rb") as parsed:
        while True:
            try:
                yield pickle.load(parsed)
            except EOFError:
                break
    private_storage().delete(name)


def _create(county, rows: list[dict]) -> None:
    """Insert new teachers with their logins in the initial-password state."""
    bulk_insert.create_teachers_with_logins(
        [_teacher(county, values) for values in rows]
    )


def _teacher(county, values: dict, **extra) -> Teacher:
    values = dict(values)
    unit_id = values.pop("unit")
    return Teacher(county=county, unit_id=unit_id, **values, **extra)


def _update(rows: list[tuple[int, dict]]) -> None:
    """Write the non-key fields each row holds, one UPDATE per row.

    Django's bulk_update builds a CASE per field over the whole batch, which
    grows with the square of the batch; executemany of a plain UPDATE stays
    linear on both SQLite and PostgreSQL.
    """
    # Rows that left different cells blank set different columns.
    groups: dict[tuple, list] = defaultdict(list)
    for pk, values in rows:
        names = tuple(sorted(name for name in values if name in UPDATE_FIELDS))
        groups[names].append((pk, values))
    now = timezone.now()
    meta = Teacher._meta
    for names, members in groups.items():
        fields = [meta.get_field(name) for name in names]
        stamp = meta.get_field("updated_at")
        assignments = ", ".join(
            f"{connection.ops.quote_name(f.column)} = %s" for f in [*fields, stamp]
        )
        sql = (
            f"UPDATE {connection.ops.quote_name(meta.db_table)} "
            f"SET {assignments} WHERE {connection.ops.quote_name('id')} = %s"
        )
        params = [
            [f.get_db_prep_save(values[f.name], connection) for f in fields]
            + [stamp.get_db_prep_save(now, connection), pk]
            for pk, values in members
        ]
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def _fail(job: BulkJob, message: str) -> None:
    job.state = BulkJob.State.FAILED
    job.message = message
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "finished_at"])


class ErrorReport:
    """Rejected rows as a workbook: row, column, reason and the cell as read."""

    HEADERS = ["行号", "列", "原因", "单元格内容"]

    def __init__(self):
        self.workbook = None
        self.rows = 0

    def add(self, rows: list[ParsedRow]) -> None:
        if rows and self.workbook is None:
            self.workbook = excel.new_workbook()
            self.sheet = self.workbook.create_sheet("错误明细")
            self.sheet.append(excel.header_cells(self.sheet, self.HEADERS))
        for row in rows:
            self.rows += 1
            for label, reason, raw in row.errors:
                values = [row.number, label, reason, _as_text(raw)]
                self.sheet.append([excel.text_cell(self.sheet, v) for v in values])

    def save(self, job: BulkJob) -> str:
        content = excel.workbook_bytes(self.workbook)
        return private_storage().save(
            f"imports/{job.pk}-errors.xlsx", ContentFile(content)
        )


def _as_text(raw) -> str:
    if isinstance(raw, float):
        return repr(raw) if not raw.is_integer() else f"{raw:.15g}"
    if isinstance(raw, datetime.date):
        return raw.isoformat()
    return "" if raw is None else str(raw)
