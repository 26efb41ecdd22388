"""Exports: masking, scope, formulas written as text, the log, big exports."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from teachers import exporting
from teachers.models import BulkJob, ExportLog
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def sheet_rows(content):
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_teacher_export_is_masked_scoped_and_logged(
    client, county_admin, teacher, other_teacher
):
    client.force_login(county_admin)

    response = client.get(reverse("bulk:teacher_export"))

    rows = sheet_rows(response.content)
    assert rows[0][:3] == ["姓名", "性别", "身份证号"]
    assert [row[0] for row in rows[1:]] == [teacher.name]
    number = teacher.id_number
    assert rows[1][2] == f"{number[:6]}********{number[-4:]}"
    assert rows[1][6] == f"{teacher.phone[:3]}****{teacher.phone[-4:]}"
    log = ExportLog.objects.get()
    assert (log.user, log.kind, log.row_count, log.masked) == (
        county_admin,
        "teacher_export",
        1,
        True,
    )
    assert "attachment" in response["Content-Disposition"]


def test_county_admin_cannot_export_another_countys_teachers(
    client, county_admin, teacher, other_teacher
):
    client.force_login(county_admin)

    response = client.get(
        reverse("bulk:teacher_export"), {"region": "130104", "full": "1"}
    )

    assert sheet_rows(response.content)[1:] == []
    assert ExportLog.objects.get().row_count == 0


def test_full_values_only_for_county_admins_and_logged_as_such(
    client, county_admin, city_admin, teacher
):
    client.force_login(county_admin)
    full = sheet_rows(client.get(reverse("bulk:teacher_export"), {"full": "1"}).content)
    client.force_login(city_admin)
    city = sheet_rows(client.get(reverse("bulk:teacher_export"), {"full": "1"}).content)

    assert full[1][2] == teacher.id_number
    assert "*" in city[1][2]
    assert list(ExportLog.objects.order_by("id").values_list("masked", flat=True)) == [
        False,
        True,
    ]


def test_export_keeps_the_list_filters(client, city_admin, teacher, other_teacher):
    client.force_login(city_admin)

    response = client.get(reverse("bulk:teacher_export"), {"region": "130104"})

    assert [row[0] for row in sheet_rows(response.content)[1:]] == [other_teacher.name]
    assert "130104" in ExportLog.objects.get().description


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2+3", "@cmd"])
def test_formula_like_cells_are_exported_as_text(client, county_admin, unit, text):
    TeacherFactory(unit=unit, name=text)
    client.force_login(county_admin)

    response = client.get(reverse("bulk:teacher_export"))

    cell = load_workbook(io.BytesIO(response.content)).worksheets[0]["A2"]
    assert (cell.value, cell.data_type) == (text, "s")
    assert b"<f>" not in _sheet_xml(response.content)


def _sheet_xml(content):
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml")


def test_unit_export_lists_the_scope_units(client, city_admin, unit, other_unit):
    client.force_login(city_admin)

    response = client.get(reverse("bulk:unit_export"))

    names = {row[0] for row in sheet_rows(response.content)[1:]}
    assert names == {unit.name, other_unit.name}
    assert ExportLog.objects.get().kind == "unit_export"


def test_large_exports_run_as_a_task_with_a_download(
    client, county_admin, teacher, monkeypatch
):
    monkeypatch.setattr(exporting, "INLINE_LIMIT", 0)
    client.force_login(county_admin)

    response = client.get(reverse("bulk:teacher_export"))

    job = BulkJob.objects.get()
    assert response["Location"] == reverse("bulk:job_detail", args=[job.pk])
    assert (job.state, job.done, job.total) == ("done", 1, 1)
    page = client.get(response["Location"])
    assert reverse("bulk:job_result", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("bulk:job_result", args=[job.pk]))
    rows = sheet_rows(b"".join(download.streaming_content))
    assert rows[1][0] == teacher.name
    assert ExportLog.objects.get().row_count == 1


def test_export_log_page_lists_exports_for_the_province(
    client, county_admin, province_admin, teacher
):
    client.force_login(county_admin)
    client.get(reverse("bulk:teacher_export"))
    client.force_login(province_admin)

    response = client.get(reverse("bulk:export_log"))

    text = response.content.decode()
    assert county_admin.name in text and "教师名单导出" in text


def test_export_log_page_queries_are_bounded(
    client, county_admin, province_admin, django_assert_max_num_queries
):
    for _ in range(30):
        ExportLog.objects.create(user=county_admin, kind="unit_export", row_count=3)
    client.force_login(province_admin)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("bulk:export_log"))

    assert len(response.context["page"]) == 20


def test_transfer_export_lists_the_scope_masked_even_when_full_is_asked(
    client, county_admin, neighbor_admin, transfer
):
    client.force_login(county_admin)

    response = client.get(reverse("bulk:transfer_export"), {"full": "1"})

    rows = sheet_rows(response.content)
    assert rows[0][:3] == ["教师", "身份证号", "调出区县"]
    number = transfer.teacher.id_number
    assert rows[1][:3] == [
        transfer.teacher.name,
        f"{number[:6]}********{number[-4:]}",
        "石家庄市长安区",
    ]
    assert rows[1][7] == "待接收"
    log = ExportLog.objects.get()
    assert (log.kind, log.row_count, log.masked) == ("transfer_export", 1, True)

    client.force_login(neighbor_admin)
    response = client.get(reverse("bulk:transfer_export"))
    assert sheet_rows(response.content)[1:] == []


def test_change_request_export_follows_the_state_tab(
    client, county_admin, change_request
):
    client.force_login(county_admin)

    pending = sheet_rows(
        client.get(reverse("bulk:request_export"), {"state": "pending"}).content
    )
    approved = sheet_rows(
        client.get(reverse("bulk:request_export"), {"state": "approved"}).content
    )

    assert [row[0] for row in pending[1:]] == [change_request.teacher.name]
    assert pending[1][4] == f"姓名：{change_request.teacher.name} → 张晓明"
    assert approved[1:] == []
    assert [log.description for log in ExportLog.objects.order_by("pk")] == [
        "状态=待审核",
        "状态=已通过",
    ]
