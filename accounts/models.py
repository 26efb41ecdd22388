from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from accounts.scope import ADMIN_ROLES, REGION_ADMIN_ROLES, Role


class User(AbstractUser):
    """A login. Teachers log in with their ID number; admins with a username.

    A teacher created by the county or by an import holds no password hash: the
    initial password is the last six characters of the ID number, checked
    directly, and the first login forces a new one (DESIGN.md section 4).
    """

    name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField(
        "角色", max_length=20, choices=Role.choices, default=Role.TEACHER
    )
    region = models.ForeignKey(
        "teachers.Region",
        verbose_name="管辖区域",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="admins",
    )
    institution = models.ForeignKey(
        "projects.Institution",
        verbose_name="承培机构",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField("手机号", max_length=11, blank=True)
    uses_initial_password = models.BooleanField("使用初始密码", default=False)
    must_change_password = models.BooleanField("须修改密码", default=False)

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self):
        return self.name or self.username

    @property
    def display_name(self):
        return self.name or self.username

    @property
    def is_teacher(self):
        # Superusers are operations staff: the role field keeps its default.
        return self.role == Role.TEACHER and not self.is_superuser

    @property
    def is_admin(self):
        return self.role in ADMIN_ROLES

    @property
    def home_url(self) -> str:
        """Where this user lands after login and through 个人中心."""
        if self.must_change_password:
            return reverse("accounts:password_change")
        if self.is_teacher:
            return reverse("space:profile")
        if self.is_admin:
            return reverse("manage:dashboard")
        if self.is_superuser:
            return reverse("admin:index")
        return reverse("home")

    @property
    def is_region_admin(self):
        return self.role in REGION_ADMIN_ROLES

    def check_initial_password(self, raw_password: str) -> bool:
        """True when the account still has its initial password and it matches."""
        if not self.uses_initial_password or not raw_password:
            return False
        expected = self.username[-6:].upper()
        return constant_time_compare(raw_password.strip().upper(), expected)

    def reset_to_initial_password(self):
        """Back to the ID-number password; the next login forces a new one."""
        self.set_unusable_password()
        self.uses_initial_password = True
        self.must_change_password = True


class Notification(models.Model):
    """An in-platform message to one user (enrollment moves, class notices)."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField("标题", max_length=100)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "站内通知"
        verbose_name_plural = "站内通知"
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return self.title
