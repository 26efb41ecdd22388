"""Training institutions and their staff logins, kept by the province."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render

from accounts.scope import Role, require_role
from projects import services
from projects.forms import InstitutionForm, StaffForm
from projects.models import Institution
from teachers.validators import clean_text

PAGE_SIZE = 20


@login_required
def institution_list(request):
    require_role(request.user, Role.PROVINCE_ADMIN)

    institutions = Institution.objects.annotate(
        staff_count=Count("staff", distinct=True),
        project_count=Count("projects", distinct=True),
    ).order_by("-is_active", "name")
    if query := clean_text(request.GET.get("q")):
        institutions = institutions.filter(name__contains=query)
    page = Paginator(institutions, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {"page": page, "q": query}
    return render(request, "projects/institution_list.html", context)


@login_required
def institution_create(request):
    require_role(request.user, Role.PROVINCE_ADMIN)

    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        institution = form.save()
        messages.success(request, f"已添加承培机构“{institution.name}”。")
        return redirect("projects:institution_edit", pk=institution.pk)

    return render(request, "projects/institution_form.html", {"form": form})


@login_required
def institution_edit(request, pk):
    # Institutions have no region: only the province admin reaches them at all.
    require_role(request.user, Role.PROVINCE_ADMIN)
    institution = get_object_or_404(Institution, pk=pk)

    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"已保存承培机构“{institution.name}”。")
        return redirect("projects:institution_edit", pk=institution.pk)

    context = {
        "form": form,
        "institution": institution,
        "staff": institution.staff.order_by("username"),
        "staff_form": StaffForm(),
    }
    return render(request, "projects/institution_form.html", context)


@login_required
def staff_create(request, pk):
    require_role(request.user, Role.PROVINCE_ADMIN)
    institution = get_object_or_404(Institution, pk=pk)

    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.create_staff(institution=institution, **form.cleaned_data)
        messages.success(
            request,
            f"已为“{institution.name}”创建账号 {user.username}，请将初始密码告知本人；"
            "首次登录时须修改密码。",
        )
        return redirect("projects:institution_edit", pk=institution.pk)

    context = {"form": form, "institution": institution}
    return render(request, "projects/staff_form.html", context)
