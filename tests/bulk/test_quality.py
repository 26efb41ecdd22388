"""Data-quality rules: counts by tier, drill-down, blocking problems, queries."""

import contextlib
import datetime
import importlib
import io
import sqlite3

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from accounts.models import User
from accounts.scope import Role
from teachers import quality, uploads
from teachers.models import Teacher
from tests.factories import TeacherFactory, UnitFactory, valid_id_number
from tests.plugins.records import BLUE, image_bytes, upload

pytestmark = pytest.mark.django_db

COMPLETE = {
    "ethnicity": "汉族",
    "political_status": "群众",
    "stage": "小学",
    "subject": "数学",
    "highest_education": "本科",
    "work_start_date": datetime.date(2010, 9, 1),
    "photo": "photos/x.jpg",
}


def clean_teacher(unit, **changes):
    """A teacher with no data-quality problem unless `changes` adds one."""
    number = valid_id_number(unit.county_id, birth=datetime.date(1985, 3, 4))
    values = {**COMPLETE, "unit": unit, "id_number": number, "sex": "male",
              "birth_date": datetime.date(1985, 3, 4), **changes}  # fmt: skip
    return TeacherFactory(**values)


def codes_of(teacher, user):
    teachers = quality.scope_teachers(user)
    return {
        rule.code
        for rule in quality.RULES
        if teacher.pk in {t.pk for t in quality.filter_teachers(teachers, rule.code)}
    }


def test_a_complete_teacher_breaks_no_rule(unit, county_admin):
    teacher = clean_teacher(unit, name="王芳")

    assert codes_of(teacher, county_admin) == set()
    assert quality.blocking_problems(teacher) == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"id_number": "130102198501011235"}, "id_invalid"),
        ({"sex": "female"}, "id_mismatch"),
        ({"birth_date": datetime.date(1990, 1, 1)}, "id_mismatch"),
        ({"phone": "12345"}, "phone_invalid"),
        ({"unit": None}, "unit_invalid"),
        ({"qualification_number": "20991300021000123"}, "qualification_invalid"),
        (
            {"qualification_number": "20191300021000123", "qualification_type": "3"},
            "qualification_invalid",
        ),
        ({"photo": ""}, "photo_missing"),
        ({"photo_width": 413, "photo_height": 295}, "photo_shape"),
        ({"ethnicity": ""}, "required_missing"),
        ({"work_start_date": None}, "required_missing"),
    ],
)
def test_each_rule_finds_its_problem(unit, county_admin, changes, code):
    teacher = clean_teacher(unit, name="王芳")
    Teacher.objects.filter(pk=teacher.pk).update(**changes)

    assert codes_of(teacher, county_admin) == {code}


def test_a_unit_of_another_county_or_inactive_is_flagged(
    unit, other_unit, county_admin
):
    elsewhere = clean_teacher(unit)
    Teacher.objects.filter(pk=elsewhere.pk).update(unit=other_unit)
    closed = clean_teacher(UnitFactory(name="已撤并小学", is_active=False))

    assert codes_of(elsewhere, county_admin) == {"unit_invalid"}
    assert codes_of(closed, county_admin) == {"unit_invalid"}


def test_shared_phones_and_duplicate_id_numbers_are_found(unit, county_admin):
    first = clean_teacher(unit, phone="13900000001")
    second = clean_teacher(unit, phone="13900000001")
    upper = clean_teacher(unit)
    upper_x = valid_id_number(unit.county_id)
    while not upper_x.endswith("X"):
        upper_x = valid_id_number(unit.county_id)
    Teacher.objects.filter(pk=upper.pk).update(id_number=upper_x)
    lower = clean_teacher(unit)
    Teacher.objects.filter(pk=lower.pk).update(id_number=upper_x[:-1] + "x")
    lower.refresh_from_db()

    assert codes_of(first, county_admin) == {"phone_shared"}
    assert codes_of(second, county_admin) == {"phone_shared"}
    assert "id_duplicate" in codes_of(lower, county_admin)
    assert "id_duplicate" in codes_of(upper, county_admin)
    assert "身份证号与其他教师重复。" in quality.blocking_problems(lower)
    assert "手机号与其他在职教师重复。" in quality.blocking_problems(first)


