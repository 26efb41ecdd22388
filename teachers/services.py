"""Operations on teacher records: key fields, profile, contacts, photos, status.

Each function is atomic and writes its lines of the audit trail
(`TeacherEvent`), which the county admin sees on the teacher's page.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.images import get_image_dimensions
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.notify import notify, notify_many
from accounts.scope import Role
from teachers.choices import EmploymentStatus
from teachers.models import (
    KeyFieldChangeRequest,
    KeyFieldLock,
    Region,
    Teacher,
    TeacherEvent,
    Transfer,
    Unit,
)
from teachers.validators import validate_id_number


def county_admins(county_id):
    return get_user_model().objects.filter(
        role=Role.COUNTY_ADMIN, region_id=county_id, is_active=True
    )


def _display(teacher: Teacher, field: str) -> str:
    value = getattr(teacher, field)
    if value is None:
        return ""
    return value.name if isinstance(value, Unit | Region) else str(value)


def record_event(teacher, *, actor, kind, field="", old="", new="", reason="", **extra):
    return TeacherEvent.objects.create(
        teacher=teacher,
        actor=actor,
        kind=kind,
        field=field,
        old_value=str(old)[:200],
        new_value=str(new)[:200],
        reason=reason,
        **extra,
    )


def _ensure_username_free(number: str, teacher: Teacher) -> None:
    taken_login = get_user_model().objects.filter(username=number)
    taken_profile = Teacher.objects.filter(id_number=number)
    if (
        taken_login.exclude(pk=teacher.user_id).exists()
        or taken_profile.exclude(pk=teacher.pk).exists()
    ):
        raise ValidationError(
            "身份证号 %(number)s 已被另一个账号使用，请核对。",
            code="id_number_taken",
            params={"number": number},
        )


def _apply_key_fields(
    teacher: Teacher, *, actor, reason: str, changes: dict, **extra
) -> list[str]:
    """Write the changed key fields, their audit lines and the login name.

    `changes` maps field names to new values; unchanged ones are skipped.
    Changing the ID number renames the login and re-derives sex and birth date.
    """
    changed = []
    for field, new in changes.items():
        old_shown = _display(teacher, field)
        if field == "unit":
            if new is None or new.pk == teacher.unit_id:
                continue
            new_shown = new.name
        else:
            if not new or new == getattr(teacher, field):
                continue
            new_shown = new
        setattr(teacher, field, new)
        record_event(
            teacher,
            actor=actor,
            kind=TeacherEvent.Kind.KEY_FIELD,
            field=field,
            old=old_shown,
            new=new_shown,
            reason=reason,
            **extra,
        )
        changed.append(field)
    if not changed:
        return changed

    user = teacher.user
    user_fields = []
    if "id_number" in changed:
        resident = validate_id_number(teacher.id_number)
        _ensure_username_free(resident.number, teacher)
        teacher.sex, teacher.birth_date = resident.sex, resident.birth_date
        user.username = resident.number
        user_fields.append("username")
        changed += ["sex", "birth_date"]
    if "name" in changed:
        user.name = teacher.name
        user_fields.append("name")
    teacher.save(update_fields=[*changed, "updated_at"])
    if user_fields:
        user.save(update_fields=user_fields)
    return changed


@transaction.atomic
def change_key_fields(
    *, teacher: Teacher, actor, reason: str, changes: dict, proof=None
) -> list[str]:
    """A direct change: the teacher before the lock date, or the county admin."""
    teacher = (
        Teacher.objects.select_for_update().select_related("user").get(pk=teacher.pk)
    )
    extra = {"proof": _store_proof(proof)} if proof else {}
    return _apply_key_fields(
        teacher, actor=actor, reason=reason, changes=changes, **extra
    )


def _store_proof(content) -> str:
    """Save a proof once, so every audit line of one change points at it."""
    field = TeacherEvent._meta.get_field("proof")
    return field.storage.save(field.generate_filename(None, content.name), content)


def key_fields_locked() -> bool:
    return KeyFieldLock.is_locked(timezone.localdate())


@transaction.atomic
def set_lock_date(*, actor, lock_date) -> KeyFieldLock:
    lock = KeyFieldLock.objects.select_for_update().first() or KeyFieldLock()
    lock.lock_date = lock_date
    lock.updated_by = actor
    lock.save()
    return lock


@transaction.atomic
def file_change_request(
    *,
    teacher: Teacher,
    reason: str,
    proof,
    new_name: str = "",
    new_id_number: str = "",
    new_unit: Unit | None = None,
) -> KeyFieldChangeRequest:
    teacher = (
        Teacher.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=teacher.pk)
    )
    if teacher.change_requests.filter(
        state=KeyFieldChangeRequest.State.PENDING
    ).exists():
        raise ValidationError(
            "您已有一份待审核的修改申请，请等待区县管理员处理。",
            code="request_pending",
        )

    old_values = {
        "name": teacher.name,
        "id_number": teacher.id_number,
        "unit": teacher.unit.name if teacher.unit_id else "",
    }
    change_request = KeyFieldChangeRequest.objects.create(
        teacher=teacher,
        new_name=new_name if new_name != teacher.name else "",
        new_id_number=new_id_number if new_id_number != teacher.id_number else "",
        new_unit=new_unit if new_unit and new_unit.pk != teacher.unit_id else None,
        old_values=old_values,
        reason=reason,
        proof=proof,
    )
    notify_many(
        users=county_admins(teacher.county_id),
        title=f"{teacher.name} 提交了关键字段修改申请",
        link=reverse("teachers:change_request_detail", args=[change_request.pk]),
    )
    return change_request


def _lock_pending_request(request_pk: int) -> KeyFieldChangeRequest:
    change_request = KeyFieldChangeRequest.objects.select_for_update().get(
        pk=request_pk
    )
    if change_request.state != KeyFieldChangeRequest.State.PENDING:
        raise ValidationError(
            "该申请已由他人处理（%(state)s），无需重复操作。",
            code="already_decided",
            params={"state": change_request.get_state_display()},
        )
    return change_request


@transaction.atomic
def approve_change_request(
    *, change_request: KeyFieldChangeRequest, actor, note: str = ""
) -> KeyFieldChangeRequest:
    change_request = _lock_pending_request(change_request.pk)
    teacher = (
        Teacher.objects.select_for_update()
        .select_related("user")
        .get(pk=change_request.teacher_id)
    )
    new_unit = change_request.new_unit
    if new_unit and new_unit.county_id != teacher.county_id:
        raise ValidationError(
            "申请中的新单位不在该教师现所属区县，请驳回并请教师重新申请。",
            code="unit_county",
        )

    changes = {
        "name": change_request.new_name,
        "id_number": change_request.new_id_number,
        "unit": change_request.new_unit,
    }
    reason = f"审核通过修改申请：{change_request.reason}"
    _apply_key_fields(
        teacher,
        actor=actor,
        reason=reason[:200],
        changes=changes,
        proof=change_request.proof.name,
        change_request=change_request,
    )
    _decide(change_request, KeyFieldChangeRequest.State.APPROVED, actor, note)
    _notify_decision(change_request, teacher.user)
    return change_request


@transaction.atomic
def reject_change_request(
    *, change_request: KeyFieldChangeRequest, actor, note: str
) -> KeyFieldChangeRequest:
    change_request = _lock_pending_request(change_request.pk)
    _decide(change_request, KeyFieldChangeRequest.State.REJECTED, actor, note)
    _notify_decision(change_request, change_request.teacher.user)
    return change_request


@transaction.atomic
def withdraw_change_request(
    *, change_request: KeyFieldChangeRequest, teacher: Teacher
) -> KeyFieldChangeRequest:
    """The teacher takes back their own pending request, e.g. to correct it."""
    change_request = _lock_pending_request(change_request.pk)
    if change_request.teacher_id != teacher.pk:
        raise ValidationError("只能撤回本人的申请。", code="not_own")
    _decide(change_request, KeyFieldChangeRequest.State.WITHDRAWN, None, "")
    return change_request


def _notify_decision(change_request, user):
    state = change_request.get_state_display()
    notify(
        user=user,
        title=f"您的关键字段修改申请{state}",
        body=change_request.decision_note,
        link=reverse("space:key_field_requests"),
    )


def _decide(change_request, state, actor, note):
    change_request.state = state
    change_request.decided_by = actor
    change_request.decided_at = timezone.now()
    change_request.decision_note = note
    change_request.save(
        update_fields=["state", "decided_by", "decided_at", "decision_note"]
    )


@transaction.atomic
def update_profile(*, teacher: Teacher, actor, changed_fields: list[str]) -> None:
    """Save non-key profile fields a form has already set on `teacher`."""
    if not changed_fields:
        return
    old = Teacher.objects.get(pk=teacher.pk)
    for field in changed_fields:
        record_event(
            teacher,
            actor=actor,
            kind=TeacherEvent.Kind.PROFILE,
            field=field,
            old=_display(old, field),
            new=_display(teacher, field),
        )
    teacher.save(update_fields=[*changed_fields, "updated_at"])


@transaction.atomic
def save_own_profile(*, teacher: Teacher, changed_fields: list[str], key_changes: dict):
    """The teacher's own edit: key fields only while they are not locked."""
    if key_changes and key_fields_locked():
        raise ValidationError(
            "关键信息已锁定，请提交修改申请。", code="key_fields_locked"
        )

    update_profile(teacher=teacher, actor=teacher.user, changed_fields=changed_fields)
    if key_changes:
        change_key_fields(
            teacher=teacher,
            actor=teacher.user,
            reason="教师本人在锁定日期前修改",
            changes=key_changes,
        )


