"""Demo training projects with enrollments in every pipeline stage.

Every enrollment is moved by `projects.pipeline.apply` with the demo admins as
actors, so the timelines are real; their dates are then spread back in time so
the teacher's 继续教育 page reads like a year of work. `advance` is also what
the tests use to bring an enrollment to a given state.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.scope import Role
from projects import pipeline, scores, services
from projects.models import (
    Enrollment,
    EnrollmentEvent,
    Institution,
    Quota,
    TrainingClass,
    TrainingProject,
)
from teachers.models import Teacher

S = Enrollment.State

NOTES = {
    "city_return": "推荐材料不全，请补充任教证明后重新提交。",
    "province_return": "该学科名额已满，请调整人选后重新提交。",
    "province_return_to_county": "该学科名额已满，请调整人选后重新提交。",
    "refuse": "报到时所持身份证号与平台信息不符。",
    "cancel": "本人因工作安排申请退出，名额释放。",
}
ACTOR_ORDER = (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN,
               Role.INSTITUTION_STAFF)  # fmt: skip
SCORES = {
    "pass": (Decimal("86"), Decimal("90")),
    "fail": (Decimal("52"), Decimal("45")),
}


def path_to(state: str, *, direct: bool) -> list[str]:
    """The actions that take a selected enrollment to `state`."""
    submit = (
        ["county_submit_to_province"] if direct else ["county_submit", "city_submit"]
    )
    assigned = [*submit, "province_assign"]
    notified = [*assigned, "place", "notify"]
    returned_to_county = (
        [*submit, "province_return_to_county"]
        if direct
        else ["county_submit", "city_return"]
    )
    return {
        S.SELECTED: [],
        S.COUNTY_SUBMITTED: ["county_submit"],
        S.RETURNED_TO_COUNTY: returned_to_county,
        S.CITY_SUBMITTED: submit,
        S.RETURNED_TO_CITY: [*submit, "province_return"],
        S.ASSIGNED: assigned,
        S.PLACED: [*assigned, "place"],
        S.NOTIFIED: notified,
        S.CHECKED_IN: [*notified, "check_in"],
        S.NO_SHOW: [*notified, "no_show"],
        S.REFUSED: [*notified, "refuse"],
        S.PASSED: [*notified, "check_in", "pass"],
        S.FAILED: [*notified, "check_in", "fail"],
        S.CANCELLED: [*assigned, "cancel"],
    }[state]


def advance(
    enrollment: Enrollment,
    state: str,
    *,
    actors: dict,
    institution: Institution | None = None,
    training_class: TrainingClass | None = None,
    score_pair: tuple | None = None,
) -> Enrollment:
    """Move a selected enrollment to `state` through the pipeline.

    `actors` maps a role to the user acting in it (the county and city admins
    must be those of the enrollment's county).
    """
    direct = enrollment.county.is_province_direct
    for action in path_to(state, direct=direct):
        transition = pipeline.TRANSITIONS[action]
        role = next(r for r in ACTOR_ORDER if r in transition.roles and r in actors)
        changes = {}
        if action == "province_assign":
            changes["institution"] = institution or training_class.institution
        elif action == "place":
            changes["training_class"] = training_class
        elif action in SCORES:
            offline, online = score_pair or SCORES[action]
            changes.update(
                offline_score=offline,
                online_score=online,
                total_score=scores.total_score(enrollment.project, offline, online),
            )
        pipeline.apply(
            enrollment,
            action,
            actor=actors[role],
            note=NOTES.get(action, ""),
            **changes,
        )
    return enrollment


def demo_teacher():
    """The teacher load_demo prints: the first 长安区 teacher by id."""
    return (
        Teacher.objects.filter(county_id="130102", user__uses_initial_password=True)
        .order_by("id")
        .first()
    )


# The demo project plan: for each project, states per county (the demo
# teacher's own state comes first for 长安区).
COUNTY_ADMINS = {"130102": "changan_admin", "130104": "qiaoxi_admin",
                 "130682": "dingzhou_admin"}  # fmt: skip
CITY_ADMINS = {"130100": "sjz_admin"}


@transaction.atomic
def create_projects(*, seed: int = 2026) -> list[TrainingProject]:
    """Four projects of 河北师范大学: finished, running, open for selection and
    a draft that only the province sees."""
    rng = random.Random(seed)
    today = timezone.localdate()
    users = {u.username: u for u in get_user_model().objects.filter(
        username__in=[*COUNTY_ADMINS.values(), *CITY_ADMINS.values(),
                      "province_admin", "hebnu_staff"])}  # fmt: skip
    institution = users["hebnu_staff"].institution
    me = demo_teacher()
    if me is None:  # too few teachers for a 长安区 one
        return []
    pools = {
        code: list(
            Teacher.objects.filter(county_id=code).exclude(pk=me.pk).order_by("id")[:40]
        )
        for code in COUNTY_ADMINS
    }

    def actors(county_code):
        result = {
            Role.COUNTY_ADMIN: users[COUNTY_ADMINS[county_code]],
            Role.PROVINCE_ADMIN: users["province_admin"],
            Role.INSTITUTION_STAFF: users["hebnu_staff"],
        }
        if county_code in ("130102", "130104"):
            result[Role.CITY_ADMIN] = users["sjz_admin"]
        return result

    def enroll(project, teacher, state, *, training_class=None, began=None):
        if teacher is None:  # a small demo (--teachers N) runs out of teachers
            return None
        enrollment = Enrollment.objects.create(
            project=project, teacher=teacher, county_id=teacher.county_id
        )
        score_pair = None
        if state in (S.PASSED, S.FAILED):
            low, high = (75, 98) if state == S.PASSED else (30, 55)
            score_pair = (
                Decimal(rng.randint(low, high)),
                Decimal(rng.randint(low, high)),
            )
        advance(
            enrollment,
            state,
            actors=actors(teacher.county_id),
            institution=institution,
            training_class=training_class,
            score_pair=score_pair,
        )
        _spread_events(enrollment, began or project.start_date)
        return enrollment

    # Closed while its enrollments move, finished once they are all concluded.
    finished = _project(
        "2026年“国培计划”——中小学骨干教师能力提升培训（小学语文）",
        level=TrainingProject.Level.NATIONAL, category="骨干教师培训",
        nature=TrainingProject.Nature.OFFLINE, hours=60,
        start=today - datetime.timedelta(days=120), days=10,
        status=TrainingProject.Status.CLOSED, institution=institution,
    )  # fmt: skip
    finished_class = _class(finished, institution, "小学语文骨干一班", capacity=40,
                            published=True)  # fmt: skip
    enroll(finished, me, S.PASSED, training_class=finished_class)
    plan = {
        "130102": [S.PASSED] * 4 + [S.FAILED, S.REFUSED],
        "130104": [S.PASSED] * 3 + [S.NO_SHOW, S.CANCELLED],
        "130682": [S.PASSED] * 2 + [S.FAILED],
    }
    _enroll_plan(enroll, finished, plan, pools, finished_class)
    services.change_status(
        project=finished,
        status=TrainingProject.Status.FINISHED,
        actor=users["province_admin"],
    )

    running = _project(
        "2026年省培计划——乡村教师信息技术应用能力提升（混合式）",
        level=TrainingProject.Level.PROVINCIAL, category="能力提升工程",
        nature=TrainingProject.Nature.BLENDED, hours=50,
        start=today - datetime.timedelta(days=5), days=30,
        status=TrainingProject.Status.CLOSED, institution=institution,
    )  # fmt: skip
    first = _class(
        running, institution, "信息技术应用一班", capacity=30, published=True
    )
    second = _class(running, institution, "信息技术应用二班", capacity=30)
    enroll(running, me, S.NOTIFIED, training_class=first)
    plan = {
        "130102": [S.NOTIFIED] * 3 + [S.CHECKED_IN] * 3 + [S.ASSIGNED] * 2,
        "130104": [S.CHECKED_IN] * 2 + [S.PLACED] * 3 + [S.ASSIGNED] * 2,
        "130682": [S.NOTIFIED, S.PLACED, S.PLACED, S.ASSIGNED],
    }
    for code, states in plan.items():
        for state in states:
            target = second if state == S.PLACED else first
            enroll(running, _take(pools, code), state, training_class=target)

    upcoming = _project(
        "2027年省级中小学班主任能力提升培训",
        level=TrainingProject.Level.PROVINCIAL, category="班主任培训",
        nature=TrainingProject.Nature.OFFLINE, hours=40,
        start=today + datetime.timedelta(days=40), days=6,
        status=TrainingProject.Status.OPEN, institution=institution,
    )  # fmt: skip
    began = today - datetime.timedelta(days=20)
    enroll(upcoming, me, S.ASSIGNED, began=began)
    plan = {
        "130102": [S.SELECTED] * 2 + [S.COUNTY_SUBMITTED, S.RETURNED_TO_COUNTY,
                                      S.CITY_SUBMITTED, S.RETURNED_TO_CITY],
        "130104": [S.SELECTED, S.COUNTY_SUBMITTED, S.COUNTY_SUBMITTED, S.ASSIGNED],
        "130682": [S.SELECTED, S.CITY_SUBMITTED, S.RETURNED_TO_COUNTY],
    }  # fmt: skip
    for code, states in plan.items():
        for state in states:
            enroll(upcoming, _take(pools, code), state, began=began)

    draft = _project(
        "2027年省级乡村学校校长领导力提升培训（筹备中）",
        level=TrainingProject.Level.PROVINCIAL, category="校长培训",
        nature=TrainingProject.Nature.BLENDED, hours=48,
        start=today + datetime.timedelta(days=150), days=8,
        status=TrainingProject.Status.DRAFT, institution=institution,
        planned_places=80,
    )  # fmt: skip
    return [finished, running, upcoming, draft]


def _take(pools, code):
    return pools[code].pop() if pools[code] else None


def _enroll_plan(enroll, project, plan, pools, training_class):
    for code, states in plan.items():
        for state in states:
            enroll(project, _take(pools, code), state, training_class=training_class)


def _project(name, *, start, days, institution, **fields) -> TrainingProject:
    project = TrainingProject.objects.create(
        year=start.year,
        name=name,
        start_date=start,
        end_date=start + datetime.timedelta(days=days),
        nomination_deadline=start - datetime.timedelta(days=30),
        target_stages=["小学", "初中"],
        **fields,
    )
    project.institutions.add(institution)
    Quota.objects.bulk_create(
        Quota(project=project, region_id=code, amount=amount)
        for code, amount in (("130100", 30), ("130600", 10), ("130682", 10),
                             ("130102", 15), ("130104", 15))
    )  # fmt: skip
    return project


def _class(project, institution, name, *, capacity, published=False):
    published_at = None
    if published:
        day = project.start_date - datetime.timedelta(days=7)
        published_at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(9))
        )
    return TrainingClass.objects.create(
        project=project,
        institution=institution,
        name=name,
        start_date=project.start_date,
        end_date=project.end_date,
        place="河北师范大学继续教育学院（石家庄市南二环东路20号）",
        capacity=capacity,
        contact_person="李老师",
        contact_phone="0311-80780000",
        notice_text="请于开班当日 8:00—12:00 到继续教育学院一楼大厅报到，"
        "携带本人身份证原件和开班通知。\n食宿统一安排，费用按规定回原单位报销。",
        notice_published_at=published_at,
    )


def _spread_events(enrollment, anchor: datetime.date):
    """Date the timeline back from the anchor so it reads like real work."""
    events = list(enrollment.events.order_by("id"))
    start = anchor - datetime.timedelta(days=40)
    for index, event in enumerate(events):
        day = start + datetime.timedelta(days=4 * index + (index > 2) * 20)
        day = min(day, timezone.localdate())
        event.at = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(10))
        )
    EnrollmentEvent.objects.bulk_update(events, ["at"])
