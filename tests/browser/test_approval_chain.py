"""One teacher from county selection through city approval to the province's
assignment to an institution, clicked through in the browser."""

import pytest

from projects.models import Enrollment
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Admin@2026"


def _as(page, user):
    page.context.clear_cookies()
    log_in(page, user.username, PASSWORD)
    page.wait_for_url("**/manage/")


def _run_on_filter(page, project, action, **fields):
    page.goto(f"/manage/projects/{project.pk}/enrollments/")
    page.select_option("#bulk-action", action)
    page.select_option("#bulk-target", "filter")
    for selector, value in fields.items():
        page.select_option(selector, value)
    page.click("button:has-text('执行')")
    page.wait_for_selector(".alert-success")


def test_county_city_and_province_move_a_teacher_to_an_institution(
    page, project, teacher, county_admin, city_admin, province_admin
):
    institution = project.institutions.get()

    _as(page, county_admin)
    page.goto(f"/manage/projects/{project.pk}/selection/")
    assert "剩余 5 人" in page.content()
    page.check(f"input[name=teacher][value='{teacher.pk}']")
    page.click("button:has-text('加入遴选名单')")
    page.wait_for_selector(".alert-success")
    assert "剩余 4 人" in page.content()
    _run_on_filter(page, project, "submit")

    _as(page, city_admin)
    _run_on_filter(page, project, "city_submit")

    _as(page, province_admin)
    _run_on_filter(
        page,
        project,
        "province_assign",
        **{"#bulk-institution": str(institution.pk)},
    )
    page.screenshot(path="var/screenshots/province-assigned.png", full_page=True)

    enrollment = Enrollment.objects.get(project=project, teacher=teacher)
    assert enrollment.state == Enrollment.State.ASSIGNED
    assert enrollment.institution == institution
    page.goto(f"/manage/projects/enrollments/{enrollment.pk}/")
    timeline = page.locator(".timeline").inner_text()
    for step in (
        "县级遴选",
        "县级提交到市级",
        "市级提交到省级",
        "已分配至华北理工大学",
    ):
        assert step in timeline
    page.goto(f"/manage/projects/{project.pk}/board/")
    assert page.locator("tfoot").inner_text().split()[-1] == "1"
