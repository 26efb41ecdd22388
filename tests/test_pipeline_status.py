"""The project's status gates the pipeline: enrollments move only while a
project is open or closed, and a project finishes only once every enrollment
is concluded."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.scope import Role
from projects import classes, pipeline, scores, services
from projects.models import Enrollment, EnrollmentEvent, TrainingProject
from tests.factories import AdminFactory, TeacherFactory, UnitFactory

S = Enrollment.State
Status = TrainingProject.Status
# Whether enrollments move, per project status.
RUNS = {
    Status.DRAFT: False,
    Status.OPEN: True,
    Status.CLOSED: True,
    Status.FINISHED: False,
}
DIRECT_ONLY = {"county_submit_to_province", "province_return_to_county"}


def _set_status(project, status):
    TrainingProject.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()


@pytest.fixture
def movers(training_institution):
    return {
        Role.COUNTY_ADMIN: {
            "130102": AdminFactory(role=Role.COUNTY_ADMIN, region_id="130102"),
            "130181": AdminFactory(role=Role.COUNTY_ADMIN, region_id="130181"),
        },
        Role.CITY_ADMIN: AdminFactory(role=Role.CITY_ADMIN, region_id="130100"),
        Role.PROVINCE_ADMIN: AdminFactory(role=Role.PROVINCE_ADMIN, region_id="130000"),
        Role.INSTITUTION_STAFF: AdminFactory(
            role=Role.INSTITUTION_STAFF, institution=training_institution
        ),
    }


@pytest.mark.parametrize("status", list(RUNS))
@pytest.mark.parametrize("action", sorted(pipeline.TRANSITIONS))
def test_every_move_runs_only_while_the_project_runs(
    project, training_institution, movers, action, status
):
    transition = pipeline.TRANSITIONS[action]
    county = "130181" if action in DIRECT_ONLY else "130102"
    enrollment = Enrollment.objects.create(
        project=project,
        teacher=TeacherFactory(unit=UnitFactory(county_id=county)),
        county_id=county,
        institution=training_institution,
        state=sorted(transition.sources)[0],
    )
    role = sorted(transition.roles)[0]
    actor = movers[role][county] if role == Role.COUNTY_ADMIN else movers[role]
    _set_status(project, status)

    try:
        pipeline.apply(enrollment, action, actor=actor, note="原因")
        moved = True
    except pipeline.ProjectNotRunning:
        moved = False

    assert moved == RUNS[status]
    assert EnrollmentEvent.objects.filter(enrollment=enrollment).exists() == moved
    enrollment.refresh_from_db()
    assert (enrollment.state == transition.target) == moved


@pytest.mark.parametrize(
    ("status", "message"),
    [(Status.DRAFT, "尚未发布（草稿）"), (Status.FINISHED, "已结束")],
)
def test_the_refusal_says_why(project, submitted_enrollment, status, message):
    city = AdminFactory(role=Role.CITY_ADMIN, region_id="130100")
    _set_status(project, status)

    with pytest.raises(pipeline.ProjectNotRunning, match=message):
        pipeline.apply(submitted_enrollment, "city_submit", actor=city)


@pytest.mark.parametrize("status", list(RUNS))
def test_pages_offer_actions_only_while_the_project_runs(
    project, submitted_enrollment, status
):
    city = AdminFactory(role=Role.CITY_ADMIN, region_id="130100")
    _set_status(project, status)
    submitted_enrollment.refresh_from_db()

    offered = pipeline.allowed_actions(submitted_enrollment, city)

    assert bool(offered) == RUNS[status]


def test_a_cancel_posted_in_a_finished_project_is_refused_with_a_message(
    client, province_admin, project, enroll, teacher
):
    enrollment = enroll(teacher, "county_submit", "city_submit")
    _set_status(project, Status.FINISHED)
    client.force_login(province_admin)

    response = client.post(
        reverse("projects:enrollment_action", args=[enrollment.pk]),
        {"action": "cancel", "note": "本人申请退出"},
        follow=True,
    )

    enrollment.refresh_from_db()
    assert enrollment.state == S.CITY_SUBMITTED
    messages = [str(m) for m in response.context["messages"]]
    assert any("已结束" in m and "刷新" not in m for m in messages)


# The institution's work: placement, notice, check-in and scores.


def _place(enrollment, training_class, staff):
    classes.place(training_class=training_class, enrollments=[enrollment], actor=staff)


def _publish(enrollment, training_class, staff):
    classes.publish_notice(training_class=training_class, actor=staff)


def _check_in(enrollment, training_class, staff):
    classes.record_check_ins(
        training_class=training_class,
        outcomes=[(enrollment, "check_in", "")],
        actor=staff,
    )


def _score(enrollment, training_class, staff):
    scores.record_scores(
        training_class=training_class,
        rows=[scores.ScoreRow(enrollment, Decimal("70"), Decimal("80"))],
        actor=staff,
    )


INSTITUTION_WORK = {
    "place": (S.ASSIGNED, _place),
    "publish_notice": (S.PLACED, _publish),
    "check_in": (S.NOTIFIED, _check_in),
    "score": (S.CHECKED_IN, _score),
}


@pytest.mark.parametrize("status", [Status.DRAFT, Status.FINISHED])
@pytest.mark.parametrize("work", sorted(INSTITUTION_WORK))
def test_institution_work_is_refused_outside_a_running_project(
    class_project, class_enroll, empty_class, institution_staff, teacher, work, status
):
    state, run = INSTITUTION_WORK[work]
    enrollment = class_enroll(teacher, state, empty_class)
    _set_status(class_project, status)
    empty_class.refresh_from_db()

    with pytest.raises(pipeline.ProjectNotRunning):
        run(enrollment, empty_class, institution_staff)

    enrollment.refresh_from_db()
    assert enrollment.state == state
    assert enrollment.total_score is None


# Finishing a project.

CONCLUDED = {S.NO_SHOW, S.REFUSED, S.PASSED, S.FAILED, S.CANCELLED}


@pytest.mark.parametrize("state", list(S))
def test_a_project_finishes_only_when_every_enrollment_is_concluded(
    class_project, class_enroll, empty_class, province_admin, teacher, state
):
    class_enroll(teacher, state, empty_class)

    try:
        services.change_status(
            project=class_project, status=Status.FINISHED, actor=province_admin
        )
        finished = True
    except ValidationError as error:
        assert f"{S(state).label} 1 人" in error.messages[0]
        finished = False

    class_project.refresh_from_db()
    assert finished == (state in CONCLUDED)
    assert (class_project.status == Status.FINISHED) == finished


def test_the_refusal_to_finish_lists_the_counts_per_state(
    client, province_admin, class_project, class_enroll, empty_class, classmates
):
    first, second, third = classmates(3)
    class_enroll(first, S.ASSIGNED, empty_class)
    class_enroll(second, S.ASSIGNED, empty_class)
    class_enroll(third, S.CHECKED_IN, empty_class)
    client.force_login(province_admin)

    response = client.post(
        reverse("projects:project_status", args=[class_project.pk]),
        {"status": "finished"},
        follow=True,
    )

    class_project.refresh_from_db()
    assert class_project.status == Status.CLOSED
    assert (
        "还有 3 条参训记录未办结（已分配承培机构 2 人、已报到 1 人）"
        in response.content.decode()
    )
