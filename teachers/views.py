from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts import services as account_services
from accounts.scope import REGION_ADMIN_ROLES, Role, get_visible_or_404, require_role
from hbte.privacy import mask_email, mask_id_number, mask_phone
from teachers import quality, services
from teachers.choices import EmploymentStatus
from teachers.forms import DeactivateForm, TeacherFilterForm, UnitFilterForm, UnitForm
from teachers.models import Region, Teacher, Unit
from teachers.profile_forms import (
    AdminKeyFieldsForm,
    TeacherCreateForm,
    TeacherProfileForm,
    grouped_fields,
)
from teachers.space import PROFILE_GROUPS
from teachers.space import _display as profile_value
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
    if request.method == "POST" and form.is_valid() and (unit := form.save_or_report()):
        messages.success(request, f"已添加单位“{unit.name}”。")
        return redirect("teachers:unit_list")

    return render(request, "teachers/unit_form.html", {"form": form})


@login_required
def unit_edit(request, pk):
    require_role(request.user, Role.COUNTY_ADMIN)
    unit = get_visible_or_404(Unit.objects, request.user, pk=pk)

    form = UnitForm(request.POST or None, instance=unit, county=unit.county)
    if request.method == "POST" and form.is_valid() and form.save_or_report():
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
    context = {
        "form": form,
        "page": page,
        "locked": locked,
        "region": _region(code),
        "region_options": _region_options(request.user),
        "unit_options": _unit_options(request.user, code),
        "can_manage": request.user.role == Role.COUNTY_ADMIN,
    }
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
    for field in ("stage", "subject"):
        if value := form.cleaned_data.get(field):
            teachers = teachers.filter(**{field: value})
    if status := form.cleaned_data.get("status"):
        teachers = teachers.filter(employment_status=status)
    if problem := form.cleaned_data.get("problem"):
        teachers = quality.filter_teachers(
            teachers.filter(employment_status=EmploymentStatus.ACTIVE), problem
        )
    return teachers


def _region_options(user):
    """Cities and counties a city or province admin may narrow the list to."""
    if user.role == Role.COUNTY_ADMIN:
        return []
    regions = Region.objects.exclude(level=Region.Level.PROVINCE).select_related(
        "parent"
    )
    if user.role == Role.CITY_ADMIN:
        regions = regions.filter(parent_id=user.region_id)
    return list(regions.order_by("code"))


def _unit_options(user, code):
    """The unit filter: units of the admin's county, or of the chosen county."""
    county = user.region_id if user.role == Role.COUNTY_ADMIN else code
    if not county:
        return []
    units = Unit.objects.visible_to(user).filter(county_id=county)
    return list(units.order_by("name").only("pk", "name"))


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

    can_manage = request.user.role == Role.COUNTY_ADMIN
    events = teacher.events.select_related("actor", "change_request")[:100]
    context = {
        "teacher": teacher,
        "groups": _profile_groups(teacher, masked=not can_manage),
        "lock_expires_at": account_services.lock_expires_at(teacher.user),
        "can_manage": can_manage,
        "events": events,
        "change_requests": teacher.change_requests.select_related("new_unit")[:20],
        "transfers": teacher.transfers.select_related(
            "from_county__parent", "to_county__parent", "to_unit"
        )[:20],
        "deactivate_form": DeactivateForm(),
    }
    return render(request, "teachers/teacher_detail.html", context)


def _profile_groups(teacher, *, masked: bool):
    """The profile as the teacher sees it; ID, phone and e-mail masked above county."""
    maskers = {"id_number": mask_id_number, "phone": mask_phone, "email": mask_email}
    groups = []
    for title, names in PROFILE_GROUPS:
        rows = []
        for name in names:
            value = profile_value(teacher, name)
            if masked and name in maskers and value != "—":
                value = maskers[name](value)
            rows.append((Teacher._meta.get_field(name).verbose_name, value))
        groups.append((title, rows))
    groups[2][1][2:2] = [
        ("学校所在区域", teacher.school_region_type or "—"),
        ("学校类别", teacher.school_category or "—"),
    ]
    return groups


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


def _county_teacher(request, pk):
    """A teacher of the county admin's own county, locked rows included."""
    require_role(request.user, Role.COUNTY_ADMIN)
    return get_visible_or_404(
        Teacher.objects.select_related("unit", "county__parent", "user"),
        request.user,
        pk=pk,
    )


@login_required
def teacher_create(request):
    require_role(request.user, Role.COUNTY_ADMIN)

    form = TeacherCreateForm(request.POST or None, county=request.user.region)
    if request.method == "POST" and form.is_valid():
        try:
            teacher = services.create_teacher(
                teacher=form.save(commit=False), actor=request.user
            )
        except ValidationError as error:
            form.add_error("id_number", error)
        else:
            messages.success(
                request,
                f"已添加教师 {teacher.name}，登录账号为身份证号，"
                "初始密码为身份证号后六位，首次登录须修改。",
            )
            return redirect("teachers:teacher_detail", pk=teacher.pk)

    context = {"form": form, "groups": grouped_fields(form)}
    return render(request, "teachers/teacher_form.html", context)


@login_required
def teacher_edit(request, pk):
    teacher = _county_teacher(request, pk)

    form = TeacherProfileForm(
        request.POST or None, instance=teacher, key_fields=False, contacts=True
    )
    if request.method == "POST" and form.is_valid():
        services.update_profile(
            teacher=form.instance,
            actor=request.user,
            changed_fields=form.changed_profile_fields(),
        )
        messages.success(request, f"已保存 {teacher.name} 的资料。")
        return redirect("teachers:teacher_detail", pk=teacher.pk)

    context = {"form": form, "teacher": teacher, "groups": grouped_fields(form)}
    return render(request, "teachers/teacher_form.html", context)


@login_required
def teacher_key_fields(request, pk):
    teacher = _county_teacher(request, pk)

    form = AdminKeyFieldsForm(
        request.POST or None, request.FILES or None, teacher=teacher
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_key_fields(
                teacher=teacher,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                changes=form.changes(),
                proof=form.cleaned_data["proof"],
            )
        except ValidationError as error:
            form.add_error("id_number", error)
        else:
            messages.success(request, "关键字段已修改，并记入变更记录。")
            return redirect("teachers:teacher_detail", pk=teacher.pk)

    context = {"form": form, "teacher": teacher}
    return render(request, "teachers/teacher_key_fields.html", context)


@login_required
@require_POST
def teacher_deactivate(request, pk):
    teacher = _county_teacher(request, pk)

    form = DeactivateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择停用原因（离职或退休）。")
        return redirect("teachers:teacher_detail", pk=teacher.pk)
    data = form.cleaned_data
    _set_status(request, teacher, data["status"], data["reason"])
    return redirect("teachers:teacher_detail", pk=teacher.pk)


@login_required
@require_POST
def teacher_reactivate(request, pk):
    teacher = _county_teacher(request, pk)

    _set_status(request, teacher, EmploymentStatus.ACTIVE, "恢复在职")
    return redirect("teachers:teacher_detail", pk=teacher.pk)


def _set_status(request, teacher, status, reason):
    try:
        services.set_employment_status(
            teacher=teacher, actor=request.user, status=status, reason=reason
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return
    label = EmploymentStatus(status).label
    messages.success(request, f"{teacher.name} 的任职状态已设为“{label}”。")
