"""Forms of the teacher profile: the profile itself, key fields, uploads, contacts.

The same validators serve these forms, the Excel import and the data-quality
report (teachers/validators.py); the unit always comes from the registry.
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q

from teachers.models import KeyFieldChangeRequest, Teacher, Unit
from teachers.space import PROFILE_GROUPS
from teachers.uploads import clean_avatar, clean_certificate_photo, clean_proof
from teachers.validators import (
    clean_text,
    validate_email_address,
    validate_id_number,
    validate_mobile,
    validate_qualification_number,
)

PROFILE_FIELDS = [
    "ethnicity", "political_status", "stage", "subject", "work_start_date", "post",
    "title", "staffing_status", "is_head_teacher", "backbone_level",
    "initial_education", "highest_education", "degree", "graduated_school",
    "major", "qualification_type", "qualification_number", "qualification_subject",
    "mandarin_level", "is_funded_normal_student", "is_special_post_teacher",
]  # fmt: skip
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _form_error(error: ValidationError):
    return forms.ValidationError(error.messages, code=error.code)


class IdNumberField(forms.CharField):
    """An ID number as typed: full-width, lowercase x and 15 digits are fine."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "身份证号")
        super().__init__(max_length=40, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        try:
            return validate_id_number(value).number
        except ValidationError as error:
            raise _form_error(error) from None


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def registry_units(county, *, keep=None):
    """Active units of the county, plus the teacher's current one (`keep`) so a
    unit retired from the registry does not block saving other fields."""
    condition = Q(county=county, is_active=True)
    if keep:
        condition |= Q(pk=keep)
    return Unit.objects.filter(condition).order_by("name")


class TeacherProfileForm(forms.ModelForm):
    """The profile fields; with `key_fields=True` also name, ID number and unit.

    The unit is chosen from the active registry of the teacher's county only.
    """

    id_number = IdNumberField(required=True)
    unit = UnitChoiceField(label="所在单位", queryset=Unit.objects.none())
    phone = forms.CharField(label="手机号", max_length=20, required=False)
    email = forms.CharField(label="电子邮箱", max_length=254, required=False)

    class Meta:
        model = Teacher
        fields = ["name", "id_number", "unit", "phone", "email", *PROFILE_FIELDS]
        widgets = {"work_start_date": DATE_INPUT}

    def __init__(self, *args, key_fields=True, contacts=False, **kwargs):
        super().__init__(*args, **kwargs)
        if key_fields:
            self.fields["unit"].queryset = registry_units(
                self.instance.county, keep=self.instance.unit_id
            )
        else:
            for name in ("name", "id_number", "unit"):
                del self.fields[name]
        if not contacts:
            # Teachers change phone and e-mail only with a one-time code.
            del self.fields["phone"], self.fields["email"]

    def clean_name(self):
        name = clean_text(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError("请填写姓名。")
        return name

    def clean_phone(self):
        return _optional(validate_mobile, self.cleaned_data["phone"])

    def clean_email(self):
        return _optional(validate_email_address, self.cleaned_data["email"])

    def clean_graduated_school(self):
        return _tidy(self.cleaned_data["graduated_school"])

    def clean_major(self):
        return _tidy(self.cleaned_data["major"])

    def clean(self):
        data = super().clean()
        number = data.get("qualification_number")
        if number:
            try:
                data["qualification_number"] = validate_qualification_number(
                    number, data.get("qualification_type", "")
                )
            except ValidationError as error:
                self.add_error("qualification_number", _form_error(error))
        if data.get("id_number") and self.instance.pk:
            taken = Teacher.objects.filter(id_number=data["id_number"])
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error("id_number", "该身份证号已被另一位教师使用，请核对。")
        return data

    def changed_profile_fields(self) -> list[str]:
        return [
            name
            for name in self.changed_data
            if name not in ("name", "id_number", "unit")
        ]

    def key_changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "id_number", "unit")
            if name in self.changed_data
        }


# Shown, never typed: derived from the ID number, or changed elsewhere.
FIXED_FIELDS = {
    "sex",
    "birth_date",
    "id_type",
    "county",
    "phone",
    "email",
    "employment_status",
}
KEY_FIELD_NAMES = ("name", "id_number", "unit")


def grouped_fields(form):
    """The form's fields in the groups of the profile page; derived ones shown."""
    groups = []
    for title, names in PROFILE_GROUPS:
        rows = []
        for name in names:
            if name in form.fields:
                rows.append(("field", form[name]))
            elif name in FIXED_FIELDS or name in KEY_FIELD_NAMES:
                rows.append(("fixed", _fixed(form.instance, name)))
        groups.append((title, rows))
    return groups


def _fixed(teacher, name):
    field = Teacher._meta.get_field(name)
    value = getattr(teacher, name)
    if field.choices:
        value = getattr(teacher, f"get_{name}_display")()
    elif name == "county":
        value = teacher.county.full_name
    return (field.verbose_name, value or "—")


def _tidy(value: str) -> str:
    """Fold full-width characters and runs of spaces; keep single spaces, which
    names in other scripts need."""
    return " ".join(unicodedata.normalize("NFKC", value or "").split())


def _optional(validator, value):
    if not clean_text(value):
        return ""
    try:
        return validator(value)
    except ValidationError as error:
        raise _form_error(error) from None


