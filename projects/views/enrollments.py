"""The approval chain: county selection, the review lists of every tier, one
enrollment's timeline and actions, and the .xlsx export of a list."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.scope import REGION_ADMIN_ROLES, Role, get_visible_or_404, require_role
from projects import pipeline, quotas, services
from projects.exports import enrollments_xlsx, log_export
from projects.forms import (
    BulkActionForm,
    EnrollmentActionForm,
    EnrollmentFilterForm,
    TeacherSearchForm,
)
from projects.models import Enrollment, TrainingProject
from projects.views.catalog import visible_project
from teachers import quality
from teachers.choices import EmploymentStatus
from teachers.models import Region, Teacher, Unit
from teachers.validators import clean_text

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
RACE_HINT = "记录状态可能已被他人更新，请刷新页面后查看。"


@login_required
def selection(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    project = visible_project(request.user, pk)

    if request.method == "POST":
        _select(request, project)
        return redirect(request.get_full_path())

    form = TeacherSearchForm(request.GET)
    teachers = _search_teachers(request.user, form)
    page = Paginator(teachers, PAGE_SIZE).get_page(request.GET.get("page"))
    taken = dict(
        Enrollment.objects.filter(project=project, teacher__in=list(page))
        .exclude(state=Enrollment.State.CANCELLED)
        .values_list("teacher_id", "state")
    )
    problems = quality.problems_by_teacher(page)
    for teacher in page:
        teacher.problems = problems[teacher.pk]
        teacher.enrolled_state = (
            Enrollment.State(taken[teacher.pk]).label if (teacher.pk in taken) else ""
        )

    context = {
        "project": project,
        "form": form,
        "page": page,
        "units": Unit.objects.visible_to(request.user).only("id", "name"),
        "quota": _county_quota(project, request.user),
        "is_open": project.status == TrainingProject.Status.OPEN,
        "past_deadline": project.nomination_deadline < timezone.localdate(),
    }
    return render(request, "projects/selection.html", context)


def _search_teachers(user, form):
    form.is_valid()
    data = form.cleaned_data
    teachers = (
        Teacher.objects.visible_to(user)
        .filter(employment_status=EmploymentStatus.ACTIVE)
        .select_related("unit")
        .order_by("unit_id", "name", "id")
    )
    if query := clean_text(data.get("q")):
        teachers = teachers.filter(Q(name__contains=query) | Q(id_number=query.upper()))
    if unit := data.get("unit"):
        teachers = teachers.filter(unit_id=unit)
    if stage := data.get("stage"):
        teachers = teachers.filter(stage=stage)
    if subject := data.get("subject"):
        teachers = teachers.filter(subject=subject)
    return teachers


def _select(request, project):
    ids = [
        int(v) for v in request.POST.getlist("teacher") if v.isascii() and v.isdigit()
    ]
    teachers = list(Teacher.objects.visible_to(request.user).filter(pk__in=ids))
    if not teachers or len(teachers) != len(set(ids)):
        messages.error(request, "请勾选本区县的教师后再加入名单。")
        return
    try:
        created = services.select_teachers(
            project=project, teachers=teachers, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return
    skipped = len(teachers) - len(created)
    text = f"已将 {len(created)} 位教师加入遴选名单。"
    if skipped:
        text += f"另有 {skipped} 位已在名单中，未重复添加。"
    messages.success(request, text)


def _county_quota(project, user):
    quota = project.quotas.filter(region=user.region).first()
    amount = quota.amount if quota else 0
    held = quotas.held_places(project, [user.region_id]).get(user.region_id, 0)
    return {"amount": amount, "held": held, "left": max(amount - held, 0)}


def _scoped(project, user):
    return (
        Enrollment.objects.visible_to(user)
        .filter(project=project)
        .select_related("teacher__unit", "teacher__user", "county__parent")
        .select_related("institution", "project")
    )


@login_required
def enrollment_list(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    project = visible_project(request.user, pk)
    filters = EnrollmentFilterForm(request.GET)

    if request.method == "POST":
        _bulk(request, project, filters)
        return redirect(request.get_full_path())

    enrollments = filters.filter(_scoped(project, request.user))
    page = Paginator(enrollments, PAGE_SIZE).get_page(request.GET.get("page"))
    services.with_problems(page)
    context = {
        "project": project,
        "state_counts": _state_counts(project, request.user),
        "filters": filters,
        "page": page,
        "bulk": BulkActionForm(role=request.user.role, project=project),
        "runs": project.status in pipeline.RUNNING_STATUSES,
        "regions": _region_options(request.user),
        "counties": _county_options(request.user, filters),
        "quota": (
            _county_quota(project, request.user)
            if request.user.role == Role.COUNTY_ADMIN
            else None
        ),
    }
    return render(request, "projects/enrollment_list.html", context)


def _state_counts(project, user):
    """Every state the user's scope holds, with its count, for quick filters."""
    counts = dict(
        Enrollment.objects.visible_to(user)
        .filter(project=project)
        .values_list("state")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (state, label, counts[state])
        for state, label in Enrollment.State.choices
        if counts.get(state)
    ]


