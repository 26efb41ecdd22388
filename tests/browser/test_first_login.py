import pytest

from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_teacher_logs_in_with_default_password_changes_it_and_sees_space(page, teacher):
    log_in(page, teacher.id_number.lower(), teacher.id_number[-6:])

    page.wait_for_url("**/accounts/password/change/")
    assert "首次登录" in page.content() or "初始密码" in page.content()
    page.fill("input[name=old_password]", teacher.id_number[-6:])
    page.fill("input[name=new_password1]", "Hebei#Teacher2026")
    page.fill("input[name=new_password2]", "Hebei#Teacher2026")
    page.click("button[type=submit]:has-text('确认修改')")

    page.wait_for_url("**/space/")
    assert page.locator("h1").first.inner_text() == "基本信息 · 个人资料"
    assert teacher.name in page.content()
    assert "继续教育" in page.locator("nav.side-menu").inner_text()
    page.screenshot(path="var/screenshots/teacher-space.png", full_page=True)

    teacher.user.refresh_from_db()
    assert not teacher.user.uses_initial_password
    assert not teacher.user.must_change_password


def test_captcha_can_be_replaced_without_losing_the_form(page, teacher):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", teacher.id_number)
    old_key = page.locator("input[name=captcha_0]").input_value()

    page.click("text=看不清？换一张")
    page.wait_for_function(
        "old => document.querySelector('input[name=captcha_0]').value !== old",
        arg=old_key,
    )

    assert page.locator("input[name=username]").input_value() == teacher.id_number
    assert page.locator("img.captcha").get_attribute("src").endswith("/")