class TeacherCreateForm(TeacherProfileForm):
    """A new teacher of the admin's county; sex and birth date come from the ID."""

    def __init__(self, *args, county, **kwargs):
        kwargs.setdefault("instance", Teacher(county=county))
        super().__init__(*args, key_fields=True, contacts=True, **kwargs)


class AdminKeyFieldsForm(forms.Form):
    """The county admin's direct change of key fields, with a reason."""

    name = forms.CharField(label="姓名", max_length=50)
    id_number = IdNumberField()
    unit = UnitChoiceField(label="所在单位", queryset=Unit.objects.none())
    reason = forms.CharField(label="修改原因", max_length=200)
    proof = forms.FileField(
        label="证明材料（可选）",
        required=False,
        help_text="PDF 或 JPG、PNG 图片，不超过 5 MB。",
    )

    def __init__(self, *args, teacher, **kwargs):
        initial = {
            "name": teacher.name,
            "id_number": teacher.id_number,
            "unit": teacher.unit_id,
        }
        super().__init__(*args, initial=initial, **kwargs)
        self.teacher = teacher
        self.fields["unit"].queryset = registry_units(
            teacher.county, keep=teacher.unit_id
        )

    def clean_name(self):
        return clean_text(self.cleaned_data["name"])

    def clean_reason(self):
        return self.cleaned_data["reason"].strip()

    def clean_proof(self):
        upload = self.cleaned_data.get("proof")
        return _upload(clean_proof, upload) if upload else None

    def clean(self):
        data = super().clean()
        number = data.get("id_number")
        if (
            number
            and Teacher.objects.filter(id_number=number)
            .exclude(pk=self.teacher.pk)
            .exists()
        ):
            self.add_error("id_number", "该身份证号已被另一位教师使用，请核对。")
        if not self.errors and not self.changes():
            raise forms.ValidationError("没有任何关键字段发生变化。")
        return data

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("name", "id_number", "unit")
            if name in self.changed_data and name in self.cleaned_data
        }


def _upload(cleaner, upload):
    try:
        return cleaner(upload)
    except ValidationError as error:
        raise _form_error(error) from None


class ChangeRequestForm(forms.ModelForm):
    """A teacher's request after the lock date; blank fields stay unchanged."""

    new_id_number = IdNumberField(label="新身份证号", required=False)
    new_unit = UnitChoiceField(
        label="新单位", queryset=Unit.objects.none(), required=False
    )

    class Meta:
        model = KeyFieldChangeRequest
        fields = ["new_name", "new_id_number", "new_unit", "reason", "proof"]
        help_texts = {
            "new_name": "不修改请留空。",
            "proof": "所在单位出具并加盖公章的证明，PDF 或 JPG、PNG 图片，"
            "不超过 5 MB。",
        }

    def __init__(self, *args, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.teacher = teacher
        self.fields["new_unit"].queryset = registry_units(teacher.county).exclude(
            pk=teacher.unit_id
        )
        self.fields["new_id_number"].help_text = "不修改请留空。"
        self.fields[
            "new_unit"
        ].help_text = "仅限本区县登记的单位；跨区县调动请联系区县管理员办理异动。"

    def clean_new_name(self):
        return clean_text(self.cleaned_data["new_name"])

    def clean_proof(self):
        return _upload(clean_proof, self.cleaned_data["proof"])

    def clean(self):
        data = super().clean()
        number = data.get("new_id_number")
        if (
            number
            and Teacher.objects.filter(id_number=number)
            .exclude(pk=self.teacher.pk)
            .exists()
        ):
            self.add_error("new_id_number", "该身份证号已被另一位教师使用，请核对。")
        unchanged = (
            data.get("new_name") in ("", self.teacher.name)
            and data.get("new_id_number") in ("", None, self.teacher.id_number)
            and not data.get("new_unit")
        )
        if not self.errors and unchanged:
            raise forms.ValidationError("请至少填写一项要修改的内容。")
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(
        label="证件照",
        help_text="一寸蓝底证件照（宽 25 毫米 × 高 35 毫米，如 295×413 像素），"
        "JPG 或 PNG，不超过 2 MB。",
    )

    def clean_photo(self):
        return _upload(clean_certificate_photo, self.cleaned_data["photo"])


class AvatarForm(forms.Form):
    avatar = forms.FileField(label="头像", help_text="JPG 或 PNG，不超过 2 MB。")

    def clean_avatar(self):
        return _upload(clean_avatar, self.cleaned_data["avatar"])


class ContactChangeForm(forms.Form):
    """Step one: the new phone or e-mail, to which the code is sent."""

    value = forms.CharField(max_length=254)

    def __init__(self, *args, field, teacher, **kwargs):
        super().__init__(*args, **kwargs)
        self.field, self.teacher = field, teacher
        self.fields["value"].label = "新手机号" if field == "phone" else "新电子邮箱"

    def clean_value(self):
        validator = validate_mobile if self.field == "phone" else validate_email_address
        value = _upload(validator, self.cleaned_data["value"])
        if value == getattr(self.teacher, self.field):
            raise forms.ValidationError("与当前登记的相同，无需修改。")
        if (
            self.field == "phone"
            and Teacher.objects.filter(phone=value).exclude(pk=self.teacher.pk).exists()
        ):
            raise forms.ValidationError(
                "该手机号已被其他教师登记，请核对；如确属本人，请联系区县管理员。"
            )
        return value


class CodeForm(forms.Form):
    code = forms.CharField(label="验证码", min_length=6, max_length=6)
