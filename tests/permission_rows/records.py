"""Teacher records (issue 3, part A): profile, key fields, files, transfers.

Columns: anonymous, teacher, county admin (长安区), neighbouring county admin,
city admin (石家庄), other city's admin (保定), province admin, institution.
"""

TEACHER_ONLY = (302, 200) + (404,) * 6
REGION_ADMINS = (302, 404, 200, 200, 200, 200, 200, 404)
OWN_COUNTY_ADMIN = (302, 404, 200, 404, 404, 404, 404, 404)
OWN_COUNTY_ADMIN_POST = (302, 404, 302, 404, 404, 404, 404, 404)
# The teacher, their county admin and the city and province above it.
TEACHER_AND_SCOPE = (302, 200, 200, 404, 200, 404, 200, 404)
SCOPE = (302, 404, 200, 404, 200, 404, 200, 404)

ROWS = {
    "space:profile_edit": ("get", None, TEACHER_ONLY),
    "space:photos": ("get", None, TEACHER_ONLY),
    "space:phone_change": ("get", None, TEACHER_ONLY),
    "space:email_change": ("get", None, TEACHER_ONLY),
    "space:key_field_requests": ("get", None, TEACHER_ONLY),
    "space:key_field_request_withdraw": (
        "post",
        "change_request",
        (302, 302) + (404,) * 6,
    ),
    "teachers:teacher_create": ("get", None, (302, 404, 200, 200, 404, 404, 404, 404)),
    "teachers:teacher_edit": ("get", "teacher", OWN_COUNTY_ADMIN),
    "teachers:teacher_key_fields": ("get", "teacher", OWN_COUNTY_ADMIN),
    "teachers:teacher_deactivate": ("post", "teacher", OWN_COUNTY_ADMIN_POST),
    "teachers:teacher_reactivate": ("post", "teacher", OWN_COUNTY_ADMIN_POST),
    "teachers:teacher_photo": ("get", "teacher_with_photo", TEACHER_AND_SCOPE),
    "teachers:teacher_avatar": ("get", "teacher_with_photo", TEACHER_AND_SCOPE),
    "teachers:event_proof": ("get", "proof_event", SCOPE),
    "teachers:key_field_lock": ("get", None, (302, 404, 404, 404, 404, 404, 200, 404)),
    "teachers:change_request_list": ("get", None, REGION_ADMINS),
    "teachers:change_request_detail": ("get", "change_request", SCOPE),
    "teachers:change_request_proof": ("get", "change_request", TEACHER_AND_SCOPE),
    "teachers:transfer_list": ("get", None, REGION_ADMINS),
    "teachers:transfer_create": ("get", "teacher", OWN_COUNTY_ADMIN),
    # Both sides of 长安区 → 竞秀区 (保定): the other city's admin sees it too.
    "teachers:transfer_detail": (
        "get",
        "transfer",
        (302, 404, 200, 404, 200, 200, 200, 404),
    ),
    # Only the receiving county (no persona here) answers; the rest get 404.
    "teachers:transfer_accept": ("post", "transfer", (302,) + (404,) * 7),
    "teachers:transfer_refuse": ("post", "transfer", (302,) + (404,) * 7),
    "teachers:transfer_cancel": ("post", "transfer", OWN_COUNTY_ADMIN_POST),
}
