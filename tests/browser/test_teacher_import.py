import io

import pytest
from openpyxl import load_workbook

from teachers.models import Teacher
from tests.browser.conftest import log_in
from tests.factories import valid_id_number
from tests.plugins.bulk import HEADER, xlsx_bytes

pytestmark = pytest.mark.browser


def test_county_admin_imports_a_file_with_one_bad_row(
    page, county_admin, unit, tmp_path
):
    good = valid_id_number()
    source = tmp_path / "长安区教师.xlsx"
    source.write_bytes(
        xlsx_bytes(
            [
                HEADER,
                ["王新", good, "13812345678", unit.name, "小学", "数学"],
                [
                    "李错",
                    "130102198501011235",
                    "13812345679",
                    unit.name,
                    "小学",
                    "数学",
                ],
            ]
        )
    )
    log_in(page, "changan", "Admin@2026")
    page.wait_for_url("**/manage/**")

    page.goto("/manage/teachers/import/")
    page.set_input_files("input[name=file]", str(source))
    page.click("button[type=submit]:has-text('上传并检查')")

    page.wait_for_url("**/manage/jobs/*/")
    assert page.locator("[data-count=new]").inner_text() == "1"
    assert page.locator("[data-count=rejected]").inner_text() == "1"
    assert "尚未写入任何数据" in page.content()
    assert not Teacher.objects.exists()
    page.screenshot(path="var/screenshots/teacher-import-preview.png", full_page=True)

    link = page.locator("a:has-text('下载错误报告')")
    with page.expect_download() as info:
        link.click()
    report = load_workbook(io.BytesIO(open(info.value.path(), "rb").read())).active
    assert [c.value for c in report[2]][:2] == [3, "身份证号"]
    assert "校验位" in report["C2"].value

    page.click("button:has-text('确认导入 1 行')")
    page.wait_for_selector("text=已新增 1 名教师")
    assert list(Teacher.objects.values_list("id_number", flat=True)) == [good]
