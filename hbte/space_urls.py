from django.urls import path

from projects import space_views
from teachers import profile_views, space

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
# Teacher records (issue 3): the teacher's own profile, photos and contacts.
urlpatterns += [
    path("profile/edit/", profile_views.profile_edit, name="profile_edit"),
    path("profile/photos/", profile_views.photos, name="photos"),
    path(
        "profile/phone/",
        profile_views.contact_change,
        {"field": "phone"},
        name="phone_change",
    ),
    path(
        "profile/email/",
        profile_views.contact_change,
        {"field": "email"},
        name="email_change",
    ),
    path(
        "profile/key-fields/",
        profile_views.key_field_requests,
        name="key_field_requests",
    ),
    path(
        "profile/key-fields/<int:pk>/withdraw/",
        profile_views.key_field_request_withdraw,
        name="key_field_request_withdraw",
    ),
]
