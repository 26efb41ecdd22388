from django import template

from accounts.scope import Role
from teachers.models import KeyFieldChangeRequest, Transfer

register = template.Library()


@register.inclusion_tag("teachers/_records_todo.html")
def records_todo(user):
    """What waits for this admin: change requests to decide, transfers to answer."""
    requests = KeyFieldChangeRequest.objects.visible_to(user).filter(
        state=KeyFieldChangeRequest.State.PENDING
    )
    transfers = Transfer.objects.visible_to(user).filter(state=Transfer.State.PENDING)
    if user.role == Role.COUNTY_ADMIN:
        transfers = transfers.filter(to_county_id=user.region_id)
    return {
        "is_county": user.role == Role.COUNTY_ADMIN,
        "pending_requests": requests.count(),
        "pending_transfers": transfers.count(),
    }


@register.inclusion_tag("space/_request_notice.html")
def latest_change_request(teacher):
    """The teacher's latest key-field request, so its state shows on the profile."""
    latest = teacher.change_requests.order_by("-created_at", "-id").first()
    return {"change_request": latest}
