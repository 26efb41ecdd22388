"""Rows of the bulk area: data quality, Excel import and export, export log."""

REGION_ADMINS = (302, 404, 200, 200, 200, 200, 200, 404)
COUNTY_ADMINS = (302, 404, 200, 200, 404, 404, 404, 404)
# Jobs are seen only by the admin who started them (the 长安区 admin here).
JOB_OWNER = (302, 404, 200, 404, 404, 404, 404, 404)

ROWS = {
    "bulk:quality": ("get", None, REGION_ADMINS),
    "bulk:quality_export": ("get", None, REGION_ADMINS),
    "bulk:teacher_export": ("get", None, REGION_ADMINS),
    "bulk:unit_export": ("get", None, REGION_ADMINS),
    "bulk:transfer_export": ("get", None, REGION_ADMINS),
    "bulk:request_export": ("get", None, REGION_ADMINS),
    "bulk:import": ("get", None, COUNTY_ADMINS),
    "bulk:template": ("get", None, COUNTY_ADMINS),
    "bulk:job_detail": ("get", "bulk_job", JOB_OWNER),
    "bulk:job_status": ("get", "bulk_job", JOB_OWNER),
    "bulk:job_apply": ("post", "bulk_job", (302, 404, 302, 404, 404, 404, 404, 404)),
    "bulk:job_errors": ("get", "bulk_job", JOB_OWNER),
    "bulk:job_result": ("get", "export_job", JOB_OWNER),
    "bulk:export_log": ("get", None, (302, 404, 404, 404, 404, 404, 200, 404)),
}
