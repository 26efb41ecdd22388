"""The state machine as a table: every state × action × role, through
`pipeline.apply`, for a county under a city and a province-direct county."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts.scope import Role
from projects import pipeline
from projects.models import Enrollment, EnrollmentEvent
from tests.factories import AdminFactory, TeacherFactory, UnitFactory

S = Enrollment.State
COUNTY, CITY, PROVINCE = Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN
STAFF, TEACHER = Role.INSTITUTION_STAFF, Role.TEACHER
HOLDING = {
    S.SELECTED,
    S.COUNTY_SUBMITTED,
    S.RETURNED_TO_COUNTY,
    S.CITY_SUBMITTED,
    S.RETURNED_TO_CITY,
    S.ASSIGNED,
    S.PLACED,
    S.NOTIFIED,
}
SCORED = {S.CHECKED_IN, S.PASSED, S.FAILED}
BOTH, REGULAR, DIRECT = "both", "regular", "direct"

# Written out by hand from DESIGN.md section 6, not read from the code:
# action → (states it starts from, roles allowed, county kinds, target).
EXPECTED = {
    "county_submit": (
        {S.SELECTED, S.RETURNED_TO_COUNTY},
        {COUNTY},
        REGULAR,
        S.COUNTY_SUBMITTED,
    ),
    "county_submit_to_province": (
        {S.SELECTED, S.RETURNED_TO_COUNTY},
        {COUNTY},
        DIRECT,
        S.CITY_SUBMITTED,
    ),
    "city_submit": (
        {S.COUNTY_SUBMITTED, S.RETURNED_TO_CITY},
        {CITY},
        REGULAR,
        S.CITY_SUBMITTED,
    ),
    "city_return": (
        {S.COUNTY_SUBMITTED, S.RETURNED_TO_CITY},
        {CITY},
        REGULAR,
        S.RETURNED_TO_COUNTY,
    ),
    "province_assign": ({S.CITY_SUBMITTED}, {PROVINCE}, BOTH, S.ASSIGNED),
    "province_return": ({S.CITY_SUBMITTED}, {PROVINCE}, REGULAR, S.RETURNED_TO_CITY),
    "province_return_to_county": (
        {S.CITY_SUBMITTED},
        {PROVINCE},
        DIRECT,
        S.RETURNED_TO_COUNTY,
    ),
    "place": ({S.ASSIGNED, S.PLACED}, {STAFF}, BOTH, S.PLACED),
    "notify": ({S.PLACED}, {STAFF}, BOTH, S.NOTIFIED),
    "check_in": ({S.NOTIFIED}, {STAFF}, BOTH, S.CHECKED_IN),
    "no_show": ({S.NOTIFIED}, {STAFF}, BOTH, S.NO_SHOW),
    "refuse": ({S.NOTIFIED}, {STAFF}, BOTH, S.REFUSED),
    "pass": (SCORED, {STAFF}, BOTH, S.PASSED),
    "fail": (SCORED, {STAFF}, BOTH, S.FAILED),
    "cancel": (HOLDING, {COUNTY, PROVINCE}, BOTH, S.CANCELLED),
}


def test_the_table_covers_every_action_of_the_pipeline():
    assert set(EXPECTED) == set(pipeline.TRANSITIONS)
    assert set(pipeline.PLACE_HOLDING) == HOLDING


@pytest.fixture
def actors(training_institution):
    return {
        "130102": {
            COUNTY: AdminFactory(role=COUNTY, region_id="130102"),
            CITY: AdminFactory(role=CITY, region_id="130100"),
        },
        "130181": {
            COUNTY: AdminFactory(role=COUNTY, region_id="130181"),
            # No city sees a province-direct county: 石家庄 must be refused.
            CITY: AdminFactory(role=CITY, region_id="130100"),
        },
        PROVINCE: AdminFactory(role=PROVINCE, region_id="130000"),
        STAFF: AdminFactory(role=STAFF, institution=training_institution),
    }


def _actor(actors, role, county_code, teacher):
    if role == TEACHER:
        return teacher.user
    if role in (COUNTY, CITY):
        return actors[county_code][role]
    return actors[role]


@pytest.mark.parametrize("county_code", ["130102", "130181"])
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_apply_allows_exactly_the_table(
    project, training_institution, actors, action, county_code
):
    sources, roles, kinds, target = EXPECTED[action]
    kind = DIRECT if county_code == "130181" else REGULAR
    unit = UnitFactory(county_id=county_code)
    teacher = TeacherFactory(unit=unit)
    enrollment = Enrollment.objects.create(
        project=project,
        teacher=teacher,
        county_id=county_code,
        institution=training_institution,
    )
    changes = (
        {"institution": training_institution} if action == "province_assign" else {}
    )

    outcomes = {}
    for state in S.values:
        for role in (COUNTY, CITY, PROVINCE, STAFF, TEACHER):
            Enrollment.objects.filter(pk=enrollment.pk).update(state=state)
            enrollment.refresh_from_db()
            actor = _actor(actors, role, county_code, teacher)
            events_before = EnrollmentEvent.objects.count()
            try:
                pipeline.apply(enrollment, action, actor=actor, note="原因", **changes)
                moved = True
            except (pipeline.TransitionError, PermissionDenied):
                moved = False
            enrollment.refresh_from_db()
            if moved:
                assert enrollment.state == target
                assert EnrollmentEvent.objects.count() == events_before + 1
            else:
                assert enrollment.state == state
                assert EnrollmentEvent.objects.count() == events_before
            outcomes[(state, role)] = moved

    expected = {
        (state, role): state in sources and role in roles and kinds in (BOTH, kind)
        for state, role in outcomes
    }
    assert outcomes == expected


def test_a_move_that_needs_a_reason_is_refused_without_one(enroll, teacher):
    enrollment = enroll(teacher, "county_submit")
    city = AdminFactory(role=CITY, region_id="130100")

    with pytest.raises(pipeline.TransitionError, match="须填写原因"):
        pipeline.apply(enrollment, "city_return", actor=city, note="  ")

    enrollment.refresh_from_db()
    assert enrollment.state == S.COUNTY_SUBMITTED


def test_selection_event_is_named_for_the_timeline():
    assert pipeline.event_label("select") == "县级遴选"
    assert pipeline.event_label("city_submit") == "市级提交到省级"
