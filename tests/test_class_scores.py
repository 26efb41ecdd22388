"""Check-in and scores: the class grid and the .xlsx import."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Notification
from projects import pipeline, scores
from projects.models import Enrollment
from tests.factories import TeacherFactory

S = Enrollment.State
pytestmark = pytest.mark.django_db


@pytest.fixture
def roster(training_class, class_enrollment, class_enroll, unit):
    """张老师 and two more teachers notified in the class."""
    others = [
        class_enroll(TeacherFactory(unit=unit, name=name), S.NOTIFIED, training_class)
        for name in ("王老师", "赵老师")
    ]
    return [class_enrollment, *others]


def _check_in_url(training_class):
    return reverse("classes:check_in", args=[training_class.pk])


def test_check_in_records_each_outcome(client, institution_staff, roster):
    zhang, wang, zhao = roster
    client.force_login(institution_staff)

    client.post(
        _check_in_url(zhang.training_class),
        {
            f"outcome_{zhang.pk}": "check_in",
            f"outcome_{wang.pk}": "no_show",
            f"outcome_{zhao.pk}": "refuse",
            f"note_{zhao.pk}": "身份证号与证件不符",
        },
    )

    states = dict(Enrollment.objects.values_list("teacher__name", "state"))
    assert states == {"张老师": S.CHECKED_IN, "王老师": S.NO_SHOW, "赵老师": S.REFUSED}
    assert zhao.events.get(action="refuse").note == "身份证号与证件不符"


def test_teachers_checked_in_are_told_in_one_insert(client, institution_staff, roster):
    client.force_login(institution_staff)

    with CaptureQueriesContext(connection) as queries:
        client.post(
            _check_in_url(roster[0].training_class),
            {f"outcome_{e.pk}": "check_in" for e in roster},
        )

    titles = Notification.objects.values_list("title", flat=True)
    assert list(titles) == ["报到结果：已报到"] * 3
    inserts = [
        q for q in queries.captured_queries
        if q["sql"].startswith('INSERT INTO "accounts_notification"')
    ]  # fmt: skip
    assert len(inserts) == 1


def test_a_refusal_without_reason_changes_nobody(client, institution_staff, roster):
    zhang, _wang, zhao = roster
    client.force_login(institution_staff)

    response = client.post(
        _check_in_url(zhang.training_class),
        {f"outcome_{zhang.pk}": "check_in", f"outcome_{zhao.pk}": "refuse"},
    )

    assert "拒绝报到须写明原因" in response.content.decode()
    assert set(Enrollment.objects.values_list("state", flat=True)) == {S.NOTIFIED}


def test_a_crafted_check_in_of_a_teacher_not_notified_is_ignored(
    client, institution_staff, training_class, class_enroll, unit
):
    placed = class_enroll(TeacherFactory(unit=unit), S.PLACED, training_class)
    client.force_login(institution_staff)

    response = client.post(
        _check_in_url(training_class), {f"outcome_{placed.pk}": "check_in"}
    )

    placed.refresh_from_db()
    assert placed.state == S.PLACED
    assert "请至少为一名学员选择报到结果" in response.content.decode()


def _score_url(training_class):
    return reverse("classes:score_grid", args=[training_class.pk])


def test_grid_scores_compute_the_total_and_pass_or_fail(
    client, institution_staff, roster, actors
):
    zhang, wang, zhao = roster
    for enrollment in roster[:2]:
        pipeline.apply(enrollment, "check_in", actor=institution_staff)
    client.force_login(institution_staff)

    client.post(
        _score_url(zhang.training_class),
        {
            f"offline_{zhang.pk}": "80",
            f"online_{zhang.pk}": "90",
            f"offline_{wang.pk}": "50",
            f"online_{wang.pk}": "55.5",
        },
    )

    zhang.refresh_from_db()
    wang.refresh_from_db()
    # Weights 0.6 / 0.4 and pass mark 60 (see the class_project fixture).
    assert (zhang.total_score, zhang.state) == (Decimal("84.00"), S.PASSED)
    assert (wang.total_score, wang.state) == (Decimal("52.20"), S.FAILED)


def test_grid_refuses_scores_out_of_range(client, institution_staff, roster):
    zhang = roster[0]
    pipeline.apply(zhang, "check_in", actor=institution_staff)
    client.force_login(institution_staff)

    response = client.post(
        _score_url(zhang.training_class),
        {f"offline_{zhang.pk}": "101", f"online_{zhang.pk}": "abc"},
    )

    content = response.content.decode()
    assert "成绩须在 0 到 100 之间" in content
    assert "不是数字" in content
    zhang.refresh_from_db()
    assert zhang.state == S.CHECKED_IN


def test_a_refused_check_in_blocks_scores(client, institution_staff, roster):
    zhao = roster[2]
    pipeline.apply(zhao, "refuse", actor=institution_staff, note="姓名不符")
    client.force_login(institution_staff)

    response = client.post(
        _score_url(zhao.training_class),
        {f"offline_{zhao.pk}": "90", f"online_{zhao.pk}": "90"},
    )

    zhao.refresh_from_db()
    assert zhao.state == S.REFUSED
    assert zhao.total_score is None
    assert "没有可保存的成绩" in response.content.decode()
    assert (
        "不能录入成绩" in client.get(_score_url(zhao.training_class)).content.decode()
    )
    with pytest.raises(pipeline.TransitionError):
        scores.record_scores(
            training_class=zhao.training_class,
            rows=[scores.ScoreRow(zhao, Decimal(90), Decimal(90))],
            actor=institution_staff,
        )


def _sheet(rows):
    workbook = Workbook()
    workbook.active.append(list(scores.TEMPLATE_HEADERS))
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("成绩.xlsx", buffer.getvalue())


def _import(client, training_class, rows):
    return client.post(
        reverse("classes:score_import", args=[training_class.pk]),
        {"file": _sheet(rows)},
    )


def test_the_template_lists_the_class_with_id_numbers_as_text(
    client, institution_staff, roster
):
    client.force_login(institution_staff)

    response = client.get(
        reverse("classes:score_template", args=[roster[0].training_class_id])
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert sorted(row[2] for row in rows) == sorted(e.teacher.id_number for e in roster)
    assert sheet["C2"].number_format == "@"


def test_import_applies_all_rows_when_every_row_is_valid(
    client, institution_staff, roster
):
    zhang, wang, zhao = roster
    for enrollment in (zhang, wang):
        pipeline.apply(enrollment, "check_in", actor=institution_staff)
    pipeline.apply(zhao, "refuse", actor=institution_staff, note="姓名不符")
    client.force_login(institution_staff)

    response = _import(
        client,
        zhang.training_class,
        [
            [1, "张老师", zhang.teacher.id_number, "", "", 90, 80],
            [2, "王老师", wang.teacher.id_number, "", "", "40", "30"],
            [3, "赵老师", zhao.teacher.id_number, "", "", None, None],
        ],
    )

    assert response.status_code == 302
    states = dict(Enrollment.objects.values_list("teacher__name", "state"))
    assert states == {"张老师": S.PASSED, "王老师": S.FAILED, "赵老师": S.REFUSED}


def test_import_with_a_bad_row_changes_nothing_and_reports_every_error(
    client, institution_staff, roster, other_teacher
):
    zhang, wang, zhao = roster
    for enrollment in (zhang, wang):
        pipeline.apply(enrollment, "check_in", actor=institution_staff)
    pipeline.apply(zhao, "refuse", actor=institution_staff, note="姓名不符")
    client.force_login(institution_staff)

    response = _import(
        client,
        zhang.training_class,
        [
            [1, "张老师", zhang.teacher.id_number, "", "", 90, 80],
            [2, "王老师", wang.teacher.id_number, "", "", 120, 80],
            [3, "赵老师", zhao.teacher.id_number, "", "", 90, 90],
            [4, "李老师", other_teacher.id_number, "", "", 90, 90],
            [5, "张老师", zhang.teacher.id_number, "", "", 91, 80],
        ],
    )

    assert response.status_code == 200
    errors = {(e.row, e.column) for e in response.context["import_errors"]}
    assert errors == {
        (3, "集中学习成绩"),
        (4, "状态"),
        (5, "身份证号"),
        (6, "身份证号"),
    }
    assert not Enrollment.objects.filter(state=S.PASSED).exists()

    report = client.get(
        reverse("classes:score_errors", args=[zhang.training_class_id]),
        {"token": response.context["report_token"]},
    )
    sheet = load_workbook(io.BytesIO(report.content)).active
    reasons = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "成绩须在 0 到 100 之间。" in reasons
    assert "本班没有该身份证号的学员。" in reasons


def test_import_refuses_a_file_that_is_not_xlsx(client, institution_staff, roster):
    client.force_login(institution_staff)

    response = client.post(
        reverse("classes:score_import", args=[roster[0].training_class_id]),
        {"file": SimpleUploadedFile("成绩.csv", b"a,b")},
    )

    assert "请上传 .xlsx 格式的 Excel 文件" in response.content.decode()


def test_another_staff_cannot_download_the_error_report(
    client, institution_staff, roster, other_institution_staff
):
    zhang = roster[0]
    client.force_login(institution_staff)
    response = _import(client, zhang.training_class, [[1, "x", "123", "", "", 1, 1]])
    token = response.context["report_token"]
    client.force_login(other_institution_staff)

    report = client.get(
        reverse("classes:score_errors", args=[zhang.training_class_id]),
        {"token": token},
    )

    assert report.status_code == 404


def test_teachers_are_told_of_their_scores_and_of_a_refusal(
    client, institution_staff, roster
):
    zhang, _wang, zhao = roster
    client.force_login(institution_staff)
    client.post(
        _check_in_url(zhang.training_class),
        {
            f"outcome_{zhang.pk}": "check_in",
            f"outcome_{zhao.pk}": "refuse",
            f"note_{zhao.pk}": "姓名与身份证不符",
        },
    )

    client.post(
        _score_url(zhang.training_class),
        {f"offline_{zhang.pk}": "80", f"online_{zhang.pk}": "90"},
    )

    titles = {
        name: list(
            Notification.objects.filter(user__name=name)
            .order_by("id")
            .values_list("title", flat=True)
        )
        for name in ("张老师", "赵老师")
    }
    assert titles["张老师"][0] == "报到结果：已报到"
    assert titles["张老师"][1].startswith("成绩已发布")
    assert titles["赵老师"] == ["报到结果：信息不符，拒绝报到"]
    assert Notification.objects.get(user=zhao.teacher.user).body.endswith(
        "姓名与身份证不符"
    )


def test_import_reports_score_and_id_errors_of_the_same_row(
    client, institution_staff, roster
):
    client.force_login(institution_staff)

    response = _import(
        client, roster[0].training_class, [[1, "张老师", 1.30102e17, "", "", 80, "abc"]]
    )

    errors = {(e.row, e.column) for e in response.context["import_errors"]}
    assert errors == {(2, "网络学习成绩"), (2, "身份证号")}


@pytest.mark.parametrize(
    "change", [{"offline_weight": "0.5", "online_weight": "0.5"}, {"pass_mark": "70"}]
)
def test_score_rules_are_fixed_once_a_score_is_recorded(
    client,
    province_admin,
    class_project,
    class_enroll,
    training_class,
    teacher,
    project_edit_data,
    change,
):
    scored = class_enroll(TeacherFactory(unit=teacher.unit), S.PASSED, training_class)
    client.force_login(province_admin)
    url = reverse("projects:project_edit", args=[class_project.pk])

    refused = client.post(url, project_edit_data(class_project, **change))
    renamed = client.post(url, project_edit_data(class_project, name="改名后的项目"))

    class_project.refresh_from_db()
    assert "已有 1 名学员录入成绩" in refused.content.decode()
    assert (class_project.offline_weight, class_project.pass_mark) == (
        Decimal("0.60"),
        Decimal("60.00"),
    )
    assert renamed.status_code == 302
    assert class_project.name == "改名后的项目"
    scored.refresh_from_db()
    assert scored.state == S.PASSED


def test_score_rules_can_change_while_no_score_is_recorded(
    client, province_admin, class_project, training_class, project_edit_data
):
    client.force_login(province_admin)
    url = reverse("projects:project_edit", args=[class_project.pk])

    response = client.post(url, project_edit_data(class_project, pass_mark="70"))

    class_project.refresh_from_db()
    assert response.status_code == 302
    assert class_project.pass_mark == Decimal("70")
