from django.urls import path

from teachers import bulk_views as views

app_name = "bulk"

urlpatterns = [
    path("quality/", views.quality_report, name="quality"),
    path("quality/export/", views.quality_export, name="quality_export"),
    path("teachers/export/", views.teacher_export, name="teacher_export"),
    path("units/export/", views.unit_export, name="unit_export"),
    path("transfers/export/", views.transfer_export, name="transfer_export"),
    path("change-requests/export/", views.request_export, name="request_export"),
    path("teachers/import/", views.import_teachers, name="import"),
    path("teachers/import/template/", views.template_download, name="template"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/status/", views.job_status, name="job_status"),
    path("jobs/<int:pk>/apply/", views.job_apply, name="job_apply"),
    path("jobs/<int:pk>/errors/", views.job_errors, name="job_errors"),
    path("jobs/<int:pk>/result/", views.job_result, name="job_result"),
    path("exports/", views.export_log, name="export_log"),
]
