"""Printable PDFs (class notices now, certificates later) with a CJK font.

reportlab embeds TrueType-outline fonts, so the first installed font of the
`HBTE_PDF_FONT_PATHS` setting is embedded and every viewer prints the same
characters. Where none is installed, reportlab's built-in `STSong-Light` CID
font keeps the PDF readable, but viewers substitute their own glyphs.
"""

import functools
import io
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import KeepTogether

logger = logging.getLogger(__name__)

DEFAULT_FONT_PATHS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
)
FALLBACK_FONT = "STSong-Light"


def font_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "HBTE_PDF_FONT_PATHS", DEFAULT_FONT_PATHS))


@functools.cache
def _register_font(paths: tuple[str, ...]) -> str:
    for index, path in enumerate(paths):
        if not Path(path).is_file():
            continue
        name = f"HbteCJK{index}"
        try:
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=0))
        except TTFError:
            # An OpenType/CFF font or a broken file: try the next one.
            logger.warning("PDF font %s cannot be embedded, skipped", path)
            continue
        return name
    logger.warning(
        "No TrueType CJK font found in HBTE_PDF_FONT_PATHS; using %s, which is "
        "not embedded",
        FALLBACK_FONT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_FONT))
    return FALLBACK_FONT


def cjk_font() -> str:
    """The registered name of the CJK font to draw with."""
    return _register_font(font_paths())


def styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=font, fontSize=11.5, leading=19, wordWrap="CJK"
    )
    return {
        "body": base,
        "title": ParagraphStyle(
            "title", parent=base, fontSize=20, leading=28, alignment=TA_CENTER
        ),
        "label": ParagraphStyle(
            "label", parent=base, textColor=colors.HexColor("#444444")
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=9, leading=14),
    }


def build(story_pages: list[list], *, title: str) -> bytes:
    """Render pages (each a list of flowables) into one A4 PDF, a page apiece."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        leftMargin=22 * mm,
        rightMargin=22 * mm,
        topMargin=20 * mm,
        bottomMargin=20 * mm,
    )
    story = []
    for index, page in enumerate(story_pages):
        if index:
            story.append(PageBreak())
        story.extend(page)
    document.build(story)
    return buffer.getvalue()


def _escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _multiline(text: str) -> str:
    return "<br/>".join(_escape(line) for line in str(text).splitlines())


def class_notice_page(enrollment, style: dict) -> list:
    """One teacher's class notice (开班通知)."""
    training_class = enrollment.training_class
    project = enrollment.project
    teacher = enrollment.teacher
    rows = [
        ("培训项目", project.name),
        ("班级", training_class.name),
        ("承培机构", training_class.institution.name),
        (
            "培训时间",
            f"{training_class.start_date:%Y年%m月%d日} 至 "
            f"{training_class.end_date:%Y年%m月%d日}（{project.hours} 学时）",
        ),
        ("培训地点", training_class.place),
        (
            "联系人",
            f"{training_class.contact_person}　电话：{training_class.contact_phone}",
        ),
        ("报到要求", training_class.notice_text or "请按时报到，携带本人身份证。"),
    ]
    table = Table(
        [
            [
                Paragraph(label, style["label"]),
                Paragraph(_multiline(value), style["body"]),
            ]
            for label, value in rows
        ],
        colWidths=[28 * mm, None],
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (0, -1), colors.HexColor("#eef2f7")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
            ]
        )
    )
    published = training_class.notice_published_at
    return [
        Paragraph("开班通知", style["title"]),
        Spacer(1, 8 * mm),
        Paragraph(f"{_escape(teacher.name)} 老师：", style["body"]),
        Spacer(1, 2 * mm),
        Paragraph(
            f"　　您好！您已入选“{_escape(project.name)}”，"
            "现将开班有关事项通知如下，请妥善安排工作，按时报到。",
            style["body"],
        ),
        Spacer(1, 5 * mm),
        table,
        Spacer(1, 6 * mm),
        KeepTogether(
            [
                Paragraph(
                    f"参训教师：{_escape(teacher.name)}　单位："
                    f"{_escape(teacher.unit.name if teacher.unit_id else '—')}",
                    style["small"],
                ),
                Paragraph(
                    "报到时请出示与平台信息一致的本人身份证；姓名或身份证号不符的，"
                    "承培机构将不予报到，也不能记录成绩。",
                    style["small"],
                ),
                Spacer(1, 8 * mm),
                Paragraph(
                    f"{_escape(training_class.institution.name)}<br/>"
                    + (
                        f"{timezone.localtime(published):%Y年%m月%d日}"
                        if published
                        else ""
                    ),
                    ParagraphStyle("sign", parent=style["body"], alignment=2),
                ),
            ]
        ),
    ]


def class_notices(enrollments, *, title: str = "开班通知") -> bytes:
    """A PDF with one page per enrollment, each the teacher's class notice.

    The enrollments need `project`, `teacher__unit` and
    `training_class__institution` loaded.
    """
    style = styles(cjk_font())
    return build([class_notice_page(e, style) for e in enrollments], title=title)
