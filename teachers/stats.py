"""Counts for an admin's scope, broken down by the tier below (bounded queries)."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count

from accounts.scope import Role
from teachers.choices import EmploymentStatus
from teachers.models import Region, Teacher, Unit


@dataclass
class Row:
    code: str
    name: str
    teachers: int = 0
    units: int = 0
    filter_param: str = ""


def _per_county(queryset):
    return Counter(
        dict(queryset.values_list("county_id").annotate(n=Count("id")).order_by())
    )


def tier_below(region: Region, county: Region) -> Region:
    """The region directly under `region` on the path down to `county`."""
    if region.level == Region.Level.CITY or county.parent_id == region.code:
        return county
    return county.parent


def scope_breakdown(user) -> list[Row]:
    """Teacher and unit counts for each region (or unit) one tier below."""
    teachers = Teacher.objects.visible_to(user).filter(
        employment_status=EmploymentStatus.ACTIVE
    )
    units = Unit.objects.visible_to(user)

    if user.role == Role.COUNTY_ADMIN:
        per_unit = Counter(
            dict(teachers.values_list("unit_id").annotate(n=Count("id")).order_by())
        )
        return [
            Row(str(u.pk), u.name, per_unit.get(u.pk, 0), 1, f"unit={u.pk}")
            for u in units.only("id", "name")
        ]

    region = user.region
    teacher_counts = _per_county(teachers)
    unit_counts = _per_county(units)
    counties = Region.objects.filter(level=Region.Level.COUNTY).select_related("parent")
    if user.role == Role.CITY_ADMIN:
        counties = counties.filter(parent=region)
    rows: dict[str, Row] = {}
    for county in counties:
        below = tier_below(region, county)
        row = rows.setdefault(
            below.code, Row(below.code, below.name, filter_param=f"region={below.code}")
        )
        row.teachers += teacher_counts.get(county.code, 0)
        row.units += unit_counts.get(county.code, 0)
    return sorted(rows.values(), key=lambda row: row.code)


def scope_totals(user) -> dict:
    teachers = Teacher.objects.visible_to(user)
    return {
        "teachers": teachers.filter(employment_status=EmploymentStatus.ACTIVE).count(),
        "units": Unit.objects.visible_to(user).count(),
    }
