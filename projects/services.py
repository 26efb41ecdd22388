"""Projects, institutions and the approval chain: every write (quotas are in
projects.quotas).

Enrollment states move only through `projects.pipeline.apply`; this module
adds what goes around a move: the quota lock, data-quality gates, bulk moves
that succeed or fail as a whole, and the teacher's notifications.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse

from accounts.models import User
from accounts.notify import notify_many
from accounts.scope import Role
from projects import pipeline, quotas, scores
from projects.models import (
    Enrollment,
    EnrollmentEvent,
    Institution,
    Quota,
    TrainingProject,
)
from teachers import quality
from teachers.choices import EmploymentStatus
from teachers.models import Teacher

logger = logging.getLogger(__name__)

S = Enrollment.State
Status = TrainingProject.Status

# Which status a project may move to from each status.
STATUS_FLOW = {
    Status.DRAFT: (Status.OPEN,),
    Status.OPEN: (Status.CLOSED,),
    Status.CLOSED: (Status.OPEN, Status.FINISHED),
    Status.FINISHED: (),
}

# States that still await a move: a project cannot finish while any is held.
UNCONCLUDED_STATES = (*pipeline.PLACE_HOLDING, S.CHECKED_IN)

# The timeline event of a county's selection (labelled in pipeline.EVENT_LABELS).
SELECT_ACTION = "select"

# Actions offered on the lists, per role. "submit" and "return" pick the
# pipeline action by whether the county reports to the province directly.
BULK_ACTIONS = {
    Role.COUNTY_ADMIN: {"submit": "提交审核", "cancel": "取消参训"},
    Role.CITY_ADMIN: {"city_submit": "审核通过并提交省级", "city_return": "退回县级"},
    Role.PROVINCE_ADMIN: {
        "province_assign": "审核通过并分配承培机构",
        "return": "退回",
        "cancel": "取消参训",
    },
}

# List actions that cannot be undone: never on a whole unfiltered list at once.
IRREVERSIBLE_ACTIONS = frozenset({"cancel"})

# Pipeline actions that the lists name by what they do for every county.
LIST_ACTIONS = {
    "county_submit": "submit",
    "county_submit_to_province": "submit",
    "province_return": "return",
    "province_return_to_county": "return",
}


# Projects and institutions


@transaction.atomic
def change_status(*, project: TrainingProject, status: str, actor: User) -> None:
    # Locked and re-read, so a double click cannot skip a step.
    project.status = (
        TrainingProject.objects.select_for_update()
        .values_list("status", flat=True)
        .get(pk=project.pk)
    )
    if status not in STATUS_FLOW[project.status]:
        raise ValidationError(
            f"项目当前为“{project.get_status_display()}”，不能改为"
            f"“{Status(status).label}”。"
        )
    if status == Status.OPEN and not project.institutions.exists():
        raise ValidationError("请先为项目指定至少一个承培机构，再开始遴选。")
    if status == Status.FINISHED:
        _check_all_concluded(project)

    project.status = status
    project.save(update_fields=["status", "updated_at"])
    logger.info("project %s status set to %s by user %s", project.pk, status, actor.pk)


def _check_all_concluded(project: TrainingProject) -> None:
    """A finished project's records are final, so none may still await a move
    (once finished, not even a cancel is possible)."""
    counts = dict(
        Enrollment.objects.filter(project=project, state__in=UNCONCLUDED_STATES)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    if counts:
        listed = "、".join(
            f"{S(state).label} {counts[state]} 人"
            for state in UNCONCLUDED_STATES
            if state in counts
        )
        raise ValidationError(
            f"还有 {sum(counts.values())} 条参训记录未办结（{listed}），"
            "请先办结（录入成绩、标记未报到）或取消参训，再结束项目。"
        )


@transaction.atomic
def edit_project(*, form, actor: User) -> TrainingProject:
    """Save the province's valid ProjectForm for an existing project.

    The row is locked as quota saving and score recording lock it, and the
    form's rules on planned places and score weights are checked again, so
    neither can slip in between the form's check and this save.
    """
    project = form.instance
    TrainingProject.objects.select_for_update().filter(pk=project.pk).first()
    quotas.check_planned_places(project, form.cleaned_data.get("planned_places"))
    scores.check_rules_change(project, form.changed_data)

    form.save()
    logger.info("project %s edited by user %s", project.pk, actor.pk)
    return project


@transaction.atomic
def create_staff(
    *, institution: Institution, username: str, name: str, phone: str, password: str
) -> User:
    """A staff login whose first sign-in forces a password of their own."""
    user = User(
        username=username,
        name=name,
        phone=phone,
        role=Role.INSTITUTION_STAFF,
        institution=institution,
        must_change_password=True,
    )
    user.set_password(password)
    user.save()
    logger.info("staff user %s created for institution %s", user.pk, institution.pk)
    return user


# County selection


def select_teachers(
    *, project: TrainingProject, teachers: list[Teacher], actor: User
) -> list[Enrollment]:
    """Enroll teachers of the actor's county within its quota.

    The county's quota row is locked first, so two admins selecting at the same
    moment take turns and the second one sees the places the first one took.
    """
    county = actor.region
    if actor.role != Role.COUNTY_ADMIN or county is None:
        raise ValidationError("只有区县管理员可以遴选教师。")
    if any(t.county_id != county.code for t in teachers):
        raise ValidationError("只能选择本区县的教师。")
    if any(t.employment_status != EmploymentStatus.ACTIVE for t in teachers):
        raise ValidationError("只能选择在职教师。")

    with transaction.atomic():
        # The project row is locked and re-read too, so the province closing
        # the nomination at this moment waits for, or refuses, this selection.
        status = (
            TrainingProject.objects.select_for_update(no_key=True)
            .values_list("status", flat=True)
            .get(pk=project.pk)
        )
        if status != Status.OPEN:
            raise ValidationError("项目不在遴选阶段，不能再选择教师。")
        quota = (
            Quota.objects.select_for_update()
            .filter(project=project, region=county)
            .first()
        )
        if quota is None:
            raise quotas.QuotaError("本区县在该项目中尚未分配名额。")
        held = quotas.held_places(project, [county.code]).get(county.code, 0)
        taken = set(
            Enrollment.objects.filter(project=project, teacher__in=teachers)
            .exclude(state=S.CANCELLED)
            .values_list("teacher_id", flat=True)
        )
        fresh = [t for t in teachers if t.pk not in taken]
        if held + len(fresh) > quota.amount:
            raise quotas.QuotaError(
                f"名额不足：本区县名额 {quota.amount} 人，已占用 {held} 人，"
                f"本次选择 {len(fresh)} 人。"
            )
        enrollments = Enrollment.objects.bulk_create(
            Enrollment(project=project, teacher=t, county=county, state=S.SELECTED)
            for t in fresh
        )
        EnrollmentEvent.objects.bulk_create(
            EnrollmentEvent(
                enrollment=enrollment,
                actor=actor,
                actor_unit=pipeline.actor_unit(actor),
                action=SELECT_ACTION,
                to_state=S.SELECTED,
            )
            for enrollment in enrollments
        )
    return enrollments


# Moves along the pipeline


def action_sources(action: str) -> frozenset:
    """The states a list action starts from (the same for both variants)."""
    if action == "submit":
        return pipeline.TRANSITIONS["county_submit"].sources
    if action == "return":
        return pipeline.TRANSITIONS["province_return"].sources
    transition = pipeline.TRANSITIONS.get(action)
    return transition.sources if transition else frozenset()


def pipeline_action(action: str, enrollment: Enrollment) -> str:
    """The pipeline action behind a list action for this enrollment."""
    direct = enrollment.county.is_province_direct
    if action == "submit":
        return "county_submit_to_province" if direct else "county_submit"
    if action == "return":
        return "province_return_to_county" if direct else "province_return"
    return action


def move(
    *,
    enrollments,
    action: str,
    actor: User,
    note: str = "",
    institution: Institution | None = None,
) -> int:
    """Apply one list action to many enrollments, all or none, then tell the
    teachers. Raises TransitionError, PermissionDenied or ValidationError."""
    enrollments = list(enrollments)
    if not enrollments:
        raise ValidationError("没有符合条件、可执行该操作的记录。")
    action = LIST_ACTIONS.get(action, action)
    changes = _changes_for(action, enrollments, institution)
    if action == "submit":
        _check_quality(enrollments)
    # Read before the moves: `apply` refreshes each row and drops its relations.
    users = [enrollment.teacher.user for enrollment in enrollments]
    project = enrollments[0].project.name

    with transaction.atomic():
        for enrollment in enrollments:
            pipeline.apply(
                enrollment,
                pipeline_action(action, enrollment),
                actor=actor,
                note=note,
                **changes,
            )

    _notify(users, project, action, note=note, institution=institution)
    return len(enrollments)


def _changes_for(action, enrollments, institution) -> dict:
    if action != "province_assign":
        return {}
    if institution is None:
        raise ValidationError("请选择承培机构。")
    projects = {enrollment.project_id for enrollment in enrollments}
    if institution.projects.filter(pk__in=projects).count() != len(projects):
        raise ValidationError(f"“{institution.name}”不是该项目的承培机构。")
    return {"institution": institution}


def _check_quality(enrollments) -> None:
    problems = quality.problems_by_teacher(e.teacher for e in enrollments)
    flawed = [
        e.teacher.name or "（无姓名）" for e in enrollments if problems[e.teacher_id]
    ]
    if flawed:
        raise ValidationError(
            "以下教师的姓名、身份证号或手机号有问题，须先修正再提交："
            + "、".join(flawed[:20])
            + ("等" if len(flawed) > 20 else "")
        )


def _notify(users, project, action, *, note, institution) -> None:
    link = _space_link()
    if action == "province_assign":
        # One insert for the rows; one task sends every teacher's SMS.
        notify_many(
            users=users,
            title=f"您参加的“{project}”已分配至{institution.name}",
            body="开班时间与地点以承培机构发布的开班通知为准。",
            link=link,
            by_message=True,
        )
        return
    message = {
        "submit": (f"您的“{project}”参训名单已由县级提交审核", ""),
        "city_submit": (f"您的“{project}”参训名单已由市级提交省级审核", ""),
        "city_return": (f"您的“{project}”参训名单被市级退回县级", note),
        "return": (f"您的“{project}”参训名单被省级退回", note),
        "cancel": (f"您的“{project}”参训资格已取消", note),
    }.get(action)
    if message is None:
        return
    title, body = message
    notify_many(users=users, title=title, body=body and f"原因：{body}", link=link)


def _space_link() -> str:
    return reverse("space:training")


def with_problems(enrollments):
    """Attach `teacher_problems` to each enrollment (two queries in all)."""
    problems = quality.problems_by_teacher(e.teacher for e in enrollments)
    for enrollment in enrollments:
        enrollment.teacher_problems = problems[enrollment.teacher_id]
    return enrollments
