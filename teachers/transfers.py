"""Transfers (异动): the releasing county starts, the receiving county answers.

Each step is atomic, locks the rows it reads, writes the teacher's audit trail
and notifies the other side.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.notify import notify, notify_many
from teachers.choices import EmploymentStatus
from teachers.models import Region, Teacher, TeacherEvent, Transfer, Unit
from teachers.services import county_admins, record_event


@transaction.atomic
def start_transfer(
    *, teacher: Teacher, to_county: Region, actor, reason: str
) -> Transfer:
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    if to_county.pk == teacher.county_id or to_county.level != Region.Level.COUNTY:
        raise ValidationError("请选择另一个区县作为调入区县。", code="same_county")
    if teacher.employment_status != EmploymentStatus.ACTIVE:
        raise ValidationError("只有在职教师可以办理异动。", code="not_active")
    if teacher.transfers.filter(state=Transfer.State.PENDING).exists():
        raise ValidationError(
            "该教师已有一项待接收的异动，请勿重复发起。", code="transfer_pending"
        )

    transfer = Transfer.objects.create(
        teacher=teacher,
        from_county_id=teacher.county_id,
        from_unit_id=teacher.unit_id,
        to_county=to_county,
        reason=reason,
        created_by=actor,
    )
    record_event(
        teacher,
        actor=actor,
        kind=TeacherEvent.Kind.TRANSFER,
        old=teacher.county.full_name,
        new=to_county.full_name,
        reason=f"发起异动：{reason}"[:200],
    )
    notify_many(
        users=county_admins(to_county.pk),
        title=f"{teacher.county.full_name}的 {teacher.name} 待您接收（异动）",
        link=reverse("teachers:transfer_detail", args=[transfer.pk]),
    )
    return transfer


def _lock_pending_transfer(transfer_pk: int) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer_pk)
    if transfer.state != Transfer.State.PENDING:
        raise ValidationError(
            "该异动已处理（%(state)s），无需重复操作。",
            code="already_decided",
            params={"state": transfer.get_state_display()},
        )
    return transfer


@transaction.atomic
def accept_transfer(*, transfer: Transfer, actor, unit: Unit) -> Transfer:
    """The receiving county takes the teacher into one of its units."""
    transfer = _lock_pending_transfer(transfer.pk)
    teacher = Teacher.objects.select_for_update().get(pk=transfer.teacher_id)
    if unit.county_id != transfer.to_county_id:
        raise ValidationError("新单位必须是本区县登记的单位。", code="unit_county")

    old_unit = teacher.unit.name if teacher.unit_id else ""
    old_county = teacher.county.full_name
    teacher.county_id, teacher.unit = transfer.to_county_id, unit
    teacher.save(update_fields=["county", "unit", "updated_at"])
    transfer.to_unit = unit
    _close(transfer, Transfer.State.ACCEPTED, actor, "")
    for field, old, new in (
        ("county", old_county, transfer.to_county.full_name),
        ("unit", old_unit, unit.name),
    ):
        record_event(
            teacher,
            actor=actor,
            kind=TeacherEvent.Kind.TRANSFER,
            field=field,
            old=old,
            new=new,
            reason="异动接收",
        )
    notify(
        user=teacher.user,
        title=f"您已调入{transfer.to_county.full_name}{unit.name}",
        link=reverse("space:profile"),
    )
    _notify_releasing(transfer, "已被接收")
    return transfer


def _notify_releasing(transfer, outcome):
    notify(
        user=transfer.created_by,
        title=f"{transfer.teacher.name} 的异动{outcome}",
        body=transfer.decision_note,
        link=reverse("teachers:transfer_detail", args=[transfer.pk]),
    )


@transaction.atomic
def refuse_transfer(*, transfer: Transfer, actor, note: str) -> Transfer:
    transfer = _lock_pending_transfer(transfer.pk)
    _close(transfer, Transfer.State.REFUSED, actor, note)
    record_event(
        transfer.teacher,
        actor=actor,
        kind=TeacherEvent.Kind.TRANSFER,
        reason=f"调入区县拒绝异动：{note}"[:200],
    )
    _notify_releasing(transfer, "被拒绝")
    return transfer


@transaction.atomic
def cancel_transfer(*, transfer: Transfer, actor) -> Transfer:
    transfer = _lock_pending_transfer(transfer.pk)
    _close(transfer, Transfer.State.CANCELLED, actor, "")
    record_event(
        transfer.teacher,
        actor=actor,
        kind=TeacherEvent.Kind.TRANSFER,
        reason="调出区县撤回异动",
    )
    return transfer


def _close(transfer, state, actor, note):
    transfer.state = state
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.decision_note = note
    transfer.save(
        update_fields=["state", "to_unit", "decided_by", "decided_at", "decision_note"]
    )
