"""Institution staff pages: projects, assigned enrollments, classes, notices
and check-in (scores are in score_views).

Everything is fetched through `visible_to(user)`, so an institution sees only
what the province assigned to it.
"""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import (
    content_disposition_header,
    url_has_allowed_host_and_scheme,
)
from django.views.decorators.http import require_POST

from accounts.scope import Role, get_visible_or_404, require_role
from projects import classes, pdf, scores
from projects.class_forms import (
    CheckInForm,
    EnrollmentFilterForm,
    PlaceForm,
    TrainingClassForm,
    institution_projects,
)
from projects.models import Enrollment, TrainingClass
from teachers.validators import clean_text

PAGE_SIZE = 20
S = Enrollment.State
# Pages below a menu item keep that item highlighted (the menu compares this
# name with each item's URL name).
CLASS_MENU = {"current_url_name": "classes:class_list"}
ENROLLMENT_MENU = {"current_url_name": "classes:enrollment_list"}


def _require_staff(request):
    require_role(request.user, Role.INSTITUTION_STAFF)


def class_or_404(request, pk):
    _require_staff(request)
    return get_visible_or_404(
        TrainingClass.objects.select_related("project", "institution"),
        request.user,
        pk=pk,
    )


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=filename
    )
    return response


@login_required
def project_list(request):
    _require_staff(request)

    query = clean_text(request.GET.get("q"))
    projects = institution_projects(request.user).order_by("-year", "-start_date", "id")
    if query:
        projects = projects.filter(name__contains=query)
    page = Paginator(projects, PAGE_SIZE).get_page(request.GET.get("page"))
    ids = [project.pk for project in page]
    counts = defaultdict(dict)
    for row in (
        Enrollment.objects.visible_to(request.user)
        .filter(project_id__in=ids)
        .values("project_id", "state")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[row["project_id"]][row["state"]] = row["n"]
    class_counts = dict(
        TrainingClass.objects.visible_to(request.user)
        .filter(project_id__in=ids)
        .values_list("project_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    rows = [(p, _summary(counts[p.pk]), class_counts.get(p.pk, 0)) for p in page]

    context = {"page": page, "rows": rows, "query": query}
    return render(request, "classes/project_list.html", context)


def _summary(by_state: dict) -> dict:
    def total(*states):
        return sum(by_state.get(s, 0) for s in states)

    return {
        "all": total(*(s for s in S if s != S.CANCELLED)),
        "unplaced": total(S.ASSIGNED),
        "placed": total(S.PLACED, S.NOTIFIED),
        "checked_in": total(S.CHECKED_IN, S.PASSED, S.FAILED),
        "passed": total(S.PASSED),
    }


@login_required
def enrollment_list(request):
    _require_staff(request)

    form = EnrollmentFilterForm(request.GET, user=request.user)
    enrollments = form.filter(
        Enrollment.objects.visible_to(request.user)
        .select_related("teacher__unit", "project", "training_class", "county")
        .order_by("-project__start_date", "project_id", "teacher__name", "id")
    )
    page = Paginator(enrollments, PAGE_SIZE).get_page(request.GET.get("page"))
    class_choices = TrainingClass.objects.visible_to(request.user).select_related(
        "project"
    )
    if form.is_valid() and form.cleaned_data.get("project"):
        class_choices = class_choices.filter(project=form.cleaned_data["project"])

    context = {
        "form": form,
        "page": page,
        "class_choices": class_choices,
        "placeable": classes.PLACEABLE_STATES,
        "notice_states": classes.NOTICE_STATES,
    }
    return render(request, "classes/enrollment_list.html", context)


@login_required
@require_POST
def place(request):
    _require_staff(request)

    form = PlaceForm(request.POST, user=request.user)
    target = _safe_next(request, reverse("classes:enrollment_list"))
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(target)

    training_class = form.cleaned_data["training_class"]
    try:
        moved = classes.place(
            training_class=training_class,
            enrollments=list(form.cleaned_data["enrollments"]),
            actor=request.user,
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect(target)

    messages.success(request, f"已将 {moved} 名学员分入“{training_class.name}”。")
    return redirect(target)


def _safe_next(request, default):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


@login_required
def enrollment_detail(request, pk):
    _require_staff(request)
    enrollment = get_visible_or_404(
        Enrollment.objects.select_related(
            "teacher__unit",
            "project",
            "training_class",
            "county__parent",
            "institution",
        ),
        request.user,
        pk=pk,
    )

    events = [(event, S(event.to_state).label) for event in enrollment.events.all()]
    context = {
        "enrollment": enrollment,
        "events": events,
        "can_print": enrollment.state in classes.NOTICE_STATES,
        **ENROLLMENT_MENU,
    }
    return render(request, "classes/enrollment_detail.html", context)


@login_required
def class_list(request):
    _require_staff(request)

    query = clean_text(request.GET.get("q"))
    training_classes = (
        TrainingClass.objects.visible_to(request.user)
        .select_related("project")
        .annotate(
            seated=Count("enrollments", filter=~Q(enrollments__state=S.CANCELLED))
        )
        .order_by("-start_date", "id")
    )
    if query:
        training_classes = training_classes.filter(
            Q(name__contains=query) | Q(project__name__contains=query)
        )
    if (
        project_id := request.GET.get("project", "")
    ).isascii() and project_id.isdigit():
        training_classes = training_classes.filter(project_id=int(project_id))
    page = Paginator(training_classes, PAGE_SIZE).get_page(request.GET.get("page"))

    return render(request, "classes/class_list.html", {"page": page, "query": query})


@login_required
def class_create(request):
    _require_staff(request)

    form = TrainingClassForm(
        request.POST or None,
        user=request.user,
        initial={"project": request.GET.get("project")},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (training_class := form.save_or_report())
    ):
        messages.success(request, f"已创建班级“{training_class.name}”，可以开始分班。")
        return redirect("classes:class_detail", pk=training_class.pk)

    return render(request, "classes/class_form.html", {"form": form, **CLASS_MENU})


@login_required
def class_edit(request, pk):
    training_class = class_or_404(request, pk)

    form = TrainingClassForm(
        request.POST or None, instance=training_class, user=request.user
    )
    if request.method == "POST" and form.is_valid() and form.save_or_report():
        messages.success(request, f"已保存班级“{training_class.name}”。")
        if training_class.notice_published_at and form.has_changed():
            messages.warning(
                request,
                "开班通知已发布：学员打印的通知会显示修改后的内容；"
                "如时间或地点有变，请另行告知已通知的学员。",
            )
        return redirect("classes:class_detail", pk=training_class.pk)

    context = {"form": form, "training_class": training_class, **CLASS_MENU}
    return render(request, "classes/class_form.html", context)


@login_required
def class_detail(request, pk):
    training_class = class_or_404(request, pk)

    roster = list(scores.class_roster(training_class))
    by_state = defaultdict(int)
    for enrollment in roster:
        by_state[enrollment.state] += 1
    context = {
        "training_class": training_class,
        "roster": roster,
        "seated": len(roster),
        "waiting": by_state[S.PLACED],
        "notified": sum(by_state[s] for s in classes.NOTICE_STATES),
        "notice_states": classes.NOTICE_STATES,
        **CLASS_MENU,
    }
    return render(request, "classes/class_detail.html", context)


@login_required
@require_POST
def publish_notice(request, pk):
    training_class = class_or_404(request, pk)

    try:
        count = classes.publish_notice(
            training_class=training_class, actor=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, f"已发布开班通知，{count} 名学员已收到站内通知和短信（或邮件）。"
        )
    return redirect("classes:class_detail", pk=training_class.pk)


def _notice_enrollments(queryset):
    return queryset.filter(state__in=classes.NOTICE_STATES).select_related(
        "teacher__unit", "project", "training_class__institution"
    )


@login_required
def class_notice_pdf(request, pk):
    training_class = class_or_404(request, pk)
    enrollments = list(
        _notice_enrollments(training_class.enrollments.order_by("teacher__name", "id"))
    )
    if not enrollments:
        messages.error(request, "本班还没有已发布开班通知的学员。")
        return redirect("classes:class_detail", pk=training_class.pk)

    content = pdf.class_notices(enrollments, title=f"开班通知 · {training_class.name}")
    return pdf_response(content, f"开班通知-{training_class.name}.pdf")


@login_required
def enrollment_notice_pdf(request, pk):
    _require_staff(request)
    enrollment = get_visible_or_404(
        _notice_enrollments(Enrollment.objects), request.user, pk=pk
    )

    content = pdf.class_notices([enrollment])
    return pdf_response(content, f"开班通知-{enrollment.teacher.name}.pdf")


@login_required
def check_in(request, pk):
    training_class = class_or_404(request, pk)
    roster = scores.class_roster(training_class)

    form = CheckInForm(request.POST or None, enrollments=roster)
    if request.method == "POST" and form.is_valid():
        try:
            count = classes.record_check_ins(
                training_class=training_class,
                outcomes=form.outcomes(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"已记录 {count} 名学员的报到结果。")
            return redirect("classes:check_in", pk=training_class.pk)

    context = {"training_class": training_class, "form": form, **CLASS_MENU}
    return render(request, "classes/check_in.html", context)
