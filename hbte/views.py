from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from accounts.scope import ADMIN_ROLES, REGION_ADMIN_ROLES, Role, require_role
from projects import dashboard as projects_dashboard
from teachers import stats

SECTIONS = {
    "credit_bank": ("学分银行", "学时汇总与五年注册周期统计将随结业证书功能上线。"),
    "studios": ("名师工作室", "名师工作室的列表、加入与活动将随工作室模块上线。"),
    "reading": ("读书推荐", "名师阅读与读书推荐将随工作室模块上线。"),
    "live": ("直播中心", "直播日程与回放链接将随直播中心上线。"),
}


@login_required
def home(request):
    if not request.user.is_teacher:
        return redirect(request.user.home_url)
    return render(request, "home.html")


@login_required
def training(request):
    """教师培训 in the top bar: the training pages of the user's role."""
    user = request.user
    if user.role == Role.INSTITUTION_STAFF:
        return redirect("classes:project_list")
    if user.role in REGION_ADMIN_ROLES:
        return redirect("projects:project_list")
    if user.is_teacher:
        return redirect("space:training")
    raise Http404


@login_required
def section(request, key):
    """A top-bar section whose module has not been delivered yet."""
    title, text = SECTIONS[key]
    return render(request, "coming_soon.html", {"title": title, "text": text})


@login_required
def dashboard(request):
    require_role(request.user, *ADMIN_ROLES)

    context = {}
    if request.user.role in REGION_ADMIN_ROLES:
        context["totals"] = stats.scope_totals(request.user)
        context["rows"] = stats.scope_breakdown(request.user)
        context["below_label"] = _below_label(request.user.role)
    else:
        context["institution"] = projects_dashboard.institution_totals(request.user)
    return render(request, "manage/dashboard.html", context)


@login_required
def regions(request):
    require_role(request.user, Role.CITY_ADMIN, Role.PROVINCE_ADMIN)

    rows = stats.scope_breakdown(request.user)
    context = {
        "rows": rows,
        "below_label": _below_label(request.user.role),
        "total_teachers": sum(row.teachers for row in rows),
        "total_units": sum(row.units for row in rows),
    }
    return render(request, "manage/regions.html", context)


def _below_label(role):
    return {
        Role.PROVINCE_ADMIN: "市（含省直管县）",
        Role.CITY_ADMIN: "区县",
        Role.COUNTY_ADMIN: "单位",
    }[role]


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
