from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from accounts import codes, services
from accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    ResetPasswordForm,
)
from accounts.models import User

RESET_SESSION_KEY = "password_reset"


def _rate(setting_name):
    return lambda group, request: getattr(settings, setting_name)


@method_decorator(
    ratelimit(key="ip", rate=_rate("RATELIMIT_LOGIN"), method="POST", block=True),
    name="dispatch",
)
class HbteLoginView(LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return self.request.user.home_url

    def get_redirect_url(self):
        # A forced password change beats any ?next= target.
        if (
            self.request.user.is_authenticated
            and self.request.user.must_change_password
        ):
            return ""
        return super().get_redirect_url()


def locked_out(request, response=None, credentials=None):
    """What django-axes shows once an account has three failures."""
    form = LoginForm(request)
    context = {"form": form, "locked": True}
    return render(request, "accounts/login.html", context, status=403)


def rate_limited(request, exception=None):
    return render(request, "rate_limited.html", status=429)


@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = ChangePasswordForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.change_password(
            user=request.user, new_password=form.cleaned_data["new_password1"]
        )
        update_session_auth_hash(request, request.user)
        messages.success(request, "密码已修改。")
        return redirect(request.user.home_url)

    context = {"form": form, "forced": request.user.must_change_password}
    return render(request, "accounts/password_change.html", context)


@ratelimit(key="ip", rate=_rate("RATELIMIT_CODE_SEND"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def password_forgot(request):
    form = ForgotPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.get(username=form.cleaned_data["username"])
        channel = form.cleaned_data["channel"]
        to = services.contact_of(user, channel)
        if not to:
            label = "手机号" if channel == "sms" else "电子邮箱"
            form.add_error(
                "channel", f"该账号未登记{label}，请换一种方式或联系所在区县管理员。"
            )
        elif codes.issue_code(
            purpose=f"reset:{user.pk}", channel=channel, to=to, subject="找回密码验证码"
        ):
            request.session[RESET_SESSION_KEY] = {"user": user.pk, "to": to}
            messages.info(request, "验证码已发送，请查收。")
            return redirect("accounts:password_reset")
        else:
            form.add_error(None, "验证码发送失败，请稍后再试。")

    return render(request, "accounts/password_forgot.html", {"form": form})


@ratelimit(key="ip", rate=_rate("RATELIMIT_PASSWORD_RESET"), method="POST", block=True)
@require_http_methods(["GET", "POST"])
def password_reset(request):
    pending = request.session.get(RESET_SESSION_KEY)
    if not pending:
        return redirect("accounts:password_forgot")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    if user is None:
        return redirect("accounts:password_forgot")

    form = ResetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        if codes.check_code(
            purpose=f"reset:{user.pk}", to=pending["to"], code=form.cleaned_data["code"]
        ):
            services.change_password(
                user=user, new_password=form.cleaned_data["new_password1"]
            )
            services.unlock(user=user)
            del request.session[RESET_SESSION_KEY]
            messages.success(request, "密码已重置，请用新密码登录。")
            return redirect("accounts:login")
        form.add_error("code", "验证码错误或已过期。")

    masked = _mask_contact(pending["to"])
    return render(
        request, "accounts/password_reset.html", {"form": form, "sent_to": masked}
    )


@login_required
def notifications(request):
    items = request.user.notifications.all()
    page = Paginator(items, 20).get_page(request.GET.get("page"))
    unread = [n.pk for n in page if n.read_at is None]
    if unread:
        request.user.notifications.filter(pk__in=unread).update(read_at=timezone.now())
    return render(request, "accounts/notifications.html", {"page": page})


def _mask_contact(value: str) -> str:
    if "@" in value:
        name, _, domain = value.partition("@")
        return f"{name[:2]}***@{domain}"
    return f"{value[:3]}****{value[-4:]}"