def test_blocking_problems_name_the_id_number_and_phone(unit):
    teacher = clean_teacher(unit, phone="", sex="female")
    Teacher.objects.filter(pk=teacher.pk).update(id_number="130102198501011235")
    teacher.refresh_from_db()

    problems = quality.blocking_problems(teacher)

    assert any("校验位" in problem for problem in problems)
    assert "手机号未填写。" in problems


def test_report_counts_by_tier_below_for_each_role(
    unit, other_unit, county_admin, city_admin, province_admin
):
    clean_teacher(unit, photo="")
    clean_teacher(unit, photo="")
    clean_teacher(other_unit, photo="")
    baoding = UnitFactory(name="保定市竞秀区实验小学", county_id="130602")
    clean_teacher(baoding, photo="")

    county_lines, county_total = quality.report(county_admin)
    city_lines, city_total = quality.report(city_admin)
    province_lines, province_total = quality.report(province_admin)

    by_name = {line.name: line.counts["photo_missing"] for line in county_lines}
    assert by_name[unit.name] == 2
    assert county_total.counts["photo_missing"] == 2
    by_code = {line.code: line.counts["photo_missing"] for line in city_lines}
    assert by_code["130102"] == 2 and by_code["130104"] == 1
    assert city_total.counts["photo_missing"] == 3
    by_code = {line.code: line.counts["photo_missing"] for line in province_lines}
    assert by_code["130100"] == 3 and by_code["130600"] == 1
    assert province_total.counts["photo_missing"] == 4
    assert province_total.teachers == 4


def test_quality_page_links_to_the_filtered_teacher_list(
    client, unit, county_admin, other_teacher
):
    broken = clean_teacher(unit, phone="12345")
    fine = clean_teacher(unit)
    client.force_login(county_admin)

    page = client.get(reverse("bulk:quality"))
    listing = client.get(reverse("teachers:teacher_list"), {"problem": "phone_invalid"})

    link = f"?problem=phone_invalid&amp;region={unit.county_id}&amp;unit={unit.pk}"
    assert link in page.content.decode()
    names = [t.name for t in listing.context["page"]]
    assert names == [broken.name]
    assert fine.name not in names and other_teacher.name not in names


