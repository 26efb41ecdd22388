"""Projects, institutions, quotas and the approval chain (issue 4, part A)."""

PROVINCE_ONLY = (302, 404, 404, 404, 404, 404, 200, 404)
REGION_ADMINS = (302, 404, 200, 200, 200, 200, 200, 404)
# The 长安区 enrollment: its county, its city and the province.
CHANGAN_CHAIN = (302, 404, 200, 404, 200, 404, 200, 404)

ROWS = {
    "projects:project_list": ("get", None, (302, 404) + (200,) * 6),
    "projects:project_create": ("get", None, PROVINCE_ONLY),
    "projects:project_detail": ("get", "project", REGION_ADMINS),
    "projects:project_edit": ("get", "project", PROVINCE_ONLY),
    "projects:project_status": (
        "post",
        "project",
        (302, 404, 404, 404, 404, 404, 302, 404),
    ),
    "projects:quota_edit": ("get", "project", (302, 404, 404, 404, 200, 200, 200, 404)),
    "projects:selection": ("get", "project", (302, 404, 200, 200, 404, 404, 404, 404)),
    "projects:enrollment_list": ("get", "project", REGION_ADMINS),
    "projects:enrollment_export": ("get", "project", REGION_ADMINS),
    "projects:board": ("get", "project", REGION_ADMINS),
    "projects:enrollment_detail": ("get", "enrollment", CHANGAN_CHAIN),
    "projects:enrollment_action": (
        "post",
        "enrollment",
        (302, 404, 302, 404, 302, 404, 302, 404),
    ),
    "projects:institution_list": ("get", None, PROVINCE_ONLY),
    "projects:institution_create": ("get", None, PROVINCE_ONLY),
    "projects:institution_edit": ("get", "training_institution", PROVINCE_ONLY),
    "projects:staff_create": ("get", "training_institution", PROVINCE_ONLY),
}
