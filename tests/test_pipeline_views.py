"""The approval chain through its pages: county selection and submission, city
and province review, cancelling, notifications and crafted requests."""

import pytest
from django.urls import reverse

from accounts.models import Notification
from accounts.senders import MemorySender
from projects.models import Enrollment, EnrollmentEvent
from tests.factories import AdminFactory, TeacherFactory, UnitFactory

S = Enrollment.State


def _list_url(project, **query):
    url = reverse("projects:enrollment_list", args=[project.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _xinji_teacher():
    """A teacher of 辛集, a county that reports to the province directly."""
    return TeacherFactory(unit=UnitFactory(county_id="130181"), name="辛集老师")


def _messages(response):
    return [str(m) for m in response.wsgi_request._messages]


# County selection


def test_county_admin_selects_teachers_within_the_quota(
    client, county_admin, project, unit
):
    teachers = [TeacherFactory(unit=unit) for _ in range(2)]
    client.force_login(county_admin)
    url = reverse("projects:selection", args=[project.pk])

    response = client.post(url, {"teacher": [t.pk for t in teachers]})

    assert response.status_code == 302
    enrollments = Enrollment.objects.filter(project=project)
    assert enrollments.count() == 2
    assert set(enrollments.values_list("state", flat=True)) == {S.SELECTED}
    assert set(enrollments.values_list("county_id", flat=True)) == {"130102"}
    event = EnrollmentEvent.objects.filter(enrollment__in=enrollments).first()
    assert event.action == "select" and event.actor == county_admin


def test_county_admin_cannot_select_another_county_teacher(
    client, county_admin, project, other_teacher
):
    client.force_login(county_admin)
    url = reverse("projects:selection", args=[project.pk])

    response = client.post(url, {"teacher": [other_teacher.pk]}, follow=True)

    assert not Enrollment.objects.exists()
    assert "请勾选本区县的教师" in _messages(response)[0]


def test_selection_page_shows_quota_and_flags_bad_records(
    client, county_admin, project, unit
):
    TeacherFactory(unit=unit, name="Zhang San", phone="12345")
    client.force_login(county_admin)

    response = client.get(reverse("projects:selection", args=[project.pk]))

    page = response.content.decode()
    assert "剩余 5 人" in page
    assert "姓名应为汉字" in page
    assert "手机号格式不正确" in page


def test_selection_search_filters_by_unit_stage_and_subject(
    client, county_admin, project, unit
):
    TeacherFactory(unit=unit, name="数学甲", stage="小学", subject="数学")
    TeacherFactory(unit=unit, name="语文乙", stage="小学", subject="语文")
    TeacherFactory(unit=UnitFactory(), name="数学丙", stage="小学", subject="数学")
    client.force_login(county_admin)
    url = reverse("projects:selection", args=[project.pk])

    response = client.get(url, {"unit": unit.pk, "subject": "数学", "stage": "小学"})

    names = [t.name for t in response.context["page"]]
    assert names == ["数学甲"]


def test_teacher_with_a_bad_record_cannot_be_submitted(
    client, county_admin, project, unit, enroll
):
    flawed = enroll(TeacherFactory(unit=unit, name="王五", phone=""))
    fine = enroll(TeacherFactory(unit=unit, name="赵六"))
    client.force_login(county_admin)

    response = client.post(
        _list_url(project),
        {"action": "submit", "target": "filter"},
        follow=True,
    )

    assert "王五" in _messages(response)[0]
    flawed.refresh_from_db(), fine.refresh_from_db()
    assert (flawed.state, fine.state) == (S.SELECTED, S.SELECTED)

    flawed.teacher.phone = "13912345678"
    flawed.teacher.save(update_fields=["phone"])
    response = client.post(
        _list_url(project), {"action": "submit", "target": "filter"}, follow=True
    )
    assert "已完成，共 2 条" in _messages(response)[0]

    flawed.refresh_from_db(), fine.refresh_from_db()
    assert (flawed.state, fine.state) == (S.COUNTY_SUBMITTED, S.COUNTY_SUBMITTED)


def test_province_direct_county_submits_straight_to_the_province(
    client, project, enroll
):
    xinji = AdminFactory(role="county_admin", region_id="130181")
    enrollment = enroll(_xinji_teacher())
    client.force_login(xinji)

    client.post(
        _list_url(project),
        {"action": "submit", "target": "checked", "ids": [enrollment.pk]},
    )

    enrollment.refresh_from_db()
    assert enrollment.state == S.CITY_SUBMITTED
    assert enrollment.events.last().action == "county_submit_to_province"


def test_submitting_notifies_the_teacher_in_the_platform(
    client, county_admin, project, enrollment
):
    client.force_login(county_admin)

    client.post(_list_url(project), {"action": "submit", "target": "filter"})

    notification = Notification.objects.get(user=enrollment.teacher.user)
    assert "已由县级提交审核" in notification.title
    assert MemorySender.outbox == []


def test_double_clicked_submit_moves_once_and_explains(
    client, county_admin, project, enrollment
):
    client.force_login(county_admin)
    data = {"action": "submit", "target": "checked", "ids": [enrollment.pk]}

    client.post(_list_url(project), data)
    response = client.post(_list_url(project), data, follow=True)

    assert "操作未执行" in _messages(response)[-1]
    assert "请刷新页面" in _messages(response)[-1]
    assert enrollment.events.filter(action="county_submit").count() == 1


# City review


def test_city_returns_the_whole_list_of_a_county_with_a_reason(
    client, city_admin, project, enroll, unit, other_unit
):
    changan = [enroll(TeacherFactory(unit=unit), "county_submit") for _ in range(3)]
    qiaoxi = enroll(TeacherFactory(unit=other_unit), "county_submit")
    client.force_login(city_admin)

    client.post(
        _list_url(project, region="130102"),
        {"action": "city_return", "target": "filter", "note": "名单不全"},
    )

    states = {e.pk: e.state for e in Enrollment.objects.all()}
    assert all(states[e.pk] == S.RETURNED_TO_COUNTY for e in changan)
    assert states[qiaoxi.pk] == S.COUNTY_SUBMITTED
    assert changan[0].events.last().note == "名单不全"
    assert Notification.objects.filter(body="原因：名单不全").count() == 3


def test_city_return_without_a_reason_is_refused(
    client, city_admin, project, submitted_enrollment
):
    client.force_login(city_admin)

    response = client.post(
        _list_url(project),
        {
            "action": "city_return",
            "target": "checked",
            "ids": [submitted_enrollment.pk],
        },
        follow=True,
    )

    assert "须填写原因" in _messages(response)[0]
    submitted_enrollment.refresh_from_db()
    assert submitted_enrollment.state == S.COUNTY_SUBMITTED


def test_city_approves_single_enrollment_to_the_province(
    client, city_admin, submitted_enrollment
):
    client.force_login(city_admin)
    url = reverse("projects:enrollment_action", args=[submitted_enrollment.pk])

    client.post(url, {"action": "city_submit"})

    submitted_enrollment.refresh_from_db()
    assert submitted_enrollment.state == S.CITY_SUBMITTED


# Province review


def test_province_assigns_by_filter_and_messages_each_teacher(
    client, province_admin, project, enroll, unit, training_institution
):
    math = [
        enroll(
            TeacherFactory(unit=unit, subject="数学"), "county_submit", "city_submit"
        )
        for _ in range(2)
    ]
    chinese = enroll(
        TeacherFactory(unit=unit, subject="语文"), "county_submit", "city_submit"
    )
    client.force_login(province_admin)

    client.post(
        _list_url(project, subject="数学", region="130100"),
        {
            "action": "province_assign",
            "target": "filter",
            "institution": training_institution.pk,
        },
    )

    for enrollment in math:
        enrollment.refresh_from_db()
        assert enrollment.state == S.ASSIGNED
        assert enrollment.institution == training_institution
    chinese.refresh_from_db()
    assert chinese.state == S.CITY_SUBMITTED
    assert len(MemorySender.outbox) == 2
    assert "华北理工大学" in MemorySender.outbox[0].body


def test_province_cannot_assign_to_an_institution_outside_the_project(
    client, province_admin, project, enroll, teacher, institution_staff
):
    enrollment = enroll(teacher, "county_submit", "city_submit")
    client.force_login(province_admin)

    client.post(
        _list_url(project),
        {
            "action": "province_assign",
            "target": "checked",
            "ids": [enrollment.pk],
            "institution": institution_staff.institution_id,
        },
    )

    enrollment.refresh_from_db()
    assert enrollment.state == S.CITY_SUBMITTED


def test_province_return_goes_to_the_city_or_the_direct_county(
    client, province_admin, project, enroll, teacher
):
    regular = enroll(teacher, "county_submit", "city_submit")
    direct = enroll(_xinji_teacher(), "county_submit_to_province")
    client.force_login(province_admin)

    client.post(
        _list_url(project),
        {
            "action": "return",
            "target": "checked",
            "ids": [regular.pk, direct.pk],
            "note": "学段不符",
        },
    )

    regular.refresh_from_db(), direct.refresh_from_db()
    assert regular.state == S.RETURNED_TO_CITY
    assert direct.state == S.RETURNED_TO_COUNTY


def test_province_cancels_a_place_with_a_reason(
    client, province_admin, project, enroll, teacher
):
    enrollment = enroll(teacher, "county_submit", "city_submit")
    client.force_login(province_admin)
    url = reverse("projects:enrollment_action", args=[enrollment.pk])

    client.post(url, {"action": "cancel", "note": "本人申请退出"})

    enrollment.refresh_from_db()
    assert enrollment.state == S.CANCELLED
    assert Notification.objects.get(user=teacher.user).body == "原因：本人申请退出"


@pytest.mark.parametrize("persona", ["county_admin", "province_admin"])
def test_cancelling_the_whole_unfiltered_list_is_refused(
    client, request, project, enroll, unit, persona
):
    for _ in range(3):
        enroll(TeacherFactory(unit=unit))
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        _list_url(project),
        {"action": "cancel", "target": "filter", "note": "名额调整"},
        follow=True,
    )

    assert "不能对全部记录一次执行" in _messages(response)[0]
    assert set(Enrollment.objects.values_list("state", flat=True)) == {S.SELECTED}


def test_cancelling_a_filtered_list_or_checked_rows_works(
    client, county_admin, project, enroll, unit
):
    maths = [enroll(TeacherFactory(unit=unit, subject="数学")) for _ in range(2)]
    chinese, other = (
        enroll(TeacherFactory(unit=unit, subject="语文")) for _ in range(2)
    )
    client.force_login(county_admin)

    client.post(
        _list_url(project, subject="数学"),
        {"action": "cancel", "target": "filter", "note": "名额调整"},
    )
    client.post(
        _list_url(project),
        {"action": "cancel", "target": "checked", "ids": [chinese.pk], "note": "退出"},
    )

    states = dict(Enrollment.objects.values_list("pk", "state"))
    assert [states[e.pk] for e in (*maths, chinese)] == [S.CANCELLED] * 3
    assert states[other.pk] == S.SELECTED


def test_returning_the_whole_list_needs_no_filter(
    client, city_admin, project, enroll, unit
):
    for _ in range(2):
        enroll(TeacherFactory(unit=unit), "county_submit")
    client.force_login(city_admin)

    client.post(
        _list_url(project),
        {"action": "city_return", "target": "filter", "note": "材料不全"},
    )

    states = set(Enrollment.objects.values_list("state", flat=True))
    assert states == {S.RETURNED_TO_COUNTY}


# Crafted requests


@pytest.mark.parametrize("action", ["county_submit", "county_submit_to_province"])
def test_crafted_single_submit_of_a_flagged_teacher_is_refused(
    client, county_admin, project, unit, enroll, action
):
    flawed = enroll(TeacherFactory(unit=unit, name="王五", phone=""))
    client.force_login(county_admin)

    response = client.post(
        reverse("projects:enrollment_action", args=[flawed.pk]),
        {"action": action},
        follow=True,
    )

    assert "王五" in _messages(response)[0]
    flawed.refresh_from_db()
    assert flawed.state == S.SELECTED
    assert not flawed.events.exists()


def test_crafted_bulk_submit_of_a_checked_flagged_teacher_is_refused(
    client, county_admin, project, unit, enroll
):
    flawed = enroll(TeacherFactory(unit=unit, name="王五", id_number="123"))
    client.force_login(county_admin)

    response = client.post(
        _list_url(project),
        {"action": "submit", "target": "checked", "ids": [flawed.pk]},
        follow=True,
    )

    assert "须先修正再提交" in _messages(response)[0]
    flawed.refresh_from_db()
    assert flawed.state == S.SELECTED


@pytest.mark.parametrize(
    ("persona", "action"),
    [
        ("county_admin", "city_submit"),
        ("county_admin", "province_assign"),
        ("county_admin", "check_in"),
        ("city_admin", "county_submit"),
        ("city_admin", "province_assign"),
        ("province_admin", "county_submit"),
        ("province_admin", "city_submit"),
    ],
)
def test_crafted_action_of_another_role_is_refused(
    client, request, project, enroll, teacher, training_institution, persona, action
):
    enrollment = enroll(teacher)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("projects:enrollment_action", args=[enrollment.pk])

    response = client.post(
        url, {"action": action, "institution": training_institution.pk}
    )

    assert response.status_code == 403
    enrollment.refresh_from_db()
    assert enrollment.state == S.SELECTED
    assert enrollment.events.count() == 0


@pytest.mark.parametrize(
    ("persona", "action"),
    [
        ("county_admin", "city_submit"),
        ("county_admin", "province_assign"),
        ("city_admin", "submit"),
        ("city_admin", "cancel"),
        ("province_admin", "city_submit"),
    ],
)
def test_crafted_bulk_action_of_another_role_is_refused(
    client, request, project, enroll, teacher, persona, action
):
    enrollment = enroll(teacher)
    client.force_login(request.getfixturevalue(persona))

    response = client.post(
        _list_url(project),
        {"action": action, "target": "checked", "ids": [enrollment.pk], "note": "x"},
        follow=True,
    )

    assert "选择一个有效的选项" in _messages(response)[0]
    enrollment.refresh_from_db()
    assert enrollment.state == S.SELECTED


def test_neighbour_county_cannot_act_on_another_county_enrollment(
    client, neighbor_admin, project, enrollment
):
    client.force_login(neighbor_admin)

    detail = client.post(
        reverse("projects:enrollment_action", args=[enrollment.pk]),
        {"action": "cancel", "note": "x"},
    )
    bulk = client.post(
        _list_url(project),
        {"action": "cancel", "target": "checked", "ids": [enrollment.pk], "note": "x"},
        follow=True,
    )

    assert detail.status_code == 404
    assert "无权操作" in _messages(bulk)[0]
    enrollment.refresh_from_db()
    assert enrollment.state == S.SELECTED


def test_institution_staff_cannot_reach_the_approval_lists(
    client, institution_staff, project, enrollment
):
    client.force_login(institution_staff)

    response = client.post(
        _list_url(project), {"action": "cancel", "target": "filter", "note": "x"}
    )

    assert response.status_code == 404
    enrollment.refresh_from_db()
    assert enrollment.state == S.SELECTED


# Scope


def test_each_tier_lists_only_its_scope(
    client, project, enroll, unit, other_unit, county_admin, city_admin,
    other_city_admin,
):  # fmt: skip
    mine = enroll(TeacherFactory(unit=unit))
    neighbour = enroll(TeacherFactory(unit=other_unit))
    baoding = enroll(TeacherFactory(unit=UnitFactory(county_id="130602")))

    seen = {}
    for admin in (county_admin, city_admin, other_city_admin):
        client.force_login(admin)
        page = client.get(_list_url(project)).context["page"]
        seen[admin.username] = {e.pk for e in page}

    assert seen["changan"] == {mine.pk}
    assert seen["sjz"] == {mine.pk, neighbour.pk}
    assert seen["bd"] == {baoding.pk}


def test_draft_project_is_hidden_from_counties_and_cities(
    client, draft_project, county_admin, city_admin, province_admin
):
    url = reverse("projects:project_detail", args=[draft_project.pk])

    statuses = []
    for admin in (county_admin, city_admin, province_admin):
        client.force_login(admin)
        statuses.append(client.get(url).status_code)

    assert statuses == [404, 404, 200]


def test_enrollment_detail_shows_the_timeline(client, city_admin, enroll, teacher):
    enrollment = enroll(teacher, "county_submit", "city_return", note="缺少证明")
    client.force_login(city_admin)

    response = client.get(reverse("projects:enrollment_detail", args=[enrollment.pk]))

    page = response.content.decode()
    assert "县级提交到市级" in page
    assert "市级退回县级" in page
    assert "缺少证明" in page


def test_province_assigns_one_county_of_a_city_by_filter(
    client, province_admin, project, enroll, unit, other_unit, training_institution
):
    changan = enroll(TeacherFactory(unit=unit), "county_submit", "city_submit")
    qiaoxi = enroll(TeacherFactory(unit=other_unit), "county_submit", "city_submit")
    client.force_login(province_admin)
    listed = client.get(_list_url(project, region="130100"))

    client.post(
        _list_url(project, region="130100", county="130104"),
        {
            "action": "province_assign",
            "target": "filter",
            "institution": training_institution.pk,
        },
    )

    assert "130104" in [c.code for c in listed.context["counties"]]
    changan.refresh_from_db(), qiaoxi.refresh_from_db()
    assert (changan.state, qiaoxi.state) == (S.CITY_SUBMITTED, S.ASSIGNED)