def _query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("persona", "region"),
    [
        ("county_admin", ""),
        ("city_admin", ""),
        ("city_admin", "130102"),
        ("province_admin", ""),
        ("province_admin", "130100"),
        ("province_admin", "130102"),
    ],
)
def test_quality_page_queries_do_not_grow_with_teachers(
    client, unit, request, persona, region, django_assert_max_num_queries
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("bulk:quality") + (f"?region={region}" if region else "")
    clean_teacher(unit, phone="12345")
    few = _query_count(client, url)

    for _ in range(15):
        clean_teacher(unit, phone="12345", sex="female")
        clean_teacher(UnitFactory(), qualification_number="1")

    assert _query_count(client, url) == few
    with django_assert_max_num_queries(12):
        client.get(url)


def test_quality_export_is_logged(client, unit, city_admin):
    clean_teacher(unit, photo="")
    client.force_login(city_admin)

    response = client.get(reverse("bulk:quality_export"))

    assert response["Content-Type"].startswith("application/vnd.openxml")
    assert city_admin.exports.get().kind == "quality_export"


# Drilling down: province → cities (and the counties reporting to the province)
# → counties → units, through a region checked against the admin's scope.


def lines_by_code(response):
    return {line.code: line for line in response.context["lines"]}


def lines_by_name(response):
    return {line.name: line for line in response.context["lines"]}


def test_the_province_admin_drills_from_cities_to_counties_to_units(
    client, unit, other_unit, province_admin
):
    clean_teacher(unit, phone="12345")
    clean_teacher(unit, phone="12345")
    clean_teacher(other_unit, phone="12345")
    clean_teacher(UnitFactory(name="定州市第一中学", county_id="130682"), phone="1")
    client.force_login(province_admin)
    url = reverse("bulk:quality")

    province = client.get(url)
    city = client.get(url, {"region": "130100"})
    county = client.get(url, {"region": "130102"})

    cities = lines_by_code(province)
    assert cities["130100"].counts["phone_invalid"] == 3
    assert cities["130682"].counts["phone_invalid"] == 1
    assert {"130181", "130600", "133100"} <= cities.keys()
    assert f'href="{url}?region=130100"' in province.content.decode()
    counties = lines_by_code(city)
    assert counties["130102"].counts["phone_invalid"] == 2
    assert counties["130104"].counts["phone_invalid"] == 1
    assert "130181" not in counties
    assert city.context["total"].counts["phone_invalid"] == 3
    assert f'href="{url}?region=130102"' in city.content.decode()
    assert lines_by_name(county)[unit.name].counts["phone_invalid"] == 2
    assert [place.code for place in county.context["trail"]] == [
        "130000",
        "130100",
        "130102",
    ]
    html = county.content.decode()
    assert f'href="{url}?region=130100"' in html
    assert f"?problem=phone_invalid&amp;region=130102&amp;unit={unit.pk}" in html


def test_a_county_reporting_to_the_province_opens_on_its_units(client, province_admin):
    school = UnitFactory(name="定州市第一中学", county_id="130682")
    clean_teacher(school, photo="")
    client.force_login(province_admin)

    response = client.get(reverse("bulk:quality"), {"region": "130682"})

    assert lines_by_name(response)[school.name].counts["photo_missing"] == 1
    assert [place.code for place in response.context["trail"]] == ["130000", "130682"]
    assert response.context["below_label"] == "单位"


def test_the_city_admin_starts_at_counties_and_opens_one(client, unit, city_admin):
    clean_teacher(unit, photo="")
    client.force_login(city_admin)
    url = reverse("bulk:quality")

    city = client.get(url)
    county = client.get(url, {"region": "130102"})

    assert lines_by_code(city)["130102"].counts["photo_missing"] == 1
    assert city.context["trail"] == [city_admin.region]
    assert lines_by_name(county)[unit.name].counts["photo_missing"] == 1
    assert [place.code for place in county.context["trail"]] == ["130100", "130102"]
    assert '?problem=photo_missing&amp;region=130102"' in county.content.decode()


def test_the_county_admin_starts_at_units_and_may_name_its_own_county(
    client, unit, county_admin
):
    clean_teacher(unit, photo="")
    client.force_login(county_admin)

    default = client.get(reverse("bulk:quality"))
    named = client.get(reverse("bulk:quality"), {"region": "130102"})

    assert lines_by_name(default)[unit.name].counts["photo_missing"] == 1
    assert lines_by_name(named)[unit.name].counts["photo_missing"] == 1


def test_teachers_without_a_unit_of_their_county_still_count_in_the_total(
    unit, other_unit, county_admin
):
    without = clean_teacher(unit, photo="")
    moved = clean_teacher(unit, photo="")
    Teacher.objects.filter(pk=without.pk).update(unit=None)
    Teacher.objects.filter(pk=moved.pk).update(unit=other_unit)

    lines, total = quality.report(county_admin)

    others = lines[-1]
    assert (others.teachers, others.linked) == (2, False)
    assert others.counts["unit_invalid"] == 2
    assert total.counts["photo_missing"] == 2


@pytest.mark.parametrize("name", ["bulk:quality", "bulk:quality_export"])
@pytest.mark.parametrize(
    ("persona", "region"),
    [
        ("other_city_admin", "130102"),  # a county of another city
        ("other_city_admin", "130100"),  # another city
        ("city_admin", "130000"),  # the province above
        ("city_admin", "130682"),  # a county reporting to the province
        ("county_admin", "130104"),  # the neighbouring county
        ("county_admin", "130100"),  # its own city, above it
        ("neighbor_admin", "130102"),
        ("province_admin", "999999"),  # no such region
    ],
)
def test_a_region_outside_the_admins_scope_answers_404(
    client, request, persona, region, name
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(name), {"region": region})

    assert response.status_code == 404


def test_the_export_follows_the_level_being_viewed(client, unit, province_admin):
    clean_teacher(unit, photo="")
    client.force_login(province_admin)

    response = client.get(reverse("bulk:quality_export"), {"region": "130102"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in rows] == [unit.name, "合计"]
    assert "长安区" in province_admin.exports.get().description


# The wrong-shaped photo rule, from dimensions stored at upload.


@pytest.mark.parametrize(
    "size",
    [(295, 413), (413, 295), (300, 300), (311, 413), (312, 413), (279, 413),
     (278, 413), (100, 140)],
)  # fmt: skip
def test_photo_shape_agrees_with_the_upload_check(unit, county_admin, size):
    teacher = clean_teacher(unit, photo_width=size[0], photo_height=size[1])
    try:
        uploads.check_certificate_photo(Image.new("RGB", size, BLUE))
    except ValidationError as error:
        refused = error.code == "photo_proportions"
    else:
        refused = False

    assert ("photo_shape" in codes_of(teacher, county_admin)) is refused


def test_a_photo_whose_size_was_never_read_is_not_counted(unit, county_admin):
    unread = clean_teacher(unit, photo="photos/old.jpg")
    removed = clean_teacher(unit, photo="", photo_width=413, photo_height=295)

    assert codes_of(unread, county_admin) == set()
    assert codes_of(removed, county_admin) == {"photo_missing"}


def test_uploading_a_photo_stores_its_size(client, teacher_user):
    client.force_login(teacher_user)

    client.post(
        reverse("space:photos"),
        {"which": "photo", "photo-photo": upload(content=image_bytes())},
    )

    teacher_user.teacher.refresh_from_db()
    assert (teacher_user.teacher.photo_width, teacher_user.teacher.photo_height) == (
        295,
        413,
    )


def test_the_migration_reads_stored_photos_and_leaves_missing_ones_empty(
    unit, county_admin
):
    migration = importlib.import_module(
        "teachers.migrations.0006_teacher_photo_dimensions"
    )
    stored = clean_teacher(unit)
    stored.photo.save("old.jpg", ContentFile(image_bytes((413, 295))), save=False)
    stored.save(update_fields=["photo"])
    missing = clean_teacher(unit, photo="photos/gone.jpg")

    migration.read_photo_dimensions(apps, None)

    stored.refresh_from_db()
    missing.refresh_from_db()
    assert (stored.photo_width, stored.photo_height) == (413, 295)
    assert (missing.photo_width, missing.photo_height) == (None, None)
    assert codes_of(stored, county_admin) == {"photo_shape"}


# The drill-down list for a rule checked in Python, with many matches.


def bulk_teachers(unit, count, **values) -> list[int]:
    """`count` teachers with the values given, inserted in two queries."""
    users = User.objects.bulk_create(
        User(username=f"bulk{n}", role=Role.TEACHER, password="!") for n in range(count)
    )
    teachers = Teacher.objects.bulk_create(
        Teacher(user=user, name=f"批量{n}", id_number=f"9{n:017d}", unit=unit,
                county_id=unit.county_id, **{**COMPLETE, **values})
        for n, user in enumerate(users)
    )  # fmt: skip
    return [teacher.pk for teacher in teachers]


@contextlib.contextmanager
def parameter_limit(limit):
    """Lower SQLite's limit on parameters per query, so that a query with one
    parameter per matched teacher fails without creating 32,767 of them."""
    if connection.vendor != "sqlite":
        pytest.skip("the limit is SQLite's")
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, limit)
    try:
        yield
    finally:
        raw.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, previous)


def test_the_drill_down_list_pages_through_more_matches_than_one_query_may_name(
    client, unit, county_admin, django_assert_max_num_queries
):
    invalid = bulk_teachers(unit, 130)
    client.force_login(county_admin)
    url = reverse("teachers:teacher_list")

    with parameter_limit(100):
        with django_assert_max_num_queries(12):
            first = client.get(url, {"problem": "id_invalid"})
        pages = [first] + [
            client.get(url, {"problem": "id_invalid", "page": number})
            for number in range(2, 8)
        ]

    assert first.context["page"].paginator.count == 130
    listed = [teacher.pk for page in pages for teacher in page.context["page"]]
    assert listed == invalid
    assert [len(page.context["page"]) for page in pages] == [20] * 6 + [10]


def test_the_teacher_export_of_a_python_rule_lists_every_match(
    client, unit, county_admin
):
    bulk_teachers(unit, 130)
    client.force_login(county_admin)

    response = client.get(reverse("bulk:teacher_export"), {"problem": "id_invalid"})

    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.max_row == 131
    assert county_admin.exports.get().row_count == 130
