"""修改手机号 / 修改邮箱: a one-time code goes to the new number or address."""

import re

import pytest
from django.urls import reverse

from accounts.senders import MemorySender

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_cache")]


def _code():
    return re.search(r"\d{6}", MemorySender.outbox[-1].body).group()


def test_teacher_changes_phone_with_a_code_sent_to_the_new_number(client, teacher_user):
    teacher = teacher_user.teacher
    client.force_login(teacher_user)
    url = reverse("space:phone_change")

    client.post(url, {"action": "send", "value": "138 0013 8000"})
    assert MemorySender.outbox[-1].to == "13800138000"
    assert MemorySender.outbox[-1].channel == "sms"
    wrong = client.post(url, {"action": "confirm", "code": "000000"})
    teacher.refresh_from_db()
    assert teacher.phone != "13800138000"
    assert "验证码错误" in wrong.content.decode()

    client.post(url, {"action": "send", "value": "13800138000"})
    response = client.post(url, {"action": "confirm", "code": _code()})

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.phone == "13800138000"
    event = teacher.events.get(field="phone")
    assert event.new_value == "13800138000" and event.actor == teacher_user


def test_teacher_changes_email_with_a_code_sent_to_the_new_address(
    client, teacher_user
):
    client.force_login(teacher_user)
    url = reverse("space:email_change")

    client.post(url, {"action": "send", "value": "Zhang@Example.com"})
    client.post(url, {"action": "confirm", "code": _code()})

    assert MemorySender.outbox[-1].to == "zhang@example.com"
    teacher_user.teacher.refresh_from_db()
    assert teacher_user.teacher.email == "zhang@example.com"


def test_a_bad_number_or_one_used_by_another_teacher_is_refused(
    client, teacher_user, other_teacher
):
    client.force_login(teacher_user)
    url = reverse("space:phone_change")

    bad = client.post(url, {"action": "send", "value": "12345"})
    shared = client.post(url, {"action": "send", "value": other_teacher.phone})

    assert "11 位数字" in bad.content.decode()
    assert "已被其他教师登记" in shared.content.decode()
    assert MemorySender.outbox == []


def test_code_sending_is_rate_limited_per_address(client, teacher_user, settings):
    settings.RATELIMIT_CODE_SEND = "2/10m"
    client.force_login(teacher_user)
    url = reverse("space:phone_change")

    statuses = [
        client.post(url, {"action": "send", "value": f"1380013800{i}"}).status_code
        for i in range(3)
    ]

    assert statuses == [302, 302, 429]
    assert len(MemorySender.outbox) == 2
