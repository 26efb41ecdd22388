from django.urls import path

from teachers import space

app_name = "space"

urlpatterns = [
    path("", space.profile, name="profile"),
] + [
    path(f"{key}/", space.pending_section, {"key": key}, name=key)
    for key in space.PENDING_SECTIONS
]
