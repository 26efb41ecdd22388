"""Institution pages (classes:*) and the teacher's 继续教育 pages."""

STAFF_ONLY = (302, 404, 404, 404, 404, 404, 404, 200)
STAFF_REDIRECT = (302, 404, 404, 404, 404, 404, 404, 302)
TEACHER_ONLY = (302, 200) + (404,) * 6

ROWS = {
    "classes:project_list": ("get", None, STAFF_ONLY),
    "classes:enrollment_list": ("get", None, STAFF_ONLY),
    "classes:place": ("post", None, STAFF_REDIRECT),
    "classes:enrollment_detail": ("get", "class_enrollment", STAFF_ONLY),
    "classes:enrollment_notice_pdf": ("get", "class_enrollment", STAFF_ONLY),
    "classes:class_list": ("get", None, STAFF_ONLY),
    "classes:class_create": ("get", None, STAFF_ONLY),
    "classes:class_detail": ("get", "training_class", STAFF_ONLY),
    "classes:class_edit": ("get", "training_class", STAFF_ONLY),
    # Nobody is waiting for the notice, so the staff are sent back with a message.
    "classes:publish_notice": ("post", "training_class", STAFF_REDIRECT),
    "classes:class_notice_pdf": ("get", "training_class", STAFF_ONLY),
    "classes:check_in": ("get", "training_class", STAFF_ONLY),
    "classes:score_grid": ("get", "training_class", STAFF_ONLY),
    "classes:score_template": ("get", "training_class", STAFF_ONLY),
    # Without a file the form answers with its error on the page.
    "classes:score_import": ("post", "training_class", STAFF_ONLY),
    # Without a valid token the report has expired: back to the score page.
    "classes:score_errors": ("get", "training_class", STAFF_REDIRECT),
    "space:training_detail": ("get", "class_enrollment", TEACHER_ONLY),
    "space:training_notice": ("get", "class_enrollment", TEACHER_ONLY),
}
