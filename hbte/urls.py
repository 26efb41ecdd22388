from django.contrib import admin
from django.urls import include, path

from hbte import views

manage_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("regions/", views.regions, name="regions"),
    ],
    "manage",
)

urlpatterns = [
    path("", views.home, name="home"),
    path("training/", views.training, name="training"),
    *[
        path(f"{key.replace('_', '-')}/", views.section, {"key": key}, name=key)
        for key in views.SECTIONS
    ],
    path("accounts/", include("accounts.urls")),
    path("space/", include("hbte.space_urls")),
    path("manage/", include(manage_patterns)),
    path("manage/", include("teachers.urls")),
    path("manage/projects/", include("projects.urls")),
    path("manage/classes/", include("projects.class_urls")),
    path("manage/", include("teachers.bulk_urls")),
    path("captcha/", include("captcha.urls")),
    path("ops/", admin.site.urls),
]

handler404 = "hbte.views.not_found"
