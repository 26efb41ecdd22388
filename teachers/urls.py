from django.urls import path

from teachers import views

app_name = "teachers"

urlpatterns = [
    path("units/", views.unit_list, name="unit_list"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("teachers/", views.teacher_list, name="teacher_list"),
    path("teachers/<int:pk>/", views.teacher_detail, name="teacher_detail"),
    path("teachers/<int:pk>/unlock/", views.teacher_unlock, name="teacher_unlock"),
    path(
        "teachers/<int:pk>/reset-password/",
        views.teacher_reset_password,
        name="teacher_reset_password",
    ),
]
