from django import forms

from teachers import quality
from teachers.models import Unit
from teachers.validators import clean_text


class UnitForm(forms.ModelForm):
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
            raise forms.ValidationError(f"本区县已有名为“{name}”的单位，请勿重复添加。")
        return name


class TeacherFilterForm(forms.Form):
    q = forms.CharField(label="关键词", required=False)
    region = forms.CharField(required=False, widget=forms.HiddenInput)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    problem = forms.ChoiceField(
        label="数据问题",
        choices=[("", "全部")] + quality.CHOICES,
        required=False,
    )


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="单位名称", required=False)
    region = forms.CharField(required=False, widget=forms.HiddenInput)
