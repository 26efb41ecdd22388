from django.conf import settings
from django.core.files.storage import storages
from django.db import models
from django.db.models import Q

from accounts.scope import (
    REGION_ADMIN_ROLES,
    RegionScopedQuerySet,
    Role,
    region_filter,
)
from teachers import choices


class RegionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The admin's own region and every region reporting to it, at any depth."""
        if (
            not user.is_authenticated
            or not user.is_active
            or user.role not in REGION_ADMIN_ROLES
            or not user.region_id
        ):
            return self.none()
        own = user.region_id
        return self.filter(Q(code=own) | Q(parent_id=own) | Q(parent__parent_id=own))


class Region(models.Model):
    """A unit of administration keyed by its GB/T 2260 code.

    `parent` is the tier a region reports to on this platform, which is not
    always its GB/T 2260 parent: Dingzhou and Xinji report to the province, and
    the three counties of Xiong'an report to the Xiong'an New Area.
    """

    class Level(models.TextChoices):
        PROVINCE = "province", "省"
        CITY = "city", "市"
        COUNTY = "county", "区县"

    code = models.CharField("代码", max_length=6, primary_key=True)
    name = models.CharField("名称", max_length=50)
    level = models.CharField("级别", max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    standard_parent_code = models.CharField(
        "GB/T 2260 上级代码", max_length=6, blank=True
    )
    is_province_direct = models.BooleanField("省直管", default=False)
    is_standard_code = models.BooleanField("GB/T 2260 代码", default=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = "行政区域"
        verbose_name_plural = "行政区域"

    def __str__(self):
        return self.name

    @property
    def full_name(self):
        if self.level == self.Level.COUNTY and self.parent_id:
            return f"{self.parent.name}{self.name}"
        return self.name


class UnitQuerySet(RegionScopedQuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.role == Role.TEACHER:
            # Teachers pick their unit from the registry of their county.
            return self.filter(county__teachers__user=user)
        return super().visible_to(user)


class Unit(models.Model):
    """A school, kindergarten or education body, by the name on its seal."""

    name = models.CharField("单位全称", max_length=100)
    county = models.ForeignKey(
        Region,
        verbose_name="所属区县",
        on_delete=models.PROTECT,
        related_name="units",
        limit_choices_to={"level": Region.Level.COUNTY},
    )
    region_type = models.CharField(
        "学校所在区域", max_length=10, choices=choices.SchoolRegionType.choices
    )
    category = models.CharField(
        "学校类别", max_length=20, choices=choices.UnitCategory.choices
    )
    organizer = models.CharField(
        "举办者", max_length=20, choices=choices.Organizer.choices
    )
    is_active = models.BooleanField("在用", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["county_id", "name"]
        verbose_name = "单位"
        verbose_name_plural = "单位"
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name"], name="unit_name_unique_in_county"
            )
        ]

    def __str__(self):
        return self.name


class TeacherQuerySet(RegionScopedQuerySet):
    def visible_to(self, user):
        if user.is_authenticated and user.role == Role.TEACHER:
            return self.filter(user=user)
        return super().visible_to(user)


def private_storage():
    return storages["private"]


class Teacher(models.Model):
    """A teacher's profile; the login is `user`, whose username is the ID number."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="teacher"
    )
    name = models.CharField("姓名", max_length=50)
    id_type = models.CharField(
        "证件类型",
        max_length=20,
        choices=choices.IdType.choices,
        default=choices.IdType.RESIDENT_ID,
    )
    id_number = models.CharField("证件号码", max_length=18, unique=True)
    sex = models.CharField(
        "性别", max_length=6, choices=choices.Sex.choices, blank=True
    )
    birth_date = models.DateField("出生日期", null=True, blank=True)
    ethnicity = models.CharField(
        "民族", max_length=10, choices=choices.ETHNICITIES, blank=True
    )
    political_status = models.CharField(
        "政治面貌", max_length=10, choices=choices.POLITICAL_STATUSES, blank=True
    )
    phone = models.CharField("手机号", max_length=11, blank=True, db_index=True)
    email = models.EmailField("电子邮箱", blank=True)
    county = models.ForeignKey(
        Region,
        verbose_name="所属区县",
        on_delete=models.PROTECT,
        related_name="teachers",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="所在单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teachers",
    )
    stage = models.CharField(
        "任教学段", max_length=10, choices=choices.STAGES, blank=True
    )
    subject = models.CharField(
        "任教学科", max_length=20, choices=choices.SUBJECTS, blank=True
    )
    work_start_date = models.DateField("参加工作时间", null=True, blank=True)
    initial_education = models.CharField(
        "初始学历", max_length=20, choices=choices.EDUCATION_LEVELS, blank=True
    )
    highest_education = models.CharField(
        "最高学历", max_length=20, choices=choices.EDUCATION_LEVELS, blank=True
    )
    degree = models.CharField(
        "学位", max_length=10, choices=choices.DEGREES, blank=True
    )
    graduated_school = models.CharField("毕业院校", max_length=100, blank=True)
    major = models.CharField("所学专业", max_length=100, blank=True)
    title = models.CharField("职称", max_length=10, choices=choices.TITLES, blank=True)
    post = models.CharField("岗位", max_length=10, choices=choices.POSTS, blank=True)
    is_funded_normal_student = models.BooleanField("公费师范生", default=False)
    is_special_post_teacher = models.BooleanField("特岗教师", default=False)
    qualification_type = models.CharField(
        "教师资格种类", max_length=2, choices=choices.QUALIFICATION_TYPES, blank=True
    )
    qualification_number = models.CharField(
        "教师资格证书号码", max_length=20, blank=True
    )
    qualification_subject = models.CharField(
        "教师资格任教学科", max_length=20, choices=choices.SUBJECTS, blank=True
    )
    mandarin_level = models.CharField(
        "普通话等级", max_length=10, choices=choices.MANDARIN_LEVELS, blank=True
    )
    backbone_level = models.CharField(
        "骨干教师级别", max_length=10, choices=choices.BACKBONE_LEVELS, blank=True
    )
    is_head_teacher = models.BooleanField("班主任", default=False)
    staffing_status = models.CharField(
        "编制情况", max_length=10, choices=choices.STAFFING_STATUSES, blank=True
    )
    employment_status = models.CharField(
        "任职状态",
        max_length=10,
        choices=choices.EmploymentStatus.choices,
        default=choices.EmploymentStatus.ACTIVE,
    )
    photo = models.ImageField(
        "证件照", storage=private_storage, upload_to="photos/", blank=True
    )
    # Filled when a photo is uploaded, so the data-quality report checks the
    # shape without opening files; null for records whose file was never read.
    photo_width = models.PositiveIntegerField(
        "证件照宽度（像素）", null=True, blank=True, editable=False
    )
    photo_height = models.PositiveIntegerField(
        "证件照高度（像素）", null=True, blank=True, editable=False
    )
    avatar = models.ImageField(
        "头像", storage=private_storage, upload_to="avatars/", blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TeacherQuerySet.as_manager()

    class Meta:
        ordering = ["county_id", "unit_id", "id"]
        verbose_name = "教师"
        verbose_name_plural = "教师"
        indexes = [models.Index(fields=["county", "name"], name="teacher_county_name")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(id_number=""), name="teacher_id_number_not_empty"
            )
        ]

    def __str__(self):
        return self.name

    @property
    def city(self):
        return self.county.parent

    @property
    def school_region_type(self):
        return self.unit.get_region_type_display() if self.unit_id else ""

    @property
    def school_category(self):
        return self.unit.get_category_display() if self.unit_id else ""


# Key fields, their audit trail and transfers (issue 3, teacher records).


class KeyFieldLock(models.Model):
    """The province's lock date for key fields: one row, edited by the province.

    Teachers change their own name, ID number and unit up to and including the
    lock date; from the day after, only through a change request with proof.
    """

    lock_date = models.DateField("关键字段锁定日期", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设置人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = "关键字段锁定日期"
        verbose_name_plural = "关键字段锁定日期"

    def __str__(self):
        return str(self.lock_date or "未设置")

    @classmethod
    def current_date(cls):
        return cls.objects.values_list("lock_date", flat=True).first()

    @classmethod
    def is_locked(cls, today) -> bool:
        lock_date = cls.current_date()
        return lock_date is not None and today > lock_date


class KeyFieldChangeRequestQuerySet(RegionScopedQuerySet):
    county_field = "teacher__county"

    def visible_to(self, user):
        if user.is_authenticated and user.role == Role.TEACHER:
            return self.filter(teacher__user=user)
        return super().visible_to(user)


class KeyFieldChangeRequest(models.Model):
    """A teacher's request, after the lock date, to correct a key field."""

    class State(models.TextChoices):
        PENDING = "pending", "待审核"
        APPROVED = "approved", "已通过"
        REJECTED = "rejected", "已驳回"
        WITHDRAWN = "withdrawn", "已撤回"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="change_requests"
    )
    new_name = models.CharField("新姓名", max_length=50, blank=True)
    new_id_number = models.CharField("新身份证号", max_length=18, blank=True)
    new_unit = models.ForeignKey(
        Unit,
        verbose_name="新单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    old_values = models.JSONField("原值", default=dict)
    reason = models.CharField("申请理由", max_length=200)
    proof = models.FileField(
        "单位证明材料", storage=private_storage, upload_to="proofs/"
    )
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.CharField("审核意见", max_length=200, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    objects = KeyFieldChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "关键字段修改申请"
        verbose_name_plural = "关键字段修改申请"
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(state="pending"),
                name="one_pending_change_request_per_teacher",
            )
        ]

    def __str__(self):
        return f"{self.teacher} {self.get_state_display()}"

    def changes(self) -> list[tuple[str, str, str]]:
        """(label, old, new) for each field the request changes."""
        rows = []
        if self.new_name:
            rows.append(("姓名", self.old_values.get("name", ""), self.new_name))
        if self.new_id_number:
            rows.append(
                ("身份证号", self.old_values.get("id_number", ""), self.new_id_number)
            )
        if self.new_unit_id:
            rows.append(
                ("所在单位", self.old_values.get("unit", ""), self.new_unit.name)
            )
        return rows


class TeacherEventQuerySet(RegionScopedQuerySet):
    county_field = "teacher__county"


class TeacherEvent(models.Model):
    """One line of a teacher's audit trail: who changed what, when and why."""

    class Kind(models.TextChoices):
        KEY_FIELD = "key_field", "关键字段"
        PROFILE = "profile", "个人资料"
        CONTACT = "contact", "联系方式"
        STATUS = "status", "任职状态"
        TRANSFER = "transfer", "异动"
        CREATED = "created", "新增"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField("类别", max_length=10, choices=Kind.choices)
    field = models.CharField("字段", max_length=40, blank=True)
    old_value = models.CharField("原值", max_length=200, blank=True)
    new_value = models.CharField("新值", max_length=200, blank=True)
    reason = models.CharField("原因", max_length=200, blank=True)
    proof = models.FileField(
        "证明材料", storage=private_storage, upload_to="proofs/", blank=True
    )
    change_request = models.ForeignKey(
        KeyFieldChangeRequest,
        verbose_name="修改申请",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = TeacherEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "教师信息变更记录"
        verbose_name_plural = "教师信息变更记录"

    def __str__(self):
        return f"{self.teacher} {self.field}"

    @property
    def field_label(self):
        if not self.field:
            return ""
        return Teacher._meta.get_field(self.field).verbose_name


class TransferQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Both counties of a transfer, and the city and province above them."""
        releasing = region_filter(user, "from_county")
        receiving = region_filter(user, "to_county")
        if releasing is None:
            return self.none()
        return self.filter(releasing | receiving)


class Transfer(models.Model):
    """A teacher moving from one county to another (异动)."""

    class State(models.TextChoices):
        PENDING = "pending", "待接收"
        ACCEPTED = "accepted", "已接收"
        REFUSED = "refused", "已拒绝"
        CANCELLED = "cancelled", "已撤回"

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="transfers"
    )
    from_county = models.ForeignKey(
        Region, verbose_name="调出区县", on_delete=models.PROTECT, related_name="+"
    )
    from_unit = models.ForeignKey(
        Unit,
        verbose_name="原单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    to_county = models.ForeignKey(
        Region, verbose_name="调入区县", on_delete=models.PROTECT, related_name="+"
    )
    to_unit = models.ForeignKey(
        Unit,
        verbose_name="新单位",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField("调动说明", max_length=200)
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发起人",
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField("发起时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="处理人",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)
    decision_note = models.CharField("处理意见", max_length=200, blank=True)

    objects = TransferQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "异动"
        verbose_name_plural = "异动"
        constraints = [
            models.UniqueConstraint(
                fields=["teacher"],
                condition=Q(state="pending"),
                name="one_pending_transfer_per_teacher",
            )
        ]

    def __str__(self):
        return f"{self.teacher} {self.from_county} → {self.to_county}"


class BulkJob(models.Model):
    """One spreadsheet import or export, with its progress and result files.

    Large jobs run in the task worker; the page polls `done` against `total`.
    Only the admin who started a job sees it.
    """

    class Kind(models.TextChoices):
        TEACHER_IMPORT = "teacher_import", "教师导入"
        TEACHER_EXPORT = "teacher_export", "教师名单导出"
        UNIT_EXPORT = "unit_export", "单位名单导出"
        QUALITY_EXPORT = "quality_export", "数据核查统计导出"
        TRANSFER_EXPORT = "transfer_export", "教师异动导出"
        REQUEST_EXPORT = "request_export", "关键字段申请导出"
        ENROLLMENT_EXPORT = "enrollment_export", "参训名单导出"

    class State(models.TextChoices):
        PENDING = "pending", "排队中"
        RUNNING = "running", "处理中"
        VALIDATED = "validated", "待确认"
        APPLYING = "applying", "导入中"
        DONE = "done", "已完成"
        FAILED = "failed", "失败"

    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    state = models.CharField(
        "状态", max_length=10, choices=State.choices, default=State.PENDING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="bulk_jobs"
    )
    county = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    params = models.JSONField("参数", default=dict, blank=True)
    source_name = models.CharField("原文件名", max_length=200, blank=True)
    source_file = models.CharField(max_length=200, blank=True)
    result_file = models.CharField(max_length=200, blank=True)
    error_file = models.CharField(max_length=200, blank=True)
    total = models.PositiveIntegerField("总行数", default=0)
    done = models.PositiveIntegerField("已处理", default=0)
    new_count = models.PositiveIntegerField("新增", default=0)
    updated_count = models.PositiveIntegerField("更新", default=0)
    rejected_count = models.PositiveIntegerField("有误", default=0)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导入导出任务"
        verbose_name_plural = "导入导出任务"

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_busy(self):
        return self.state in {
            self.State.PENDING,
            self.State.RUNNING,
            self.State.APPLYING,
        }

    @property
    def percent(self):
        return min(100, self.done * 100 // self.total) if self.total else 0


class ExportLog(models.Model):
    """Who exported which list, when, and how many rows (DESIGN.md section 12)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="导出人",
        on_delete=models.PROTECT,
        related_name="exports",
    )
    kind = models.CharField("内容", max_length=20, choices=BulkJob.Kind.choices)
    description = models.CharField("条件", max_length=300, blank=True)
    row_count = models.PositiveIntegerField("行数")
    masked = models.BooleanField("已脱敏", default=True)
    created_at = models.DateTimeField("导出时间", auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "导出记录"
        verbose_name_plural = "导出记录"

    def __str__(self):
        return f"{self.user} {self.get_kind_display()} {self.row_count}"
