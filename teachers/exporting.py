"""Exports of the admin lists as .xlsx, each one logged (DESIGN.md section 12).

Personal data is masked unless a county admin asks for full values of their
own county's teachers; the log records which it was.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.scope import Role
from hbte.privacy import mask_email, mask_id_number, mask_phone
from teachers import excel, quality
from teachers.forms import TeacherFilterForm, UnitFilterForm
from teachers.models import (
    BulkJob,
    ExportLog,
    KeyFieldChangeRequest,
    Transfer,
    private_storage,
)

# Larger exports are built by the task worker, with a progress bar.
INLINE_LIMIT = 3000
Kind = BulkJob.Kind

TEACHER_HEADERS = [
    "姓名", "性别", "身份证号", "出生日期", "民族", "政治面貌", "手机号", "电子邮箱",
    "所属市", "所属区县", "单位", "任教学段", "任教学科", "参加工作时间", "最高学历",
    "职称", "岗位", "教师资格种类", "教师资格证书号码", "编制情况", "任职状态",
]  # fmt: skip
UNIT_HEADERS = [
    "单位全称", "所属市", "所属区县", "学校所在区域", "学校类别", "举办者", "在用",
    "教师人数",
]  # fmt: skip


@dataclass
class Table:
    headers: list[str]
    rows: Iterable[list]
    count: int
    description: str


def may_unmask(user, kind: str = Kind.TEACHER_EXPORT) -> bool:
    """Only a county admin, and only for the list of their own teachers: a
    transfer may name a teacher of another county."""
    return user.role == Role.COUNTY_ADMIN and kind == Kind.TEACHER_EXPORT


def _date(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def _time(value: datetime.datetime | None) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}" if value else ""


def _name(user) -> str:
    return (user.name or user.username) if user else ""


def teacher_table(user, params: dict, *, masked: bool) -> Table:
    from teachers.views import filtered_teachers

    form = TeacherFilterForm(params)
    teachers = filtered_teachers(user, form).select_related("unit", "county__parent")
    hide_id = mask_id_number if masked else str
    hide_phone = mask_phone if masked else str
    hide_email = mask_email if masked else str

    def rows():
        for t in teachers.iterator(chunk_size=2000):
            yield [
                t.name, t.get_sex_display(), hide_id(t.id_number),
                _date(t.birth_date), t.ethnicity, t.political_status,
                hide_phone(t.phone), hide_email(t.email),
                t.county.parent.name if t.county.parent_id else "",
                t.county.name, t.unit.name if t.unit_id else "", t.stage,
                t.subject, _date(t.work_start_date), t.highest_education, t.title,
                t.post, t.get_qualification_type_display(),
                t.qualification_number, t.staffing_status,
                t.get_employment_status_display(),
            ]  # fmt: skip

    return Table(TEACHER_HEADERS, rows(), teachers.count(), _describe(form))


def unit_table(user, params: dict, *, masked: bool) -> Table:
    from teachers.views import filtered_units

    form = UnitFilterForm(params)
    units = filtered_units(user, form).select_related("county__parent")

    def rows():
        for u in units.iterator(chunk_size=2000):
            yield [
                u.name, u.county.parent.name if u.county.parent_id else "",
                u.county.name, u.get_region_type_display(),
                u.get_category_display(), u.get_organizer_display(),
                "是" if u.is_active else "否", u.teacher_count,
            ]  # fmt: skip

    return Table(UNIT_HEADERS, rows(), units.count(), _describe(form))


def quality_table(user, params: dict, *, masked: bool) -> Table:
    """The report at the level the admin is viewing (`region` in `params`)."""
    region = quality.viewed_region(user, params.get("region"))
    lines, total = quality.report(user, region)
    headers = ["区域/单位", "在职教师", *(rule.label for rule in quality.RULES)]
    rows = [
        [line.name, line.teachers, *(count for _rule, count in line.cells())]
        for line in [*lines, total]
    ]
    return Table(headers, rows, len(lines), f"{region.name}各规则问题人数")


TRANSFER_HEADERS = [
    "教师", "身份证号", "调出区县", "调出单位", "调入区县", "调入单位", "调动说明",
    "状态", "发起人", "发起时间", "处理人", "处理时间", "处理意见",
]  # fmt: skip
REQUEST_HEADERS = [
    "教师", "身份证号", "区县", "单位", "修改内容", "申请理由", "状态", "提交时间",
    "审核人", "审核时间", "审核意见",
]  # fmt: skip


def _state_filter(queryset, states, params: dict):
    state = params.get("state", "")
    if state in states.values:
        return queryset.filter(state=state), f"状态={states(state).label}"
    return queryset, "全部"


def transfer_table(user, params: dict, *, masked: bool) -> Table:
    """Every transfer in the admin's scope, masked: one side's teacher is
    not yet (or no longer) in the admin's county."""
    transfers = Transfer.objects.visible_to(user).select_related(
        "teacher", "from_county__parent", "to_county__parent", "from_unit",
        "to_unit", "created_by", "decided_by",
    )  # fmt: skip
    transfers, description = _state_filter(transfers, Transfer.State, params)

    def rows():
        for t in transfers.iterator(chunk_size=2000):
            yield [
                t.teacher.name, mask_id_number(t.teacher.id_number),
                t.from_county.full_name, t.from_unit.name if t.from_unit_id else "",
                t.to_county.full_name, t.to_unit.name if t.to_unit_id else "",
                t.reason, t.get_state_display(), _name(t.created_by),
                _time(t.created_at), _name(t.decided_by), _time(t.decided_at),
                t.decision_note,
            ]  # fmt: skip

    return Table(TRANSFER_HEADERS, rows(), transfers.count(), description)


