"""The class notice PDF: it opens, one page per teacher, text extractable."""

import io
import logging

import pytest
from django.urls import reverse
from pypdf import PdfReader

from projects import pdf
from projects.models import Enrollment
from tests.factories import TeacherFactory

S = Enrollment.State
pytestmark = pytest.mark.django_db


def _text(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_teacher_prints_their_notice_with_name_class_time_and_place(
    client, teacher_user, training_class
):
    client.force_login(teacher_user)
    enrollment = training_class.enrollments.get()

    response = client.get(reverse("space:training_notice", args=[enrollment.pk]))

    assert response["Content-Type"] == "application/pdf"
    pages, text = _text(response.content)
    assert pages == 1
    for expected in ("张老师", "信息技术一班", "2026年03月01日", "2026年03月10日",
                     "河北师范大学继续教育学院", "0311-80780000",
                     "请携带身份证原件报到"):  # fmt: skip
        assert expected in text


def test_the_class_notice_has_one_page_per_notified_teacher(
    client, institution_staff, training_class, class_enroll, unit
):
    class_enroll(TeacherFactory(unit=unit, name="王老师"), S.NOTIFIED, training_class)
    class_enroll(TeacherFactory(unit=unit, name="未通知"), S.PLACED, training_class)
    client.force_login(institution_staff)

    response = client.get(reverse("classes:class_notice_pdf", args=[training_class.pk]))

    pages, text = _text(response.content)
    assert pages == 2
    assert "张老师" in text and "王老师" in text
    assert "未通知" not in text


def test_the_cjk_font_is_embedded(training_class):
    content = pdf.class_notices(
        Enrollment.objects.select_related(
            "teacher__unit", "project", "training_class__institution"
        )
    )

    assert b"/FontFile2" in content


def test_without_a_truetype_font_the_notice_falls_back_and_warns(
    settings, training_class, caplog
):
    settings.HBTE_PDF_FONT_PATHS = ["/nonexistent/font.ttc"]
    enrollments = Enrollment.objects.select_related(
        "teacher__unit", "project", "training_class__institution"
    )

    with caplog.at_level(logging.WARNING, logger="projects.pdf"):
        content = pdf.class_notices(enrollments)

    assert PdfReader(io.BytesIO(content)).pages
    assert b"STSong-Light" in content
    assert "No TrueType CJK font" in caplog.text


def test_a_teacher_cannot_print_before_the_notice(
    client, teacher_user, empty_class, class_enroll, teacher
):
    placed = class_enroll(teacher, S.PLACED, empty_class)
    client.force_login(teacher_user)

    response = client.get(reverse("space:training_notice", args=[placed.pk]))

    assert response.status_code == 404
