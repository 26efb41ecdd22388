"""Institution staff pages, mounted at manage/classes/ (namespace `classes`)."""

from django.urls import path

from projects import institution_views as views
from projects import score_views

app_name = "classes"

urlpatterns = [
    path("", views.class_list, name="class_list"),
    path("new/", views.class_create, name="class_create"),
    path("<int:pk>/", views.class_detail, name="class_detail"),
    path("<int:pk>/edit/", views.class_edit, name="class_edit"),
    path("<int:pk>/publish/", views.publish_notice, name="publish_notice"),
    path("<int:pk>/notice.pdf", views.class_notice_pdf, name="class_notice_pdf"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
    path("<int:pk>/scores/", score_views.score_grid, name="score_grid"),
    path(
        "<int:pk>/scores/template/", score_views.score_template, name="score_template"
    ),
    path("<int:pk>/scores/import/", score_views.score_import, name="score_import"),
    path("<int:pk>/scores/errors/", score_views.score_errors, name="score_errors"),
    path("projects/", views.project_list, name="project_list"),
    path("enrollments/", views.enrollment_list, name="enrollment_list"),
    path("enrollments/place/", views.place, name="place"),
    path("enrollments/<int:pk>/", views.enrollment_detail, name="enrollment_detail"),
    path(
        "enrollments/<int:pk>/notice.pdf",
        views.enrollment_notice_pdf,
        name="enrollment_notice_pdf",
    ),
]
