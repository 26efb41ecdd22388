import pytest
from django.urls import reverse

from teachers.models import Region, Unit


@pytest.mark.django_db
def test_regions_are_loaded_with_the_platform_hierarchy():
    assert Region.objects.filter(level="province").count() == 1
    assert Region.objects.filter(level="county").count() == 167
    # 11 cities plus the Xiong'an New Area as a city-level unit.
    assert Region.objects.filter(level="city").count() == 12
    assert Region.objects.get(code="130682").parent_id == "130000"  # 定州
    assert Region.objects.get(code="130181").parent_id == "130000"  # 辛集
    assert Region.objects.get(code="130682").standard_parent_code == "130600"
    xiongan = Region.objects.get(code="133100")
    assert sorted(xiongan.children.values_list("code", flat=True)) == [
        "130629",
        "130632",
        "130638",
    ]
    assert not xiongan.is_standard_code
    assert Region.objects.get(code="130600").children.count() == 20


@pytest.mark.django_db
def test_county_admin_adds_a_unit_to_their_county(client, county_admin):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:unit_create"),
        {
            "name": "石家庄市长安区 育英小学",
            "region_type": "urban",
            "category": "211",
            "organizer": "education",
            "is_active": "on",
        },
    )

    assert response.status_code == 302
    unit = Unit.objects.get()
    assert unit.name == "石家庄市长安区育英小学"
    assert unit.county_id == "130102"


@pytest.mark.django_db
def test_duplicate_unit_name_in_a_county_is_refused(client, county_admin, unit):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:unit_create"),
        {
            "name": f"  {unit.name}\u00a0",
            "region_type": "urban",
            "category": "211",
            "organizer": "education",
        },
    )

    assert response.status_code == 200
    assert "本区县已有名为" in response.content.decode()
    assert Unit.objects.count() == 1


@pytest.mark.django_db
def test_same_unit_name_is_allowed_in_another_county(client, neighbor_admin, unit):
    client.force_login(neighbor_admin)

    client.post(
        reverse("teachers:unit_create"),
        {"name": unit.name, "region_type": "urban", "category": "211",
         "organizer": "education"},
    )  # fmt: skip

    assert Unit.objects.filter(name=unit.name).count() == 2


@pytest.mark.django_db
def test_county_admin_cannot_edit_another_county_unit(client, county_admin, other_unit):
    client.force_login(county_admin)

    response = client.post(
        reverse("teachers:unit_edit", args=[other_unit.pk]),
        {"name": "改名", "region_type": "urban", "category": "211",
         "organizer": "education"},
    )  # fmt: skip

    assert response.status_code == 404
    other_unit.refresh_from_db()
    assert other_unit.name != "改名"


@pytest.mark.django_db
def test_lists_show_only_the_admins_scope(
    client, teacher, other_teacher, county_admin, city_admin, other_city_admin
):
    client.force_login(county_admin)
    page = client.get(reverse("teachers:teacher_list")).content.decode()
    assert teacher.name in page and other_teacher.name not in page

    client.force_login(city_admin)
    page = client.get(reverse("teachers:teacher_list")).content.decode()
    assert teacher.name in page and other_teacher.name in page

    client.force_login(other_city_admin)
    page = client.get(reverse("teachers:teacher_list")).content.decode()
    assert teacher.name not in page and other_teacher.name not in page


@pytest.mark.django_db
def test_teacher_list_masks_id_numbers_and_phones(client, teacher, county_admin):
    client.force_login(county_admin)

    page = client.get(reverse("teachers:teacher_list")).content.decode()

    assert teacher.id_number not in page
    assert teacher.id_number[:6] + "********" + teacher.id_number[-4:] in page
    assert teacher.phone not in page


@pytest.mark.django_db
def test_teacher_search_by_id_number_accepts_lowercase_x(client, county_admin, unit):
    from tests.factories import TeacherFactory, valid_id_number

    number = next(n for n in (valid_id_number() for _ in range(100)) if n[-1] == "X")
    teacher = TeacherFactory(unit=unit, id_number=number, name="王晓")
    client.force_login(county_admin)

    page = client.get(reverse("teachers:teacher_list"), {"q": number.lower()})

    assert teacher.name in page.content.decode()


@pytest.mark.django_db
def test_dashboard_counts_the_scope_by_tier_below(
    client, teacher, other_teacher, province_admin, city_admin
):
    client.force_login(province_admin)
    rows = {r.code: r for r in client.get(reverse("manage:dashboard")).context["rows"]}
    assert rows["130100"].teachers == 2
    assert "130682" in rows  # 定州 reports to the province directly

    client.force_login(city_admin)
    rows = {r.code: r for r in client.get(reverse("manage:dashboard")).context["rows"]}
    assert rows["130102"].teachers == 1
    assert rows["130104"].teachers == 1
