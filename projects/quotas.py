"""Quotas: the places the province hands to cities and province-direct
counties, and a city to its counties, each saved under locks so that a
selection or another admin in between cannot overrun them."""

import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum

from accounts.models import User
from projects import pipeline
from projects.models import Enrollment, Quota, TrainingProject
from teachers.models import Region

logger = logging.getLogger(__name__)


class QuotaError(ValidationError):
    """A quota that would be exceeded or set below what is already held."""


def quota_regions(parent: Region | None):
    """The regions whose quota `parent` hands out (None is the province):
    cities and province-direct counties, or a city's counties."""
    if parent is None:
        return Region.objects.filter(parent__level=Region.Level.PROVINCE).order_by(
            "code"
        )
    return Region.objects.filter(parent=parent, level=Region.Level.COUNTY).order_by(
        "code"
    )


def held_places(project: TrainingProject, counties) -> dict[str, int]:
    """Place-holding enrollments per county code (one query)."""
    rows = (
        Enrollment.objects.filter(
            project=project, county__in=counties, state__in=pipeline.PLACE_HOLDING
        )
        .values_list("county_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return dict(rows)


def quota_floors(project: TrainingProject, regions) -> dict[str, int]:
    """The least each region's quota may be: what its counties already hold,
    or for a city, what it has already split among its counties."""
    codes = [region.code for region in regions]
    floors = held_places(project, codes)
    split = (
        Quota.objects.filter(project=project, region__parent_id__in=codes)
        .values_list("region__parent_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for code, total in split:
        floors[code] = max(floors.get(code, 0), total)
    return floors


def quota_cap(project: TrainingProject, parent: Region | None) -> int | None:
    """What the quotas under `parent` may add up to; None means no limit."""
    if parent is None:
        return project.planned_places
    quota = Quota.objects.filter(project=project, region=parent).first()
    return quota.amount if quota else 0


def given_out(project: TrainingProject) -> int:
    """What the province has handed to cities and province-direct counties."""
    total = Quota.objects.filter(
        project=project, region__parent__level=Region.Level.PROVINCE
    ).aggregate(total=Sum("amount"))["total"]
    return total or 0


def check_planned_places(project: TrainingProject, planned: int | None) -> None:
    """The province's plan may not drop below the quotas it has handed out."""
    given = given_out(project) if project.pk and planned is not None else 0
    if planned is not None and planned < given:
        raise QuotaError(
            f"计划名额不能少于已分配给各市和省直管县的 {given} 人；"
            "请先在“名额分配”中调减后再修改。"
        )


@transaction.atomic
def set_quotas(
    *,
    project: TrainingProject,
    parent: Region | None,
    amounts: dict[str, int],
    actor: User,
) -> None:
    """Set the quotas `parent` hands out (None: the province's), re-checked
    under locks so a selection or another admin in between cannot be overrun."""
    regions = {region.code: region for region in quota_regions(parent)}
    if set(amounts) - set(regions):
        raise QuotaError("只能为下一级区域分配名额。")

    # Lock the level above and the rows we change, in a fixed order.
    TrainingProject.objects.select_for_update().filter(pk=project.pk).first()
    project.refresh_from_db(fields=["planned_places"])
    if parent is not None:
        Quota.objects.select_for_update().filter(project=project, region=parent).first()
    existing = {
        quota.region_id: quota
        for quota in Quota.objects.select_for_update()
        .filter(project=project, region__in=list(regions))
        .order_by("region_id")
    }
    cap = quota_cap(project, parent)
    floors = quota_floors(project, list(regions.values()))

    wanted = {code: quota.amount for code, quota in existing.items()}
    wanted.update(amounts)
    total = sum(wanted.values())
    if cap is not None and total > cap:
        raise QuotaError(f"分配合计 {total} 人，超过了上级名额 {cap} 人。")
    too_low = [
        f"{regions[code].name}（至少 {floors[code]} 人）"
        for code, amount in amounts.items()
        if amount < floors.get(code, 0)
    ]
    if too_low:
        raise QuotaError(
            "名额不能少于已占用或已分配到下级的人数：" + "、".join(too_low)
        )

    for code, amount in amounts.items():
        quota = existing.get(code)
        if quota is None:
            if amount:
                Quota.objects.create(project=project, region_id=code, amount=amount)
        elif quota.amount != amount:
            quota.amount = amount
            quota.save(update_fields=["amount", "updated_at"])
    logger.info(
        "quotas of project %s under %s set by user %s",
        project.pk,
        parent.code if parent else "province",
        actor.pk,
    )
