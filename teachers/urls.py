from django.urls import path

from teachers import files, keyfield_views, transfer_views, views

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
    # Teacher records (issue 3): admin pages, key fields, transfers, files.
    path("teachers/new/", views.teacher_create, name="teacher_create"),
    path("teachers/<int:pk>/edit/", views.teacher_edit, name="teacher_edit"),
    path(
        "teachers/<int:pk>/key-fields/",
        views.teacher_key_fields,
        name="teacher_key_fields",
    ),
    path(
        "teachers/<int:pk>/deactivate/",
        views.teacher_deactivate,
        name="teacher_deactivate",
    ),
    path(
        "teachers/<int:pk>/reactivate/",
        views.teacher_reactivate,
        name="teacher_reactivate",
    ),
    path(
        "teachers/<int:pk>/photo/",
        files.teacher_file,
        {"kind": "photo"},
        name="teacher_photo",
    ),
    path(
        "teachers/<int:pk>/avatar/",
        files.teacher_file,
        {"kind": "avatar"},
        name="teacher_avatar",
    ),
    path("teachers/events/<int:pk>/proof/", files.event_proof, name="event_proof"),
    path("key-field-lock/", keyfield_views.key_field_lock, name="key_field_lock"),
    path(
        "change-requests/",
        keyfield_views.change_request_list,
        name="change_request_list",
    ),
    path(
        "change-requests/<int:pk>/",
        keyfield_views.change_request_detail,
        name="change_request_detail",
    ),
    path(
        "change-requests/<int:pk>/proof/",
        files.change_request_proof,
        name="change_request_proof",
    ),
    path("transfers/", transfer_views.transfer_list, name="transfer_list"),
    path(
        "teachers/<int:pk>/transfer/",
        transfer_views.transfer_create,
        name="transfer_create",
    ),
    path("transfers/<int:pk>/", transfer_views.transfer_detail, name="transfer_detail"),
    path(
        "transfers/<int:pk>/accept/",
        transfer_views.transfer_accept,
        name="transfer_accept",
    ),
    path(
        "transfers/<int:pk>/refuse/",
        transfer_views.transfer_refuse,
        name="transfer_refuse",
    ),
    path(
        "transfers/<int:pk>/cancel/",
        transfer_views.transfer_cancel,
        name="transfer_cancel",
    ),
]
