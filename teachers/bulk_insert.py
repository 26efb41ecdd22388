"""Fast inserts of many new rows: the teacher import and the demo loader.

bulk_create spends its time building model SQL (and on SQLite it is held to
999 parameters a statement); here each value is passed as it is, by COPY on
PostgreSQL and one prepared INSERT run by executemany elsewhere. Only dates,
decimals, file fields and the auto_now timestamps are converted.
"""

import operator

from django.contrib.auth import get_user_model
from django.db import connection, models
from django.utils import timezone

from accounts.scope import Role
from teachers.models import Teacher

# Field types whose Python values the database driver cannot take as they are.
CONVERTED_TYPES = {"DateField", "DateTimeField", "TimeField", "DecimalField",
                   "UUIDField", "JSONField", "DurationField"}  # fmt: skip


def insert_rows(objects: list) -> None:
    """Insert unsaved model instances of one model; their pks stay unset."""
    if not objects:
        return
    meta = objects[0]._meta
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    copying = connection.vendor == "postgresql"
    getters = [_value_getter(f, now, convert=not copying) for f in fields]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(meta.db_table)
    with connection.cursor() as cursor:
        if copying:
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for obj in objects:
                    copy.write_row([get(obj) for get in getters])
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({marks})",
                [[get(obj) for get in getters] for obj in objects],
            )


def create_teachers_with_logins(teachers: list[Teacher]) -> None:
    """Insert new teachers with logins in the initial-password state: no
    password is hashed (DESIGN.md section 4). Call inside a transaction."""
    if not teachers:
        return
    user_model = get_user_model()
    users = [
        user_model(username=teacher.id_number, name=teacher.name,
                   role=Role.TEACHER, password="!initial",
                   uses_initial_password=True, must_change_password=True)
        for teacher in teachers
    ]  # fmt: skip
    insert_rows(users)
    ids = dict(
        user_model.objects.filter(
            username__in=[user.username for user in users]
        ).values_list("username", "pk")
    )
    for teacher in teachers:
        teacher.user_id = ids[teacher.id_number]
    insert_rows(teachers)


def _value_getter(field, now, *, convert: bool):
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        value = field.get_db_prep_save(now, connection) if convert else now
        return lambda obj: value
    if isinstance(field, models.FileField):
        return lambda obj: getattr(obj, field.attname).name or ""
    if convert and field.get_internal_type() in CONVERTED_TYPES:
        return lambda obj: field.get_db_prep_save(getattr(obj, field.attname),
                                                  connection)  # fmt: skip
    return operator.attrgetter(field.attname)
