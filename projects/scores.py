"""Scores: offline and online scores, the weighted total and pass or fail.

Scores come from the class grid or from the class's .xlsx template. Both use
`clean_score` for each cell and `record_scores` to apply a whole class at once.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from accounts.notify import notify_many
from projects import pipeline
from projects.models import Enrollment, TrainingClass, TrainingProject
from projects.spreadsheets import RowError, cell_text, workbook_bytes
from teachers.validators import normalize_id_number

S = Enrollment.State

SCORABLE_STATES = (S.CHECKED_IN, S.PASSED, S.FAILED)
CENT = Decimal("0.01")
OFFLINE_HEADER = "集中学习成绩"
ONLINE_HEADER = "网络学习成绩"
ID_HEADER = "身份证号"
TEMPLATE_HEADERS = ("序号", "姓名", ID_HEADER, "单位", "状态", OFFLINE_HEADER,
                    ONLINE_HEADER)  # fmt: skip


@dataclass(frozen=True)
class ScoreRow:
    enrollment: Enrollment
    offline: Decimal | None
    online: Decimal | None


def clean_score(value) -> Decimal | None:
    """A score from 0 to 100 with at most two decimals; blank gives None."""
    text = cell_text(value)
    if text == "":
        return None
    try:
        score = Decimal(text)
    except InvalidOperation:
        raise ValidationError(f"“{text}”不是数字。") from None
    if not score.is_finite() or not Decimal(0) <= score <= Decimal(100):
        raise ValidationError("成绩须在 0 到 100 之间。")
    if score != score.quantize(CENT):
        raise ValidationError("成绩最多保留两位小数。")
    return score.quantize(CENT)


# The project fields that turn scores into a total and a pass or fail.
RULE_FIELDS = ("offline_weight", "online_weight", "pass_mark")


def check_rules_change(project: TrainingProject, changed) -> None:
    """Weights and pass mark are fixed once a score is recorded: the totals
    and results already given to teachers were computed from them."""
    if not project.pk or not set(changed) & set(RULE_FIELDS):
        return
    scored = project.enrollments.filter(total_score__isnull=False).count()
    if scored:
        raise ValidationError(
            f"本项目已有 {scored} 名学员录入成绩，成绩权重和合格分数线不能再修改。"
        )


def missing_parts(project: TrainingProject, offline, online) -> list[str]:
    """The score columns a row must fill: those with a weight above zero."""
    missing = []
    if offline is None and project.offline_weight > 0:
        missing.append(OFFLINE_HEADER)
    if online is None and project.online_weight > 0:
        missing.append(ONLINE_HEADER)
    return missing


def total_score(project: TrainingProject, offline, online) -> Decimal:
    weighted = (offline or 0) * project.offline_weight + (
        online or 0
    ) * project.online_weight
    return Decimal(weighted).quantize(CENT, rounding=ROUND_HALF_UP)


def _unchanged(enrollment: Enrollment, row: ScoreRow, total: Decimal) -> bool:
    return enrollment.state in (S.PASSED, S.FAILED) and (
        enrollment.offline_score,
        enrollment.online_score,
        enrollment.total_score,
    ) == (row.offline, row.online, total)


@transaction.atomic
def record_scores(
    *, training_class: TrainingClass, rows: list[ScoreRow], actor: User
) -> int:
    """Record the rows' scores and pass or fail them, all or none.

    Returns how many enrollments changed; rows equal to what is stored are
    skipped so a re-saved grid adds no timeline events.
    """
    # Locked so the weights cannot change while totals are computed from them.
    project = TrainingProject.objects.select_for_update().get(
        pk=training_class.project_id
    )
    changed = []
    for row in rows:
        enrollment = row.enrollment
        if enrollment.training_class_id != training_class.pk:
            raise ValidationError(f"{enrollment.teacher.name} 不在本班。")
        if enrollment.state not in SCORABLE_STATES:
            raise pipeline.TransitionError(
                f"{enrollment.teacher.name} 的状态为“{enrollment.get_state_display()}”"
                "，不能录入成绩。"
            )
        total = total_score(project, row.offline, row.online)
        if _unchanged(enrollment, row, total):
            continue

        action = "pass" if total >= project.pass_mark else "fail"
        pipeline.apply(
            enrollment,
            action,
            actor=actor,
            note=f"集中学习 {_show(row.offline)}，网络学习 {_show(row.online)}，"
            f"总成绩 {total}",
            offline_score=row.offline,
            online_score=row.online,
            total_score=total,
        )
        changed.append(enrollment)

    notify_many(
        users=[e.teacher.user for e in changed],
        title=f"成绩已发布：{project.name}",
        body="请到个人中心“继续教育—已结束项目”查看成绩。",
        link=reverse("space:training") + "?tab=finished",
    )
    return len(changed)


def _show(score) -> str:
    return "—" if score is None else str(score)


def class_roster(training_class: TrainingClass):
    """The class's enrollments in the order of the grid and the template."""
    return (
        training_class.enrollments.exclude(state=S.CANCELLED)
        .select_related("teacher__unit", "teacher__user")
        .order_by("teacher__name", "id")
    )


