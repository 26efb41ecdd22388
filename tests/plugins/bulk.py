"""Fixtures of the bulk area: spreadsheets in memory and finished jobs."""

import io

import pytest
from django.core.files.base import ContentFile
from openpyxl import Workbook

from teachers import importing
from teachers.models import BulkJob, private_storage

HEADER = ["姓名", "身份证号", "手机号", "单位全称", "任教学段", "任教学科"]


def xlsx_bytes(rows, *, title_rows=()) -> bytes:
    """A workbook whose first sheet holds `rows` (the first is the header)."""
    workbook = Workbook()
    sheet = workbook.active
    for row in (*title_rows, *rows):
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def start_import(user, content: bytes, name="教师.xlsx") -> BulkJob:
    """An import job of `user`'s county, validated as the upload view does."""
    job = BulkJob.objects.create(
        kind=BulkJob.Kind.TEACHER_IMPORT,
        created_by=user,
        county=user.region,
        source_name=name,
    )
    job.source_file = private_storage().save(
        f"imports/{job.pk}.xlsx", ContentFile(content)
    )
    job.save(update_fields=["source_file"])
    importing.validate(job=job)
    return job


@pytest.fixture
def bulk_job(county_admin, unit):
    """长安区 admin's validated import: one good row, one bad row."""
    from tests.factories import valid_id_number

    content = xlsx_bytes(
        [
            HEADER,
            ["王新", valid_id_number(), "13812345678", unit.name, "小学", "数学"],
            ["李错", "130102198501011235", "13812345679", unit.name, "小学", "数学"],
        ]
    )
    return start_import(county_admin, content)


@pytest.fixture
def export_job(county_admin):
    """长安区 admin's finished export with its file."""
    job = BulkJob.objects.create(
        kind=BulkJob.Kind.UNIT_EXPORT,
        created_by=county_admin,
        state=BulkJob.State.DONE,
    )
    job.result_file = private_storage().save(
        f"exports/{job.pk}.xlsx", ContentFile(xlsx_bytes([["单位全称"]]))
    )
    job.save(update_fields=["result_file"])
    return job
