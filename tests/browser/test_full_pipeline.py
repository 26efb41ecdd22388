"""Issue 4's walk: one teacher from county selection to the score, clicked
through by every tier in the browser; the teacher then finds the project under
已结束项目 with its timeline."""

import pytest

from accounts.scope import Role
from projects.models import Enrollment
from tests.browser.conftest import log_in
from tests.factories import AdminFactory
from tests.plugins.classes import make_class

pytestmark = pytest.mark.browser
PASSWORD = "Admin@2026"


def _as(page, user, password=PASSWORD):
    page.context.clear_cookies()
    log_in(page, user.username, password)
    page.wait_for_load_state()


def _bulk_on_filter(page, project, action, **selects):
    page.goto(f"/manage/projects/{project.pk}/enrollments/")
    page.select_option("#bulk-action", action)
    page.select_option("#bulk-target", "filter")
    for selector, value in selects.items():
        page.select_option(selector, value)
    page.click("button:has-text('执行')")
    page.wait_for_selector(".alert-success")


def test_one_teacher_from_selection_to_score(
    page, project, teacher, county_admin, city_admin, province_admin
):
    institution = project.institutions.get()
    staff = AdminFactory(
        username="ncst", role=Role.INSTITUTION_STAFF, institution=institution
    )

    _as(page, county_admin)
    page.goto(f"/manage/projects/{project.pk}/selection/")
    page.check(f"input[name=teacher][value='{teacher.pk}']")
    page.click("button:has-text('加入遴选名单')")
    page.wait_for_selector(".alert-success")
    _bulk_on_filter(page, project, "submit")

    _as(page, city_admin)
    _bulk_on_filter(page, project, "city_submit")

    _as(page, province_admin)
    _bulk_on_filter(
        page, project, "province_assign", **{"#bulk-institution": str(institution.pk)}
    )

    enrollment = Enrollment.objects.get(project=project, teacher=teacher)
    assert enrollment.state == Enrollment.State.ASSIGNED
    training_class = make_class(project, institution, name="骨干教师一班")
    _as(page, staff)
    page.goto("/manage/classes/enrollments/?state=assigned")
    page.check(f"input[name=enrollments][value='{enrollment.pk}']")
    page.select_option("#place-class", str(training_class.pk))
    page.click("button:has-text('分班')")
    page.wait_for_selector("text=已将 1 名学员分入")
    page.goto(f"/manage/classes/{training_class.pk}/")
    page.click("button:has-text('发布开班通知')")
    page.wait_for_selector("text=已发布开班通知")
    page.goto(f"/manage/classes/{training_class.pk}/check-in/")
    page.select_option(f"select[name=outcome_{enrollment.pk}]", "check_in")
    page.click("button:has-text('保存报到结果')")
    page.wait_for_selector("text=已记录 1 名学员的报到结果")
    page.goto(f"/manage/classes/{training_class.pk}/scores/")
    page.fill(f"input[name=offline_{enrollment.pk}]", "80")
    page.fill(f"input[name=online_{enrollment.pk}]", "90")
    page.click("button:has-text('保存成绩')")
    page.wait_for_selector("text=已保存成绩")

    user = teacher.user
    user.set_password(PASSWORD)
    user.uses_initial_password = False
    user.must_change_password = False
    user.save()
    _as(page, user)
    page.goto("/space/training/?tab=finished")
    assert project.name in page.locator("main").inner_text()
    page.click(f"a:has-text('{project.name}')")
    content = page.locator("main").inner_text()
    steps = (
        "县级遴选",
        "县级提交到市级",
        "市级提交到省级",
        f"已分配至{institution.name}",
        "已分班",
        "已发布开班通知",
        "已报到",
        "成绩合格",
        "总成绩 85.00",
    )
    for step in steps:
        assert step in content
    page.screenshot(path="var/screenshots/full-pipeline-teacher.png", full_page=True)
    enrollment.refresh_from_db()
    assert enrollment.state == Enrollment.State.PASSED
    assert enrollment.total_score == 85
