"""Projects and institutions kept by the province, seen by every admin tier."""

import datetime

from django.urls import reverse

from accounts.models import User
from accounts.scope import Role
from projects.models import Institution, TrainingProject

Status = TrainingProject.Status


def _project_data(institution, **changes):
    data = {
        "year": 2026,
        "name": "2026年乡村教师送培下乡",
        "level": "provincial",
        "category": "送培下乡",
        "nature": "offline",
        "target_stages": ["小学", "初中"],
        "target_subjects": ["数学"],
        "hours": 24,
        "start_date": "2026-09-01",
        "end_date": "2026-09-03",
        "nomination_deadline": "2026-08-15",
        "planned_places": 300,
        "institutions": [institution.pk],
        "offline_weight": "0.6",
        "online_weight": "0.4",
        "pass_mark": "60",
    }
    return data | changes


def test_province_admin_creates_a_draft_project(
    client, province_admin, training_institution
):
    client.force_login(province_admin)

    response = client.post(
        reverse("projects:project_create"), _project_data(training_institution)
    )

    project = TrainingProject.objects.get()
    assert response.status_code == 302
    assert project.status == Status.DRAFT
    assert project.target_stages == ["小学", "初中"]
    assert list(project.institutions.all()) == [training_institution]
    assert project.start_date == datetime.date(2026, 9, 1)


def test_project_form_explains_bad_dates_and_weights(
    client, province_admin, training_institution
):
    client.force_login(province_admin)
    data = _project_data(
        training_institution,
        end_date="2026-08-01",
        nomination_deadline="2026-09-02",
        online_weight="0.5",
    )

    response = client.post(reverse("projects:project_create"), data)

    page = response.content.decode()
    assert "结束日期不能早于开始日期" in page
    assert "遴选截止日期不能晚于开始日期" in page
    assert "相加等于 1" in page
    assert not TrainingProject.objects.exists()


def test_province_admin_edits_a_project(client, province_admin, project):
    client.force_login(province_admin)
    data = _project_data(project.institutions.get(), name="改名后的项目", hours=72)

    client.post(reverse("projects:project_edit", args=[project.pk]), data)

    project.refresh_from_db()
    assert (project.name, project.hours) == ("改名后的项目", 72)


def test_project_status_moves_forward_only_along_the_flow(
    client, province_admin, project
):
    client.force_login(province_admin)
    url = reverse("projects:project_status", args=[project.pk])

    client.post(url, {"status": "finished"})
    project.refresh_from_db()
    assert project.status == Status.OPEN

    client.post(url, {"status": "closed"})
    client.post(url, {"status": "finished"})
    project.refresh_from_db()
    assert project.status == Status.FINISHED


def test_a_project_without_institutions_cannot_open(
    client, province_admin, draft_project
):
    client.force_login(province_admin)

    response = client.post(
        reverse("projects:project_status", args=[draft_project.pk]),
        {"status": "open"},
        follow=True,
    )

    draft_project.refresh_from_db()
    assert draft_project.status == Status.DRAFT
    assert "至少一个承培机构" in response.content.decode()


def test_project_list_filters_by_year_level_and_status(
    client, city_admin, project, draft_project
):
    TrainingProject.objects.create(
        year=2025,
        name="2025年县级全员培训",
        level="county",
        category="全员培训",
        nature="online",
        hours=50,
        start_date=datetime.date(2025, 3, 1),
        end_date=datetime.date(2025, 12, 1),
        nomination_deadline=datetime.date(2025, 2, 1),
        status=Status.FINISHED,
    )
    client.force_login(city_admin)
    url = reverse("projects:project_list")

    everything = client.get(url).context["page"]
    finished = client.get(url, {"year": 2025, "status": "finished"}).context["page"]
    provincial = client.get(url, {"level": "provincial", "q": "骨干"}).context["page"]

    assert {p.name for p in everything} == {project.name, "2025年县级全员培训"}
    assert [p.name for p in finished] == ["2025年县级全员培训"]
    assert [p.name for p in provincial] == [project.name]


def test_project_list_queries_are_bounded(
    client, province_admin, project, django_assert_max_num_queries
):
    client.force_login(province_admin)

    with django_assert_max_num_queries(8):
        client.get(reverse("projects:project_list"))


def test_institution_staff_see_only_their_institution_projects(
    client, institution_staff, project
):
    client.force_login(institution_staff)
    url = reverse("projects:project_list")

    before = list(client.get(url).context["page"])
    project.institutions.add(institution_staff.institution)
    after = list(client.get(url).context["page"])

    assert (before, after) == ([], [project])


def test_province_admin_adds_an_institution(client, province_admin):
    client.force_login(province_admin)

    client.post(
        reverse("projects:institution_create"),
        {
            "name": "河北大学",
            "platform_url": "https://learn.hbu.example.cn",
            "contact_person": "刘老师",
            "contact_phone": "0312-5079000",
            "is_active": "on",
        },
    )

    institution = Institution.objects.get(name="河北大学")
    assert institution.platform_url == "https://learn.hbu.example.cn"
    assert institution.contact_phone == "03125079000"


def test_staff_account_must_change_the_password_at_first_login(
    client, province_admin, training_institution
):
    client.force_login(province_admin)
    url = reverse("projects:staff_create", args=[training_institution.pk])

    client.post(
        url,
        {
            "username": "ncst_wang",
            "name": "王老师",
            "phone": "13912345678",
            "password": "Train@2026hb",
        },
    )

    user = User.objects.get(username="ncst_wang")
    assert user.role == Role.INSTITUTION_STAFF
    assert user.institution == training_institution
    assert user.must_change_password
    assert user.check_password("Train@2026hb")


def test_staff_account_refuses_a_weak_password_and_a_taken_name(
    client, province_admin, training_institution, county_admin
):
    client.force_login(province_admin)
    url = reverse("projects:staff_create", args=[training_institution.pk])

    response = client.post(
        url, {"username": "changan", "name": "王老师", "password": "123"}
    )

    page = response.content.decode()
    assert "已被使用" in page
    assert User.objects.filter(role=Role.INSTITUTION_STAFF).count() == 0
    assert response.context["form"].errors["password"]


def test_county_and_city_see_their_own_quota_in_the_list(
    client, project, county_admin, city_admin, other_city_admin
):
    quotas = []
    for admin in (county_admin, city_admin, other_city_admin):
        client.force_login(admin)
        page = client.get(reverse("projects:project_list")).context["page"]
        quotas.append(page[0].own_quota)

    assert quotas == [5, 10, None]
