"""Shared fixtures of the teacher-records area: photos, requests, transfers."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from teachers.models import KeyFieldChangeRequest, Region, TeacherEvent, Transfer

BLUE = (67, 142, 219)
JINGXIU = "130602"  # 保定市竞秀区: another city than 长安区


def image_bytes(size=(295, 413), color=BLUE, fmt="JPEG") -> bytes:
    """A portrait-like test image: a plain background with a face in the middle."""
    image = Image.new("RGB", size, color)
    width, height = size
    ImageDraw.Draw(image).ellipse(
        (width * 0.3, height * 0.2, width * 0.7, height * 0.7), fill=(230, 200, 180)
    )
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    return buffer.getvalue()


def upload(name="photo.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content or image_bytes(), content_type)


PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Each test writes photos and proofs to its own folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }


@pytest.fixture
def teacher_with_photo(teacher):
    """The 长安区 teacher with a certificate photo and an avatar on file."""
    teacher.photo.save("photo.jpg", ContentFile(image_bytes()), save=False)
    teacher.avatar.save("avatar.jpg", ContentFile(image_bytes((200, 200))), save=False)
    teacher.save(update_fields=["photo", "avatar"])
    return teacher


@pytest.fixture
def change_request(teacher):
    """A pending request of the 长安区 teacher to correct the name, with proof."""
    return KeyFieldChangeRequest.objects.create(
        teacher=teacher,
        new_name="张晓明",
        old_values={"name": teacher.name, "id_number": teacher.id_number},
        reason="身份证姓名与平台不一致",
        proof=ContentFile(PDF_BYTES, name="proof.pdf"),
    )


@pytest.fixture
def proof_event(teacher, county_admin):
    """An audit line with a proof document for the 长安区 teacher."""
    return TeacherEvent.objects.create(
        teacher=teacher,
        actor=county_admin,
        kind=TeacherEvent.Kind.KEY_FIELD,
        field="name",
        old_value=teacher.name,
        new_value="张晓明",
        reason="更正",
        proof=ContentFile(PDF_BYTES, name="proof.pdf"),
    )


@pytest.fixture
def transfer(teacher, county_admin):
    """A pending transfer of the 长安区 teacher to 竞秀区 in 保定 (another city)."""
    return Transfer.objects.create(
        teacher=teacher,
        from_county_id=teacher.county_id,
        from_unit=teacher.unit,
        to_county=Region.objects.get(code=JINGXIU),
        reason="工作调动",
        created_by=county_admin,
    )


@pytest.fixture
def private_cache(settings):
    """A cache of this test alone, so parallel workers sharing one Redis database
    cannot clear its codes or rate-limit counters half-way."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "records-tests",
        }
    }
