"""Quotas: sums never exceed the level above, a county never holds more places
than its quota, and cancelling frees a place; on PostgreSQL, under a race."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from accounts.scope import Role
from projects import quotas, services
from projects.forms import ProjectForm
from projects.models import Enrollment, Quota, TrainingProject
from tests.factories import AdminFactory, TeacherFactory

S = Enrollment.State


def _quota(project, code):
    return Quota.objects.get(project=project, region_id=code).amount


def test_province_cannot_hand_out_more_than_the_planned_places(project, province_admin):
    with pytest.raises(quotas.QuotaError, match="超过了上级名额 100"):
        quotas.set_quotas(
            project=project,
            parent=None,
            amounts={"130100": 60, "130600": 41},
            actor=province_admin,
        )

    assert _quota(project, "130100") == 10
    assert not Quota.objects.filter(project=project, region_id="130600").exists()


def test_city_splits_its_quota_among_its_counties(project, city_admin):
    quotas.set_quotas(
        project=project,
        parent=city_admin.region,
        amounts={"130102": 6, "130104": 4},
        actor=city_admin,
    )

    assert _quota(project, "130102") == 6
    assert _quota(project, "130104") == 4


def test_city_cannot_split_more_than_its_quota(project, city_admin):
    with pytest.raises(quotas.QuotaError, match="超过了上级名额 10"):
        quotas.set_quotas(
            project=project,
            parent=city_admin.region,
            amounts={"130105": 3},  # 5 + 3 + 3 = 11
            actor=city_admin,
        )


def test_city_quota_cannot_drop_below_what_the_city_split(project, province_admin):
    with pytest.raises(quotas.QuotaError, match="石家庄市（至少 8 人）"):
        quotas.set_quotas(
            project=project,
            parent=None,
            amounts={"130100": 7},
            actor=province_admin,
        )


def test_county_quota_cannot_drop_below_the_places_it_holds(
    project, city_admin, enroll, unit
):
    for _ in range(3):
        enroll(TeacherFactory(unit=unit))

    with pytest.raises(quotas.QuotaError, match="长安区（至少 3 人）"):
        quotas.set_quotas(
            project=project,
            parent=city_admin.region,
            amounts={"130102": 2},
            actor=city_admin,
        )


def test_city_can_only_set_quotas_of_its_own_counties(project, city_admin):
    with pytest.raises(quotas.QuotaError):
        quotas.set_quotas(
            project=project,
            parent=city_admin.region,
            amounts={"130602": 1},
            actor=city_admin,
        )


def test_quota_page_refuses_a_split_over_the_city_quota(client, project, city_admin):
    client.force_login(city_admin)
    url = reverse("projects:quota_edit", args=[project.pk])
    regions = quotas.quota_regions(city_admin.region)
    data = {region.code: 0 for region in regions} | {"130102": 8, "130104": 3}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "超过了上级名额 10 人" in response.content.decode()
    assert _quota(project, "130102") == 5


def test_quota_page_saves_the_city_split(client, project, city_admin):
    client.force_login(city_admin)
    url = reverse("projects:quota_edit", args=[project.pk])
    regions = quotas.quota_regions(city_admin.region)
    data = {region.code: 0 for region in regions} | {"130102": 7, "130104": 3}

    response = client.post(url, data)

    assert response.status_code == 302
    assert _quota(project, "130102") == 7
    assert _quota(project, "130104") == 3


def test_planned_places_cannot_drop_below_the_quotas_given_out(
    client, project, province_admin, project_edit_data
):
    client.force_login(province_admin)
    url = reverse("projects:project_edit", args=[project.pk])

    refused = client.post(url, project_edit_data(project, planned_places=11))
    project.refresh_from_db()
    planned_after_refusal = project.planned_places
    saved = client.post(url, project_edit_data(project, planned_places=12))
    project.refresh_from_db()

    # 石家庄 10 and 辛集 2; the counties' 5 and 3 are part of 石家庄's 10.
    assert "已分配给各市和省直管县的 12 人" in refused.content.decode()
    assert planned_after_refusal == 100
    assert saved.status_code == 302
    assert project.planned_places == 12


def test_planned_places_are_checked_again_when_the_edit_is_saved(
    project, province_admin, project_edit_data
):
    form = ProjectForm(project_edit_data(project, planned_places=20), instance=project)
    assert form.is_valid()
    # Another province admin hands out more places after the form was checked.
    Quota.objects.create(project=project, region_id="130600", amount=9)

    with pytest.raises(quotas.QuotaError, match="21 人"):
        services.edit_project(form=form, actor=province_admin)

    project.refresh_from_db()
    assert project.planned_places == 100


def test_selection_rereads_the_project_closed_since_the_page_was_read(
    project, county_admin, unit
):
    stale = TrainingProject.objects.get(pk=project.pk)
    TrainingProject.objects.filter(pk=project.pk).update(
        status=TrainingProject.Status.CLOSED
    )

    with pytest.raises(ValidationError, match="项目不在遴选阶段"):
        services.select_teachers(
            project=stale, teachers=[TeacherFactory(unit=unit)], actor=county_admin
        )

    assert not Enrollment.objects.exists()


def test_county_cannot_select_beyond_its_quota(project, county_admin, unit):
    teachers = [TeacherFactory(unit=unit) for _ in range(6)]

    with pytest.raises(quotas.QuotaError, match="名额不足"):
        services.select_teachers(project=project, teachers=teachers, actor=county_admin)

    assert not Enrollment.objects.exists()


def test_cancelling_a_place_frees_it_for_another_teacher(project, county_admin, unit):
    teachers = [TeacherFactory(unit=unit) for _ in range(6)]
    first = services.select_teachers(
        project=project, teachers=teachers[:5], actor=county_admin
    )
    with pytest.raises(quotas.QuotaError):
        services.select_teachers(
            project=project, teachers=teachers[5:], actor=county_admin
        )

    services.move(
        enrollments=first[:1], action="cancel", actor=county_admin, note="电话无法接通"
    )
    services.select_teachers(project=project, teachers=teachers[5:], actor=county_admin)

    held = Enrollment.objects.filter(state__in=services.pipeline.PLACE_HOLDING)
    assert held.count() == 5
    assert Enrollment.objects.get(pk=first[0].pk).state == S.CANCELLED


def test_selecting_a_teacher_twice_takes_one_place(project, county_admin, teacher):
    services.select_teachers(project=project, teachers=[teacher], actor=county_admin)
    again = services.select_teachers(
        project=project, teachers=[teacher], actor=county_admin
    )

    assert again == []
    assert Enrollment.objects.filter(teacher=teacher).count() == 1


ROUNDS = 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_admins_racing_for_the_last_place_only_one_wins(project, unit):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    admins = [
        AdminFactory(role=Role.COUNTY_ADMIN, region_id="130102") for _ in range(2)
    ]

    # Each round leaves exactly one place and sends two admins after it.
    for round_number in range(1, ROUNDS + 1):
        Quota.objects.filter(project=project, region_id="130102").update(
            amount=round_number
        )
        teachers = [TeacherFactory(unit=unit) for _ in range(2)]
        outcomes = _race(project, admins, teachers)

        assert sorted(outcomes) == ["refused", "won"]
        held = Enrollment.objects.filter(project=project, county_id="130102")
        assert held.count() == round_number


def _race(project, admins, teachers):
    barrier = threading.Barrier(2)
    outcomes = []

    def select(admin, teacher):
        try:
            barrier.wait()
            services.select_teachers(project=project, teachers=[teacher], actor=admin)
            outcomes.append("won")
        except quotas.QuotaError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=select, args=pair)
        for pair in zip(admins, teachers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def test_crafted_quota_posts_cannot_reach_other_regions(
    client, project, county_admin, city_admin
):
    url = reverse("projects:quota_edit", args=[project.pk])

    client.force_login(county_admin)
    county_response = client.post(url, {"130102": 50})
    client.force_login(city_admin)
    regions = quotas.quota_regions(city_admin.region)
    data = {region.code: 0 for region in regions} | {"130102": 5, "130104": 3}
    client.post(url, data | {"130602": 9, "130100": 99})

    assert county_response.status_code == 404
    assert _quota(project, "130102") == 5
    assert _quota(project, "130100") == 10
    assert not Quota.objects.filter(project=project, region_id="130602").exists()
