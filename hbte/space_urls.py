from django.urls import path

from projects import space_views
from teachers import space

app_name = "space"

urlpatterns = [
    path("", space.profile, name="profile"),
    path("training/", space_views.training, name="training"),
    path("training/<int:pk>/", space_views.training_detail, name="training_detail"),
    path(
        "training/<int:pk>/notice.pdf",
        space_views.training_notice,
        name="training_notice",
    ),
] + [
    path(f"{key}/", space.pending_section, {"key": key}, name=key)
    for key in space.PENDING_SECTIONS
]
