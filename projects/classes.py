"""The institution's work on classes: placing teachers, the class notice, check-in.

Every state change goes through `projects.pipeline.apply`; these functions add
the rules that span several enrollments (class capacity, one notice for the
whole class) and keep each batch all-or-nothing.
"""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from accounts.notify import notify, notify_many
from projects import pipeline
from projects.models import Enrollment, TrainingClass

logger = logging.getLogger(__name__)

S = Enrollment.State

# States in which the institution may (re)place an enrollment into a class.
PLACEABLE_STATES = (S.ASSIGNED, S.PLACED)
# States in which the teacher has received the notice and may print it.
NOTICE_STATES = (S.NOTIFIED, S.CHECKED_IN, S.NO_SHOW, S.REFUSED, S.PASSED, S.FAILED)
CHECK_IN_ACTIONS = {
    "check_in": "已报到",
    "no_show": "未报到",
    "refuse": "信息不符，拒绝报到",
}


def seated_count(training_class: TrainingClass) -> int:
    """Enrollments holding a seat in the class (every state but cancelled)."""
    return training_class.enrollments.exclude(state=S.CANCELLED).count()


@transaction.atomic
def place(*, training_class: TrainingClass, enrollments: list, actor: User) -> int:
    """Place enrollments into a class within its capacity; returns how many moved.

    The class row is locked while seats are counted, so two staff placing
    teachers at once cannot overfill it.
    """
    locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
    moving = [e for e in enrollments if e.training_class_id != locked.pk]
    for enrollment in moving:
        if (
            enrollment.project_id != locked.project_id
            or enrollment.institution_id != locked.institution_id
        ):
            raise ValidationError(
                f"{enrollment.teacher.name} 不属于班级“{locked.name}”的培训项目，"
                "不能分入该班。"
            )
        if enrollment.state not in PLACEABLE_STATES:
            raise ValidationError(
                f"{enrollment.teacher.name} 当前状态为“"
                f"{enrollment.get_state_display()}”，不能再分班。"
            )

    free = locked.capacity - seated_count(locked)
    if len(moving) > free:
        raise ValidationError(
            f"班级“{locked.name}”还剩 {max(free, 0)} 个名额，"
            f"不能分入 {len(moving)} 人。"
        )

    for enrollment in moving:
        pipeline.apply(
            enrollment,
            "place",
            actor=actor,
            note=f"分入班级：{locked.name}",
            training_class=locked,
        )

    _notify_placed(locked, [enrollment.pk for enrollment in moving])
    return len(moving)


def _notify_placed(training_class: TrainingClass, enrollment_ids: list[int]) -> None:
    """One in-platform message for everyone just placed, in one insert; the
    SMS waits for the class notice."""
    if not enrollment_ids:
        return
    users = User.objects.filter(teacher__enrollments__in=enrollment_ids)
    notify_many(
        users=users,
        title=f"您已分入班级“{training_class.name}”"[:100],
        body=(
            f"{training_class.project.name}：{training_class.start_date:%Y年%m月%d日}"
            f"至{training_class.end_date:%Y年%m月%d日}，培训地点："
            f"{training_class.place}。开班通知发布后，请登录平台查看并打印。"
        ),
        link=reverse("space:training"),
    )


def publish_notice(*, training_class: TrainingClass, actor: User) -> int:
    """Publish the class notice to every placed teacher not yet notified.

    Publishing again after more teachers are placed notifies only the new
    ones. Messages go out after the states are committed, so a failed batch
    never sends an SMS about a notice that does not exist.
    """
    with transaction.atomic():
        locked = TrainingClass.objects.select_for_update().get(pk=training_class.pk)
        pending = list(
            locked.enrollments.filter(state=S.PLACED).select_related(
                "teacher__user", "project"
            )
        )
        if not pending:
            raise ValidationError("本班没有待通知的学员：请先把学员分入本班。")
        # Read before the moves: `apply` refreshes each row and drops its
        # relations.
        users = [enrollment.teacher.user for enrollment in pending]
        project_name = pending[0].project.name

        locked.notice_published_at = timezone.now()
        locked.save(update_fields=["notice_published_at"])
        for enrollment in pending:
            pipeline.apply(enrollment, "notify", actor=actor)

    try:
        notify_many(
            users=users,
            title=f"开班通知：{project_name}",
            body=(
                f"您已分入“{locked.name}”，{locked.start_date:%Y年%m月%d日}"
                f"在{locked.place}报到，请登录平台打印开班通知。"
            ),
            links={
                user.pk: reverse("space:training_detail", args=[enrollment.pk])
                for user, enrollment in zip(users, pending, strict=True)
            },
            by_message=True,
        )
    except Exception:
        # The notice is published; a failure to queue the messages must not
        # hide that from the staff.
        logger.exception("Class notice messages failed for class %s", locked.pk)
    logger.info("Class %s notice published to %s teachers", locked.pk, len(pending))
    return len(pending)


@transaction.atomic
def record_check_ins(
    *, training_class: TrainingClass, outcomes: list[tuple], actor: User
) -> int:
    """Apply (enrollment, action, note) check-in outcomes, all or none.

    Every teacher is told in the platform: those checked in by one shared
    message, those refused or marked absent each with the reason, so a wrong
    name or ID number gets fixed before the next project.
    """
    for enrollment, action, _note in outcomes:
        if action not in CHECK_IN_ACTIONS:
            raise pipeline.TransitionError(f"未知的报到结果：{action}")
        if enrollment.training_class_id != training_class.pk:
            raise ValidationError(f"{enrollment.teacher.name} 不在本班。")
    # Read before the moves: `apply` refreshes each row and drops its relations.
    users = {enrollment.pk: enrollment.teacher.user for enrollment, _, _ in outcomes}

    for enrollment, action, note in outcomes:
        pipeline.apply(enrollment, action, actor=actor, note=note)

    notify_many(
        users=[users[e.pk] for e, action, _ in outcomes if action == "check_in"],
        title=f"报到结果：{CHECK_IN_ACTIONS['check_in']}",
        body=training_class.name,
        link=reverse("space:training"),
    )
    for enrollment, action, note in outcomes:
        if action != "check_in":
            notify(
                user=users[enrollment.pk],
                title=f"报到结果：{CHECK_IN_ACTIONS[action]}",
                body=f"{training_class.name}：{note}" if note else training_class.name,
                link=reverse("space:training_detail", args=[enrollment.pk]),
            )
    return len(outcomes)
