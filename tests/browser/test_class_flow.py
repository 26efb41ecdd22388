"""The institution places, notifies, checks in and scores a teacher; the
teacher then finds the project under 已结束项目 with its timeline."""

import pytest

from projects.models import Enrollment
from tests.browser.conftest import log_in

S = Enrollment.State
pytestmark = pytest.mark.browser
PASSWORD = "Hebei#Class2026"


def test_institution_runs_a_class_and_the_teacher_sees_the_result(
    page, teacher, empty_class, class_enroll, institution_staff
):
    enrollment = class_enroll(teacher, S.ASSIGNED)
    institution_staff.set_password(PASSWORD)
    institution_staff.save()

    log_in(page, institution_staff.username, PASSWORD)
    page.goto("/manage/classes/enrollments/?state=assigned")
    page.check(f"input[name=enrollments][value='{enrollment.pk}']")
    page.select_option("#place-class", str(empty_class.pk))
    page.click("button:has-text('分班')")
    page.wait_for_selector("text=已将 1 名学员分入")

    page.goto(f"/manage/classes/{empty_class.pk}/")
    page.click("button:has-text('发布开班通知')")
    page.wait_for_selector("text=已发布开班通知")

    page.goto(f"/manage/classes/{empty_class.pk}/check-in/")
    page.select_option(f"select[name=outcome_{enrollment.pk}]", "check_in")
    page.click("button:has-text('保存报到结果')")
    page.wait_for_selector("text=已记录 1 名学员的报到结果")

    page.goto(f"/manage/classes/{empty_class.pk}/scores/")
    page.fill(f"input[name=offline_{enrollment.pk}]", "88")
    page.fill(f"input[name=online_{enrollment.pk}]", "92")
    page.click("button:has-text('保存成绩')")
    page.wait_for_selector("text=已保存成绩")
    page.screenshot(path="var/screenshots/class-scores.png", full_page=True)
    page.click("button:has-text('安全退出')")

    user = teacher.user
    user.set_password(PASSWORD)
    user.uses_initial_password = False
    user.must_change_password = False
    user.save()
    log_in(page, teacher.id_number, PASSWORD)
    page.goto("/space/training/?tab=finished")
    page.click(f"a:has-text('{enrollment.project.name}')")

    content = page.content()
    for expected in ("县级提交到市级", "市级提交到省级", "已分配至河北师范大学",
                     "已发布开班通知", "已报到", "成绩合格", "89.60"):  # fmt: skip
        assert expected in content
    page.screenshot(path="var/screenshots/teacher-finished-project.png", full_page=True)
