from django import forms

from hbte.forms import UniqueNameFormMixin
from teachers import choices, quality
from teachers.choices import EmploymentStatus
from teachers.models import Region, Unit
from teachers.profile_forms import DATE_INPUT, UnitChoiceField, registry_units
from teachers.validators import clean_text


class UnitForm(UniqueNameFormMixin, forms.ModelForm):
    """A unit of the admin's own county; the county is never a form field."""

    class Meta:
        model = Unit
        fields = ["name", "region_type", "category", "organizer", "is_active"]
        help_texts = {"name": "填写单位公章上的全称，不要使用简称。"}

    def __init__(self, *args, county, **kwargs):
        super().__init__(*args, **kwargs)
        self.county = county
        self.instance.county = county

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        duplicates = Unit.objects.filter(county=self.county, name=name)
        if self.instance.pk:
            duplicates = duplicates.exclude(pk=self.instance.pk)
        if duplicates.exists():
            raise forms.ValidationError(self.duplicate_message(name))
        return name

    def duplicate_message(self, name):
        return f"本区县已有名为“{name}”的单位，请勿重复添加。"


class TeacherFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    stage = forms.ChoiceField(
        label="学段",
        choices=[("", "全部学段"), *choices.STAGES],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    subject = forms.ChoiceField(
        label="学科",
        choices=[("", "全部学科"), *choices.SUBJECTS],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    status = forms.ChoiceField(
        label="任职状态",
        choices=[("", "全部状态"), *choices.EmploymentStatus.choices],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    problem = forms.ChoiceField(
        label="数据问题",
        choices=[("", "全部")] + quality.CHOICES,
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="单位名称", required=False)
    region = forms.CharField(required=False, widget=forms.HiddenInput)


# Teacher records (issue 3): decisions, the lock date, status and transfers.


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "通过"), ("reject", "驳回")], widget=forms.HiddenInput
    )
    note = forms.CharField(label="审核意见", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("note") or "").strip():
            self.add_error("note", "驳回时请填写理由，教师会看到它。")
        return data


class LockDateForm(forms.Form):
    lock_date = forms.DateField(
        label="关键字段锁定日期",
        required=False,
        widget=DATE_INPUT,
        help_text="当日及以前教师可自行修改姓名、身份证号和单位；之后须提交修改申请。"
        "留空表示不锁定。",
    )


class DeactivateForm(forms.Form):
    status = forms.ChoiceField(
        label="停用原因",
        choices=[
            (EmploymentStatus.LEFT, EmploymentStatus.LEFT.label),
            (EmploymentStatus.RETIRED, EmploymentStatus.RETIRED.label),
        ],
    )
    reason = forms.CharField(label="说明", max_length=200, required=False)


class CountyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


class TransferForm(forms.Form):
    to_county = CountyChoiceField(
        label="调入区县",
        queryset=Region.objects.none(),
        help_text="可调往全省任一区县，由调入区县确认接收并选择新单位。",
    )
    reason = forms.CharField(label="调动说明", max_length=200)

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_county"].queryset = (
            Region.objects.filter(level=Region.Level.COUNTY)
            .exclude(pk=teacher.county_id)
            .select_related("parent")
            .order_by("code")
        )


class AcceptTransferForm(forms.Form):
    unit = UnitChoiceField(label="新单位", queryset=Unit.objects.none())

    def __init__(self, *args, transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = registry_units(transfer.to_county_id)


class RefuseForm(forms.Form):
    note = forms.CharField(label="拒绝理由", max_length=200)
