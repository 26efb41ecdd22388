"""A project's board: enrollments per state for an admin's scope, broken down
by the tier below, in a fixed number of queries whatever the enrollment count."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from accounts.scope import Role
from projects.models import Enrollment, Quota
from teachers.models import Region, Unit
from teachers.stats import tier_below

STATES = Enrollment.State

# Column heads short enough for all fourteen states to fit on one screen;
# the full label is the cell's title.
SHORT_LABELS = {
    STATES.SELECTED: "已遴选",
    STATES.COUNTY_SUBMITTED: "待市审",
    STATES.RETURNED_TO_COUNTY: "退回县",
    STATES.CITY_SUBMITTED: "待省审",
    STATES.RETURNED_TO_CITY: "退回市",
    STATES.ASSIGNED: "已分配",
    STATES.PLACED: "已分班",
    STATES.NOTIFIED: "已通知",
    STATES.CHECKED_IN: "已报到",
    STATES.NO_SHOW: "未报到",
    STATES.REFUSED: "拒报到",
    STATES.PASSED: "合格",
    STATES.FAILED: "不合格",
    STATES.CANCELLED: "已取消",
}
COLUMNS = [(state.value, SHORT_LABELS[state], state.label) for state in STATES]


@dataclass
class BoardRow:
    name: str
    filter_param: str
    quota: int | None = None
    counts: dict = field(default_factory=lambda: defaultdict(int))

    @property
    def cells(self):
        return [(state, self.counts.get(state, 0)) for state in STATES.values]

    @property
    def total(self):
        return sum(self.counts.values())


def project_board(project, user) -> tuple[list[BoardRow], BoardRow]:
    """Rows for the tier below the user's region, and the total row."""
    enrollments = Enrollment.objects.visible_to(user).filter(project=project)
    if user.role == Role.COUNTY_ADMIN:
        rows = _unit_rows(enrollments, user.region)
    else:
        rows = _region_rows(project, enrollments, user)

    total = BoardRow("合计", "")
    for row in rows:
        for state, n in row.counts.items():
            total.counts[state] += n
    return rows, total


def _unit_rows(enrollments, county) -> list[BoardRow]:
    counts = (
        enrollments.values_list("teacher__unit_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = {
        unit.pk: BoardRow(unit.name, f"unit={unit.pk}")
        for unit in Unit.objects.filter(county=county).only("id", "name")
    }
    for unit_id, state, n in counts:
        row = rows.get(unit_id)
        if row is None:
            # A teacher without a unit, or one who moved to another county.
            row = rows.setdefault(None, BoardRow("未填单位或已调出", ""))
        row.counts[state] += n
    return [row for row in rows.values() if row.total or row.filter_param]


def _region_rows(project, enrollments, user) -> list[BoardRow]:
    region = user.region or Region.objects.get(level=Region.Level.PROVINCE)
    counts = (
        enrollments.values_list("county_id", "state").annotate(n=Count("id")).order_by()
    )
    counties = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
    if user.role == Role.CITY_ADMIN:
        counties = counties.filter(parent=region)
    below = {}
    rows: dict[str, BoardRow] = {}
    for county in counties:
        tier = tier_below(region, county)
        below[county.code] = tier.code
        rows.setdefault(tier.code, BoardRow(tier.name, f"region={tier.code}"))
    for code, state, n in counts:
        if code in below:
            rows[below[code]].counts[state] += n
    quotas = Quota.objects.filter(project=project, region__in=list(rows))
    for code, amount in quotas.values_list("region_id", "amount"):
        rows[code].quota = amount
    return [rows[code] for code in sorted(rows)]