def request_table(user, params: dict, *, masked: bool) -> Table:
    """Key-field change requests in scope; ID numbers in them are masked."""
    requests = KeyFieldChangeRequest.objects.visible_to(user).select_related(
        "teacher__county__parent", "teacher__unit", "new_unit", "decided_by"
    )
    requests, description = _state_filter(requests, KeyFieldChangeRequest.State, params)

    def shown(label, value):
        return mask_id_number(value) if label == "身份证号" else value

    def rows():
        for r in requests.iterator(chunk_size=2000):
            changes = "；".join(
                f"{label}：{shown(label, old) or '（空）'} → {shown(label, new)}"
                for label, old, new in r.changes()
            )
            yield [
                r.teacher.name, mask_id_number(r.teacher.id_number),
                r.teacher.county.full_name,
                r.teacher.unit.name if r.teacher.unit_id else "", changes,
                r.reason, r.get_state_display(), _time(r.created_at),
                _name(r.decided_by), _time(r.decided_at), r.decision_note,
            ]  # fmt: skip

    return Table(REQUEST_HEADERS, rows(), requests.count(), description)


TABLES: dict[str, Callable[..., Table]] = {
    Kind.TEACHER_EXPORT: teacher_table,
    Kind.UNIT_EXPORT: unit_table,
    Kind.QUALITY_EXPORT: quality_table,
    Kind.TRANSFER_EXPORT: transfer_table,
    Kind.REQUEST_EXPORT: request_table,
}
FILENAMES = {
    Kind.TEACHER_EXPORT: "教师名单",
    Kind.UNIT_EXPORT: "单位名单",
    Kind.QUALITY_EXPORT: "数据核查",
    Kind.TRANSFER_EXPORT: "教师异动",
    Kind.REQUEST_EXPORT: "关键字段申请",
}


def _describe(form) -> str:
    parts = []
    for name, bound in form.fields.items():
        value = form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if name == "problem":
            value = quality.RULES_BY_CODE[value].label
        parts.append(f"{bound.label or name}={value}")
    return "；".join(parts) or "全部"


def build(kind: str, user, table: Table, *, masked: bool, on_row=None) -> tuple:
    """The workbook's bytes and its number of data rows; the export is logged."""
    workbook = excel.new_workbook()
    count = excel.add_table(
        workbook, FILENAMES[kind], table.headers, table.rows, on_row=on_row
    )
    if kind == Kind.QUALITY_EXPORT:
        excel.add_table(
            workbook,
            "规则说明",
            ["代码", "规则", "说明"],
            ([r.code, r.label, r.message] for r in quality.RULES),
        )
        count = table.count
    content = excel.workbook_bytes(workbook)
    ExportLog.objects.create(
        user=user,
        kind=kind,
        description=table.description[:300],
        row_count=count,
        masked=masked,
    )
    return content, count


def filename(kind: str) -> str:
    return f"{FILENAMES[kind]}-{timezone.localdate():%Y%m%d}.xlsx"


def run_job(*, job: BulkJob) -> None:
    """Build a large export in the worker, reporting progress on the job."""
    job.state = BulkJob.State.RUNNING
    job.save(update_fields=["state"])

    def progress(count):
        if count % 1000 == 0:
            job.done = count
            job.save(update_fields=["done"])

    user, masked = job.created_by, job.params.get("masked", True)
    table = TABLES[job.kind](user, job.params.get("filters", {}), masked=masked)
    content, count = build(job.kind, user, table, masked=masked, on_row=progress)
    job.result_file = private_storage().save(
        f"exports/{job.pk}.xlsx", ContentFile(content)
    )
    job.done = job.total = count
    job.state = BulkJob.State.DONE
    job.finished_at = timezone.now()
    job.message = f"已导出 {count} 行。"
    job.save(
        update_fields=["result_file", "done", "total", "state", "finished_at",
                       "message"]
    )  # fmt: skip
