"""The scope mechanism: which objects an administrator may list and open.

Every admin page fetches through a `visible_to(user)` queryset method built on
`region_filter`, or through a parent object already fetched that way. Objects
outside the scope answer 404, so an outsider cannot tell "forbidden" from
"missing".
"""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404


class Role(models.TextChoices):
    TEACHER = "teacher", "教师"
    COUNTY_ADMIN = "county_admin", "区县管理员"
    CITY_ADMIN = "city_admin", "市级管理员"
    PROVINCE_ADMIN = "province_admin", "省级项目管理员"
    INSTITUTION_STAFF = "institution_staff", "承培机构"


REGION_ADMIN_ROLES = (Role.COUNTY_ADMIN, Role.CITY_ADMIN, Role.PROVINCE_ADMIN)
ADMIN_ROLES = (*REGION_ADMIN_ROLES, Role.INSTITUTION_STAFF)


def region_filter(user, county_field: str) -> Q | None:
    """A filter keeping rows whose county (at `county_field`) is in the user's
    region, or None when the user has no region scope at all."""
    if not user.is_authenticated or not user.is_active:
        return None
    if user.role == Role.PROVINCE_ADMIN:
        return Q()
    if user.role == Role.CITY_ADMIN and user.region_id:
        return Q(**{f"{county_field}__parent_id": user.region_id})
    if user.role == Role.COUNTY_ADMIN and user.region_id:
        return Q(**{f"{county_field}_id": user.region_id})
    return None


class RegionScopedQuerySet(models.QuerySet):
    """A queryset whose rows belong to a county found at `county_field`."""

    county_field = "county"

    def visible_to(self, user):
        condition = region_filter(user, self.county_field)
        if condition is None:
            return self.none()
        return self.filter(condition)


def get_visible_or_404(queryset, viewer, /, **lookup):
    """Fetch one object through the queryset's scope; outsiders get 404."""
    return get_object_or_404(queryset.visible_to(viewer), **lookup)


def require_role(user, *roles):
    if not user.is_authenticated or user.role not in roles:
        raise Http404
