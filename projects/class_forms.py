"""Forms of the institution's class pages and the teacher's training tabs."""

import re

from django import forms
from django.db.models import Q

from hbte.forms import UniqueNameFormMixin
from projects.classes import CHECK_IN_ACTIONS, PLACEABLE_STATES, seated_count
from projects.models import Enrollment, TrainingClass, TrainingProject
from projects.scores import SCORABLE_STATES, ScoreRow, clean_score, missing_parts
from teachers.validators import clean_text

PHONE_PATTERN = re.compile(r"^[0-9-]{7,20}$")
UNPLACED = "none"


def institution_projects(user):
    """Projects the staff's institution trains: named on it or assigned to it.
    Drafts stay the province's own until they open."""
    assigned = Enrollment.objects.visible_to(user).values("project_id")
    return (
        TrainingProject.objects.filter(
            Q(institutions=user.institution_id) | Q(pk__in=assigned)
        )
        .exclude(status=TrainingProject.Status.DRAFT)
        .distinct()
    )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TrainingClassForm(UniqueNameFormMixin, forms.ModelForm):
    class Meta:
        model = TrainingClass
        fields = ["project", "name", "start_date", "end_date", "place", "capacity",
                  "contact_person", "contact_phone", "notice_text"]  # fmt: skip
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "notice_text": forms.Textarea(attrs={"rows": 5}),
        }
        labels = {"project": "培训项目"}
        help_texts = {
            "notice_text": "报到时间、需携带的材料、住宿与交通等，印在开班通知上。",
            "capacity": "本班最多可分入的学员人数。",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.institution = user.institution
        self.instance.institution = user.institution
        self.fields["project"].queryset = institution_projects(user)
        self.fields["project"].empty_label = "请选择培训项目"
        if self.instance.pk and self.instance.enrollments.exists():
            # Moving a class with teachers to another project would orphan them.
            self.fields["project"].disabled = True
            self.fields["project"].help_text = "班级已有学员，不能更换培训项目。"

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_contact_phone(self):
        phone = clean_text(self.cleaned_data["contact_phone"])
        if not PHONE_PATTERN.match(phone):
            raise forms.ValidationError(
                "请填写手机号或带区号的固定电话，如 0311-80780000。"
            )
        return phone

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError("容量至少为 1 人。")
        if self.instance.pk and capacity < (seated := seated_count(self.instance)):
            raise forms.ValidationError(
                f"本班已有 {seated} 名学员，容量不能小于该人数。"
            )
        return capacity

    def clean(self):
        data = super().clean()
        project, start, end = (
            data.get(k) for k in ("project", "start_date", "end_date")
        )
        if start and end and end < start:
            self.add_error("end_date", "结束日期不能早于开班日期。")
        if (
            project
            and start
            and end
            and (start < project.start_date or end > project.end_date)
        ):
            self.add_error(
                "start_date",
                f"班级时间须在项目时间 {project.start_date:%Y-%m-%d} 至 "
                f"{project.end_date:%Y-%m-%d} 之内。",
            )
        name = data.get("name")
        if project and name:
            duplicates = TrainingClass.objects.filter(
                project=project, institution=self.institution, name=name
            ).exclude(pk=self.instance.pk)
            if duplicates.exists():
                self.add_error("name", self.duplicate_message(name))
        return data

    def duplicate_message(self, name):
        return f"本项目已有名为“{name}”的班级。"


class EnrollmentFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    project = forms.ModelChoiceField(
        label="培训项目", queryset=TrainingProject.objects.none(), required=False,
        empty_label="全部项目",
    )  # fmt: skip
    state = forms.ChoiceField(label="状态", required=False)
    training_class = forms.CharField(label="班级", required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = institution_projects(user)
        states = [s for s in Enrollment.State if s not in _BEFORE_ASSIGNMENT]
        self.fields["state"].choices = [("", "全部状态")] + [
            (s.value, s.label) for s in states
        ]

    def filter(self, enrollments):
        data = self.cleaned_data if self.is_valid() else {}
        if query := clean_text(data.get("q")).upper():
            enrollments = enrollments.filter(
                Q(teacher__name__contains=query)
                | Q(teacher__id_number=query)
                | Q(teacher__unit__name__contains=query)
            )
        if project := data.get("project"):
            enrollments = enrollments.filter(project=project)
        if state := data.get("state"):
            enrollments = enrollments.filter(state=state)
        if (class_id := data.get("training_class")) == UNPLACED:
            enrollments = enrollments.filter(training_class__isnull=True)
        elif class_id and class_id.isascii() and class_id.isdigit():
            enrollments = enrollments.filter(training_class_id=int(class_id))
        return enrollments


_BEFORE_ASSIGNMENT = {
    Enrollment.State.SELECTED,
    Enrollment.State.COUNTY_SUBMITTED,
    Enrollment.State.RETURNED_TO_COUNTY,
    Enrollment.State.CITY_SUBMITTED,
    Enrollment.State.RETURNED_TO_CITY,
}


class PlaceForm(forms.Form):
    """Bulk placement: the ticked enrollments into one class."""

    training_class = forms.ModelChoiceField(
        label="分入班级", queryset=TrainingClass.objects.none(),
        empty_label="请选择班级",
        error_messages={"invalid_choice": "所选班级不存在或不属于本机构。"},
    )  # fmt: skip
    enrollments = forms.ModelMultipleChoiceField(
        queryset=Enrollment.objects.none(),
        error_messages={
            "required": "请勾选要分班的学员。",
            "invalid_choice": "所选学员不存在或不能分班。",
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["training_class"].queryset = TrainingClass.objects.visible_to(
            user
        ).select_related("project")
        self.fields["enrollments"].queryset = (
            Enrollment.objects.visible_to(user)
            .filter(state__in=PLACEABLE_STATES)
            .select_related("teacher")
        )


class CheckInForm(forms.Form):
    """One outcome per notified teacher of the class; a refusal needs a reason."""

    def __init__(self, *args, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrollments = list(enrollments)
        choices = [("", "—")] + list(CHECK_IN_ACTIONS.items())
        for e in self.open_enrollments():
            self.fields[f"outcome_{e.pk}"] = forms.ChoiceField(
                label=f"{e.teacher.name}的报到结果", choices=choices, required=False
            )
            self.fields[f"note_{e.pk}"] = forms.CharField(
                label=f"{e.teacher.name}的原因", max_length=200, required=False
            )

    def open_enrollments(self):
        return [e for e in self.enrollments if e.state == Enrollment.State.NOTIFIED]

    def rows(self):
        for e in self.enrollments:
            if e.state == Enrollment.State.NOTIFIED:
                yield e, self[f"outcome_{e.pk}"], self[f"note_{e.pk}"]
            else:
                yield e, None, None

    def clean(self):
        data = super().clean()
        for e in self.open_enrollments():
            note = data.get(f"note_{e.pk}", "").strip()
            if data.get(f"outcome_{e.pk}") == "refuse" and not note:
                self.add_error(
                    f"note_{e.pk}", "拒绝报到须写明原因（如姓名或身份证号与证件不符）。"
                )
        if not self.errors and not self.outcomes():
            raise forms.ValidationError("请至少为一名学员选择报到结果。")
        return data

    def outcomes(self):
        return [
            (e, action, self.cleaned_data.get(f"note_{e.pk}", "").strip())
            for e in self.open_enrollments()
            if (action := self.cleaned_data.get(f"outcome_{e.pk}"))
        ]


class ScoreField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(required=False, max_length=10, **kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "class": "score-input"})

    def clean(self, value):
        return clean_score(super().clean(value))


class ScoreGridForm(forms.Form):
    """The class grid: offline and online score per teacher who checked in."""

    def __init__(self, *args, training_class, enrollments, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = training_class.project
        self.enrollments = list(enrollments)
        for e in self.scorable():
            self.fields[f"offline_{e.pk}"] = ScoreField(
                label=f"{e.teacher.name}的集中学习成绩", initial=e.offline_score
            )
            self.fields[f"online_{e.pk}"] = ScoreField(
                label=f"{e.teacher.name}的网络学习成绩", initial=e.online_score
            )

    def scorable(self):
        return [e for e in self.enrollments if e.state in SCORABLE_STATES]

    def rows(self):
        for e in self.enrollments:
            if e.state in SCORABLE_STATES:
                yield e, self[f"offline_{e.pk}"], self[f"online_{e.pk}"]
            else:
                yield e, None, None

    def clean(self):
        data = super().clean()
        for e in self.scorable():
            offline, online = data.get(f"offline_{e.pk}"), data.get(f"online_{e.pk}")
            if offline is None and online is None:
                continue
            for name in missing_parts(self.project, offline, online):
                field = "offline" if name.startswith("集中") else "online"
                if f"{field}_{e.pk}" not in self.errors:
                    self.add_error(f"{field}_{e.pk}", "请填写成绩。")
        if not self.errors and not self.score_rows():
            raise forms.ValidationError("没有可保存的成绩：请为已报到的学员填写成绩。")
        return data

    def score_rows(self):
        rows = []
        for e in self.scorable():
            offline = self.cleaned_data.get(f"offline_{e.pk}")
            online = self.cleaned_data.get(f"online_{e.pk}")
            if offline is not None or online is not None:
                rows.append(ScoreRow(e, offline, online))
        return rows


class ScoreImportForm(forms.Form):
    file = forms.FileField(
        label="成绩文件",
        help_text="请使用本页下载的模板填写，保存为 .xlsx 后上传。",
        error_messages={"required": "请选择要上传的文件。"},
    )


class TrainingSearchForm(forms.Form):
    """The teacher's search over finished projects: by year and name."""

    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100
    )
    q = forms.CharField(label="项目名称", required=False, max_length=50)
