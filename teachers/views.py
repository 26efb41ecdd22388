from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.scope import REGION_ADMIN_ROLES, Role, get_visible_or_404, require_role
from teachers import quality
from teachers.choices import EmploymentStatus
from teachers.forms import TeacherFilterForm, UnitFilterForm, UnitForm
from teachers.models import Region, Teacher, Unit
from teachers.validators import clean_text

PAGE_SIZE = 20


def _region_condition(code: str) -> Q:
    """Rows in a region of any level below the admin (county or city code)."""
    return Q(county_id=code) | Q(county__parent_id=code)


@login_required
def unit_list(request):
    require_role(request.user, *REGION_ADMIN_ROLES)

    form = UnitFilterForm(request.GET)
    units = filtered_units(request.user, form).select_related("county__parent")
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {"form": form, "page": page, "can_edit": _can_edit_units(request.user)}
    return render(request, "teachers/unit_list.html", context)


def filtered_units(user, form: UnitFilterForm):
    """The unit list's rows for these filters; the export uses the same."""
    form.is_valid()
    units = (
        Unit.objects.visible_to(user)
        .annotate(teacher_count=Count("teachers"))
        .order_by("county_id", "name")
    )
    if query := clean_text(form.cleaned_data.get("q")):
        units = units.filter(name__contains=query)
    if code := form.cleaned_data.get("region"):
        units = units.filter(_region_condition(code))
    return units


def _can_edit_units(user) -> bool:
    return user.role == Role.COUNTY_ADMIN


@login_required
def unit_create(request):
    require_role(request.user, Role.COUNTY_ADMIN)

    form = UnitForm(request.POST or None, county=request.user.region)
    if request.method == "POST" and form.is_valid():
        unit = form.save()
        messages.success(request, f"已添加单位“{unit.name}”。")
        return redirect("teachers:unit_list")

    return render(request, "teachers/unit_form.html", {"form": form})


@login_required
def unit_edit(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)

    form = UnitForm(request.POST or None, instance=unit, county=unit.county)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存单位“{unit.name}”。")
        return redirect("teachers:unit_list")

    return render(request, "teachers/unit_form.html", {"form": form, "unit": unit})


@login_required
def teacher_list(request):
    require_role(request.user, *REGION_ADMIN_ROLES)

    form = TeacherFilterForm(request.GET)
    teachers = filtered_teachers(request.user, form).select_related(
        "unit", "county__parent", "user"
    )
    page = Paginator(teachers, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = account_services.locked_usernames(t.user.username for t in page)

    code = form.cleaned_data.get("region")
    context = {"form": form, "page": page, "locked": locked, "region": _region(code)}
    return render(request, "teachers/teacher_list.html", context)


def filtered_teachers(user, form: TeacherFilterForm):
    """The teacher list's rows for these filters; the export uses the same."""
    form.is_valid()
    teachers = Teacher.objects.visible_to(user)
    if query := clean_text(form.cleaned_data.get("q")).upper():
        teachers = teachers.filter(
            Q(name__contains=query)
            | Q(id_number=query)
            | Q(phone=query)
            | Q(unit__name__contains=query)
        )
    if code := form.cleaned_data.get("region"):
        teachers = teachers.filter(_region_condition(code))
    if unit_id := form.cleaned_data.get("unit"):
        teachers = teachers.filter(unit_id=unit_id)
    if problem := form.cleaned_data.get("problem"):
        teachers = quality.filter_teachers(
            teachers.filter(employment_status=EmploymentStatus.ACTIVE), problem
        )
    return teachers


def _region(code):
    return Region.objects.filter(code=code).first() if code else None


@login_required
def teacher_detail(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    teacher = get_visible_or_404(
        Teacher.objects.select_related("unit", "county__parent", "user"),
        request.user,
        pk=pk,
    )

    context = {
        "teacher": teacher,
        "lock_expires_at": account_services.lock_expires_at(teacher.user),
        "can_manage": request.user.role == Role.COUNTY_ADMIN,
    }
    return render(request, "teachers/teacher_detail.html", context)


@login_required
@require_POST
def teacher_unlock(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    teacher = get_visible_or_404(
        Teacher.objects.select_related("user"), request.user, pk=pk
    )

    account_services.unlock(user=teacher.user)
    messages.success(request, f"已解锁 {teacher.name} 的账号。")
    return redirect("teachers:teacher_detail", pk=teacher.pk)


@login_required
@require_POST
def teacher_reset_password(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    teacher = get_visible_or_404(
        Teacher.objects.select_related("user"), request.user, pk=pk
    )

    account_services.reset_to_initial_password(user=teacher.user)
    messages.success(
        request, f"已将 {teacher.name} 的密码重置为身份证号后六位，登录后须修改。"
    )
    return redirect("teachers:teacher_detail", pk=teacher.pk)
