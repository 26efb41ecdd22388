"""SMS and e-mail go out through one task per batch, not inside the request."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from accounts import notify, tasks
from accounts.models import Notification
from accounts.notify import notify_many
from accounts.senders import MemorySender
from projects import services
from projects.models import Enrollment
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def _capture_enqueues(monkeypatch) -> list:
    """Record the message tasks queued instead of running them."""
    queued = []
    fake = SimpleNamespace(enqueue=lambda *args: queued.append(args))
    monkeypatch.setattr(notify, "tasks", SimpleNamespace(send_messages=fake))
    return queued


def test_assigning_many_teachers_queues_one_message_task_for_all(
    monkeypatch, province_admin, project, enroll, unit, training_institution
):
    queued = _capture_enqueues(monkeypatch)
    teachers = [TeacherFactory(unit=unit) for _ in range(4)]
    for teacher in teachers:
        enroll(teacher, "county_submit", "city_submit")

    services.move(
        enrollments=Enrollment.objects.filter(project=project),
        action="province_assign",
        actor=province_admin,
        institution=training_institution,
    )

    assert len(queued) == 1
    user_ids, title, text = queued[0]
    assert sorted(user_ids) == sorted(t.user_id for t in teachers)
    assert "华北理工大学" in title and text.startswith("【河北省教师培训平台】")
    assert MemorySender.outbox == []
    assert Notification.objects.filter(title=title).count() == 4


def test_message_task_uses_the_phone_or_else_the_email(unit):
    by_phone = TeacherFactory(unit=unit, phone="13812345678")
    by_email = TeacherFactory(unit=unit, phone="", email="li@example.com")
    unreachable = TeacherFactory(unit=unit, phone="", email="")

    sent = tasks.send_messages.call(
        [by_phone.user_id, by_email.user_id, unreachable.user_id], "标题", "正文"
    )

    assert sent == 2
    assert sorted((m.channel, m.to) for m in MemorySender.outbox) == [
        ("email", "li@example.com"),
        ("sms", "13812345678"),
    ]


def test_one_failed_message_does_not_stop_the_others(monkeypatch, unit, caplog):
    first, second = TeacherFactory(unit=unit), TeacherFactory(unit=unit)
    calls = []

    def flaky(channel, to, subject, body):
        calls.append(to)
        if len(calls) == 1:
            raise ConnectionError("gateway down")
        return True

    monkeypatch.setattr(tasks.senders, "send", flaky)

    sent = tasks.send_messages.call([first.user_id, second.user_id], "标题", "正文")

    assert sent == 1
    assert len(calls) == 2
    assert "failed" in caplog.text


def test_notify_many_without_message_queues_nothing(monkeypatch, unit):
    queued = _capture_enqueues(monkeypatch)

    notify_many(users=[TeacherFactory(unit=unit).user], title="站内消息")

    assert queued == []
    assert Notification.objects.filter(title="站内消息").count() == 1


def test_publishing_a_notice_queues_one_task_and_links_each_teacher_to_their_own(
    monkeypatch, institution_staff, empty_class, class_enroll, unit
):
    from projects import classes

    queued = _capture_enqueues(monkeypatch)
    placed = [
        class_enroll(TeacherFactory(unit=unit), Enrollment.State.PLACED, empty_class)
        for _ in range(3)
    ]

    classes.publish_notice(training_class=empty_class, actor=institution_staff)

    assert len(queued) == 1
    assert sorted(queued[0][0]) == sorted(e.teacher.user_id for e in placed)
    for enrollment in placed:
        notification = Notification.objects.get(
            user_id=enrollment.teacher.user_id, title__startswith="开班通知"
        )
        assert notification.link == reverse(
            "space:training_detail", args=[enrollment.pk]
        )
