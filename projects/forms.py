from decimal import Decimal

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.db.models import Q

from accounts.models import User
from projects import scores
from projects.models import Enrollment, Institution, TrainingProject
from projects.quotas import check_planned_places, quota_cap
from projects.services import BULK_ACTIONS, IRREVERSIBLE_ACTIONS
from teachers import choices
from teachers.validators import clean_text, validate_mobile

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _single_spaced(text: str) -> str:
    """Names may hold Latin words ("STEM 教育"): keep one space between words."""
    return " ".join(text.split())


class ProjectForm(forms.ModelForm):
    target_stages = forms.MultipleChoiceField(
        label="面向学段",
        choices=choices.STAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示不限学段。",
    )
    target_subjects = forms.MultipleChoiceField(
        label="面向学科",
        choices=choices.SUBJECTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="不选表示不限学科。",
    )

    class Meta:
        model = TrainingProject
        fields = [
            "year",
            "name",
            "level",
            "category",
            "nature",
            "target_stages",
            "target_subjects",
            "hours",
            "start_date",
            "end_date",
            "nomination_deadline",
            "planned_places",
            "institutions",
            "offline_weight",
            "online_weight",
            "pass_mark",
        ]
        widgets = {
            "start_date": DATE_INPUT,
            "end_date": DATE_INPUT,
            "nomination_deadline": DATE_INPUT,
            "institutions": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "offline_weight": (
                "总成绩 = 集中学习成绩 × 集中权重 + 网络学习成绩 × 网络权重。"
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        active = Q(is_active=True)
        if self.instance.pk:
            active |= Q(projects=self.instance)
        self.fields["institutions"].queryset = Institution.objects.filter(
            active
        ).distinct()

    def clean_name(self):
        return _single_spaced(self.cleaned_data["name"])

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError("请填写四位数的年度，如 2026。")
        return year

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        deadline = data.get("nomination_deadline")
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开始日期。")
        if start and deadline and deadline > start:
            self.add_error("nomination_deadline", "遴选截止日期不能晚于开始日期。")
        offline, online = data.get("offline_weight"), data.get("online_weight")
        if offline is not None and online is not None:
            if offline < 0 or online < 0 or offline + online != Decimal("1"):
                self.add_error("online_weight", "两项权重须为非负数，且相加等于 1。")
        pass_mark = data.get("pass_mark")
        if pass_mark is not None and not 0 <= pass_mark <= 100:
            self.add_error("pass_mark", "合格分数线应在 0 到 100 之间。")
        self._check_against_recorded(data)
        return data

    def _check_against_recorded(self, data):
        """Rules against what the project already holds; edit_project checks
        them again under lock."""
        try:
            check_planned_places(self.instance, data.get("planned_places"))
        except forms.ValidationError as error:
            self.add_error("planned_places", error)
        try:
            scores.check_rules_change(self.instance, self.changed_data)
        except forms.ValidationError as error:
            changed = [f for f in scores.RULE_FIELDS if f in self.changed_data]
            self.add_error(changed[0], error)


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label="项目名称", required=False)
    year = forms.IntegerField(label="年度", required=False)
    level = forms.ChoiceField(
        label="级别",
        choices=[("", "全部级别"), *TrainingProject.Level.choices],
        required=False,
    )
    status = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), *TrainingProject.Status.choices],
        required=False,
    )


class HttpsURLField(forms.URLField):
    def __init__(self, **kwargs):
        super().__init__(assume_scheme="https", **kwargs)


class InstitutionForm(forms.ModelForm):
    class Meta:
        model = Institution
        fields = [
            "name",
            "short_name",
            "platform_url",
            "contact_person",
            "contact_phone",
            "is_active",
        ]
        help_texts = {
            "platform_url": "学员“进入远程学习”时打开的地址，以 https:// 开头。",
        }
        field_classes = {"platform_url": HttpsURLField}

    def clean_name(self):
        return _single_spaced(self.cleaned_data["name"])

    def clean_contact_phone(self):
        phone = clean_text(self.cleaned_data["contact_phone"]).replace("-", "")
        if phone and not (
            phone.isascii() and phone.isdigit() and 7 <= len(phone) <= 12
        ):
            raise forms.ValidationError("请填写手机号或带区号的固定电话。")
        return phone


