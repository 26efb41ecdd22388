"""Demo records: a lock date, a pending change request and transfers both ways.

Runs after the demo admins and teachers exist, through the same services the
pages use, so the audit trail and notifications look as they would in use.
"""

import datetime
import io

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from teachers import services, transfers
from teachers.models import Region, Teacher


def _proof() -> ContentFile:
    image = Image.new("RGB", (600, 400), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 580, 380), outline="black", width=3)
    draw.ellipse((420, 260, 560, 370), outline="red", width=4)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="proof-demo.jpg")


def create_samples() -> None:
    users = get_user_model().objects.in_bulk(
        ["province_admin", "changan_admin", "dingzhou_admin"], field_name="username"
    )
    today = timezone.localdate()
    services.set_lock_date(
        actor=users["province_admin"], lock_date=today - datetime.timedelta(days=30)
    )

    changan = list(Teacher.objects.filter(county_id="130102").order_by("id")[1:3])
    dingzhou = Teacher.objects.filter(county_id="130682").order_by("id").first()
    if len(changan) < 2 or dingzhou is None:
        return
    requester, leaver = changan
    services.file_change_request(
        teacher=requester,
        reason="身份证换发后姓名用字有误",
        proof=_proof(),
        new_name=requester.name[0] + "晓" + requester.name[1:],
    )
    transfers.start_transfer(
        teacher=leaver,
        to_county=Region.objects.get(code="130104"),
        actor=users["changan_admin"],
        reason="随配偶工作调动",
    )
    transfers.start_transfer(
        teacher=dingzhou,
        to_county=Region.objects.get(code="130102"),
        actor=users["dingzhou_admin"],
        reason="跨区县交流轮岗",
    )


def create_flawed_records() -> None:
    """A few records with the mistakes the 数据核查 report exists to find, as
    data migrated from the old system has them. Teachers already enrolled in
    a demo project are left alone."""
    spare = list(
        Teacher.objects.filter(county_id="130102", enrollments__isnull=True)
        .order_by("-id")
        .values_list("pk", flat=True)[:5]
    )
    if len(spare) < 5:
        return
    short_phone, twin_a, twin_b, wrong_sex, blank = spare
    Teacher.objects.filter(pk=short_phone).update(phone="1391234567")
    shared = Teacher.objects.get(pk=twin_a).phone
    Teacher.objects.filter(pk=twin_b).update(phone=shared)
    teacher = Teacher.objects.get(pk=wrong_sex)
    Teacher.objects.filter(pk=wrong_sex).update(
        sex="female" if teacher.sex == "male" else "male"
    )
    Teacher.objects.filter(pk=blank).update(ethnicity="", political_status="")