@transaction.atomic
def change_contact(*, teacher: Teacher, field: str, value: str) -> None:
    """A new phone or e-mail the teacher has proved with a one-time code."""
    old = getattr(teacher, field)
    setattr(teacher, field, value)
    teacher.save(update_fields=[field, "updated_at"])
    record_event(
        teacher,
        actor=teacher.user,
        kind=TeacherEvent.Kind.CONTACT,
        field=field,
        old=old,
        new=value,
        reason="验证码验证通过",
    )


@transaction.atomic
def save_photo(*, teacher: Teacher, field: str, content) -> None:
    """Store a checked photo or avatar and delete the one it replaces."""
    old = getattr(teacher, field)
    old_name = old.name if old else ""
    changed = [field, "updated_at"]
    if field == "photo":
        # The data-quality report checks the shape from these, not the file.
        teacher.photo_width, teacher.photo_height = get_image_dimensions(content)
        changed += ["photo_width", "photo_height"]
    getattr(teacher, field).save(content.name, content, save=False)
    teacher.save(update_fields=changed)
    if old_name:
        # The new file is committed with the row; the old one is only garbage.
        transaction.on_commit(lambda: old.storage.delete(old_name))


@transaction.atomic
def create_teacher(*, teacher: Teacher, actor) -> Teacher:
    """Add a teacher (the form has filled `teacher`) with the initial password."""
    resident = validate_id_number(teacher.id_number)
    taken = ValidationError(
        "身份证号 %(number)s 已有账号，请勿重复添加。",
        code="id_number_taken",
        params={"number": resident.number},
    )
    user_model = get_user_model()
    if user_model.objects.filter(username=resident.number).exists():
        raise taken

    try:
        # Two admins adding the same person at once: the unique index decides.
        with transaction.atomic():
            # No hash: the initial password is checked against the ID number.
            teacher.user = user_model.objects.create(
                username=resident.number,
                name=teacher.name,
                role=Role.TEACHER,
                password="!initial",
                uses_initial_password=True,
                must_change_password=True,
            )
            teacher.id_number = resident.number
            teacher.sex, teacher.birth_date = resident.sex, resident.birth_date
            teacher.save()
    except IntegrityError:
        raise taken from None
    record_event(
        teacher, actor=actor, kind=TeacherEvent.Kind.CREATED, reason="区县新增"
    )
    return teacher


@transaction.atomic
def set_employment_status(
    *, teacher: Teacher, actor, status: str, reason: str = ""
) -> None:
    """Deactivate (left, retired) or reactivate; a deactivated login is closed."""
    teacher = (
        Teacher.objects.select_for_update().select_related("user").get(pk=teacher.pk)
    )
    if teacher.employment_status == status:
        return
    if teacher.transfers.filter(state=Transfer.State.PENDING).exists():
        raise ValidationError(
            "该教师有待处理的异动，请先撤回或等待对方处理。", code="transfer_pending"
        )

    record_event(
        teacher,
        actor=actor,
        kind=TeacherEvent.Kind.STATUS,
        field="employment_status",
        old=teacher.get_employment_status_display(),
        new=EmploymentStatus(status).label,
        reason=reason,
    )
    teacher.employment_status = status
    teacher.save(update_fields=["employment_status", "updated_at"])
    teacher.user.is_active = status == EmploymentStatus.ACTIVE
    teacher.user.save(update_fields=["is_active"])
