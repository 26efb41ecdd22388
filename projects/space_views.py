"""The teacher's 继续教育 pages: not started, in progress and finished projects.

A teacher only ever sees their own enrollments (`visible_to` for a teacher is
`teacher__user=user`); another teacher's enrollment answers 404.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils import timezone

from accounts.scope import Role, get_visible_or_404, require_role
from projects import pdf, pipeline
from projects.class_forms import TrainingSearchForm
from projects.classes import NOTICE_STATES
from projects.institution_views import pdf_response
from projects.models import Enrollment
from teachers.models import Teacher
from teachers.validators import clean_text

S = Enrollment.State
PAGE_SIZE = 10
FINAL_STATES = (S.NO_SHOW, S.REFUSED, S.PASSED, S.FAILED, S.CANCELLED)
TABS = {"upcoming": "未开始项目", "ongoing": "进行中项目", "finished": "已结束项目"}


def tab_conditions(today) -> dict[str, Q]:
    """Which enrollments each tab shows.

    Once the notice is out, or once an assigned project has started (online
    projects have no class to wait for), the project is in progress; final
    states are finished; everything earlier has not started.
    """
    finished = Q(state__in=FINAL_STATES)
    ongoing = Q(state__in=(S.NOTIFIED, S.CHECKED_IN)) | Q(
        state__in=(S.ASSIGNED, S.PLACED), project__start_date__lte=today
    )
    return {"upcoming": ~finished & ~ongoing, "ongoing": ongoing, "finished": finished}


def is_ongoing(enrollment, today) -> bool:
    """The Python twin of the "ongoing" condition, for a single enrollment."""
    if enrollment.state in (S.NOTIFIED, S.CHECKED_IN):
        return True
    return (
        enrollment.state in (S.ASSIGNED, S.PLACED)
        and enrollment.project.start_date <= today
    )


def timeline_label(event, enrollment) -> str:
    institution = enrollment.institution.name if enrollment.institution_id else ""
    return pipeline.event_label(event.action, institution)


@login_required
def training(request):
    require_role(request.user, Role.TEACHER)
    teacher = get_visible_or_404(
        Teacher.objects.select_related("unit"), request.user, user=request.user
    )

    tab = request.GET.get("tab") if request.GET.get("tab") in TABS else "upcoming"
    conditions = tab_conditions(timezone.localdate())
    mine = Enrollment.objects.visible_to(request.user)
    counts = mine.aggregate(
        **{
            name: Count("id", filter=condition)
            for name, condition in conditions.items()
        }
    )
    enrollments = (
        mine.filter(conditions[tab])
        .select_related("project", "institution", "training_class")
        .order_by("-project__start_date", "-id")
    )
    form = TrainingSearchForm(request.GET if tab == "finished" else None)
    if form.is_valid():
        if year := form.cleaned_data.get("year"):
            enrollments = enrollments.filter(project__year=year)
        if query := clean_text(form.cleaned_data.get("q")):
            enrollments = enrollments.filter(project__name__contains=query)
    page = Paginator(enrollments, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {
        "teacher": teacher,
        "tabs": [(key, label, counts[key]) for key, label in TABS.items()],
        "tab": tab,
        "page": page,
        "form": form,
        "notice_states": NOTICE_STATES,
    }
    return render(request, "space/training.html", context)


def _own_enrollment(request, pk, queryset=Enrollment.objects):
    require_role(request.user, Role.TEACHER)
    return get_visible_or_404(
        queryset.select_related(
            "project", "institution", "training_class__institution", "teacher__unit"
        ),
        request.user,
        pk=pk,
    )


@login_required
def training_detail(request, pk):
    enrollment = _own_enrollment(request, pk)

    events = [
        (event, timeline_label(event, enrollment)) for event in enrollment.events.all()
    ]
    context = {
        "teacher": enrollment.teacher,
        "enrollment": enrollment,
        "events": events,
        "finished": enrollment.state in FINAL_STATES,
        "ongoing": is_ongoing(enrollment, timezone.localdate()),
        "can_print": enrollment.state in NOTICE_STATES,
        # Keep 继续教育 highlighted in the space menu.
        "current_url_name": "space:training",
    }
    return render(request, "space/training_detail.html", context)


@login_required
def training_notice(request, pk):
    enrollment = _own_enrollment(
        request, pk, Enrollment.objects.filter(state__in=NOTICE_STATES)
    )

    content = pdf.class_notices([enrollment])
    return pdf_response(content, f"开班通知-{enrollment.project.name}.pdf")
