"""Pages of the bulk area: data quality, Excel import and export, export log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from accounts.scope import REGION_ADMIN_ROLES, Role, require_role
from teachers import excel, exporting, import_template, importing, quality, tasks
from teachers.models import BulkJob, ExportLog, private_storage

PAGE_SIZE = 20
# Uploads up to this size (about two thousand rows) are checked in the request.
INLINE_IMPORT_BYTES = 256 * 1024
INLINE_IMPORT_ROWS = 2000


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def quality_report(request):
    require_role(request.user, *REGION_ADMIN_ROLES)
    region = quality.viewed_region(request.user, request.GET.get("region"))

    lines, total = quality.report(request.user, region)

    context = {
        "region": region,
        "trail": quality.trail(request.user, region),
        "lines": lines,
        "total": total,
        "rules": quality.RULES,
        "below_label": "单位" if region.level == region.Level.COUNTY else "区域",
    }
    return render(request, "teachers/quality_report.html", context)


def _export(request, kind):
    require_role(request.user, *REGION_ADMIN_ROLES)
    masked = not (request.GET.get("full") and exporting.may_unmask(request.user, kind))
    params = {k: v for k, v in request.GET.items() if k not in {"full", "page"}}

    table = exporting.TABLES[kind](request.user, params, masked=masked)
    if table.count > exporting.INLINE_LIMIT:
        job = BulkJob.objects.create(
            kind=kind,
            created_by=request.user,
            params={"filters": params, "masked": masked},
            total=table.count,
        )
        tasks.run_export.enqueue(job.pk)
        messages.info(request, f"共 {table.count} 行，正在后台生成，完成后可下载。")
        return redirect("bulk:job_detail", pk=job.pk)

    content, _count = exporting.build(kind, request.user, table, masked=masked)
    return _xlsx_response(content, exporting.filename(kind))


@login_required
def teacher_export(request):
    return _export(request, BulkJob.Kind.TEACHER_EXPORT)


@login_required
def transfer_export(request):
    return _export(request, BulkJob.Kind.TRANSFER_EXPORT)


@login_required
def request_export(request):
    return _export(request, BulkJob.Kind.REQUEST_EXPORT)


@login_required
def unit_export(request):
    return _export(request, BulkJob.Kind.UNIT_EXPORT)


@login_required
def quality_export(request):
    return _export(request, BulkJob.Kind.QUALITY_EXPORT)


class UploadForm(forms.Form):
    file = forms.FileField(
        label="教师信息表（.xlsx）",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        excel.check_xlsx_upload(upload)
        return upload


@login_required
def import_teachers(request):
    require_role(request.user, Role.COUNTY_ADMIN)
    if not request.user.region_id:
        raise Http404

    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = _start_import(request.user, form.cleaned_data["file"])
        return redirect("bulk:job_detail", pk=job.pk)

    jobs = BulkJob.objects.filter(
        created_by=request.user, kind=BulkJob.Kind.TEACHER_IMPORT
    )[:10]
    return render(request, "teachers/import.html", {"form": form, "jobs": jobs})


def _start_import(user, upload) -> BulkJob:
    job = BulkJob.objects.create(
        kind=BulkJob.Kind.TEACHER_IMPORT,
        created_by=user,
        county=user.region,
        source_name=upload.name[:200],
    )
    job.source_file = private_storage().save(
        f"imports/{job.pk}.xlsx", ContentFile(upload.read())
    )
    job.save(update_fields=["source_file"])
    # Small files are checked at once; `call` runs the task body in this
    # request, with the same error handling as the worker.
    if upload.size <= INLINE_IMPORT_BYTES:
        tasks.validate_import.call(job.pk)
    else:
        tasks.validate_import.enqueue(job.pk)
    return job


@login_required
def template_download(request):
    require_role(request.user, Role.COUNTY_ADMIN)

    workbook = import_template.template_workbook(request.user.region)

    return _xlsx_response(excel.workbook_bytes(workbook), "教师信息导入模板.xlsx")


def _own_job(request, pk) -> BulkJob:
    """Jobs are seen only by the admin who started them; others get 404."""
    require_role(request.user, *REGION_ADMIN_ROLES)
    return get_object_or_404(BulkJob, pk=pk, created_by=request.user)


def _progress(job: BulkJob) -> tuple[int, int]:
    """Rows processed so far and the percentage of the file."""
    if job.state != BulkJob.State.APPLYING:
        return job.done, job.percent
    done = importing.applied_rows(job)
    return done, min(100, done * 100 // job.total) if job.total else 0


@login_required
def job_detail(request, pk):
    job = _own_job(request, pk)

    done, percent = _progress(job)
    context = {"job": job, "done": done, "percent": percent}
    return render(request, "teachers/job_detail.html", context)


@login_required
def job_status(request, pk):
    job = _own_job(request, pk)

    done, percent = _progress(job)
    return JsonResponse(
        {
            "state": job.state,
            "label": job.get_state_display(),
            "done": done,
            "total": job.total,
            "percent": percent,
            "busy": job.is_busy,
        }
    )


@login_required
@require_POST
def job_apply(request, pk):
    job = _own_job(request, pk)
    require_role(request.user, Role.COUNTY_ADMIN)

    # The conditional update lets only one of two clicks (or two tabs) apply.
    claimed = BulkJob.objects.filter(pk=job.pk, state=BulkJob.State.VALIDATED).update(
        state=BulkJob.State.APPLYING
    )
    if not claimed:
        messages.warning(request, "该文件已导入或正在导入，无需重复提交。")
        return redirect("bulk:job_detail", pk=job.pk)
    job.refresh_from_db()
    if job.total <= INLINE_IMPORT_ROWS:
        tasks.apply_import.call(job.pk)
    else:
        tasks.apply_import.enqueue(job.pk)

    return redirect("bulk:job_detail", pk=job.pk)


def _job_file(request, pk, attribute, filename):
    job = _own_job(request, pk)
    name = getattr(job, attribute)
    if not name:
        raise Http404

    return FileResponse(
        private_storage().open(name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=excel.XLSX_CONTENT_TYPE,
    )


@login_required
def job_errors(request, pk):
    return _job_file(request, pk, "error_file", f"导入错误报告-{pk}.xlsx")


@login_required
def job_result(request, pk):
    job = _own_job(request, pk)
    return _job_file(request, pk, "result_file", exporting.filename(job.kind))


class ExportLogFilter(forms.Form):
    kind = forms.ChoiceField(
        label="内容", choices=[("", "全部")] + BulkJob.Kind.choices, required=False
    )


@login_required
def export_log(request):
    require_role(request.user, Role.PROVINCE_ADMIN)

    form = ExportLogFilter(request.GET)
    logs = ExportLog.objects.select_related("user__region")
    if form.is_valid() and form.cleaned_data["kind"]:
        logs = logs.filter(kind=form.cleaned_data["kind"])
    page = Paginator(logs, PAGE_SIZE).get_page(request.GET.get("page"))

    return render(request, "teachers/export_log.html", {"form": form, "page": page})
