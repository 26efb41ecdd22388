from django.urls import path

from projects.views import board, catalog, enrollments, institutions

app_name = "projects"

urlpatterns = [
    path("", catalog.project_list, name="project_list"),
    path("new/", catalog.project_create, name="project_create"),
    path("<int:pk>/", catalog.project_detail, name="project_detail"),
    path("<int:pk>/edit/", catalog.project_edit, name="project_edit"),
    path("<int:pk>/status/", catalog.project_status, name="project_status"),
    path("<int:pk>/quotas/", catalog.quota_edit, name="quota_edit"),
    path("<int:pk>/selection/", enrollments.selection, name="selection"),
    path("<int:pk>/enrollments/", enrollments.enrollment_list, name="enrollment_list"),
    path(
        "<int:pk>/enrollments/export/",
        enrollments.enrollment_export,
        name="enrollment_export",
    ),
    path("<int:pk>/board/", board.board, name="board"),
    path(
        "enrollments/<int:pk>/",
        enrollments.enrollment_detail,
        name="enrollment_detail",
    ),
    path(
        "enrollments/<int:pk>/action/",
        enrollments.enrollment_action,
        name="enrollment_action",
    ),
    path("institutions/", institutions.institution_list, name="institution_list"),
    path(
        "institutions/new/",
        institutions.institution_create,
        name="institution_create",
    ),
    path(
        "institutions/<int:pk>/edit/",
        institutions.institution_edit,
        name="institution_edit",
    ),
    path(
        "institutions/<int:pk>/staff/new/",
        institutions.staff_create,
        name="staff_create",
    ),
]
