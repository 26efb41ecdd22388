"""Projects and quotas: the province's catalog, seen by every admin tier."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.scope import ADMIN_ROLES, Role, get_visible_or_404, require_role
from projects import quotas, services
from projects.forms import ProjectFilterForm, ProjectForm, QuotaForm
from projects.models import Quota, TrainingProject
from teachers.validators import clean_text

PAGE_SIZE = 20


def visible_project(user, pk) -> TrainingProject:
    return get_visible_or_404(TrainingProject.objects, user, pk=pk)


@login_required
def project_list(request):
    require_role(request.user, *ADMIN_ROLES)

    form = ProjectFilterForm(request.GET)
    form.is_valid()
    projects = TrainingProject.objects.visible_to(request.user)
    if query := clean_text(form.cleaned_data.get("q")):
        projects = projects.filter(name__contains=query)
    if year := form.cleaned_data.get("year"):
        projects = projects.filter(year=year)
    if level := form.cleaned_data.get("level"):
        projects = projects.filter(level=level)
    if status := form.cleaned_data.get("status"):
        projects = projects.filter(status=status)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    _attach_own_quota(page, request.user)

    context = {
        "form": form,
        "page": page,
        "shows_quota": request.user.role in (Role.COUNTY_ADMIN, Role.CITY_ADMIN),
        "can_create": request.user.role == Role.PROVINCE_ADMIN,
    }
    return render(request, "projects/project_list.html", context)


def _attach_own_quota(projects, user):
    """The quota of the user's own city or county on each project (one query)."""
    if user.role not in (Role.COUNTY_ADMIN, Role.CITY_ADMIN):
        return
    amounts = dict(
        Quota.objects.filter(
            project__in=list(projects), region=user.region_id
        ).values_list("project_id", "amount")
    )
    for project in projects:
        project.own_quota = amounts.get(project.pk)


@login_required
def project_create(request):
    require_role(request.user, Role.PROVINCE_ADMIN)

    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = form.save()
        messages.success(request, f"已创建项目“{project.name}”（草稿）。")
        return redirect("projects:project_detail", pk=project.pk)

    return render(request, "projects/project_form.html", {"form": form})


@login_required
def project_edit(request, pk):
    require_role(request.user, Role.PROVINCE_ADMIN)
    project = visible_project(request.user, pk)

    form = ProjectForm(request.POST or None, instance=project)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_project(form=form, actor=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已保存项目“{project.name}”。")
            return redirect("projects:project_detail", pk=project.pk)

    context = {"form": form, "project": project}
    return render(request, "projects/project_form.html", context)


@login_required
def project_detail(request, pk):
    require_role(request.user, *ADMIN_ROLES)
    project = visible_project(request.user, pk)

    context = {
        "project": project,
        "institutions": project.institutions.all(),
        "next_statuses": [
            TrainingProject.Status(s) for s in services.STATUS_FLOW[project.status]
        ],
        "own_quota": _own_quota(project, request.user),
    }
    return render(request, "projects/project_detail.html", context)


def _own_quota(project, user):
    """The county's places: quota, held and left (None for other roles)."""
    if user.role != Role.COUNTY_ADMIN:
        return None
    quota = Quota.objects.filter(project=project, region=user.region).first()
    amount = quota.amount if quota else 0
    held = quotas.held_places(project, [user.region_id]).get(user.region_id, 0)
    return {"amount": amount, "held": held, "left": max(amount - held, 0)}


@login_required
@require_POST
def project_status(request, pk):
    require_role(request.user, Role.PROVINCE_ADMIN)
    project = visible_project(request.user, pk)

    status = request.POST.get("status", "")
    try:
        services.change_status(project=project, status=status, actor=request.user)
    except (ValidationError, ValueError) as error:
        messages.error(request, _message(error, "无效的项目状态。"))
    else:
        messages.success(request, f"项目状态已改为“{project.get_status_display()}”。")
    return redirect("projects:project_detail", pk=project.pk)


def _message(error, fallback):
    return error.messages[0] if isinstance(error, ValidationError) else fallback


@login_required
def quota_edit(request, pk):
    require_role(request.user, Role.PROVINCE_ADMIN, Role.CITY_ADMIN)
    project = visible_project(request.user, pk)
    parent = request.user.region if request.user.role == Role.CITY_ADMIN else None

    regions = list(quotas.quota_regions(parent))
    current = dict(
        Quota.objects.filter(project=project, region__in=regions).values_list(
            "region_id", "amount"
        )
    )
    form = QuotaForm(
        request.POST or None,
        project=project,
        parent=parent,
        regions=regions,
        current=current,
        floors=quotas.quota_floors(project, regions),
    )
    if request.method == "POST" and form.is_valid():
        try:
            quotas.set_quotas(
                project=project,
                parent=parent,
                amounts=form.cleaned_data,
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "名额已保存。")
            return redirect("projects:quota_edit", pk=project.pk)

    context = {
        "project": project,
        "form": form,
        "cap": quotas.quota_cap(project, parent),
        "assigned": sum(current.values()),
        "parent": parent,
    }
    return render(request, "projects/quota_form.html", context)