def score_template(training_class: TrainingClass) -> bytes:
    """The class list as an .xlsx, pre-filled with the scores recorded so far."""
    rows = [
        (
            index,
            e.teacher.name,
            e.teacher.id_number,
            e.teacher.unit.name if e.teacher.unit_id else "",
            e.get_state_display(),
            e.offline_score,
            e.online_score,
        )
        for index, e in enumerate(class_roster(training_class), start=1)
    ]
    return workbook_bytes(
        title=training_class.name,
        headers=TEMPLATE_HEADERS,
        rows=rows,
        text_columns=(2,),
        widths=(6, 12, 22, 30, 16, 14, 14),
    )


def parse_score_sheet(
    training_class: TrainingClass, sheet: list[list]
) -> tuple[list[ScoreRow], list[RowError]]:
    """Check every row of an uploaded template; rows are usable only if no errors.

    Rows with both scores blank are skipped (a refused teacher stays blank).
    """
    if not sheet:
        return [], [RowError(1, "—", "文件是空的。")]
    header = [cell_text(value) for value in sheet[0]]
    needed = (ID_HEADER, OFFLINE_HEADER, ONLINE_HEADER)
    if absent := [name for name in needed if name not in header]:
        reason = f"缺少列：{'、'.join(absent)}。请使用平台下载的模板。"
        return [], [RowError(1, "表头", reason)]
    columns = {name: header.index(name) for name in needed}
    roster = {e.teacher.id_number: e for e in class_roster(training_class)}
    project = training_class.project

    rows, errors, seen = [], [], {}
    for number, values in enumerate(sheet[1:], start=2):
        padded = list(values) + [None] * len(header)
        row, row_errors = _check_row(number, padded, columns, roster, seen, project)
        errors += row_errors
        if row:
            rows.append(row)
    return rows, errors


def _check_row(number, values, columns, roster, seen, project):
    """One row of the sheet: the ScoreRow to record, or every error of the row."""
    errors, scores = [], {}
    for name in (OFFLINE_HEADER, ONLINE_HEADER):
        try:
            scores[name] = clean_score(values[columns[name]])
        except ValidationError as error:
            errors.append(RowError(number, name, error.messages[0]))
            scores[name] = None
    offline, online = scores[OFFLINE_HEADER], scores[ONLINE_HEADER]
    nothing = offline is None and online is None and not errors
    raw_id = values[columns[ID_HEADER]]
    if cell_text(raw_id) == "" and nothing:
        return None, []  # an empty line

    enrollment, id_error = _match_id(raw_id, roster, seen, number)
    if id_error:
        return None, [*errors, RowError(number, ID_HEADER, id_error)]
    if nothing:
        return None, []  # no score for this teacher, which is allowed
    if enrollment.state not in SCORABLE_STATES:
        reason = (
            f"该学员状态为“{enrollment.get_state_display()}”，未报到或"
            "拒绝报到的学员不能录入成绩。"
        )
        return None, [*errors, RowError(number, "状态", reason)]
    errors += [
        RowError(number, name, "请填写成绩。")
        for name in missing_parts(project, offline, online)
        if not any(e.column == name for e in errors)
    ]
    if errors:
        return None, errors
    return ScoreRow(enrollment, offline, online), []


def _match_id(raw_id, roster, seen, number) -> tuple[Enrollment | None, str]:
    """The class enrollment of the row's ID number, or why there is none."""
    try:
        id_number = normalize_id_number(raw_id)
    except ValidationError as error:
        return None, error.messages[0]
    if not id_number:
        return None, "请填写身份证号。"
    enrollment = roster.get(id_number)
    if enrollment is None:
        return None, "本班没有该身份证号的学员。"
    if id_number in seen:
        return None, f"与第 {seen[id_number]} 行重复。"
    seen[id_number] = number
    return enrollment, ""
