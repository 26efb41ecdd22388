"""Key fields after the lock date: the lock date and the change requests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from accounts.scope import REGION_ADMIN_ROLES, Role, get_visible_or_404, require_role
from teachers import services
from teachers.forms import DecisionForm, LockDateForm
from teachers.models import KeyFieldChangeRequest, KeyFieldLock

PAGE_SIZE = 20


@login_required
def key_field_lock(request):
    require_role(request.user, Role.PROVINCE_ADMIN)

    lock = KeyFieldLock.objects.select_related("updated_by").first()
    form = LockDateForm(
        request.POST or None, initial={"lock_date": lock.lock_date if lock else None}
    )
    if request.method == "POST" and form.is_valid():
        services.set_lock_date(
            actor=request.user, lock_date=form.cleaned_data["lock_date"]
        )
        messages.success(request, "锁定日期已保存。")
        return redirect("teachers:key_field_lock")

    context = {"form": form, "lock": lock, "locked": services.key_fields_locked()}
    return render(request, "teachers/key_field_lock.html", context)


@login_required
def change_request_list(request):
    require_role(request.user, *REGION_ADMIN_ROLES)

    state = request.GET.get("state", KeyFieldChangeRequest.State.PENDING)
    if state not in KeyFieldChangeRequest.State.values:
        state = ""
    requests = KeyFieldChangeRequest.objects.visible_to(request.user).select_related(
        "teacher__county__parent", "teacher__unit", "new_unit"
    )
    if state:
        requests = requests.filter(state=state)
    page = Paginator(requests, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {
        "page": page,
        "state": state,
        "states": KeyFieldChangeRequest.State.choices,
    }
    return render(request, "teachers/change_request_list.html", context)


@login_required
def change_request_detail(request, pk):
    require_role(request.user, *REGION_ADMIN_ROLES)
    change_request = get_visible_or_404(
        KeyFieldChangeRequest.objects.select_related(
            "teacher__county__parent", "teacher__unit", "new_unit", "decided_by"
        ),
        request.user,
        pk=pk,
    )
    can_decide = (
        request.user.role == Role.COUNTY_ADMIN
        and change_request.state == KeyFieldChangeRequest.State.PENDING
    )

    form = DecisionForm(request.POST or None)
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            _decide(request, change_request, form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect("teachers:change_request_detail", pk=change_request.pk)

    context = {"change_request": change_request, "form": form, "can_decide": can_decide}
    return render(request, "teachers/change_request_detail.html", context)


def _decide(request, change_request, data):
    note = data["note"].strip()
    if data["decision"] == "approve":
        services.approve_change_request(
            change_request=change_request, actor=request.user, note=note
        )
        messages.success(request, "已通过申请，新信息已生效并记入变更记录。")
    else:
        services.reject_change_request(
            change_request=change_request, actor=request.user, note=note
        )
        messages.success(request, "已驳回申请，教师可在个人中心看到驳回理由。")
