"""Checks for uploaded photos and proof documents, by content, never by name.

Every check raises ValidationError with a Chinese message that says exactly
what is wrong, so the teacher can fix the file and try again. Accepted images
are re-encoded: that drops EXIF data (camera, place) and anything hidden after
the image data.
"""

import colorsys
import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageStat, UnidentifiedImageError

PHOTO_MAX_BYTES = 2 * 1024 * 1024
PROOF_MAX_BYTES = 5 * 1024 * 1024
# Far above any ID photo or scan; a bigger header is a decompression bomb.
MAX_PIXELS = 25_000_000
IMAGE_FORMATS = {"JPEG": "JPG", "PNG": "PNG"}

# One inch: 25 x 35 mm, so width / height = 5 / 7 (295 x 413 px at 300 dpi).
PHOTO_RATIO = 25 / 35
PHOTO_RATIO_TOLERANCE = 0.04
PHOTO_MIN_SIZE = (190, 266)
# Blue backgrounds in use (domain_facts.md e): RGB 0,191,243 and 67,142,219,
# hues of about 193 and 210 degrees. Accept that family, saturated and bright.
BLUE_HUE_RANGE = (185, 235)
BLUE_MIN_SATURATION = 0.35
BLUE_MIN_VALUE = 0.45
CORNER_SHARE = 0.1


def _size_label(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB"


def _check_size(upload, limit: int) -> None:
    if upload.size > limit:
        raise ValidationError(
            "文件过大（%(size).1f MB），不能超过 %(limit)s。",
            code="file_too_large",
            params={"size": upload.size / 1024 / 1024, "limit": _size_label(limit)},
        )


def open_image(upload) -> Image.Image:
    """Open an upload as a JPEG or PNG image, refusing anything else or a bomb."""
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(
                    "文件内容不是 JPG 或 PNG 图片（实际为 %(format)s），"
                    "请上传 JPG 或 PNG 格式的照片。",
                    code="image_format",
                    params={"format": image.format},
                )
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "图片尺寸异常（%(width)s×%(height)s 像素），已拒绝；"
                    "请上传普通尺寸的照片。",
                    code="image_too_many_pixels",
                    params={"width": width, "height": height},
                )
            image.load()
    except (UnidentifiedImageError, SyntaxError):
        raise ValidationError(
            "文件内容不是图片（可能只是改了扩展名），请上传 JPG 或 PNG 格式的照片。",
            code="not_an_image",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            "图片尺寸异常，疑似恶意构造的文件，已拒绝。", code="image_too_many_pixels"
        ) from None
    except OSError:
        raise ValidationError(
            "图片文件已损坏或不完整，无法读取，请重新导出后上传。",
            code="image_broken",
        ) from None
    return image


def _patch_color(image: Image.Image, box) -> tuple[int, int, int]:
    stat = ImageStat.Stat(image.crop(box))
    return tuple(round(channel) for channel in stat.mean[:3])


def is_blue(rgb) -> bool:
    hue, saturation, value = colorsys.rgb_to_hsv(*(c / 255 for c in rgb))
    low, high = BLUE_HUE_RANGE
    return (
        low <= hue * 360 <= high
        and saturation >= BLUE_MIN_SATURATION
        and value >= BLUE_MIN_VALUE
    )


def check_certificate_photo(image: Image.Image) -> None:
    """One-inch proportions and a blue background, or a message saying why not."""
    width, height = image.size
    ratio = width / height
    if abs(ratio - PHOTO_RATIO) > PHOTO_RATIO_TOLERANCE:
        raise ValidationError(
            "照片比例不符合一寸照（宽 25 毫米 × 高 35 毫米，如 295×413 像素）："
            "当前为 %(width)s×%(height)s 像素，宽高比 %(ratio).2f，应约为 0.71。",
            code="photo_proportions",
            params={"width": width, "height": height, "ratio": ratio},
        )
    min_width, min_height = PHOTO_MIN_SIZE
    if width < min_width or height < min_height:
        raise ValidationError(
            "照片太小（%(width)s×%(height)s 像素），至少需要 %(min_w)s×%(min_h)s "
            "像素，建议 295×413 像素。",
            code="photo_too_small",
            params={
                "width": width,
                "height": height,
                "min_w": min_width,
                "min_h": min_height,
            },
        )
    rgb = image.convert("RGB")
    side = max(2, round(width * CORNER_SHARE))
    corners = {
        "左上角": (0, 0, side, side),
        "右上角": (width - side, 0, width, side),
    }
    for label, box in corners.items():
        color = _patch_color(rgb, box)
        if not is_blue(color):
            raise ValidationError(
                "照片背景不是蓝色：%(corner)s的颜色为 RGB(%(color)s)。"
                "请使用蓝底证件照（如 RGB 67,142,219）。",
                code="photo_background",
                params={"corner": label, "color": ",".join(map(str, color))},
            )


def reencode(image: Image.Image, *, prefix: str, max_side: int = 1200):
    """A fresh JPEG of the image under a random name (no EXIF, no trailer)."""
    image = image.convert("RGB")
    image.thumbnail((max_side, max_side))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=90)
    return ContentFile(buffer.getvalue(), name=f"{prefix}-{uuid.uuid4().hex}.jpg")


def clean_certificate_photo(upload):
    _check_size(upload, PHOTO_MAX_BYTES)
    image = open_image(upload)
    check_certificate_photo(image)
    return reencode(image, prefix="photo")


def clean_avatar(upload):
    _check_size(upload, PHOTO_MAX_BYTES)
    image = open_image(upload)
    return reencode(image, prefix="avatar", max_side=400)


def clean_proof(upload):
    """A PDF (by its header) or an image; stored under a random name."""
    _check_size(upload, PROOF_MAX_BYTES)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip().startswith(b"%PDF-"):
        return ContentFile(upload.read(), name=f"proof-{uuid.uuid4().hex}.pdf")
    try:
        image = open_image(upload)
    except ValidationError as error:
        if error.code == "not_an_image":
            raise ValidationError(
                "证明材料须为 PDF 文件或 JPG、PNG 图片（按文件内容判断，不看扩展名）。",
                code="proof_format",
            ) from None
        raise
    return reencode(image, prefix="proof", max_side=2400)


CONTENT_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}
