from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.scope import RegionScopedQuerySet, Role


class Institution(models.Model):
    """A training institution (承培机构), such as a university."""

    name = models.CharField("机构名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    platform_url = models.URLField("远程学习平台地址", blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=20, blank=True)
    is_active = models.BooleanField("在用", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "承培机构"
        verbose_name_plural = "承培机构"

    def __str__(self):
        return self.name


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Drafts are the province's own; regions see a project once it opens,
        institutions the projects they train for."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.PROVINCE_ADMIN:
            return self.all()
        published = self.exclude(status=TrainingProject.Status.DRAFT)
        if user.role in (Role.CITY_ADMIN, Role.COUNTY_ADMIN) and user.region_id:
            return published
        if user.role == Role.INSTITUTION_STAFF and user.institution_id:
            return published.filter(institutions=user.institution_id)
        return self.none()


class TrainingProject(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", "国培"
        PROVINCIAL = "provincial", "省培"
        CITY = "city", "市级"
        COUNTY = "county", "县级"
        SCHOOL = "school", "校本"

    class Nature(models.TextChoices):
        OFFLINE = "offline", "集中"
        ONLINE = "online", "网络"
        BLENDED = "blended", "混合"

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        OPEN = "open", "遴选中"
        CLOSED = "closed", "遴选截止"
        FINISHED = "finished", "已结束"

    CATEGORIES = [
        (label, label)
        for label in (
            "骨干教师培训",
            "送培下乡",
            "工作坊研修",
            "培训者研修",
            "全员培训",
            "能力提升工程",
            "新教师培训",
            "班主任培训",
            "校长培训",
        )
    ]

    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("项目名称", max_length=200)
    level = models.CharField("项目级别", max_length=12, choices=Level.choices)
    category = models.CharField("项目类别", max_length=20, choices=CATEGORIES)
    nature = models.CharField("培训性质", max_length=10, choices=Nature.choices)
    target_stages = models.JSONField("面向学段", default=list, blank=True)
    target_subjects = models.JSONField("面向学科", default=list, blank=True)
    hours = models.PositiveSmallIntegerField("学时")
    start_date = models.DateField("开始日期")
    end_date = models.DateField("结束日期")
    nomination_deadline = models.DateField("遴选截止日期")
    status = models.CharField(
        "状态", max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name="承培机构", related_name="projects", blank=True
    )
    offline_weight = models.DecimalField(
        "集中学习权重", max_digits=3, decimal_places=2, default=0.5
    )
    online_weight = models.DecimalField(
        "网络学习权重", max_digits=3, decimal_places=2, default=0.5
    )
    pass_mark = models.DecimalField(
        "合格分数线", max_digits=5, decimal_places=2, default=60
    )
    # The province's plan; when set, the quotas it hands out cannot exceed it.
    planned_places = models.PositiveIntegerField(
        "计划名额", null=True, blank=True, help_text="留空表示不限定总数。"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-start_date", "id"]
        verbose_name = "培训项目"
        verbose_name_plural = "培训项目"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="project_ends_after_start",
            )
        ]

    def __str__(self):
        return self.name


class Quota(models.Model):
    """Places of a project for one region.

    The province sets quotas for cities and for counties that report to the
    province directly; a city splits its quota among its counties. A county's
    quota caps the enrollments it holds (every state but cancelled).
    """

    project = models.ForeignKey(
        TrainingProject, on_delete=models.CASCADE, related_name="quotas"
    )
    region = models.ForeignKey(
        "teachers.Region", on_delete=models.PROTECT, related_name="quotas"
    )
    amount = models.PositiveIntegerField("名额")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "region_id"]
        verbose_name = "名额"
        verbose_name_plural = "名额"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "region"], name="quota_unique_per_region"
            )
        ]

    def __str__(self):
        return f"{self.region_id}: {self.amount}"


class TrainingClassQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Institution staff see their institution's classes; the province all."""
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.INSTITUTION_STAFF and user.institution_id:
            return self.filter(institution_id=user.institution_id)
        if user.role == Role.PROVINCE_ADMIN:
            return self
        return self.none()


