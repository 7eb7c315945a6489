"""Every string a user reads, in Vietnamese, kept together so it can be reviewed in one place."""

# Settings
SETTINGS_ERROR = "Lỗi cấu hình tại khóa «{key}»: {problem}"
SETTINGS_MISSING = "thiếu giá trị bắt buộc."
SETTINGS_WRONG_TYPE = "giá trị «{value}» không đúng kiểu."
SETTINGS_PCT_RANGE = "tỷ lệ {value} phải nằm trong khoảng 0–100."
SETTINGS_BAD_TIME = "giờ «{value}» phải có dạng HH:MM, ví dụ 17:00."
SETTINGS_NO_PHASES = "phải khai báo ít nhất một giai đoạn ([[phases]])."
SETTINGS_BAD_DISTRICTS = "danh sách huyện phải gồm các tên huyện không rỗng."
SETTINGS_END_BEFORE_START = "ngày kết thúc {end} phải sau ngày bắt đầu {start}."
SETTINGS_DISTRICT_TWICE = "huyện «{district}» đã thuộc «{phase}»."
SETTINGS_NEGATIVE = "giá trị {value} phải lớn hơn 0."
SETTINGS_FILE_MISSING = "không tìm thấy tệp cấu hình."
SETTINGS_BAD_TOML = "tệp cấu hình không đúng cú pháp TOML: {error}"
SETTINGS_UNKNOWN_DISTRICT = "không có huyện «{district}» trong tỉnh (các huyện: {known})."
SETTINGS_UNKNOWN_PROVINCE = "không có tỉnh mã «{code}» trong danh mục hành chính."

# Database
DB_LOCKED = (
    "Không mở được cơ sở dữ liệu {path}: tệp đang được một tiến trình khác sử dụng{holder}. "
    "Hãy đóng tiến trình đó (ví dụ: dừng bảng điều khiển đang chạy bằng Ctrl+C) rồi thử lại. "
    "Không có dữ liệu nào được ghi."
)
DB_LOCKED_HOLDER = " ({holder})"
DB_TOO_NEW = "Cơ sở dữ liệu {path} có phiên bản lược đồ {found}, mới hơn phiên bản phần mềm hỗ trợ ({known})."
DB_NOT_EMPTY = (
    "Cơ sở dữ liệu {path} đã có dữ liệu. Dùng --force để thay toàn bộ nội dung bằng mùa dữ liệu mẫu."
)

# Levels, indicators, sources
LEVELS = {"province": "Tỉnh", "district": "Huyện", "commune": "Xã", "village": "Thôn"}
LEVELS_PLURAL = {"province": "Tỉnh", "district": "Huyện/thành phố", "commune": "Xã/phường/thị trấn",
                 "village": "Thôn/bản/khối phố"}
INDICATORS = {
    "stores": "Cửa hàng số",
    "accounts": "Tài khoản thanh toán điện tử",
    "active": "Hộ có giao dịch thành công",
    "orders": "Số đơn hàng",
    "volume": "Sản lượng giao dịch thành công",
    "revenue": "Doanh số bán hàng",
}
SOURCES = {"commune": "Báo cáo của xã", "viettel": "Viettel Post", "vnpost": "Bưu điện (Vietnam Post)"}
PARTNERS = {"viettel": "Viettel Post (voso.vn)", "vnpost": "Bưu điện (postmart.vn)"}

# Column headers of coverage tables (also used by exports)
COLUMNS = {
    "code": "Mã",
    "name": "Đơn vị",
    "district": "Huyện",
    "commune": "Xã",
    "phase": "Giai đoạn",
    "households": "Số hộ",
    "villages": "Số thôn",
    "stores": "Cửa hàng số",
    "stores_pct": "% hộ có CHS",
    "accounts": "Tài khoản TTĐT",
    "accounts_pct": "% hộ có TK TTĐT",
    "active": "Hộ có giao dịch",
    "active_pct": "% hộ có giao dịch",
    "teams": "Tổ CNS",
    "members": "Thành viên tổ",
    "full_teams": "Tổ đủ thành viên",
    "committees": "Xã có BCĐ",
    "stores_gap": "Còn thiếu (hộ) để đạt CHS",
}