def _county_options(user, filters):
    """For the province, the counties of the city it has filtered by."""
    code = filters.cleaned_data.get("region")
    if user.role != Role.PROVINCE_ADMIN or not code:
        return []
    return Region.objects.filter(parent_id=code, level=Region.Level.COUNTY)


def _region_options(user):
    if user.role == Role.PROVINCE_ADMIN:
        return quotas.quota_regions(None)
    if user.role == Role.CITY_ADMIN:
        return quotas.quota_regions(user.region)
    return []


def _bulk(request, project, filters):
    form = BulkActionForm(
        request.POST,
        role=request.user.role,
        project=project,
        narrowed=filters.narrows(),
    )
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return
    data = form.cleaned_data
    action = data["action"]
    enrollments = _scoped(project, request.user).order_by("pk")
    if data["target"] == "filter":
        enrollments = filters.filter(enrollments).filter(
            state__in=services.action_sources(action)
        )
    else:
        enrollments = enrollments.filter(pk__in=data["ids"])
        if enrollments.count() != len(set(data["ids"])):
            messages.error(request, "所选记录中有无权操作或已不存在的记录。")
            return
    _run(request, enrollments, action, data["note"], data["institution"])


def _run(request, enrollments, action, note, institution):
    try:
        count = services.move(
            enrollments=enrollments,
            action=action,
            actor=request.user,
            note=note,
            institution=institution,
        )
    except pipeline.TransitionError as error:
        messages.error(request, f"操作未执行：{error.messages[0]}{RACE_HINT}")
    except ValidationError as error:
        messages.error(request, f"操作未执行：{error.messages[0]}")
    else:
        labels = services.BULK_ACTIONS.get(request.user.role, {})
        label = labels.get(action) or pipeline.event_label(action)
        messages.success(request, f"“{label}”已完成，共 {count} 条。")


def _first_error(form):
    for errors in form.errors.values():
        return errors[0]
    return "请求无效，请刷新页面后重试。"


@login_required
def enrollment_export(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    project = visible_project(request.user, pk)

    filters = EnrollmentFilterForm(request.GET)
    enrollments = filters.filter(_scoped(project, request.user))

    content, count = enrollments_xlsx(
        enrollments.iterator(chunk_size=1000), title=project.name
    )
    log_export(
        user=request.user,
        description=f"{project.name}；{filters.describe()}",
        row_count=count,
    )

    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument"
        ".spreadsheetml.sheet",
    )
    filename = f"project-{project.pk}-enrollments.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def enrollment_detail(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    enrollment = get_visible_or_404(
        Enrollment.objects.select_related(
            "project", "teacher__unit", "county__parent", "institution"
        ),
        request.user,
        pk=pk,
    )

    events = list(enrollment.events.select_related("actor"))
    institution = enrollment.institution.name if enrollment.institution_id else ""
    for event in events:
        event.label = pipeline.event_label(event.action, institution)
    context = {
        "enrollment": enrollment,
        "project": enrollment.project,
        "events": events,
        "actions": pipeline.allowed_actions(enrollment, request.user),
        "problems": quality.blocking_problems(enrollment.teacher),
        "institutions": enrollment.project.institutions.all(),
    }
    return render(request, "projects/enrollment_detail.html", context)


@login_required
@require_POST
def enrollment_action(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    enrollment = get_visible_or_404(
        Enrollment.objects.select_related("project", "teacher__user", "county"),
        request.user,
        pk=pk,
    )

    form = EnrollmentActionForm(request.POST, project=enrollment.project)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect("projects:enrollment_detail", pk=enrollment.pk)
    action = form.cleaned_data["action"]
    if action not in pipeline.TRANSITIONS:
        raise PermissionDenied
    _run(
        request,
        [enrollment],
        action,
        form.cleaned_data["note"],
        form.cleaned_data["institution"],
    )
    return redirect("projects:enrollment_detail", pk=enrollment.pk)