class TrainingClass(models.Model):
    project = models.ForeignKey(
        TrainingProject, on_delete=models.PROTECT, related_name="classes"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField("班级名称", max_length=100)
    start_date = models.DateField("开班日期")
    end_date = models.DateField("结束日期")
    place = models.CharField("培训地点", max_length=200)
    capacity = models.PositiveIntegerField("容量")
    contact_person = models.CharField("联系人", max_length=30)
    contact_phone = models.CharField("联系电话", max_length=20)
    notice_text = models.TextField("通知内容（报到要求等）", blank=True)
    notice_published_at = models.DateTimeField("通知发布时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingClassQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "start_date", "id"]
        verbose_name = "班级"
        verbose_name_plural = "班级"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "institution", "name"], name="class_name_unique"
            )
        ]

    def __str__(self):
        return self.name


class EnrollmentQuerySet(RegionScopedQuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.role == Role.TEACHER:
            return self.filter(teacher__user=user)
        if user.role == Role.INSTITUTION_STAFF:
            if not user.institution_id:
                return self.none()
            return self.filter(institution_id=user.institution_id)
        return super().visible_to(user)


class Enrollment(models.Model):
    """One teacher in one project; `state` moves only through projects.pipeline."""

    class State(models.TextChoices):
        SELECTED = "selected", "县级已遴选"
        COUNTY_SUBMITTED = "county_submitted", "县级已提交市级"
        RETURNED_TO_COUNTY = "returned_to_county", "退回县级"
        CITY_SUBMITTED = "city_submitted", "已提交省级"
        RETURNED_TO_CITY = "returned_to_city", "省级退回市级"
        ASSIGNED = "assigned", "已分配承培机构"
        PLACED = "placed", "已分班"
        NOTIFIED = "notified", "已发开班通知"
        CHECKED_IN = "checked_in", "已报到"
        NO_SHOW = "no_show", "未报到"
        REFUSED = "refused", "信息不符拒绝报到"
        PASSED = "passed", "合格"
        FAILED = "failed", "不合格"
        CANCELLED = "cancelled", "已取消"

    project = models.ForeignKey(
        TrainingProject, on_delete=models.PROTECT, related_name="enrollments"
    )
    teacher = models.ForeignKey(
        "teachers.Teacher", on_delete=models.PROTECT, related_name="enrollments"
    )
    # The county that selected the teacher: the place counts against its quota
    # even if the teacher later transfers.
    county = models.ForeignKey(
        "teachers.Region", on_delete=models.PROTECT, related_name="enrollments"
    )
    state = models.CharField(
        "状态", max_length=20, choices=State.choices, default=State.SELECTED
    )
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
    )
    training_class = models.ForeignKey(
        TrainingClass,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrollments",
    )
    offline_score = models.DecimalField(
        "集中学习成绩", max_digits=5, decimal_places=2, null=True, blank=True
    )
    online_score = models.DecimalField(
        "网络学习成绩", max_digits=5, decimal_places=2, null=True, blank=True
    )
    total_score = models.DecimalField(
        "总成绩", max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["project_id", "county_id", "id"]
        verbose_name = "参训"
        verbose_name_plural = "参训"
        constraints = [
            models.UniqueConstraint(
                fields=["project", "teacher"],
                condition=~Q(state="cancelled"),
                name="enrollment_one_active_per_teacher",
            )
        ]
        indexes = [models.Index(fields=["project", "county", "state"])]

    def __str__(self):
        return f"{self.teacher} · {self.project}"


class EnrollmentEvent(models.Model):
    """One move of an enrollment, shown to the teacher as its timeline."""

    enrollment = models.ForeignKey(
        Enrollment, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField("时间", auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    actor_unit = models.CharField("操作单位", max_length=100)
    action = models.CharField("操作", max_length=30)
    from_state = models.CharField("原状态", max_length=20, blank=True)
    to_state = models.CharField("新状态", max_length=20)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = "参训记录"
        verbose_name_plural = "参训记录"

    def __str__(self):
        return f"{self.at:%Y-%m-%d} {self.action}"