class StaffForm(forms.Form):
    username = forms.CharField(label="登录名", max_length=150)
    name = forms.CharField(label="姓名", max_length=50)
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    password = forms.CharField(
        label="初始密码",
        widget=forms.PasswordInput(render_value=False),
        help_text="由您告知该工作人员；首次登录时须修改。",
    )

    def clean_username(self):
        username = clean_text(self.cleaned_data["username"])
        if not username.isascii() or not username.replace("_", "").isalnum():
            raise forms.ValidationError("登录名只能用英文字母、数字和下划线。")
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(f"登录名“{username}”已被使用。")
        return username

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        return validate_mobile(phone) if clean_text(phone) else ""

    def clean(self):
        data = super().clean()
        if password := data.get("password"):
            user = User(username=data.get("username", ""), name=data.get("name", ""))
            try:
                validate_password(password, user)
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class QuotaForm(forms.Form):
    """One number per region below; the cap is re-checked under lock on save."""

    def __init__(self, *args, project, parent, regions, current, floors, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.parent = project, parent
        self.regions, self.floors = regions, floors
        for region in regions:
            self.fields[region.code] = forms.IntegerField(
                label=region.name,
                min_value=0,
                max_value=100000,
                initial=current.get(region.code, 0),
            )

    def rows(self):
        return [
            (region, self[region.code], self.floors.get(region.code, 0))
            for region in self.regions
        ]

    def clean(self):
        data = super().clean()
        for region in self.regions:
            amount = data.get(region.code)
            floor = self.floors.get(region.code, 0)
            if amount is not None and amount < floor:
                self.add_error(
                    region.code, f"不能少于已占用或已分配到下级的 {floor} 人。"
                )
        cap = quota_cap(self.project, self.parent)
        total = sum(v for v in data.values() if isinstance(v, int))
        if cap is not None and total > cap:
            raise forms.ValidationError(
                f"分配合计 {total} 人，超过了上级名额 {cap} 人。"
            )
        return data


class TeacherSearchForm(forms.Form):
    q = forms.CharField(label="姓名", required=False)
    unit = forms.IntegerField(label="单位", required=False)
    stage = forms.ChoiceField(
        label="学段", choices=[("", "全部学段"), *choices.STAGES], required=False
    )
    subject = forms.ChoiceField(
        label="学科", choices=[("", "全部学科"), *choices.SUBJECTS], required=False
    )


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(label="姓名或单位", required=False)
    state = forms.ChoiceField(
        label="状态",
        choices=[("", "全部状态"), *Enrollment.State.choices],
        required=False,
    )
    region = forms.CharField(label="区域", required=False)
    county = forms.CharField(label="区县", required=False)
    unit = forms.IntegerField(label="单位", required=False, widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        label="学段", choices=[("", "全部学段"), *choices.STAGES], required=False
    )
    subject = forms.ChoiceField(
        label="学科", choices=[("", "全部学科"), *choices.SUBJECTS], required=False
    )

    def describe(self) -> str:
        """The criteria in words, as the export log records them."""
        self.is_valid()
        parts = []
        for name, value in self.cleaned_data.items():
            if not clean_text(value):
                continue
            if name == "state":
                value = Enrollment.State(value).label
            parts.append(f"{self.fields[name].label}={value}")
        return "；".join(parts) or "全部"

    def narrows(self) -> bool:
        """Whether any criterion is set, so the list is less than the scope."""
        self.is_valid()
        return any(clean_text(value) for value in self.cleaned_data.values())

    def filter(self, enrollments):
        """The enrollments matching the valid part of the filter."""
        self.is_valid()
        data = self.cleaned_data
        if query := clean_text(data.get("q")):
            enrollments = enrollments.filter(
                Q(teacher__name__contains=query)
                | Q(teacher__unit__name__contains=query)
            )
        if state := data.get("state"):
            enrollments = enrollments.filter(state=state)
        if code := clean_text(data.get("region")):
            enrollments = enrollments.filter(
                Q(county_id=code) | Q(county__parent_id=code)
            )
        if county := clean_text(data.get("county")):
            enrollments = enrollments.filter(county_id=county)
        if unit := data.get("unit"):
            enrollments = enrollments.filter(teacher__unit_id=unit)
        if stage := data.get("stage"):
            enrollments = enrollments.filter(teacher__stage=stage)
        if subject := data.get("subject"):
            enrollments = enrollments.filter(teacher__subject=subject)
        return enrollments


class IdListField(forms.Field):
    """Checked row ids; whether the user may see them is the scoped fetch's job."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        try:
            return [int(item) for item in value or []]
        except (TypeError, ValueError):
            raise forms.ValidationError("所选记录无效，请刷新页面后重试。") from None


class BulkActionForm(forms.Form):
    """An action on the checked rows, or on every row the filter matches."""

    action = forms.ChoiceField(label="操作")
    target = forms.ChoiceField(
        choices=[("checked", "勾选的记录"), ("filter", "当前筛选的全部记录")],
        initial="checked",
    )
    ids = IdListField(required=False)
    note = forms.CharField(label="原因或说明", max_length=500, required=False)
    institution = forms.ModelChoiceField(
        label="承培机构", queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args, role, project, narrowed=False, **kwargs):
        """`narrowed`: whether the list's filter sets any criterion."""
        super().__init__(*args, **kwargs)
        self.narrowed = narrowed
        self.fields["action"].choices = list(BULK_ACTIONS.get(role, {}).items())
        self.fields["institution"].queryset = project.institutions.all()

    def clean(self):
        data = super().clean()
        action, target = data.get("action"), data.get("target")
        if target == "checked" and not data.get("ids"):
            raise forms.ValidationError("请先勾选要操作的记录。")
        if target == "filter" and action in IRREVERSIBLE_ACTIONS and not self.narrowed:
            label = dict(self.fields["action"].choices)[action]
            raise forms.ValidationError(
                f"“{label}”不能对全部记录一次执行：请勾选要操作的记录，"
                "或先按状态、区县、姓名等筛选后再对筛选结果执行。"
            )
        return data


class EnrollmentActionForm(forms.Form):
    action = forms.CharField()
    note = forms.CharField(label="原因或说明", max_length=500, required=False)
    institution = forms.ModelChoiceField(
        label="承培机构", queryset=Institution.objects.none(), required=False
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = project.institutions.all()
