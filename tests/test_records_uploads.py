"""Photo, avatar and proof uploads: checked by content, served through scope."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from tests.plugins.records import PDF_BYTES, image_bytes, upload

pytestmark = pytest.mark.django_db


def _post_photo(client, file):
    return client.post(reverse("space:photos"), {"which": "photo", "photo-photo": file})


def _errors(response):
    return " ".join(response.context["photo_form"].errors.get("photo", []))


def test_a_good_blue_one_inch_photo_is_accepted_and_served_to_scope(
    client, teacher_user, county_admin, neighbor_admin
):
    client.force_login(teacher_user)

    response = _post_photo(
        client, upload("me.png", image_bytes(fmt="PNG"), "image/png")
    )

    assert response.status_code == 302
    teacher = teacher_user.teacher
    teacher.refresh_from_db()
    assert teacher.photo.name.startswith("photos/photo-")
    assert teacher.photo.name.endswith(".jpg")  # re-encoded, metadata dropped
    own = client.get(reverse("teachers:teacher_photo", args=[teacher.pk]))
    assert own.status_code == 200 and own["Content-Type"] == "image/jpeg"
    assert Image.open(io.BytesIO(b"".join(own.streaming_content))).size == (295, 413)
    client.force_login(county_admin)
    assert (
        client.get(reverse("teachers:teacher_photo", args=[teacher.pk])).status_code
        == 200
    )
    client.force_login(neighbor_admin)
    assert (
        client.get(reverse("teachers:teacher_photo", args=[teacher.pk])).status_code
        == 404
    )


def test_the_cyan_blue_background_of_the_other_convention_is_accepted(
    client, teacher_user
):
    client.force_login(teacher_user)

    response = _post_photo(client, upload(content=image_bytes(color=(0, 191, 243))))

    assert response.status_code == 302


def test_a_renamed_non_image_is_refused_with_a_message(client, teacher_user):
    client.force_login(teacher_user)

    response = _post_photo(client, upload("photo.jpg", b"MZ\x90\x00 not an image" * 50))

    assert response.status_code == 200
    assert "不是图片" in _errors(response)
    assert not teacher_user.teacher.photo


def test_an_oversized_file_is_refused_with_a_message(client, teacher_user):
    client.force_login(teacher_user)

    response = _post_photo(client, upload("big.jpg", b"\xff" * (2 * 1024 * 1024 + 1)))

    assert "文件过大" in _errors(response) and "2 MB" in _errors(response)


@pytest.mark.parametrize("side", [6000, 14000])
def test_a_decompression_bomb_is_refused_with_a_message(client, teacher_user, side):
    # A tiny file that would unpack to tens or hundreds of millions of pixels.
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) < 2 * 1024 * 1024
    client.force_login(teacher_user)

    response = _post_photo(client, upload("bomb.png", buffer.getvalue(), "image/png"))

    assert "尺寸异常" in _errors(response)


def test_wrong_proportions_are_named_with_the_expected_size(client, teacher_user):
    client.force_login(teacher_user)

    response = _post_photo(client, upload(content=image_bytes(size=(400, 400))))

    message = _errors(response)
    assert "一寸照" in message and "400×400" in message and "295×413" in message


def test_a_white_background_is_refused_naming_the_corner_color(client, teacher_user):
    client.force_login(teacher_user)

    response = _post_photo(client, upload(content=image_bytes(color=(255, 255, 255))))

    message = _errors(response)
    assert "背景不是蓝色" in message and "255,255,255" in message


def test_a_tiny_photo_is_refused(client, teacher_user):
    client.force_login(teacher_user)

    response = _post_photo(client, upload(content=image_bytes(size=(100, 140))))

    assert "照片太小" in _errors(response)


def test_avatar_upload_accepts_any_shape_but_checks_content(client, teacher_user):
    client.force_login(teacher_user)
    url = reverse("space:photos")

    bad = client.post(
        url, {"which": "avatar", "avatar-avatar": upload("a.jpg", b"x" * 99)}
    )
    good = client.post(
        url,
        {"which": "avatar", "avatar-avatar": upload(content=image_bytes((500, 300)))},
    )

    assert "不是图片" in " ".join(bad.context["avatar_form"].errors["avatar"])
    assert good.status_code == 302
    teacher_user.teacher.refresh_from_db()
    assert teacher_user.teacher.avatar


def test_a_renamed_non_pdf_proof_is_refused(client, teacher_user):
    from teachers.models import KeyFieldLock

    KeyFieldLock.objects.create(lock_date="2020-01-01")
    client.force_login(teacher_user)

    response = client.post(
        reverse("space:key_field_requests"),
        {"new_name": "王五", "reason": "x", "proof": upload("证明.pdf", b"<html>")},
    )

    assert "须为 PDF 文件或 JPG、PNG 图片" in response.content.decode()


def test_institution_staff_cannot_read_a_teacher_photo(
    client, teacher_with_photo, institution_staff
):
    client.force_login(institution_staff)

    response = client.get(
        reverse("teachers:teacher_photo", args=[teacher_with_photo.pk])
    )

    assert response.status_code == 404


def test_proof_pdf_is_stored_under_a_random_name(client, teacher_user):
    from teachers.models import KeyFieldChangeRequest, KeyFieldLock

    KeyFieldLock.objects.create(lock_date="2020-01-01")
    client.force_login(teacher_user)

    client.post(
        reverse("space:key_field_requests"),
        {"new_name": "王五", "reason": "x", "proof": upload("我的证明.pdf", PDF_BYTES)},
    )

    name = KeyFieldChangeRequest.objects.get().proof.name
    assert name.startswith("proofs/proof-") and name.endswith(".pdf")
