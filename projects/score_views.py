"""Institution score pages: the class grid, the .xlsx template and import.

Both ways end in `projects.scores.record_scores`, all rows or none.
"""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from projects import scores
from projects.class_forms import ScoreGridForm, ScoreImportForm
from projects.institution_views import CLASS_MENU, class_or_404
from projects.spreadsheets import (
    RowError,
    SpreadsheetError,
    error_report,
    read_rows,
    xlsx_response,
)

# More errors than this mean a wrong file; the first ones say enough.
MAX_REPORTED_ERRORS = 2000


@login_required
def score_grid(request, pk):
    training_class = class_or_404(request, pk)
    roster = scores.class_roster(training_class)

    form = ScoreGridForm(
        request.POST or None, training_class=training_class, enrollments=roster
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = scores.record_scores(
                training_class=training_class,
                rows=form.score_rows(),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, f"已保存成绩，{changed} 名学员的成绩有变化。")
            return redirect("classes:score_grid", pk=training_class.pk)

    return _render_scores(request, training_class, form, ScoreImportForm())


def _render_scores(request, training_class, form, import_form, **extra):
    context = {
        "training_class": training_class,
        "project": training_class.project,
        "form": form,
        "import_form": import_form,
        **CLASS_MENU,
        **extra,
    }
    return render(request, "classes/scores.html", context)


@login_required
def score_template(request, pk):
    training_class = class_or_404(request, pk)

    content = scores.score_template(training_class)
    return xlsx_response(content, f"成绩导入模板-{training_class.name}.xlsx")


@login_required
@require_POST
def score_import(request, pk):
    training_class = class_or_404(request, pk)
    grid = ScoreGridForm(
        training_class=training_class, enrollments=scores.class_roster(training_class)
    )

    import_form = ScoreImportForm(request.POST, request.FILES)
    if not import_form.is_valid():
        return _render_scores(request, training_class, grid, import_form)
    try:
        sheet = read_rows(import_form.cleaned_data["file"])
    except SpreadsheetError as error:
        import_form.add_error("file", str(error))
        return _render_scores(request, training_class, grid, import_form)
    rows, errors = scores.parse_score_sheet(training_class, sheet)
    if errors:
        token = _remember_errors(request, training_class, errors)
        # The file was read; the errors are in the rows, so the field is reset.
        return _render_scores(
            request, training_class, grid, ScoreImportForm(),
            import_errors=errors, report_token=token,
        )  # fmt: skip

    try:
        changed = scores.record_scores(
            training_class=training_class, rows=rows, actor=request.user
        )
    except ValidationError as error:
        import_form.add_error("file", error.messages[0])
        return _render_scores(request, training_class, grid, import_form)
    messages.success(
        request, f"导入完成：共 {len(rows)} 行成绩，{changed} 名学员的成绩有变化。"
    )
    return redirect("classes:score_grid", pk=training_class.pk)


def _session_key(training_class):
    return f"classes:score-errors:{training_class.pk}"


def _remember_errors(request, training_class, errors) -> str:
    """Keep the last failed import's errors in the uploader's session.

    The session (not the cache) keeps them: it belongs to the uploader alone
    and survives a cache flush. The report is rebuilt on download.
    """
    token = secrets.token_urlsafe(12)
    request.session[_session_key(training_class)] = {
        "token": token,
        "rows": [[e.row, e.column, e.reason] for e in errors[:MAX_REPORTED_ERRORS]],
    }
    return token


@login_required
def score_errors(request, pk):
    training_class = class_or_404(request, pk)

    stored = request.session.get(_session_key(training_class)) or {}
    token = request.GET.get("token", "")
    if not token or stored.get("token") != token:
        messages.error(request, "错误报告已过期，请重新上传文件以生成新的报告。")
        return redirect("classes:score_grid", pk=training_class.pk)

    content = error_report([RowError(*row) for row in stored["rows"]])
    return xlsx_response(content, f"成绩导入错误报告-{training_class.name}.xlsx")
