"""Store the certificate photo's size, read once from each stored file.

Photos whose file is missing or unreadable keep null dimensions; the
data-quality report does not count those as wrongly shaped.
"""

from django.core.files.images import get_image_dimensions
from django.db import migrations, models

BATCH = 500


def _dimensions(field_file):
    try:
        with field_file.storage.open(field_file.name, "rb") as handle:
            return get_image_dimensions(handle)
    except OSError:
        return None, None


def read_photo_dimensions(apps, schema_editor):
    teacher_model = apps.get_model("teachers", "Teacher")
    pending = (
        teacher_model.objects.exclude(photo="")
        .filter(photo_width__isnull=True)
        .only("pk", "photo")
        .order_by("pk")
    )
    last = 0
    # Batches by primary key, so rows are never updated under an open cursor.
    while batch := list(pending.filter(pk__gt=last)[:BATCH]):
        last = batch[-1].pk
        for teacher in batch:
            teacher.photo_width, teacher.photo_height = _dimensions(teacher.photo)
        found = [teacher for teacher in batch if teacher.photo_width]
        teacher_model.objects.bulk_update(found, ["photo_width", "photo_height"])


class Migration(migrations.Migration):
    dependencies = [
        ("teachers", "0005_export_kinds_and_withdrawn_requests"),
    ]

    operations = [
        migrations.AddField(
            model_name="teacher",
            name="photo_width",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="证件照宽度（像素）"
            ),
        ),
        migrations.AddField(
            model_name="teacher",
            name="photo_height",
            field=models.PositiveIntegerField(
                blank=True, editable=False, null=True, verbose_name="证件照高度（像素）"
            ),
        ),
        migrations.RunPython(
            read_photo_dimensions, migrations.RunPython.noop, elidable=True
        ),
    ]
