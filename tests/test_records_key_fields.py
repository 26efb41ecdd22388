"""Key fields: the teacher's own edits, the lock date, change requests, audit."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from teachers import services
from teachers.models import KeyFieldChangeRequest, KeyFieldLock, TeacherEvent
from tests.factories import UnitFactory, valid_id_number
from tests.plugins.records import PDF_BYTES, upload

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _lock(days_ago=1):
    KeyFieldLock.objects.create(lock_date=TODAY - datetime.timedelta(days=days_ago))


def _profile_post(teacher, **changes):
    data = {
        "name": teacher.name,
        "id_number": teacher.id_number,
        "unit": teacher.unit_id,
        "stage": "小学",
        "subject": "数学",
    }
    data.update(changes)
    return data


def test_teacher_edits_name_and_id_number_before_the_lock_date(client, teacher_user):
    teacher = teacher_user.teacher
    _lock(days_ago=-5)  # the lock date is still ahead
    new_number = valid_id_number(sex="female", birth=datetime.date(1990, 5, 6))
    client.force_login(teacher_user)

    response = client.post(
        reverse("space:profile_edit"),
        _profile_post(teacher, name="张 晓明", id_number=new_number.lower()),
    )

    assert response.status_code == 302
    teacher.refresh_from_db()
    teacher_user.refresh_from_db()
    assert teacher.name == "张晓明"
    assert teacher.id_number == new_number
    assert (teacher.sex, teacher.birth_date) == ("female", datetime.date(1990, 5, 6))
    assert teacher_user.username == new_number
    assert teacher.subject == "数学"
    fields = set(teacher.events.values_list("field", flat=True))
    assert {"name", "id_number", "subject"} <= fields


def test_teacher_picks_a_unit_only_from_the_own_county_registry(
    client, teacher_user, other_unit
):
    teacher = teacher_user.teacher
    client.force_login(teacher_user)

    response = client.post(
        reverse("space:profile_edit"), _profile_post(teacher, unit=other_unit.pk)
    )

    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    teacher.refresh_from_db()
    assert teacher.unit_id != other_unit.pk


def test_teacher_cannot_change_name_or_id_number_after_the_lock_date(
    client, teacher_user
):
    teacher = teacher_user.teacher
    old_name, old_number = teacher.name, teacher.id_number
    _lock()
    client.force_login(teacher_user)

    page = client.get(reverse("space:profile_edit"))
    response = client.post(
        reverse("space:profile_edit"),
        _profile_post(teacher, name="王五", id_number=valid_id_number()),
    )

    assert "name" not in page.context["form"].fields
    assert "提交修改申请" in page.content.decode()
    assert response.status_code == 302
    teacher.refresh_from_db()
    assert (teacher.name, teacher.id_number) == (old_name, old_number)
    assert teacher.subject == "数学"  # other fields still save
    assert not teacher.events.filter(kind=TeacherEvent.Kind.KEY_FIELD).exists()


def test_change_request_before_the_lock_date_is_not_offered(client, teacher_user):
    client.force_login(teacher_user)

    response = client.post(
        reverse("space:key_field_requests"),
        {"new_name": "王五", "reason": "x", "proof": upload("p.pdf", PDF_BYTES)},
    )

    assert response.status_code == 200
    assert not KeyFieldChangeRequest.objects.exists()


def test_change_request_after_the_lock_date_flows_to_approval_and_audit(
    client, teacher_user, county_admin
):
    teacher = teacher_user.teacher
    new_unit = UnitFactory(name="石家庄市长安区育才小学")
    new_number = valid_id_number(sex="female")
    _lock()
    client.force_login(teacher_user)

    response = client.post(
        reverse("space:key_field_requests"),
        {
            "new_name": "张晓明",
            "new_id_number": new_number,
            "new_unit": new_unit.pk,
            "reason": "身份证换发后姓名有误",
            "proof": upload("证明.pdf", PDF_BYTES, "application/pdf"),
        },
    )
    assert response.status_code == 302
    change_request = KeyFieldChangeRequest.objects.get()
    assert change_request.state == "pending"
    assert county_admin.notifications.count() == 1
    teacher.refresh_from_db()
    assert teacher.name == "张老师"  # nothing changes before approval

    client.force_login(county_admin)
    listing = client.get(reverse("teachers:change_request_list"))
    assert "张老师" in listing.content.decode()
    proof = client.get(
        reverse("teachers:change_request_proof", args=[change_request.pk])
    )
    assert proof["Content-Type"] == "application/pdf"
    response = client.post(
        reverse("teachers:change_request_detail", args=[change_request.pk]),
        {"decision": "approve", "note": "证明齐全"},
    )
    assert response.status_code == 302

    change_request.refresh_from_db()
    teacher.refresh_from_db()
    teacher.user.refresh_from_db()
    assert change_request.state == "approved"
    assert change_request.decided_by == county_admin
    assert teacher.name == "张晓明"
    assert teacher.id_number == new_number == teacher.user.username
    assert teacher.sex == "female"
    assert teacher.unit == new_unit
    events = {e.field: e for e in teacher.events.filter(kind="key_field")}
    assert set(events) == {"name", "id_number", "unit"}
    assert events["name"].old_value == "张老师"
    assert events["name"].new_value == "张晓明"
    assert events["name"].actor == county_admin
    assert events["name"].proof.name == change_request.proof.name
    detail = client.get(reverse("teachers:teacher_detail", args=[teacher.pk]))
    html = detail.content.decode()
    assert "变更记录" in html and "张晓明" in html and "审核通过修改申请" in html

    client.force_login(teacher_user)
    mine = client.get(reverse("space:key_field_requests")).content.decode()
    assert "已通过" in mine


def test_county_admin_rejects_a_request_with_a_reason_the_teacher_sees(
    client, change_request, county_admin, teacher_user
):
    client.force_login(county_admin)
    url = reverse("teachers:change_request_detail", args=[change_request.pk])

    without_reason = client.post(url, {"decision": "reject", "note": ""})
    client.post(url, {"decision": "reject", "note": "证明未盖公章"})

    assert "驳回时请填写理由" in without_reason.content.decode()
    change_request.refresh_from_db()
    assert change_request.state == "rejected"
    assert change_request.teacher.name == "张老师"
    client.force_login(teacher_user)
    mine = client.get(reverse("space:key_field_requests")).content.decode()
    assert "已驳回" in mine and "证明未盖公章" in mine
    profile = client.get(reverse("space:profile")).content.decode()
    assert "关键信息修改申请已驳回：证明未盖公章" in profile
    notice = teacher_user.notifications.get()
    assert "已驳回" in notice.title and notice.body == "证明未盖公章"


def test_a_decided_request_is_not_decided_twice(client, change_request, county_admin):
    client.force_login(county_admin)
    url = reverse("teachers:change_request_detail", args=[change_request.pk])

    client.post(url, {"decision": "reject", "note": "不符"})
    client.post(url, {"decision": "approve", "note": ""})

    change_request.refresh_from_db()
    assert change_request.state == "rejected"
    assert not TeacherEvent.objects.filter(kind="key_field").exists()


def test_city_admin_sees_requests_but_cannot_decide(client, change_request, city_admin):
    client.force_login(city_admin)
    url = reverse("teachers:change_request_detail", args=[change_request.pk])

    page = client.get(url)
    client.post(url, {"decision": "approve", "note": ""})

    assert "通过并生效" not in page.content.decode()
    change_request.refresh_from_db()
    assert change_request.state == "pending"


def test_county_admin_changes_key_fields_directly_with_a_reason(
    client, teacher, county_admin
):
    new_number = valid_id_number()
    client.force_login(county_admin)
    url = reverse("teachers:teacher_key_fields", args=[teacher.pk])

    no_reason = client.post(
        url, {"name": "张三", "id_number": new_number, "unit": teacher.unit_id}
    )
    response = client.post(
        url,
        {
            "name": "张三",
            "id_number": new_number,
            "unit": teacher.unit_id,
            "reason": "按身份证更正",
            "proof": upload("scan.png", None, "image/png"),
        },
    )

    assert "reason" in no_reason.context["form"].errors
    assert response.status_code == 302
    teacher.refresh_from_db()
    teacher.user.refresh_from_db()
    assert teacher.name == "张三" and teacher.user.username == new_number
    events = teacher.events.filter(kind="key_field")
    assert {e.field for e in events} == {"name", "id_number"}
    assert all(e.reason == "按身份证更正" and e.proof for e in events)
    assert events[0].proof.name == events[1].proof.name


def test_key_field_change_refuses_an_id_number_of_another_teacher(
    client, teacher, other_teacher, county_admin
):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:teacher_key_fields", args=[teacher.pk]),
        {
            "name": teacher.name,
            "id_number": other_teacher.id_number,
            "unit": teacher.unit_id,
            "reason": "x",
        },
    )

    assert "已被另一位教师使用" in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.id_number != other_teacher.id_number


def test_province_admin_sets_the_lock_date(client, province_admin):
    client.force_login(province_admin)

    response = client.post(
        reverse("teachers:key_field_lock"), {"lock_date": "2026-03-31"}
    )

    assert response.status_code == 302
    assert KeyFieldLock.current_date() == datetime.date(2026, 3, 31)
    assert KeyFieldLock.objects.get().updated_by == province_admin


def test_teacher_cannot_change_phone_through_the_profile_form(client, teacher_user):
    teacher = teacher_user.teacher
    old_phone = teacher.phone
    client.force_login(teacher_user)

    client.post(
        reverse("space:profile_edit"), _profile_post(teacher, phone="13000000000")
    )

    teacher.refresh_from_db()
    assert teacher.phone == old_phone


def test_approval_refuses_a_unit_of_a_county_the_teacher_has_left(
    change_request, neighbor_admin, other_unit
):
    change_request.new_unit = UnitFactory(name="石家庄市长安区第三中学")
    change_request.save(update_fields=["new_unit"])
    teacher = change_request.teacher
    teacher.county_id, teacher.unit = other_unit.county_id, other_unit
    teacher.save(update_fields=["county", "unit"])

    with pytest.raises(ValidationError, match="不在该教师现所属区县"):
        services.approve_change_request(
            change_request=change_request, actor=neighbor_admin
        )

    change_request.refresh_from_db()
    teacher.refresh_from_db()
    assert change_request.state == "pending" and teacher.unit == other_unit


def test_teacher_withdraws_a_pending_request_and_may_file_again(
    client, change_request, teacher_user
):
    _lock()
    client.force_login(teacher_user)
    url = reverse("space:key_field_request_withdraw", args=[change_request.pk])

    response = client.post(url, follow=True)

    change_request.refresh_from_db()
    assert change_request.state == "withdrawn"
    page = response.content.decode()
    assert "申请已撤回" in page and "提交申请" in page
    again = client.post(url, follow=True).content.decode()
    assert "该申请已由他人处理（已撤回）" in again


def test_a_withdrawn_request_cannot_be_approved(client, change_request, county_admin):
    teacher = change_request.teacher
    services.withdraw_change_request(change_request=change_request, teacher=teacher)
    client.force_login(county_admin)

    url = reverse("teachers:change_request_detail", args=[change_request.pk])
    client.post(url, {"decision": "approve", "note": ""})

    change_request.refresh_from_db()
    teacher.refresh_from_db()
    assert change_request.state == "withdrawn"
    assert teacher.name != change_request.new_name


def test_only_the_requesting_teacher_may_withdraw(change_request, other_teacher):
    with pytest.raises(ValidationError, match="本人"):
        services.withdraw_change_request(
            change_request=change_request, teacher=other_teacher
        )
