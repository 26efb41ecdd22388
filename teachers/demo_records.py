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
