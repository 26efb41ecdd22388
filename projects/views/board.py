"""Each tier's project board: counts per state, a list behind every number."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.scope import REGION_ADMIN_ROLES, Role, require_role
from projects.board import COLUMNS, project_board
from projects.views.catalog import visible_project

BELOW_LABELS = {
    Role.PROVINCE_ADMIN: "市（含省直管县）",
    Role.CITY_ADMIN: "区县",
    Role.COUNTY_ADMIN: "单位",
}


@login_required
def board(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    project = visible_project(request.user, pk)

    rows, total = project_board(project, request.user)

    context = {
        "project": project,
        "rows": rows,
        "total": total,
        "columns": COLUMNS,
        "below_label": BELOW_LABELS[request.user.role],
        "show_quota": request.user.role != Role.COUNTY_ADMIN,
    }
    return render(request, "projects/board.html", context)
