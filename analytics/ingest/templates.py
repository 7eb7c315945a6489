"""Blank templates: Vietnamese headers, one example row and an instructions sheet per kind."""

from __future__ import annotations

import datetime as dt
import io

from analytics import texts
from analytics.export import safe_workbook
from analytics.ingest.model import KINDS

# Header row and example row of each kind; the example uses real names of the seed (Gia Cát).
TEMPLATES: dict[str, tuple[list[str], list[object]]] = {
    "households": (["TT", "Huyện", "Xã", "Thôn", "Số hộ"], [1, "Cao Lộc", "Gia Cát", "Thôn Bắc Nga", 120]),
    "teams": (["TT", "Họ tên", "Chức vụ", "Địa chỉ", "Phụ trách thôn", "Ghi chú"],
              [1, "Đào Xuân Đông", "Trưởng thôn", "Bắc Nga", "Bắc Nga", "Tổ trưởng"]),
    "committee": (["TT", "Ông/Bà", "Họ và tên", "Chức vụ", "Chức vụ BCĐ", "Công việc phụ trách"],
                  [1, "Ông", "Nguyễn Văn A", "Chủ tịch UBND xã", "Trưởng ban", "Phụ trách chung"]),
    "daily": (["TT", "Huyện", "Xã", "Ngày báo cáo", "Cửa hàng số mở mới", "Tài khoản TTĐT mở mới",
               "Hộ có giao dịch thành công"],
              [1, "Cao Lộc", "Gia Cát", dt.date(2021, 10, 5), 12, 10, 2]),
    "enterprise": (["TT", "Huyện", "Xã", "Ngày báo cáo", "Cửa hàng số", "Tài khoản TTĐT", "Số đơn hàng",
                    "Sản lượng giao dịch thành công", "Doanh số bán hàng"],
                   [1, "Cao Lộc", "Gia Cát", dt.date(2021, 10, 5), 12, 10, 35, 40, 4250000]),
    "targets": (["TT", "Huyện", "Xã", "Chỉ tiêu cửa hàng số (%)", "Chỉ tiêu tài khoản TTĐT (%)",
                 "Chỉ tiêu hộ có giao dịch (%)", "Chỉ tiêu thành viên tổ (số)"],
                [1, "Cao Lộc", "Gia Cát", 50, 50, 10, 2]),
    # Bính Xá (Đình Lập) was divided in part between Đình Lập and Kiên Mộc on 1/7/2025
    "lineage-weights": (["TT", "Huyện", "Xã cũ", "Xã mới", "Số hộ"], [1, "Đình Lập", "Bính Xá", "Đình Lập", 400]),
}
# Kinds whose template has a second table on a sheet of its own: (sheet, title, headers, example).
SECOND_SHEETS: dict[str, tuple[str, str, list[str], list[object]]] = {
    "lineage-weights": (texts.IMPORT_TEMPLATE_VILLAGES_SHEET, texts.IMPORT_TEMPLATE_VILLAGES_TITLE,
                        ["TT", "Huyện", "Xã cũ", "Thôn", "Xã mới"], [1, "Đình Lập", "Bính Xá", "Thôn Co Hạ", "Đình Lập"]),
}
# The closing line of the guide names the example's units (Gia Cát) except where it says otherwise.
OWN_EXAMPLE_NOTE = {"lineage-weights"}


# On a hierarchy without districts (since 1/7/2025) the «Huyện» column goes, and the example
# names the ward Gia Cát became part of.
DISTRICT_HEADER = "Huyện"
EXAMPLE_COMMUNE_TODAY = {"Gia Cát": "Kỳ Lừa"}


def template_bytes(kind: str, has_districts: bool = True) -> bytes:
    """An .xlsx template for one kind of file (without a district column on a hierarchy without
    districts)."""
    if kind not in KINDS:
        raise ValueError(kind)
    headers, example = TEMPLATES[kind]
    common = texts.IMPORT_TEMPLATE_GUIDE_COMMON
    lines = texts.IMPORT_TEMPLATE_GUIDE[kind] + (common[:-1] if kind in OWN_EXAMPLE_NOTE else common)
    if not has_districts:
        kept = [i for i, header in enumerate(headers) if header != DISTRICT_HEADER]
        headers = [headers[i] for i in kept]
        example = [EXAMPLE_COMMUNE_TODAY.get(example[i], example[i]) for i in kept]
        lines = texts.IMPORT_TEMPLATE_GUIDE_TODAY.get(kind, texts.IMPORT_TEMPLATE_GUIDE[kind]) + \
            texts.IMPORT_TEMPLATE_GUIDE_COMMON_TODAY
    buffer = io.BytesIO()
    workbook = safe_workbook(buffer, in_memory=True)
    bold = workbook.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True})
    title = workbook.add_format({"bold": True, "font_size": 13})
    date = workbook.add_format({"num_format": "dd/mm/yyyy", "border": 1})
    cell = workbook.add_format({"border": 1})
    tables = [(texts.IMPORT_TEMPLATE_SHEET, texts.IMPORT_TEMPLATE_TITLES[kind], headers, example)]
    if kind in SECOND_SHEETS:
        tables.append(SECOND_SHEETS[kind])
    for name, heading, columns, values in tables:
        sheet = workbook.add_worksheet(name)
        sheet.write(0, 0, heading, title)
        for column, header in enumerate(columns):
            sheet.write(2, column, header, bold)
            sheet.set_column(column, column, max(8, min(len(header) + 4, 32)))
        for column, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.write_datetime(3, column, dt.datetime.combine(value, dt.time()), date)
            else:
                sheet.write(3, column, value, cell)
        if kind == "enterprise":
            sheet.write(1, 0, texts.IMPORT_TEMPLATE_ENTERPRISE_LINE)
    guide = workbook.add_worksheet(texts.IMPORT_TEMPLATE_GUIDE_SHEET)
    guide.set_column(0, 0, 110)
    for row, line in enumerate(lines):
        guide.write(row, 0, line)
    workbook.close()
    return buffer.getvalue()
