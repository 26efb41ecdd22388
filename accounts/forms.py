from captcha.fields import CaptchaField
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import (
    AuthenticationForm,
    PasswordChangeForm,
    SetPasswordForm,
)

from accounts.backends import normalize_login

NOT_FOUND_MESSAGE = "查无此用户：您的信息尚未录入平台，请联系所在区县管理员。"


def account_exists(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="账号",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autofocus": True, "placeholder": "身份证号或管理员账号"}
        ),
    )
    password = forms.CharField(
        label="密码",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    captcha = CaptchaField(
        label="验证码", error_messages={"invalid": "验证码错误，请重新输入。"}
    )

    error_messages = {
        "invalid_login": "账号或密码错误。连续输错 3 次，账号将被锁定 2 小时。",
        "inactive": "该账号已停用，请联系所在区县管理员。",
        "not_found": NOT_FOUND_MESSAGE,
    }

    def clean_username(self):
        return normalize_login(self.cleaned_data["username"])

    def clean(self):
        # A wrong captcha stops here, before the password is tried or counted.
        if "captcha" in self.errors or "username" in self.errors:
            return self.cleaned_data
        if not account_exists(self.cleaned_data["username"]):
            raise forms.ValidationError(self.error_messages["not_found"], "not_found")
        return super().clean()


class ChangePasswordForm(PasswordChangeForm):
    """Password change that also accepts the initial (ID-number) password."""

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        if self.user.check_initial_password(old_password):
            return old_password
        return super().clean_old_password()


class ForgotPasswordForm(forms.Form):
    CHANNELS = [("sms", "手机短信"), ("email", "电子邮箱")]

    username = forms.CharField(
        label="账号", max_length=150, help_text="教师请填写身份证号"
    )
    channel = forms.ChoiceField(
        label="接收方式", choices=CHANNELS, initial="sms", widget=forms.RadioSelect
    )
    captcha = CaptchaField(
        label="验证码", error_messages={"invalid": "验证码错误，请重新输入。"}
    )

    def clean_username(self):
        username = normalize_login(self.cleaned_data["username"])
        if not account_exists(username):
            raise forms.ValidationError(NOT_FOUND_MESSAGE, "not_found")
        return username


class ResetPasswordForm(SetPasswordForm):
    code = forms.CharField(label="验证码", max_length=6, min_length=6)

    field_order = ["code", "new_password1", "new_password2"]
