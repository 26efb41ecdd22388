"""Long imports and exports, run by the task worker (`manage.py db_worker`)."""

import logging

from django_tasks import task

from teachers import exporting, importing
from teachers.models import BulkJob

logger = logging.getLogger(__name__)


def _run(job_id: int, step) -> None:
    job = BulkJob.objects.select_related("county", "created_by").get(pk=job_id)
    try:
        step(job)
    except Exception:
        logger.exception("bulk job %s failed", job_id)
        job.state = BulkJob.State.FAILED
        job.message = "处理时发生错误，请稍后重试；如仍失败请联系系统管理员。"
        job.save(update_fields=["state", "message"])


@task()
def validate_import(job_id: int) -> None:
    _run(job_id, lambda job: importing.validate(job=job))


@task()
def apply_import(job_id: int) -> None:
    _run(job_id, lambda job: importing.apply(job=job, actor=job.created_by))


@task()
def run_export(job_id: int) -> None:
    _run(job_id, lambda job: exporting.run_job(job=job))
