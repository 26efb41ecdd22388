import importlib

import pytest
from django.apps import apps

from teachers.models import Region
from tests.browser.conftest import log_in
from tests.plugins.records import image_bytes

pytestmark = pytest.mark.browser

SHOTS = "var/screenshots"


@pytest.fixture(autouse=True)
def _regions(transactional_db):
    """Transactional tests flush the regions a data migration loaded: reload."""
    if not Region.objects.exists():
        migration = importlib.import_module("teachers.migrations.0002_load_regions")
        migration.load_regions(apps, None)


def test_teacher_uploads_a_photo_sees_why_a_bad_one_fails_and_edits_profile(
    page, teacher_user, tmp_path
):
    teacher = teacher_user.teacher
    good = tmp_path / "good.jpg"
    good.write_bytes(image_bytes())
    white = tmp_path / "white.jpg"
    white.write_bytes(image_bytes(color=(255, 255, 255)))
    log_in(page, teacher.id_number, teacher.id_number[-6:])
    page.wait_for_url("**/space/")

    page.click("a:has-text('证件照与头像')")
    page.set_input_files("input[name=photo-photo]", str(white))
    page.click("button:has-text('上传证件照')")
    assert "照片背景不是蓝色" in page.content()
    page.screenshot(path=f"{SHOTS}/records-photo-refused.png", full_page=True)
    page.set_input_files("input[name=photo-photo]", str(good))
    page.click("button:has-text('上传证件照')")
    assert "证件照已上传" in page.content()
    assert page.locator("img[alt=证件照]").evaluate("img => img.naturalWidth") == 295

    page.goto("/space/")
    page.click("a.btn:text-is('修改')")
    page.select_option("select[name=subject]", "数学")
    page.screenshot(path=f"{SHOTS}/records-profile-edit.png", full_page=True)
    page.click("button:has-text('保存')")
    page.wait_for_url("**/space/")
    assert "数学" in page.content()
    page.screenshot(path=f"{SHOTS}/records-profile.png", full_page=True)


def test_county_admin_filters_the_list_and_opens_the_audit_trail(
    page, county_admin, teacher
):
    log_in(page, "changan", "Admin@2026")
    page.wait_for_url("**/manage/")

    page.goto("/manage/teachers/")
    page.select_option("select[name=unit]", str(teacher.unit_id))
    page.click("button:has-text('查询')")
    assert teacher.name in page.content()
    page.screenshot(path=f"{SHOTS}/records-teacher-list.png", full_page=True)
    page.click(f"a:has-text('{teacher.name}')")
    page.click("a:has-text('修改关键字段')")
    page.fill("input[name=name]", "张晓明")
    page.fill("input[name=reason]", "按身份证更正")
    page.click("button:has-text('保存修改')")
    assert "变更记录" in page.content() and "按身份证更正" in page.content()
    page.screenshot(path=f"{SHOTS}/records-teacher-detail.png", full_page=True)
    page.click("a:has-text('编辑资料')")
    page.select_option("select[name=title]", "一级教师")
    page.screenshot(path=f"{SHOTS}/records-teacher-edit.png", full_page=True)
    page.click("button:has-text('保存')")
    assert "一级教师" in page.content()
    page.click("a:has-text('发起异动')")
    page.select_option("select[name=to_county]", "130602")
    page.fill("input[name=reason]", "随配偶调动")
    page.click("button:has-text('发起异动')")
    page.wait_for_url("**/manage/transfers/")
    assert "竞秀区" in page.content()
    page.screenshot(path=f"{SHOTS}/records-transfers.png", full_page=True)
