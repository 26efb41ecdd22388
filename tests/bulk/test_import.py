"""Teacher import: preview, atomic apply, error report, re-import, messy cells."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tasks.signals import task_enqueued
from openpyxl import load_workbook

from accounts.models import User
from teachers import bulk_views, importing
from teachers.choices import EmploymentStatus
from teachers.models import BulkJob, Teacher, private_storage
from tests.factories import TeacherFactory, valid_id_number
from tests.plugins.bulk import HEADER, start_import, xlsx_bytes

pytestmark = pytest.mark.django_db


def good_row(unit, name="王新", number=None, phone="13812345678"):
    return [name, number or valid_id_number(), phone, unit.name, "小学", "数学"]


def error_rows(job):
    with private_storage().open(job.error_file, "rb") as stream:
        sheet = load_workbook(io.BytesIO(stream.read())).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_mixed_file_changes_nothing_until_applied(county_admin, unit):
    numbers = [valid_id_number() for _ in range(3)]
    content = xlsx_bytes(
        [
            HEADER,
            good_row(unit, "王一", numbers[0]),
            good_row(unit, "王二", numbers[1], phone="13812345679"),
            ["王三", "130102198501011235", "13812345670", unit.name, "小学", "数学"],
            ["王四", numbers[2], "12345", "不存在的学校", "小学", "数学"],
        ]
    )

    job = start_import(county_admin, content)

    assert (job.state, job.new_count, job.updated_count, job.rejected_count) == (
        "validated",
        2,
        0,
        2,
    )
    assert not Teacher.objects.exists()
    assert not User.objects.filter(role="teacher").exists()

    importing.apply(job=job, actor=county_admin)

    job.refresh_from_db()
    assert job.state == "done"
    assert set(Teacher.objects.values_list("id_number", flat=True)) == set(numbers[:2])
    user = User.objects.get(username=numbers[0])
    assert (user.password, user.uses_initial_password, user.must_change_password) == (
        "!initial",
        True,
        True,
    )
    teacher = Teacher.objects.get(id_number=numbers[0])
    assert (teacher.county_id, teacher.unit, teacher.sex) == ("130102", unit, "male")


def test_apply_writes_the_rows_read_at_preview_then_drops_them(county_admin, unit):
    number = valid_id_number()
    job = start_import(
        county_admin, xlsx_bytes([HEADER, good_row(unit, "王一", number)])
    )
    parsed = job.params["parsed_file"]
    # The upload is read once: apply works from the parsed rows alone.
    private_storage().delete(job.source_file)

    importing.apply(job=job, actor=county_admin)

    job.refresh_from_db()
    assert job.state == "done"
    assert Teacher.objects.get(id_number=number).name == "王一"
    assert not private_storage().exists(parsed)


def test_apply_without_the_parsed_rows_fails_and_writes_nothing(county_admin, unit):
    job = start_import(county_admin, xlsx_bytes([HEADER, good_row(unit)]))
    private_storage().delete(job.params["parsed_file"])

    importing.apply(job=job, actor=county_admin)

    job.refresh_from_db()
    assert job.state == "failed"
    assert "重新上传" in job.message
    assert not Teacher.objects.exists()


def test_error_report_names_each_bad_row_column_and_reason(county_admin, unit):
    content = xlsx_bytes(
        [
            HEADER,
            good_row(unit),
            ["王三", "130102198501011235", "13812345670", unit.name, "小学", "数学"],
            ["王四", valid_id_number(), "12345", "不存在的学校", "小学", "数学"],
        ]
    )

    job = start_import(county_admin, content)

    rows = error_rows(job)
    assert [row[:2] for row in rows] == [
        [3, "身份证号"],
        [4, "手机号"],
        [4, "单位全称"],
    ]
    assert "校验位" in rows[0][2]
    assert "不存在的学校" in rows[2][2]


def test_reimporting_the_same_file_updates_instead_of_duplicating(county_admin, unit):
    content = xlsx_bytes(
        [HEADER, good_row(unit), good_row(unit, "王二", None, "13900000002")]
    )
    importing.apply(job=start_import(county_admin, content), actor=county_admin)
    changed = xlsx_bytes(
        [HEADER, *[[*row[:4], "初中", "语文"] for row in load_rows(content)]]
    )

    again = start_import(county_admin, changed)
    importing.apply(job=again, actor=county_admin)

    again.refresh_from_db()
    assert (again.new_count, again.updated_count, again.rejected_count) == (0, 2, 0)
    assert Teacher.objects.count() == 2
    assert set(Teacher.objects.values_list("stage", "subject")) == {("初中", "语文")}


def test_blank_cells_in_a_reimport_leave_the_teachers_values_alone(county_admin, unit):
    teacher = TeacherFactory(
        unit=unit, name="张三", email="zhang@example.com", stage="小学",
        subject="数学", work_start_date=datetime.date(2008, 9, 1),
        is_head_teacher=True, is_special_post_teacher=True,
    )  # fmt: skip
    header = [*HEADER, "电子邮箱", "参加工作时间", "班主任", "特岗教师"]
    rows = [
        header,
        ["张三", teacher.id_number, teacher.phone, unit.name, "", "语文", "",
         None, "  ", "否"],
        ["李四", valid_id_number(), "13800000001", unit.name, "", "", "", "", "",
         ""],
    ]  # fmt: skip

    job = start_import(county_admin, xlsx_bytes(rows))
    importing.apply(job=job, actor=county_admin)

    teacher.refresh_from_db()
    assert (teacher.email, teacher.stage, teacher.subject) == (
        "zhang@example.com",
        "小学",
        "语文",
    )
    assert teacher.work_start_date == datetime.date(2008, 9, 1)
    # A blank cell keeps the flag; a 否 written out still clears it.
    assert teacher.is_head_teacher and not teacher.is_special_post_teacher
    new = Teacher.objects.get(name="李四")
    assert (new.email, new.work_start_date, new.is_head_teacher) == ("", None, False)


def test_number_cells_holding_an_old_id_number_or_a_yyyymmdd_date_are_read(
    county_admin, unit
):
    # 15 digits are exact in a number cell (Excel keeps 15), unlike 18.
    rows = [
        [*HEADER, "参加工作时间"],
        ["王旧", 130102850101123, "13800000002", unit.name, "", "", 20070901],
        ["王浮", 130102850101131.0, "13800000003", unit.name, "", "", 20070901.0],
    ]

    job = start_import(county_admin, xlsx_bytes(rows))
    importing.apply(job=job, actor=county_admin)

    assert job.rejected_count == 0
    old = Teacher.objects.get(name="王旧")
    assert (old.id_number, old.birth_date, old.sex) == (
        "130102198501011239",
        datetime.date(1985, 1, 1),
        "male",
    )
    assert old.work_start_date == datetime.date(2007, 9, 1)
    assert Teacher.objects.get(name="王浮").id_number.startswith("13010219850101131")


def test_shared_phones_are_imported_and_counted_for_the_preview(
    client, county_admin, unit
):
    holder = TeacherFactory(unit=unit, phone="13800000010")
    own = TeacherFactory(unit=unit, phone="13800000012")
    left = TeacherFactory(
        unit=unit, phone="13800000011", employment_status=EmploymentStatus.LEFT
    )
    rows = [
        HEADER,
        good_row(unit, "王一", phone="13800000020"),
        good_row(unit, "王二", phone="13800000020"),  # shares with row 2
        good_row(unit, "王三", phone=holder.phone),  # shares with a teacher
        good_row(unit, "王四", phone=left.phone),  # only a teacher who has left
        [own.name, own.id_number, own.phone, unit.name, "", ""],  # their own
    ]

    job = start_import(county_admin, xlsx_bytes(rows))
    client.force_login(county_admin)
    page = client.get(reverse("bulk:job_detail", args=[job.pk])).content.decode()
    importing.apply(job=job, actor=county_admin)

    assert (job.params["shared_phone_count"], job.params["shared_phone_rows"]) == (
        2,
        [3, 4],
    )
    assert "有 2 行的手机号" in page and "第 3、4 行" in page
    job.refresh_from_db()
    assert (job.state, job.new_count, job.updated_count) == ("done", 4, 1)
    assert Teacher.objects.filter(phone="13800000020").count() == 2


def test_a_file_without_shared_phones_shows_no_phone_warning(
    client, county_admin, bulk_job
):
    client.force_login(county_admin)

    response = client.get(reverse("bulk:job_detail", args=[bulk_job.pk]))

    assert bulk_job.params["shared_phone_count"] == 0
    assert 'data-warning="shared-phone"' not in response.content.decode()


def test_the_page_shows_how_far_an_apply_has_got(
    client, county_admin, unit, monkeypatch
):
    monkeypatch.setattr(importing, "CHUNK", 1)
    rows = [HEADER, *(good_row(unit, f"王{n}", phone=f"1380000010{n}") for n in
                      range(4))]  # fmt: skip
    job = start_import(county_admin, xlsx_bytes(rows))
    # The apply view claims the job before the apply starts.
    BulkJob.objects.filter(pk=job.pk).update(state=BulkJob.State.APPLYING)
    client.force_login(county_admin)
    seen = []
    note = importing._note_progress

    def note_and_poll(job, rows):
        note(job, rows)
        status = client.get(reverse("bulk:job_status", args=[job.pk])).json()
        seen.append((status["done"], status["total"], status["percent"]))

    monkeypatch.setattr(importing, "_note_progress", note_and_poll)
    importing.apply(job=job, actor=county_admin)

    assert seen == [(1, 4, 25), (2, 4, 50), (3, 4, 75), (4, 4, 100)]
    assert not private_storage().exists(importing._progress_name(job))


def test_a_job_page_opened_while_applying_draws_the_bar_at_its_percentage(
    client, county_admin, bulk_job
):
    bulk_job.state = BulkJob.State.APPLYING
    bulk_job.save(update_fields=["state"])
    importing._note_progress(bulk_job, 1)
    client.force_login(county_admin)

    page = client.get(reverse("bulk:job_detail", args=[bulk_job.pk])).content.decode()

    assert 'value="50" aria-label="导入进度" data-job-bar' in page
    assert "<span data-job-done>1</span> / <span data-job-total>2</span>" in page


def load_rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]


def test_apply_is_all_or_nothing(county_admin, unit, monkeypatch):
    existing = TeacherFactory(unit=unit, name="老教师")
    content = xlsx_bytes(
        [
            HEADER,
            good_row(unit),
            good_row(unit, "老教师", existing.id_number, "13900000009"),
        ]
    )
    job = start_import(county_admin, content)

    def fail(rows):
        raise RuntimeError("database went away")

    monkeypatch.setattr(importing, "_update", fail)
    with pytest.raises(RuntimeError):
        importing.apply(job=job, actor=county_admin)

    assert list(Teacher.objects.values_list("pk", flat=True)) == [existing.pk]
    assert User.objects.filter(role="teacher").count() == 1


def test_changes_between_preview_and_apply_abort_the_import(county_admin, unit):
    number = valid_id_number()
    job = start_import(
        county_admin, xlsx_bytes([HEADER, good_row(unit, "王新", number)])
    )
    TeacherFactory(unit=unit, name="别人", id_number=number)

    importing.apply(job=job, actor=county_admin)

    job.refresh_from_db()
    assert job.state == "failed"
    assert "重新上传" in job.message
    assert Teacher.objects.get(id_number=number).name == "别人"


def test_another_countys_teacher_cannot_be_changed_by_import(
    county_admin, unit, other_teacher
):
    row = [other_teacher.name, other_teacher.id_number, "13800000000", unit.name,
           "高中", "物理"]  # fmt: skip
    job = start_import(county_admin, xlsx_bytes([HEADER, row]))

    assert (job.new_count, job.updated_count, job.rejected_count) == (0, 0, 1)
    assert "其他区县" in error_rows(job)[0][2]
    other_teacher.refresh_from_db()
    assert other_teacher.county_id == "130104" and other_teacher.stage == ""


def test_name_or_unit_changes_are_refused_as_key_fields(county_admin, unit):
    teacher = TeacherFactory(unit=unit, name="张三")
    job = start_import(
        county_admin, xlsx_bytes([HEADER, good_row(unit, "张叁", teacher.id_number)])
    )

    assert job.rejected_count == 1
    assert "修改姓名" in error_rows(job)[0][2]


def test_messy_spreadsheet_cells_are_understood(county_admin, unit):
    lower_x = valid_id_number()
    while not lower_x.endswith("X"):
        lower_x = valid_id_number()
    full_width = valid_id_number()
    spaced = valid_id_number()
    lost = valid_id_number()
    header = ["\ufeff 姓 名 ", "身份证号\u00a0", "*手机号", "单位全称\u200b",
              "参加工作时间", "公费师范生", "教师资格种类"]  # fmt: skip
    rows = [
        header,
        ["王小", lower_x.lower(), "138 1234 5670", unit.name, 40057, "是",
         "小学教师资格"],
        [],  # a blank row between data rows
        ["李小", full_width.translate(FULL_WIDTH), 13812345671.0,
         f"\ufeff{unit.name}", "2010年9月1日", "否", "2"],
        ["赵小", f"\u00a0{spaced[:6]} {spaced[6:]}\u00a0", "13812345672", unit.name,
         "2010/9/1", "", ""],
        ["钱小", float(lost), "13812345673", unit.name, "2010-09-01", "", ""],
    ]  # fmt: skip
    content = xlsx_bytes(rows, title_rows=[["石家庄市长安区教师信息表"], []])

    job = start_import(county_admin, content)
    importing.apply(job=job, actor=county_admin)

    job.refresh_from_db()
    assert (job.new_count, job.rejected_count) == (3, 1)
    stored = dict(Teacher.objects.values_list("name", "id_number"))
    assert stored == {"王小": lower_x, "李小": full_width, "赵小": spaced}
    starts = set(Teacher.objects.values_list("work_start_date", flat=True))
    assert starts == {datetime.date(2009, 9, 1), datetime.date(2010, 9, 1)}
    li = Teacher.objects.get(name="李小")
    assert (li.phone, li.qualification_type, li.is_funded_normal_student) == (
        "13812345671",
        "2",
        False,
    )
    assert Teacher.objects.get(name="王小").is_funded_normal_student
    [(row, column, reason, _raw)] = error_rows(job)
    assert (row, column) == (8, "身份证号")
    assert "Excel" in reason and "丢失" in reason


FULL_WIDTH = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


def test_missing_header_is_reported(county_admin):
    job = start_import(county_admin, xlsx_bytes([["编号", "备注"], [1, "x"]]))

    assert job.state == "failed"
    assert "没有找到表头" in job.message and "身份证号" in job.message


def test_upload_view_previews_then_apply_button_imports(client, county_admin, unit):
    client.force_login(county_admin)
    upload = SimpleUploadedFile("名单.xlsx", xlsx_bytes([HEADER, good_row(unit)]))

    response = client.post(reverse("bulk:import"), {"file": upload}, follow=True)

    assert "尚未写入任何数据" in response.content.decode()
    job = response.context["job"]
    assert job.new_count == 1 and not Teacher.objects.exists()
    client.post(reverse("bulk:job_apply", args=[job.pk]))
    second = client.post(reverse("bulk:job_apply", args=[job.pk]), follow=True)
    assert Teacher.objects.count() == 1
    assert "无需重复提交" in second.content.decode()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"%PDF-1.4 not a workbook", "不是 Excel 工作簿"),
        (b"PK\x03\x04 broken zip", "不是 Excel 工作簿"),
    ],
)
def test_upload_refuses_files_that_are_not_xlsx(client, county_admin, content, words):
    client.force_login(county_admin)

    response = client.post(
        reverse("bulk:import"), {"file": SimpleUploadedFile("a.xlsx", content)}
    )

    assert words in response.content.decode()
    assert not BulkJob.objects.exists()


def test_upload_refuses_oversized_files(client, county_admin, unit, monkeypatch):
    monkeypatch.setattr("teachers.excel.MAX_UPLOAD_BYTES", 100)
    client.force_login(county_admin)
    upload = SimpleUploadedFile("a.xlsx", xlsx_bytes([HEADER, good_row(unit)]))

    response = client.post(reverse("bulk:import"), {"file": upload})

    assert "文件过大" in response.content.decode()


def test_large_files_are_checked_and_applied_by_the_task_worker(
    client, county_admin, unit, monkeypatch
):
    monkeypatch.setattr(bulk_views, "INLINE_IMPORT_BYTES", 0)
    monkeypatch.setattr(bulk_views, "INLINE_IMPORT_ROWS", 0)
    enqueued = []

    def record(sender, task_result, **kwargs):
        enqueued.append(task_result.task.name)

    task_enqueued.connect(record)
    client.force_login(county_admin)
    upload = SimpleUploadedFile("a.xlsx", xlsx_bytes([HEADER, good_row(unit)]))

    try:
        response = client.post(reverse("bulk:import"), {"file": upload})
        job = BulkJob.objects.get()
        status = client.get(reverse("bulk:job_status", args=[job.pk])).json()
        client.post(reverse("bulk:job_apply", args=[job.pk]))
    finally:
        task_enqueued.disconnect(record)

    assert response.status_code == 302
    assert enqueued == ["validate_import", "apply_import"]
    assert status == {"state": "validated", "label": "待确认", "done": 1,
                      "total": 1, "percent": 100, "busy": False}  # fmt: skip
    job.refresh_from_db()
    assert job.state == "done" and Teacher.objects.count() == 1


def test_a_crash_while_applying_marks_the_job_failed(
    client, county_admin, bulk_job, monkeypatch
):
    def crash(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "apply", crash)
    client.force_login(county_admin)

    response = client.post(reverse("bulk:job_apply", args=[bulk_job.pk]), follow=True)

    bulk_job.refresh_from_db()
    assert bulk_job.state == "failed"
    assert "请稍后重试" in response.content.decode()
    assert not Teacher.objects.exists()


def test_template_has_instructions_and_choice_lists(client, county_admin, unit):
    client.force_login(county_admin)

    response = client.get(reverse("bulk:template"))

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["教师信息", "填写说明", "选项"]
    sheet = workbook["教师信息"]
    assert [c.value for c in sheet[1]][:4] == ["姓名", "身份证号", "手机号", "单位全称"]
    validations = {
        str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert validations["D2:D100001"] == "选项!$D$1:$D$1"
    assert workbook["选项"]["D1"].value == unit.name
    assert workbook["选项"].sheet_state == "hidden"
    assert "留空的单元格表示“不修改”" in str(list(workbook["填写说明"].values))


def test_template_covers_a_hundred_thousand_rows_and_stays_small(
    client, county_admin, unit
):
    client.force_login(county_admin)

    response = client.get(reverse("bulk:template"))

    assert len(response.content) < 50_000
    sheet = load_workbook(io.BytesIO(response.content))["教师信息"]
    formats = {
        letter: sheet.column_dimensions[letter].number_format for letter in "ABCDU"
    }
    # ID number, phone and certificate number columns are text all the way down.
    assert formats == {"A": "General", "B": "@", "C": "@", "D": "General",
                       "U": "@"}  # fmt: skip
    unit_list = next(
        v for v in sheet.data_validations.dataValidation if "D2" in v.sqref
    )
    assert "D50000" in unit_list.sqref and "D100001" in unit_list.sqref


def test_neighbor_admin_cannot_see_or_apply_another_admins_import(
    client, neighbor_admin, bulk_job
):
    client.force_login(neighbor_admin)

    assert client.get(reverse("bulk:job_detail", args=[bulk_job.pk])).status_code == 404
    response = client.post(reverse("bulk:job_apply", args=[bulk_job.pk]))

    assert response.status_code == 404
    assert not Teacher.objects.exists()


def test_rows_are_numbered_as_in_excel_when_the_table_starts_lower(county_admin, unit):
    content = xlsx_bytes(
        [["", *HEADER], ["", *good_row(unit, "王五", "130102198501011235")]],
        title_rows=[[], [], []],
    )

    job = start_import(county_admin, content)

    assert job.total == 1
    assert error_rows(job)[0][:2] == [5, "身份证号"]
