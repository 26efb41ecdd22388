"""The project board per tier, the lists behind it and their .xlsx export;
query counts stay the same whatever the number of enrollments."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.models import Enrollment
from teachers.models import ExportLog
from tests.factories import TeacherFactory, UnitFactory

S = Enrollment.State


def _board(client, user, project):
    client.force_login(user)
    response = client.get(reverse("projects:board", args=[project.pk]))
    return {row.name: row for row in response.context["rows"]}, response


@pytest.fixture
def spread(project, enroll, unit, other_unit):
    """长安区: two selected, one submitted; 桥西区: one city-submitted;
    辛集 (province-direct): one at the province."""
    enroll(TeacherFactory(unit=unit))
    enroll(TeacherFactory(unit=unit))
    enroll(TeacherFactory(unit=unit), "county_submit")
    enroll(TeacherFactory(unit=other_unit), "county_submit", "city_submit")
    xinji = UnitFactory(county_id="130181", name="辛集市第一中学")
    enroll(TeacherFactory(unit=xinji), "county_submit_to_province")


def test_county_board_breaks_down_by_unit(client, county_admin, project, spread, unit):
    rows, response = _board(client, county_admin, project)

    row = rows[unit.name]
    assert (row.counts[S.SELECTED], row.counts[S.COUNTY_SUBMITTED]) == (2, 1)
    assert response.context["total"].total == 3
    assert f"unit={unit.pk}&amp;state=selected" in response.content.decode()


def test_city_board_breaks_down_by_county(client, city_admin, project, spread):
    rows, response = _board(client, city_admin, project)

    assert rows["长安区"].total == 3 and rows["长安区"].quota == 5
    assert rows["桥西区"].counts[S.CITY_SUBMITTED] == 1
    assert "辛集市" not in rows
    assert response.context["total"].total == 4


def test_province_board_shows_cities_and_direct_counties(
    client, province_admin, project, spread
):
    rows, response = _board(client, province_admin, project)

    assert rows["石家庄市"].total == 4 and rows["石家庄市"].quota == 10
    assert rows["辛集市"].counts[S.CITY_SUBMITTED] == 1
    assert rows["保定市"].total == 0
    assert response.context["total"].total == 5


def test_numbers_lead_to_the_matching_list(client, city_admin, project, spread):
    client.force_login(city_admin)
    url = reverse("projects:enrollment_list", args=[project.pk])

    response = client.get(url, {"region": "130102", "state": "selected"})

    assert response.context["page"].paginator.count == 2


def _grow(enroll, unit, other_unit, n):
    for _ in range(n):
        enroll(TeacherFactory(unit=unit), "county_submit")
        enroll(TeacherFactory(unit=other_unit))


@pytest.mark.parametrize("persona", ["county_admin", "city_admin", "province_admin"])
def test_board_queries_do_not_grow_with_enrollments(
    client, request, project, enroll, unit, other_unit, django_assert_max_num_queries,
    persona,
):  # fmt: skip
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("projects:board", args=[project.pk])
    _grow(enroll, unit, other_unit, 2)
    with django_assert_max_num_queries(12) as few:
        client.get(url)

    _grow(enroll, unit, other_unit, 15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.context["total"].total > 30 or persona == "county_admin"


@pytest.mark.parametrize("name", ["projects:enrollment_list", "projects:selection"])
def test_list_queries_do_not_grow_with_enrollments(
    client, county_admin, project, enroll, unit, other_unit,
    django_assert_max_num_queries, name,
):  # fmt: skip
    client.force_login(county_admin)
    url = reverse(name, args=[project.pk])
    _grow(enroll, unit, other_unit, 2)
    with django_assert_max_num_queries(15) as few:
        client.get(url)

    _grow(enroll, unit, other_unit, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_export_queries_do_not_grow_with_enrollments(
    client, province_admin, project, enroll, unit, other_unit,
    django_assert_max_num_queries,
):  # fmt: skip
    client.force_login(province_admin)
    url = reverse("projects:enrollment_export", args=[project.pk])
    _grow(enroll, unit, other_unit, 2)
    with django_assert_max_num_queries(10) as few:
        client.get(url)

    _grow(enroll, unit, other_unit, 10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_export_masks_personal_data_and_neutralises_formulas(
    client, county_admin, project, enroll
):
    unit = UnitFactory(name='=HYPERLINK("http://x")')
    teacher = TeacherFactory(unit=unit, name="@张三", phone="13912345678")
    enroll(teacher)
    client.force_login(county_admin)

    response = client.get(
        reverse("projects:enrollment_export", args=[project.pk]), {"state": "selected"}
    )

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, row = [c.value for c in sheet[1]], sheet[2]
    assert header[:3] == ["姓名", "身份证号", "手机号"]
    assert row[1].value == teacher.id_number[:6] + "********" + teacher.id_number[-4:]
    assert row[2].value == "139****5678"
    assert row[3].value == '=HYPERLINK("http://x")'
    assert row[3].data_type == "s"
    assert row[0].value == "@张三" and row[0].data_type == "s"
    assert sheet.max_row == 2


def test_export_keeps_to_the_scope(client, neighbor_admin, project, enrollment):
    client.force_login(neighbor_admin)

    response = client.get(reverse("projects:enrollment_export", args=[project.pk]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 1


def test_each_export_is_logged_with_who_what_and_how_many_rows(
    client, county_admin, project, enroll, unit
):
    for _ in range(3):
        enroll(TeacherFactory(unit=unit))
    enroll(TeacherFactory(unit=unit), "county_submit")
    client.force_login(county_admin)
    url = reverse("projects:enrollment_export", args=[project.pk])

    client.get(url, {"state": "selected"})
    client.get(url)

    logs = list(ExportLog.objects.order_by("id"))
    assert [log.row_count for log in logs] == [3, 4]
    assert {log.user for log in logs} == {county_admin}
    assert all(log.masked and log.kind == "enrollment_export" for log in logs)
    assert logs[0].description == f"{project.name}；状态=县级已遴选"
    assert logs[1].description == f"{project.name}；全部"
    assert logs[0].get_kind_display() == "参训名单导出"
