"""The enrollment state machine: the only place an enrollment changes state.

TRANSITIONS is the table of action → (states it starts from, state it ends in,
role allowed). `apply` checks the project's status, the table, the actor's
scope and the extra rules of an action, moves the state and stores the
timeline event, atomically.
Pages and services call `apply`; nothing else writes `Enrollment.state`.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from accounts.scope import Role
from projects.models import Enrollment, TrainingProject

S = Enrollment.State
Status = TrainingProject.Status

# Enrollments move only while the project runs: a draft has no places yet and
# a finished project's records are final (class placement, check-in and
# scores included, since they are moves too).
RUNNING_STATUSES = (Status.OPEN, Status.CLOSED)


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset
    target: str
    roles: frozenset
    needs_note: bool = False


def _t(action, label, sources, target, roles, needs_note=False):
    return Transition(
        action, label, frozenset(sources), target, frozenset(roles), needs_note
    )


PLACE_HOLDING = (S.SELECTED, S.COUNTY_SUBMITTED, S.RETURNED_TO_COUNTY,
                 S.CITY_SUBMITTED, S.RETURNED_TO_CITY, S.ASSIGNED, S.PLACED,
                 S.NOTIFIED)  # fmt: skip

TRANSITIONS = {
    t.action: t
    for t in (
        _t("county_submit", "县级提交到市级", [S.SELECTED, S.RETURNED_TO_COUNTY],
           S.COUNTY_SUBMITTED, [Role.COUNTY_ADMIN]),
        _t("county_submit_to_province", "县级提交到省级",
           [S.SELECTED, S.RETURNED_TO_COUNTY], S.CITY_SUBMITTED, [Role.COUNTY_ADMIN]),
        _t("city_submit", "市级提交到省级", [S.COUNTY_SUBMITTED, S.RETURNED_TO_CITY],
           S.CITY_SUBMITTED, [Role.CITY_ADMIN]),
        _t("city_return", "市级退回县级", [S.COUNTY_SUBMITTED, S.RETURNED_TO_CITY],
           S.RETURNED_TO_COUNTY, [Role.CITY_ADMIN], needs_note=True),
        _t("province_assign", "已分配至承培机构", [S.CITY_SUBMITTED], S.ASSIGNED,
           [Role.PROVINCE_ADMIN]),
        _t("province_return", "省级退回市级", [S.CITY_SUBMITTED], S.RETURNED_TO_CITY,
           [Role.PROVINCE_ADMIN], needs_note=True),
        _t("province_return_to_county", "省级退回县级", [S.CITY_SUBMITTED],
           S.RETURNED_TO_COUNTY, [Role.PROVINCE_ADMIN], needs_note=True),
        _t("place", "已分班", [S.ASSIGNED, S.PLACED], S.PLACED,
           [Role.INSTITUTION_STAFF]),
        _t("notify", "已发布开班通知", [S.PLACED], S.NOTIFIED,
           [Role.INSTITUTION_STAFF]),
        _t("check_in", "已报到", [S.NOTIFIED], S.CHECKED_IN, [Role.INSTITUTION_STAFF]),
        _t("no_show", "未报到", [S.NOTIFIED], S.NO_SHOW, [Role.INSTITUTION_STAFF]),
        _t("refuse", "信息不符，拒绝报到", [S.NOTIFIED], S.REFUSED,
           [Role.INSTITUTION_STAFF], needs_note=True),
        _t("pass", "成绩合格", [S.CHECKED_IN, S.PASSED, S.FAILED], S.PASSED,
           [Role.INSTITUTION_STAFF]),
        _t("fail", "成绩不合格", [S.CHECKED_IN, S.PASSED, S.FAILED], S.FAILED,
           [Role.INSTITUTION_STAFF]),
        _t("cancel", "取消参训", PLACE_HOLDING, S.CANCELLED,
           [Role.COUNTY_ADMIN, Role.PROVINCE_ADMIN], needs_note=True),
    )
}  # fmt: skip


class TransitionError(ValidationError):
    """An action that the table does not allow from the current state."""


class ProjectNotRunning(ValidationError):
    """A move in a project that is still a draft or already finished."""


def check_project_running(project: TrainingProject) -> None:
    if project.status == Status.DRAFT:
        raise ProjectNotRunning(
            f"项目“{project.name}”尚未发布（草稿），不能办理参训、分班、报到或成绩。"
        )
    if project.status not in RUNNING_STATUSES:
        raise ProjectNotRunning(
            f"项目“{project.name}”已结束，参训、分班、报到和成绩都不能再变动。"
        )


def allowed_actions(enrollment, user) -> list[Transition]:
    """The transitions this user may apply to this enrollment now."""
    if enrollment.project.status not in RUNNING_STATUSES:
        return []
    return [
        t
        for t in TRANSITIONS.values()
        if enrollment.state in t.sources and user.role in t.roles
        and _extra_rule_holds(t, enrollment)
    ]  # fmt: skip


def _extra_rule_holds(transition, enrollment) -> bool:
    direct = enrollment.county.is_province_direct
    if transition.action == "county_submit":
        return not direct
    if transition.action == "county_submit_to_province":
        return direct
    if transition.action == "province_return":
        return not direct
    if transition.action == "province_return_to_county":
        return direct
    return True


def actor_unit(user) -> str:
    """How the timeline names the actor's side: the region or the institution."""
    if user.role == Role.INSTITUTION_STAFF and user.institution_id:
        return user.institution.name
    if user.region_id:
        return user.region.name
    return user.display_name


@transaction.atomic
def apply(enrollment, action: str, *, actor, note: str = "", **changes):
    """Move `enrollment` by `action`, record the event and return the event.

    The caller must have fetched `enrollment` through `visible_to(actor)`; the
    row is locked here so two admins acting at once cannot both move it.
    `changes` sets fields that go with the move (institution, class, scores).
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(f"未知的操作：{action}")
    if actor.role not in transition.roles:
        raise PermissionDenied
    if not Enrollment.objects.visible_to(actor).filter(pk=enrollment.pk).exists():
        raise PermissionDenied
    # The project is read with the row but not locked: moves of one project
    # need not wait for each other.
    locked = (
        Enrollment.objects.select_for_update(of=("self", "county"))
        .select_related("county", "project")
        .get(pk=enrollment.pk)
    )
    check_project_running(locked.project)
    if locked.state not in transition.sources or not _extra_rule_holds(
        transition, locked
    ):
        raise TransitionError(
            f"当前状态“{locked.get_state_display()}”不能执行“{transition.label}”。"
        )
    if transition.needs_note and not note.strip():
        raise TransitionError(f"“{transition.label}”须填写原因。")

    from_state = locked.state
    locked.state = transition.target
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save(update_fields=["state", "updated_at", *changes])
    event = locked.events.create(
        actor=actor,
        actor_unit=actor_unit(actor),
        action=action,
        from_state=from_state,
        to_state=transition.target,
        note=note.strip(),
    )
    enrollment.refresh_from_db()
    return event


# Events that are not transitions: the county's selection creates the row.
EVENT_LABELS = {"select": "县级遴选"} | {a: t.label for a, t in TRANSITIONS.items()}


def event_label(action: str, institution_name: str = "") -> str:
    """How the timeline names an event's action, as the teacher manual shows it
    ("已分配至苏州大学" when the institution is known)."""
    if action == "province_assign" and institution_name:
        return f"已分配至{institution_name}"
    return EVENT_LABELS.get(action, action)
