"""The teacher's personal space (个人中心)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.scope import Role, get_visible_or_404, require_role
from teachers.models import Teacher

# Sections whose modules later issues deliver; each shows a plain notice.
PENDING_SECTIONS = {
    "studios": ("名师工作室", "您加入和关注的名师工作室将随工作室模块上线。"),
    "reading": ("读书推荐", "读书推荐将随工作室模块上线。"),
    "honors": ("荣誉", "个人荣誉的录入与展示将随成长轨迹模块上线。"),
    "achievements": ("教学成果", "教学成果的录入与展示将随成长轨迹模块上线。"),
    "ethics": ("师德", "区县上传的师德考核记录将随成长轨迹模块上线。"),
}

PROFILE_GROUPS = (
    ("身份信息", ("name", "sex", "id_type", "id_number", "birth_date", "ethnicity",
              "political_status")),
    ("联系方式", ("phone", "email")),
    ("任职信息", ("county", "unit", "stage", "subject", "work_start_date", "post",
              "title", "staffing_status", "employment_status", "is_head_teacher",
              "backbone_level")),
    ("学历与资格", ("initial_education", "highest_education", "degree",
               "graduated_school", "major", "qualification_type",
               "qualification_number", "qualification_subject", "mandarin_level",
               "is_funded_normal_student", "is_special_post_teacher")),
)  # fmt: skip


def _own_teacher(request):
    require_role(request.user, Role.TEACHER)
    return get_visible_or_404(
        Teacher.objects.select_related("unit", "county__parent"),
        request.user,
        user=request.user,
    )


def _display(teacher, field_name):
    field = Teacher._meta.get_field(field_name)
    value = getattr(teacher, field_name)
    if field.choices:
        return getattr(teacher, f"get_{field_name}_display")() or "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    return value if value not in (None, "") else "—"


@login_required
def profile(request):
    teacher = _own_teacher(request)

    groups = [
        (
            title,
            [
                (Teacher._meta.get_field(name).verbose_name, _display(teacher, name))
                for name in names
            ],
        )
        for title, names in PROFILE_GROUPS
    ]
    groups[2][1].insert(2, ("学校所在区域", teacher.school_region_type or "—"))
    groups[2][1].insert(3, ("学校类别", teacher.school_category or "—"))
    return render(request, "space/profile.html", {"teacher": teacher, "groups": groups})


@login_required
def pending_section(request, key):
    teacher = _own_teacher(request)

    title, text = PENDING_SECTIONS[key]
    context = {"teacher": teacher, "title": title, "text": text}
    return render(request, "space/pending.html", context)
