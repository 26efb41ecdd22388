"""The teacher import template: a data sheet, instructions and choice lists."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.datavalidation import DataValidation

from teachers.importing import COLUMNS
from teachers.models import Unit

# Rows given drop-down lists below the header: as many as the largest import
# the platform is built for (DESIGN.md section 10). A validation range is one
# string in the file, whatever its size.
TEMPLATE_ROWS = 100_000


def template_workbook(county) -> Workbook:
    """The import template: data sheet, instructions, and choice lists."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "教师信息"
    options = workbook.create_sheet("选项")
    options.sheet_state = "hidden"
    units = sorted(Unit.objects.filter(county=county, is_active=True).values_list(
        "name", flat=True))  # fmt: skip
    for index, column in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        cell = sheet.cell(row=1, column=index, value=column.label)
        cell.font = Font(bold=True, color="C00000" if column.required else None)
        dimension = sheet.column_dimensions[letter]
        dimension.width = 24 if column.kind == "unit" else 16
        if column.kind in {"id", "phone", "qualification"}:
            # A column style reaches every row Excel creates in the column,
            # however far down, without writing a single empty cell.
            dimension.number_format = "@"
        values = units if column.kind == "unit" else column.choices
        if values:
            for position, value in enumerate(values, start=1):
                options.cell(row=position, column=index, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"选项!${letter}$1:${letter}${len(values)}",
                allow_blank=not column.required,
                showErrorMessage=True,
                errorTitle="请从列表选择",
                error=f"“{column.label}”请从下拉列表中选择。",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
    sheet.freeze_panes = "A2"
    _instructions(workbook.create_sheet("填写说明", 1))
    return workbook


def _instructions(sheet) -> None:
    sheet.column_dimensions["A"].width = 20
    sheet.column_dimensions["B"].width = 80
    sheet.append(["教师信息导入模板 · 填写说明"])
    sheet["A1"].font = Font(bold=True, size=14)
    general = (
        "红色表头为必填项；其余可空。",
        "身份证号、手机号、教师资格证书号码列已设为文本格式。若从其他表格粘贴，"
        "请使用“选择性粘贴 → 值”，以免 Excel 把身份证号变成数字、丢失末尾几位。",
        "同一身份证号再次导入会更新该教师的信息，不会重复添加；姓名和单位不能通过"
        "导入修改，请在教师详情页填写原因后修改。",
        "更新已有教师时，留空的单元格表示“不修改”，不会清除系统中已有的信息；"
        "如需清空某项，请在教师详情页修改。",
        "新教师的初始密码为身份证号后六位，首次登录须修改。",
        "上传后系统先逐行检查并显示新增、更新、有误的行数，确认后才写入；"
        "有误的行可下载错误报告，改正后重新上传。",
    )
    for text in general:
        sheet.append(["", text])
    sheet.append([])
    sheet.append(["列", "说明"])
    for column in COLUMNS:
        note = column.note or ("从下拉列表选择" if column.choices else "")
        sheet.append([column.label + ("（必填）" if column.required else ""), note])