# Overview page
APP_TITLE = "Chuyển đổi số cấp xã — Bảng điều khiển"
NAV_OVERVIEW = "Tổng quan"
OVERVIEW_TITLE = "Tổng quan chiến dịch phát triển kinh tế số"
OVERVIEW_CAPTION = (
    "Số liệu lũy kế đến hết ngày {as_of} của {scope}. Chỉ tiêu: {stores:g} % hộ gia đình có cửa hàng số "
    "và tài khoản thanh toán điện tử, {active:g} % hộ có giao dịch thành công, mỗi thôn một tổ công nghệ số "
    "(tổ trưởng và ít nhất {members} thành viên)."
)
AS_OF = "Số liệu đến ngày"
SCOPE_LEVEL = "Phạm vi"
SCOPE_PROVINCE = "Toàn tỉnh"
SCOPE_DISTRICT = "Huyện/thành phố"
SCOPE_COMMUNE = "Xã/phường/thị trấn"
SCOPE_PICK_DISTRICT = "Chọn huyện/thành phố"
SCOPE_PICK_COMMUNE = "Chọn xã/phường/thị trấn"
KPI_HOUSEHOLDS = "Số hộ gia đình"
KPI_HOUSEHOLDS_HELP = "Tổng số hộ của các thôn trong phạm vi"
KPI_STORES = "Hộ có cửa hàng số"
KPI_ACCOUNTS = "Hộ có tài khoản TTĐT"
KPI_ACTIVE = "Hộ có giao dịch thành công"
KPI_TEAMS = "Tổ công nghệ số"
KPI_MEMBERS = "Thành viên tổ CNS"
KPI_FULL_TEAMS = "Thôn có tổ đủ thành viên"
KPI_COMMITTEES = "Xã có Ban chỉ đạo"
KPI_PCT_OF = "{pct} hộ · chỉ tiêu {target}"
KPI_GAP = "còn thiếu {gap} hộ"
KPI_REACHED = "đã đạt chỉ tiêu (+{gap} hộ)"
KPI_OF_TOTAL = "{part}/{total} · còn thiếu {gap}"
KPI_ALL_DONE = "{part}/{total} · đã đủ"
KPI_MEMBERS_AVG = "bình quân {avg} người/tổ"
CHART_PROGRESS_TITLE = "Tỷ lệ hộ có cửa hàng số và tài khoản TTĐT (lũy kế)"
CHART_PCT_AXIS = "% số hộ"
CHART_DATE_AXIS = "Ngày"
CHART_TARGET = "Chỉ tiêu {pct:g} %"
CHART_PHASE_START = "Bắt đầu {phase}"
CHART_PHASE_END = "Kết thúc {phase}"
TABLE_DISTRICTS = "Tiến độ các huyện, thành phố"
TABLE_COMMUNES = "Tiến độ các xã, phường, thị trấn"
TABLE_VILLAGES = "Tiến độ các thôn, bản, khối phố"
PROGRESS_STORES = "Tiến độ CHS (% chỉ tiêu)"
EMPTY_NO_DATA = (
    "Chưa có số liệu báo cáo trong phạm vi này. Vào trang «Nhập báo cáo» để tải lên tệp Excel, "
    "hoặc chạy `python -m analytics demo` để tạo mùa dữ liệu mẫu."
)
EMPTY_NO_VILLAGES = (
    "Phạm vi này chưa có thôn nào được đăng ký. Tải lên tệp số hộ theo thôn (loại «households») ở trang "
    "«Nhập báo cáo» để đăng ký thôn và số hộ."
)
BUILDING_DEMO = "Chưa có cơ sở dữ liệu: đang tạo mùa dữ liệu mẫu Lạng Sơn 2021 (khoảng nửa phút)…"
ERROR_GENERIC = "Đã xảy ra lỗi khi tải dữ liệu: {error}. Chi tiết đã được ghi vào nhật ký."
DOWNLOAD_EXCEL = "Tải bảng (Excel)"
DOWNLOAD_CSV = "Tải bảng (CSV)"

# Command line
CLI_INIT_NOT_EMPTY = "Cơ sở dữ liệu {path} đã có dữ liệu; lệnh init chỉ dùng cho tệp mới."
CLI_INIT_DONE = "Đã tạo cơ sở dữ liệu {path}: {units} đơn vị hành chính."
CLI_DEMO_DONE = (
    "Đã tạo mùa dữ liệu mẫu trong {path} ({seconds:.1f} giây): {villages} thôn, {households} hộ, "
    "{teams} tổ CNS, {members} thành viên, {reports} dòng báo cáo."
)
UNIT_NOT_FOUND = "Không tìm thấy {level} «{name}». Tên gần giống: {suggestions}."
UNIT_NOT_FOUND_NO_SUGGESTION = "Không tìm thấy {level} «{name}»."
UNIT_AMBIGUOUS = "Tên {level} «{name}» trùng ở nhiều nơi: {candidates}. Hãy ghi rõ huyện."
SIDEBAR_DB = "Dữ liệu: {path} · đến ngày {as_of}"
PROGRESS_HELP = "Số hộ có cửa hàng số so với chỉ tiêu ({target} số hộ): 100 là đạt chỉ tiêu; thanh dừng ở {max}."
KPI_DELTA = "{sign}{gap} hộ so với chỉ tiêu {target}"
KPI_MISSING = "{sign}{count} {what}"
KPI_WHAT_VILLAGES_NO_TEAM = "thôn chưa có tổ"
KPI_WHAT_NOT_FULL = "thôn chưa có tổ đủ thành viên"
KPI_WHAT_NO_COMMITTEE = "xã chưa có BCĐ"
KPI_FULL_TEAMS_HELP = "Tổ có tổ trưởng và ít nhất {members} thành viên khác"

# Rankings and exports
EXPORT_SHEET_NAME = "Bảng số liệu"
EXPORT_NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
EXPORT_MOTTO = "Độc lập - Tự do - Hạnh phúc"
EXPORT_AS_OF = "(Số liệu tính đến hết ngày {date})"
EXPORT_TOTAL = "Tổng cộng"
EXPORT_YES = "Có"
EXPORT_NO = "Không"
EXPORT_PREPARER = "NGƯỜI LẬP BIỂU"
EXPORT_SIGN_HINT = "(Ký, ghi rõ họ tên)"
EXPORT_FOOTER = "&CTrang &P/&N"
DOWNLOAD_EXCEL_HELP = "Tệp Excel (.xlsx) phông Times New Roman, khổ A4 ngang, in vừa một trang chiều ngang."
DOWNLOAD_CSV_HELP = "Tệp CSV (UTF-8 có BOM) để mở bằng Excel hoặc xử lý tiếp."
EXPORT_COVERAGE_TITLES = {
    "district": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC HUYỆN, THÀNH PHỐ",
    "commune": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC XÃ, PHƯỜNG, THỊ TRẤN",
    "village": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC THÔN, BẢN, KHỐI PHỐ",
}
