"""The teacher's own records: profile edit, photos, phone and e-mail, requests."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited

from accounts import codes
from accounts.scope import Role, get_visible_or_404, require_role
from accounts.views import rate_limited
from teachers import services
from teachers.models import KeyFieldChangeRequest, KeyFieldLock, Teacher
from teachers.profile_forms import (
    AvatarForm,
    ChangeRequestForm,
    CodeForm,
    ContactChangeForm,
    PhotoForm,
    TeacherProfileForm,
    grouped_fields,
)

CONTACTS = {"phone": ("手机号", "sms"), "email": ("电子邮箱", "email")}


def _own_teacher(request):
    require_role(request.user, Role.TEACHER)
    return get_visible_or_404(
        Teacher.objects.select_related("unit", "county__parent", "user"),
        request.user,
        user=request.user,
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request):
    teacher = _own_teacher(request)
    locked = services.key_fields_locked()

    form = TeacherProfileForm(
        request.POST or None, instance=teacher, key_fields=not locked
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_own_profile(
                teacher=form.instance,
                changed_fields=form.changed_profile_fields(),
                key_changes=form.key_changes(),
            )
        except ValidationError as error:
            form.add_error("id_number", error)
        else:
            messages.success(request, "个人资料已保存。")
            return redirect("space:profile")

    context = {
        "teacher": teacher,
        "form": form,
        "groups": grouped_fields(form),
        "locked": locked,
        "lock_date": KeyFieldLock.current_date(),
    }
    return render(request, "space/profile_edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def photos(request):
    teacher = _own_teacher(request)

    photo_form = PhotoForm(prefix="photo")
    avatar_form = AvatarForm(prefix="avatar")
    if request.method == "POST":
        which = request.POST.get("which")
        if which == "photo":
            photo_form = form = PhotoForm(request.POST, request.FILES, prefix="photo")
        else:
            avatar_form = form = AvatarForm(
                request.POST, request.FILES, prefix="avatar"
            )
        if form.is_valid():
            field = "photo" if which == "photo" else "avatar"
            services.save_photo(
                teacher=teacher, field=field, content=form.cleaned_data[field]
            )
            label = "证件照" if field == "photo" else "头像"
            messages.success(request, f"{label}已上传。")
            return redirect("space:photos")

    context = {
        "teacher": teacher,
        "photo_form": photo_form,
        "avatar_form": avatar_form,
    }
    return render(request, "space/photos.html", context)


def _session_key(field):
    return f"contact_change:{field}"


@login_required
@require_http_methods(["GET", "POST"])
def contact_change(request, field):
    if field not in CONTACTS:
        raise Http404
    teacher = _own_teacher(request)
    label, channel = CONTACTS[field]
    pending = request.session.get(_session_key(field))

    value_form = ContactChangeForm(field=field, teacher=teacher)
    code_form = CodeForm()
    action = request.POST.get("action")
    if request.method == "POST" and action == "send":
        value_form = ContactChangeForm(request.POST, field=field, teacher=teacher)
        if _too_many_sends(request):
            return rate_limited(request)
        if value_form.is_valid():
            new_value = value_form.cleaned_data["value"]
            if codes.issue_code(
                purpose=f"{field}:{request.user.pk}",
                channel=channel,
                to=new_value,
                subject=f"修改{label}验证码",
            ):
                request.session[_session_key(field)] = new_value
                messages.info(request, f"验证码已发送到新{label}，请查收。")
                return redirect(f"space:{field}_change")
            value_form.add_error(None, "验证码发送失败，请稍后再试。")
    elif request.method == "POST" and action == "confirm" and pending:
        code_form = CodeForm(request.POST)
        if code_form.is_valid() and codes.check_code(
            purpose=f"{field}:{request.user.pk}",
            to=pending,
            code=code_form.cleaned_data["code"],
        ):
            services.change_contact(teacher=teacher, field=field, value=pending)
            del request.session[_session_key(field)]
            messages.success(request, f"{label}已修改。")
            return redirect("space:profile")
        if code_form.is_valid():
            code_form.add_error("code", "验证码错误或已过期，请重新获取。")

    context = {
        "teacher": teacher,
        "field": field,
        "label": label,
        "current": getattr(teacher, field),
        "pending": pending,
        "value_form": value_form,
        "code_form": code_form,
    }
    return render(request, "space/contact_change.html", context)


def _too_many_sends(request) -> bool:
    return is_ratelimited(
        request,
        group="hbte.contact_code",
        key="ip",
        rate=settings.RATELIMIT_CODE_SEND,
        method="POST",
        increment=True,
    )


@login_required
@require_http_methods(["GET", "POST"])
def key_field_requests(request):
    teacher = _own_teacher(request)
    requests = list(
        KeyFieldChangeRequest.objects.visible_to(request.user).select_related(
            "new_unit"
        )
    )
    has_pending = any(r.state == KeyFieldChangeRequest.State.PENDING for r in requests)
    can_file = services.key_fields_locked() and not has_pending

    form = ChangeRequestForm(
        request.POST or None, request.FILES or None, teacher=teacher
    )
    if request.method == "POST" and can_file and form.is_valid():
        data = form.cleaned_data
        try:
            services.file_change_request(
                teacher=teacher,
                reason=data["reason"],
                proof=data["proof"],
                new_name=data["new_name"],
                new_id_number=data["new_id_number"] or "",
                new_unit=data["new_unit"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "修改申请已提交，请等待区县管理员审核。")
            return redirect("space:key_field_requests")

    context = {
        "teacher": teacher,
        "requests": requests,
        "form": form,
        "can_file": can_file,
        "locked": services.key_fields_locked(),
        "has_pending": has_pending,
    }
    return render(request, "space/key_field_requests.html", context)


@login_required
@require_POST
def key_field_request_withdraw(request, pk):
    teacher = _own_teacher(request)
    change_request = get_visible_or_404(
        KeyFieldChangeRequest.objects, request.user, pk=pk
    )
    try:
        services.withdraw_change_request(change_request=change_request, teacher=teacher)
    except ValidationError as error:
        messages.error(request, "".join(error.messages))
    else:
        messages.success(request, "申请已撤回，您可以重新填写后提交。")
    return redirect("space:key_field_requests")
