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
SETTINGS_TOO_LARGE = "giá trị {value} vượt quá {largest} (giới hạn của chính Excel)."
SETTINGS_FILE_MISSING = "không tìm thấy tệp cấu hình."
SETTINGS_BAD_TOML = "tệp cấu hình không đúng cú pháp TOML: {error}"
SETTINGS_UNKNOWN_DISTRICT = "không có huyện «{district}» trong tỉnh (các huyện: {known})."
SETTINGS_BAD_SIGNER_NAME = "tên người ký «{value}» phải là một dòng chữ, tối đa {max} ký tự."
SETTINGS_UNKNOWN_CAMPAIGN = "không có chiến dịch «{campaign}» (các chiến dịch: {known})."
SETTINGS_BAD_CAMPAIGN_ID = "mã chiến dịch «{value}» chỉ gồm chữ thường không dấu, chữ số, «-» và «_» (tối đa 31 ký tự)."
SETTINGS_CAMPAIGN_TWICE = "mã chiến dịch «{value}» đã dùng cho một chiến dịch khác."
SETTINGS_BAD_HIERARCHY = "danh mục hành chính «{value}» không có (các danh mục: {known})."
SETTINGS_BAD_INDICATORS = "chỉ tiêu «{value}» không hợp lệ (các chỉ tiêu: {known})."
SETTINGS_NO_DISTRICT_LEVEL = "danh mục sau 1/7/2025 không còn cấp huyện: giai đoạn phải liệt kê các xã (communes)."
SETTINGS_BAD_COMMUNES = "danh sách xã phải gồm các tên xã không rỗng."
DEFAULT_CAMPAIGN_NAME = "Chiến dịch 2021"
SETTINGS_UNKNOWN_COMMUNE = "không có xã «{district}» trong tỉnh (các xã: {known})."
SETTINGS_UNKNOWN_PROVINCE_IN = "không có tỉnh mã «{code}» trong danh mục hành chính {version}."
SETTINGS_UNKNOWN_PROVINCE = "không có tỉnh mã «{code}» trong danh mục hành chính."
# What became of a province code that is not in the chosen list (`init --province`).
PROVINCE_BECAME = "{province} (mã {code}) từ {day} thuộc {successors}."
PROVINCE_SUCCESSOR = "{province} (mã {code})"
PROVINCE_CODES_OF = "Các tỉnh, thành phố của danh mục {version}: {codes}."

# Database
DB_LOCKED = (
    "Không mở được cơ sở dữ liệu {path}: tệp đang được một tiến trình khác sử dụng{holder}. "
    "Hãy đóng tiến trình đó (ví dụ: dừng bảng điều khiển đang chạy bằng Ctrl+C) rồi thử lại. "
    "Không có dữ liệu nào được ghi."
)
DB_LOCKED_HOLDER = " ({holder})"
CAMPAIGN_EXISTS = "Chiến dịch «{campaign}» đã có trong cơ sở dữ liệu."
CAMPAIGN_UNKNOWN = "Không có chiến dịch «{campaign}» trong tệp cấu hình (các chiến dịch: {known})."
CAMPAIGN_NOT_IN_DATABASE = (
    "Chiến dịch «{campaign}» chưa có trong cơ sở dữ liệu này: quản trị viên tạo nó bằng lệnh "
    "`python -m analytics init --campaign {campaign}`."
)
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
    "phase_name": "Giai đoạn",
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
    "reform_note": "Ghi chú sắp xếp",
    "old_communes": "Gồm các xã cũ",
}

# Overview page
APP_TITLE = "Chuyển đổi số cấp xã — Bảng điều khiển"
NAV_OVERVIEW = "Tổng quan"
NAV_IMPORT = "Nhập báo cáo"
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
SCOPE_COMMUNE_TODAY = "Xã/phường"   # since 1/7/2025: no thị trấn, no district above the commune
SCOPE_PICK_DISTRICT = "Chọn huyện/thành phố"
SCOPE_PICK_COMMUNE = "Chọn xã/phường/thị trấn"
# The as-of date and the scope in the address (ui/filters.py): a link that is wrong in part
URL_BAD_CAMPAIGN = "Liên kết nêu chiến dịch «{value}» không có trong cơ sở dữ liệu (các chiến dịch: {known}); đang hiện chiến dịch đã chọn."
CAMPAIGN_PICK = "Chiến dịch"
HIERARCHY_NAMES = {
    "2021": "danh mục hành chính năm 2021",
    "2025-01": "danh mục hành chính đầu năm 2025 (trước sắp xếp)",
    "2025-07": "danh mục hành chính từ 1/7/2025 (xã, phường trực thuộc tỉnh)",
}
URL_BAD_DATE = ("Ngày «{value}» trong đường dẫn không hợp lệ hoặc ngoài thời gian chiến dịch ({start} – {end}): "
                "đã bỏ qua, đang hiển thị số liệu đến ngày {date}.")
URL_BAD_UNIT = "Mã địa bàn «{value}» trong đường dẫn không có trong danh mục: đã bỏ qua, đang hiển thị {scope}."
DISTRICT_ONLY = ("Trang này chỉ có số liệu đến cấp huyện: đang hiển thị số liệu của {district} "
                 "(huyện của {commune}).")
KPI_HOUSEHOLDS = "Số hộ gia đình"
KPI_HOUSEHOLDS_HELP = "Tổng số hộ của các thôn trong phạm vi"
KPI_STORES = "Cửa hàng số"
KPI_ACCOUNTS = "Tài khoản TTĐT"
KPI_ACTIVE = "Hộ có giao dịch"
KPI_TEAMS = "Tổ công nghệ số"
KPI_MEMBERS = "Thành viên tổ CNS"
KPI_FULL_TEAMS = "Thôn có tổ đủ thành viên"
KPI_COMMITTEES = "Xã có Ban chỉ đạo"
KPI_MEMBERS_AVG = "bình quân {avg} người/tổ"
CHART_PROGRESS_TITLE = "Tỷ lệ hộ có cửa hàng số và tài khoản TTĐT (lũy kế)"
CHART_PCT_AXIS = "% số hộ"
CHART_DATE_AXIS = "Ngày"
CHART_TARGET = "Chỉ tiêu {pct:g} %"
TABLE_DISTRICTS = "Tiến độ các huyện, thành phố"
TABLE_COMMUNES = "Tiến độ các xã, phường, thị trấn"
TABLE_VILLAGES = "Tiến độ các thôn, bản, khối phố"
PROGRESS_STORES = "Tiến độ CHS (% chỉ tiêu)"
# Who is behind at a glance: units whose phase has not begun, reached or not, open warnings
NOT_STARTED = "chưa bắt đầu (từ {start:%d/%m})"
PROGRESS_STATUS = "Tình trạng"
PROGRESS_GAP_SHORT = "Còn thiếu (hộ)"
PROGRESS_REACHED = "Đạt chỉ tiêu"
PROGRESS_NOT_REACHED = "Chưa đạt"
TABLE_BEHIND_FIRST = "Đơn vị còn thiếu nhiều nhất ở trên cùng; đơn vị chưa đến giai đoạn của mình ở cuối."
KPI_NOT_STARTED_HELP = "Giai đoạn của đơn vị này bắt đầu ngày {start}: chưa tính chỉ tiêu."
KPI_PART_STARTED = "{count} đơn vị chưa bắt đầu giai đoạn: số còn thiếu chỉ tính các đơn vị đã bắt đầu."
OVERVIEW_WARNINGS_LINK = "{count} cảnh báo đang mở — xem trang Cảnh báo"
OVERVIEW_NO_WARNINGS = "Không có cảnh báo nào — xem trang Cảnh báo"
EMPTY_NO_DATA = (
    "Chưa có số liệu báo cáo trong phạm vi này. Số liệu hiện ở đây khi báo cáo của các xã được tải lên "
    "ở trang «Nhập báo cáo» (tài khoản có quyền nhập)."
)
EMPTY_NO_VILLAGES = (
    "Phạm vi này chưa có thôn nào được đăng ký. Tải lên tệp số hộ theo thôn (loại «Số hộ theo thôn») ở trang "
    "«Nhập báo cáo» để đăng ký thôn và số hộ."
)
BUILDING_DEMO = "Chưa có cơ sở dữ liệu: đang tạo mùa dữ liệu mẫu Lạng Sơn 2021 (khoảng nửa phút)…"
DOWNLOAD_EXCEL = "Tải bảng (Excel)"
DOWNLOAD_CSV = "Tải bảng (CSV)"

# Command line
CLI_INIT_NOT_EMPTY = "Cơ sở dữ liệu {path} đã có dữ liệu; lệnh init chỉ dùng cho tệp mới."
CLI_INIT_UNKNOWN_PROVINCE = "Không có tỉnh mã «{code}» trong danh mục hành chính {version} (chọn bằng --hierarchy). {advice}"
CLI_INIT_DONE = "Đã tạo {campaign} trong cơ sở dữ liệu {path}: {units} đơn vị hành chính."
CLI_CAMPAIGN_HELP = "chiến dịch làm việc (mã trong data/settings.toml; mặc định: chiến dịch đầu tiên)"
CLI_HIERARCHY_HELP = (
    "danh mục hành chính: 2021, 2025-01 (trước sắp xếp) hoặc 2025-07 (sau 1/7/2025, không còn cấp huyện); "
    "mặc định: của chiến dịch"
)
CLI_DEMO_DONE = (
    "Đã tạo mùa dữ liệu mẫu trong {path} ({seconds:.1f} giây): {villages} thôn, {households} hộ, "
    "{teams} tổ CNS, {members} thành viên, {reports} dòng báo cáo."
)
UNIT_NOT_FOUND = "Không tìm thấy {level} «{name}». Tên gần giống: {suggestions}."
UNIT_NOT_FOUND_NO_SUGGESTION = "Không tìm thấy {level} «{name}»."
UNIT_AMBIGUOUS = "Tên {level} «{name}» trùng ở nhiều nơi: {candidates}. Hãy ghi rõ huyện."
# A district level or a district asked of a campaign on the hierarchy since 1/7/2025 (analytics/units.py)
NO_DISTRICT_LEVEL = ("Chiến dịch «{campaign}» dùng danh mục hành chính sau 1/7/2025: các xã, phường trực thuộc "
                     "tỉnh, không còn cấp huyện. Hãy chọn cấp xã (commune) hoặc thôn (village).")
NO_DISTRICT_FILTER = ("Chiến dịch «{campaign}» không còn cấp huyện (danh mục sau 1/7/2025) nên không lọc theo huyện "
                      "«{district}»: hãy chọn một xã (--commune) hoặc toàn tỉnh.")
# the database file is the administrator's business (README), not the officer's: only the day is shown
SIDEBAR_DB = "Số liệu đến ngày {as_of}"
PROGRESS_HELP = "Số hộ có cửa hàng số so với chỉ tiêu ({target} số hộ): 100 là đạt chỉ tiêu; thanh dừng ở {max}."
KPI_DELTA = "{sign}{gap} so với chỉ tiêu"
KPI_LABEL_PCT = "{label} · {pct}"
KPI_TARGET_HELP = "Chỉ tiêu {target} số hộ, tức {count} hộ. Số sau mũi tên: số hộ vượt (+) hoặc còn thiếu (−) so với chỉ tiêu."
KPI_MISSING = "{sign}{count} {what}"
KPI_WHAT_VILLAGES_NO_TEAM = "thôn chưa có tổ"
KPI_WHAT_NOT_FULL = "thôn chưa đủ"
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
# Official workbook (issue 11): the document number left blank for the clerk, the recipients at the
# bottom left, a dotted line for the signer's name when province.signer_name is empty
EXPORT_DOCUMENT_NUMBER = "Số:          /BC-STTTT"
EXPORT_RECIPIENTS_TITLE = "Nơi nhận:"
EXPORT_RECIPIENTS = ("- Như trên;", "- UBND tỉnh (để báo cáo);", "- Lãnh đạo Sở;", "- Lưu: VT, CNTT.")
EXPORT_NAME_LINE = "……………………………………"
EXPORT_FOOTER = "&CTrang &P/&N"
# Safe files (issue 10): a text longer than an Excel cell holds is cut, and says so
EXPORT_TEXT_CUT = " … [đã cắt: một ô Excel chứa tối đa 32.767 ký tự, nội dung gốc dài {length} ký tự]"
DOWNLOAD_EXCEL_HELP = "Tệp Excel (.xlsx) phông Times New Roman, khổ A4 ngang, in vừa một trang chiều ngang."
DOWNLOAD_CSV_HELP = "Tệp CSV (UTF-8 có BOM) để mở bằng Excel hoặc xử lý tiếp."
EXPORT_COVERAGE_TITLES = {
    "district": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC HUYỆN, THÀNH PHỐ",
    "commune": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC XÃ, PHƯỜNG, THỊ TRẤN",
    "village": "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC THÔN, BẢN, KHỐI PHỐ",
}
RANKING_TITLES = {
    "district": "BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC HUYỆN, THÀNH PHỐ",
    "commune": "BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC XÃ, PHƯỜNG, THỊ TRẤN",
    "village": "BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC THÔN, BẢN, KHỐI PHỐ",
}
RANKING_CRITERIA = {
    "stores_pct": "% hộ có cửa hàng số",
    "accounts_pct": "% hộ có tài khoản TTĐT",
    "active_pct": "% hộ có giao dịch thành công",
    "stores_target_pct": "Cửa hàng số so với chỉ tiêu giao",
    "accounts_target_pct": "Tài khoản TTĐT so với chỉ tiêu giao",
    "active_target_pct": "Hộ có giao dịch so với chỉ tiêu giao",
    "teams": "% thôn có tổ CNS đủ thành viên",
    "timeliness": "% báo cáo ngày đúng hạn",
    "growth_7": "Tăng CHS 7 ngày qua (điểm %)",
    "growth_30": "Tăng CHS 30 ngày qua (điểm %)",
}
RANKING_CRITERIA_SHORT = {
    "stores_pct": "% hộ có CHS",
    "accounts_pct": "% hộ có TK TTĐT",
    "active_pct": "% hộ có giao dịch",
    "stores_target_pct": "CHS/chỉ tiêu giao",
    "accounts_target_pct": "TK/chỉ tiêu giao",
    "active_target_pct": "GD/chỉ tiêu giao",
    "teams": "% thôn có tổ đủ TV",
    "timeliness": "% báo cáo đúng hạn",
    "growth_7": "Tăng CHS 7 ngày (điểm %)",
    "growth_30": "Tăng CHS 30 ngày (điểm %)",
}
RANKING_TARGET_RULES = {
    "stores_pct": "chỉ tiêu chung theo cấu hình",
    "accounts_pct": "chỉ tiêu chung theo cấu hình",
    "active_pct": "chỉ tiêu chung theo cấu hình",
    "stores_target_pct": "đạt 100 % chỉ tiêu giao",
    "accounts_target_pct": "đạt 100 % chỉ tiêu giao",
    "active_target_pct": "đạt 100 % chỉ tiêu giao",
    "teams": "100 % số thôn",
    "timeliness": "100 % số ngày phải báo cáo, từ đầu chiến dịch",
    "growth_7": "tốc độ đủ đạt chỉ tiêu CHS trong thời gian giai đoạn",
    "growth_30": "tốc độ đủ đạt chỉ tiêu CHS trong thời gian giai đoạn",
}
RANKING_COLUMNS = {
    "rank": "Hạng",
    "movement": "Thay đổi so với {date}",
    "score": "Điểm",
    "stores_reached": "Chỉ tiêu CHS",
    "accounts_reached": "Chỉ tiêu TK TTĐT",
    "active_reached": "Chỉ tiêu giao dịch",
    "teams_reached": "Tổ CNS mọi thôn",
}
RANKING_REACHED = "Đạt"
RANKING_NOT_REACHED = "Chưa đạt"
RANKING_NEW = "mới"
RANKING_NO_PHASE = "Chưa xếp giai đoạn"
RANKING_NOTE_PREFIX = "Ghi chú về phương pháp: "
RANKING_METHOD_FORMULA = (
    "Mỗi tiêu chí được quy ra điểm = 100 × giá trị ÷ chỉ tiêu (tối đa {cap} điểm): đạt đúng chỉ tiêu được "
    "100 điểm như nhau ở mọi tiêu chí; thiếu số liệu được 0 điểm. Điểm xếp hạng = Σ (trọng số × điểm tiêu chí) "
    "÷ Σ trọng số."
)
RANKING_METHOD_CRITERIA = "Tiêu chí (trọng số, tỷ trọng, chỉ tiêu so sánh): "
RANKING_METHOD_CRITERION = "{label} ({weight}, {share}, {target})"
RANKING_METHOD_TIES = (
    "Đơn vị có điểm bằng nhau (làm tròn {decimals} chữ số thập phân) cùng hạng, hạng kế tiếp bị bỏ qua "
    "(1, 2, 2, 4); các đơn vị cùng hạng được liệt kê theo mã đơn vị hành chính."
)
RANKING_METHOD_TIE_BREAK = "Khi bằng điểm, lần lượt so sánh: {criteria} (cao hơn xếp trên)."
RANKING_METHOD_PHASES = "Các huyện giai đoạn 1 và giai đoạn 2 được xếp hạng riêng."
RANKING_METHOD_PHASES_TODAY = "Các xã, phường giai đoạn 1 và giai đoạn 2 được xếp hạng riêng."
RANKING_METHOD_MOVEMENT = (
    "Thay đổi so với ngày {date}: ↑ tăng hạng, ↓ giảm hạng, = giữ nguyên; «mới»: đến ngày đó đơn vị chưa có "
    "số liệu báo cáo."
)
RANKING_METHOD_DROPPED = "Không áp dụng cho cấp {level}: {criteria}."
RANKING_BAD_LEVEL = "Cấp xếp hạng «{level}» không hợp lệ (district, commune hoặc village)."
RANKING_VILLAGES_NEED_COMMUNE = "Xếp hạng thôn cần chọn một xã."
RANKING_UNKNOWN_CRITERION = "Tiêu chí «{criterion}» ({where}) không có; các tiêu chí: {known}."
RANKING_BAD_WEIGHT = "Trọng số của «{criterion}» ({where}) phải là số không âm, không phải «{value}»."
RANKING_NO_WEIGHT = "Cần ít nhất một tiêu chí có trọng số lớn hơn 0 ({where})."
RANKING_WHERE_CHOSEN = "trọng số đã chọn"
RANKING_BAD_SETTING = "Giá trị «{value}» của khóa {key} trong cấu hình không hợp lệ."
RANKING_NOTHING_LEFT = "Không tiêu chí nào đã chọn áp dụng được cho cấp {level} (không áp dụng: {criteria})."
RANKING_NO_TIMELINESS_FOR_VILLAGES = "Thôn không tự báo cáo ngày nên không xếp hạng theo tính đúng hạn."
RANKING_PRESET_NO_NAME = "Hãy đặt tên cho bộ trọng số."
RANKING_PRESET_BUILTIN = "«{name}» là bộ trọng số có sẵn trong cấu hình; hãy chọn tên khác."
CLI_RANKING_DESCRIPTION = (
    "Xếp hạng thi đua các huyện, các xã (toàn tỉnh hoặc một huyện) hoặc các thôn của một xã đến một ngày.\n"
    "Điểm mỗi tiêu chí = 100 × giá trị ÷ chỉ tiêu (có trần, xem [ranking] trong data/settings.toml); điểm xếp\n"
    "hạng là trung bình có trọng số. Tệp .xlsx theo mẫu văn bản hành chính, .csv mã UTF-8 có BOM.\n"
    "Ví dụ: python -m analytics ranking --level district --as-of 2021-12-31 --compare 2021-11-30 --out xh.xlsx\n"
    "       python -m analytics ranking --level commune --district 'Chi Lăng' --criteria stores_pct teams "
    "--weights 70 30 --out xa.csv"
)
CLI_RANKING_MIXED_WEIGHTS = "--weights: dùng hoặc toàn số (theo thứ tự --criteria) hoặc toàn dạng tiêu_chí=trọng_số."
CLI_RANKING_WEIGHT_COUNT = "--weights có {weights} số nhưng --criteria có {criteria} tiêu chí."
CLI_RANKING_BAD_WEIGHT = "Trọng số «{weights}» không đọc được: cần số, ví dụ 30 hoặc stores_pct=30."
CLI_RANKING_BAD_OUT = "Tệp kết quả «{path}» phải có đuôi .xlsx hoặc .csv."
CLI_RANKING_DONE = "Đã ghi bảng xếp hạng {count} {units} ({scope}) vào {path}."
NAV_RANKING = "Xếp hạng thi đua"
RANKING_PAGE_TITLE = "Xếp hạng thi đua"
RANKING_PAGE_CAPTION = (
    "Xếp hạng kết quả phát triển kinh tế số đến hết ngày {as_of} — {scope}. Phạm vi và ngày chọn ở thanh bên; "
    "tiêu chí, trọng số và ngày so sánh chọn bên dưới."
)
RANKING_LEVEL = "Xếp hạng"
RANKING_LEVEL_CHOICES = {"district": "Các huyện, thành phố", "commune": "Các xã, phường, thị trấn toàn tỉnh"}
RANKING_COMPARE = "So sánh thứ hạng với ngày"
RANKING_COMPARE_HELP = "Cột «Thay đổi» cho biết đơn vị lên (↑) hay xuống (↓) bao nhiêu hạng so với ngày này."
RANKING_SEPARATE = "Xếp riêng giai đoạn 1 và giai đoạn 2"
RANKING_SEPARATE_HELP = "Các huyện thí điểm (giai đoạn 1) và các huyện giai đoạn 2 được xếp hạng riêng."
RANKING_SEPARATE_HELP_TODAY = "Các xã, phường giai đoạn 1 và giai đoạn 2 được xếp hạng riêng."
RANKING_PRESET = "Bộ trọng số"
RANKING_PRESET_DEFAULT = "Mặc định (theo cấu hình)"
RANKING_PRESET_CUSTOM = "Tùy chỉnh"
RANKING_WEIGHTS = "Tiêu chí và trọng số"
RANKING_WEIGHTS_HELP = "Trọng số 0 là không dùng tiêu chí; chỉ tỷ lệ giữa các trọng số có ý nghĩa."
RANKING_PRESET_NAME = "Lưu các trọng số này thành bộ mới, tên"
RANKING_PRESET_SAVE = "Lưu bộ trọng số"
RANKING_PRESET_SAVED = "Đã lưu bộ trọng số «{name}»."
RANKING_PRESET_DELETE = "Xóa bộ trọng số đang chọn"
RANKING_PRESET_DELETED = "Đã xóa bộ trọng số «{name}»."
RANKING_PRESET_ADMIN_ONLY = "Chỉ tài khoản quản trị được lưu hoặc xóa bộ trọng số; các bộ đã có vẫn dùng được."
RANKING_NEED_WEIGHT = "Hãy cho ít nhất một tiêu chí trọng số lớn hơn 0."
RANKING_METHOD_TITLE = "Phương pháp tính điểm và xếp hạng"
RANKING_TABLE_TITLE = "Bảng xếp hạng"
RANKING_SCORE_HELP = "100 điểm = đạt đúng chỉ tiêu ở mọi tiêu chí; tối đa {cap} điểm."
RANKING_CHART_TITLE = "Điểm xếp hạng"
RANKING_CHART_SCORE = "Điểm"
RANKING_CHART_AXIS = "Điểm (100 = đạt đúng chỉ tiêu)"
RANKING_CHART_TARGET = "Đạt chỉ tiêu"
RANKING_EMPTY = "Chưa có đơn vị nào để xếp hạng trong phạm vi này (chưa đăng ký thôn và số hộ)."
RANKING_ANONYMOUS = "người dùng bảng điều khiển"

# Today's communes (after 1/7/2025) for a campaign on an older list (analytics/reform.py)
REFORM_TOGGLE = "Theo xã hiện nay (sau 1/7/2025)"
REFORM_HIERARCHIES = {"2021": "danh mục xã năm 2021", "2025-01": "danh mục xã đầu năm 2025",
                      "2025-07": "danh mục xã sau 1/7/2025"}
REFORM_TOGGLE_HELP = (
    "Cộng lại số liệu của chiến dịch theo các xã, phường từ 1/7/2025 (không còn cấp huyện): xã nhập toàn bộ được "
    "cộng vào xã mới; xã chia tách một phần được phân bổ theo số hộ khi tỉnh đã nhập tệp «Tỷ lệ chia tách xã», "
    "nếu chưa thì để riêng và ghi «chia tách một phần»."
)
REFORM_TABLE = "Tiến độ theo các xã, phường hiện nay (sau 1/7/2025)"
RANKING_TABLE_TODAY = "Bảng xếp hạng các xã, phường hiện nay (sau 1/7/2025)"
REFORM_CAPTION = (
    "{count} xã, phường hiện nay, cộng từ {old} xã của {version}. Tổng số liệu không đổi; cột «Ghi chú "
    "sắp xếp» cho biết xã nào có phần phân bổ theo số hộ hoặc gồm cả xã ngoài phạm vi đang xem."
)
REFORM_CAPTION_APART = (
    "{count} xã cũ chia tách một phần chưa có tỷ lệ theo số hộ: phần chưa phân bổ được để riêng ở cuối bảng, ghi "
    "«chia tách một phần». Tải lên tệp «Tỷ lệ chia tách xã» ở trang «Nhập báo cáo» để phân bổ."
)
REFORM_NO_DRILL = "Danh mục hiện nay không có cấp huyện: bấm vào cột không mở xã; chọn xã cũ ở thanh bên để xem thôn."
REFORM_PROVINCE_ONLY = (
    "Xếp hạng theo xã hiện nay chỉ tính cho toàn tỉnh (xã mới có thể gồm xã của nhiều huyện cũ): chọn phạm vi "
    "«Toàn tỉnh»."
)
REFORM_NOT_APPLICABLE = "Chiến dịch này đã theo danh mục xã hiện nay (sau 1/7/2025): không cần cộng lại."
REFORM_LEVELS = "--today-communes chỉ dùng với --level commune hoặc village (xếp hạng: --level commune)."
REFORM_PART_NAME = "{name} (cũ, chia tách một phần)"
REFORM_PART_SHORT = "{name} (cũ)"
REFORM_EXPORT_TITLE = "TIẾN ĐỘ PHÁT TRIỂN KINH TẾ SỐ CÁC XÃ, PHƯỜNG (ĐƠN VỊ HÀNH CHÍNH SAU 1/7/2025)"
REFORM_IN_PART = " (một phần)"
REFORM_NOTE_SPLIT = "chia tách một phần vào {communes}; chưa có tỷ lệ theo số hộ nên để riêng"
REFORM_NOTE_UNMAPPED = "không có trong bảng chuyển đổi sang danh mục sau 1/7/2025: để riêng"
REFORM_NOTE_APPORTIONED = "có phần phân bổ theo số hộ từ {communes}"
REFORM_NOTE_OUTSIDE = "gồm thêm {count} xã cũ ngoài phạm vi đang xem"
REFORM_NOTE_VILLAGE_SPLIT = "xã cũ chia tách một phần vào {communes}; chưa có tệp ghi thôn này thuộc xã nào"
REFORM_SCOPE = "{scope}, theo các xã, phường sau 1/7/2025"
REFORM_UNITS = "xã, phường sau 1/7/2025"
RANKING_TITLE_TODAY = "BẢNG XẾP HẠNG KẾT QUẢ PHÁT TRIỂN KINH TẾ SỐ CÁC XÃ, PHƯỜNG (ĐƠN VỊ HÀNH CHÍNH SAU 1/7/2025)"
RANKING_METHOD_TODAY = (
    "Xếp hạng các xã, phường hiện nay (sau 1/7/2025): số liệu của chiến dịch ({version}) được cộng lại theo "
    "bảng chuyển đổi; xã chia tách một phần được phân bổ theo số hộ do tỉnh cung cấp."
)
RANKING_METHOD_TODAY_APART = "Không xếp hạng (để riêng cuối bảng, chưa có tỷ lệ theo số hộ): {units}."

# Import
IMPORT_KINDS = {
    "households": "Số hộ theo thôn",
    "teams": "Tổ công nghệ số cộng đồng",
    "committee": "Ban chỉ đạo chuyển đổi số xã",
    "daily": "Báo cáo ngày của xã/huyện",
    "enterprise": "Báo cáo ngày của doanh nghiệp bưu chính",
    "targets": "Chỉ tiêu giao",
    "lineage-weights": "Tỷ lệ chia tách xã (sau 1/7/2025)",
}
IMPORT_KINDS_TODAY = {**IMPORT_KINDS, "daily": "Báo cáo ngày của xã"}   # no district since 1/7/2025
UPLOAD_KIND_LABELS = {**IMPORT_KINDS, "demo": "Mùa dữ liệu mẫu", "reference": "Danh mục hành chính"}
IMPORT_STATUSES = {
    "accepted": "Đã nhập", "already_imported": "Đã nhập trước đó", "refused": "Bị từ chối",
    "dry_run": "Xem trước (chưa ghi)", "undone": "Đã hoàn tác", "in_progress": "Đang nhập",
    "failed": "Thất bại",
}
IMPORT_SEVERITY = {"error": "Lỗi", "warning": "Cảnh báo"}
IMPORT_ISSUE_COLUMNS = {"severity": "Mức", "sheet": "Trang tính", "row": "Dòng", "column": "Cột", "value": "Giá trị",
                        "message": "Nội dung"}
IMPORT_MEASURES = {"pct": "% số hộ", "count": "số lượng"}
IMPORT_TARGET_INDICATORS = {"stores": "Cửa hàng số", "accounts": "Tài khoản thanh toán điện tử",
                            "active": "Hộ có giao dịch thành công", "team_members": "Thành viên tổ (ngoài tổ trưởng)"}
IMPORT_EMPTY_FILE = "Tệp rỗng, không có nội dung."
IMPORT_TOO_LARGE = "Tệp nặng {size:.1f} MB, vượt giới hạn {limit:.0f} MB (khóa import.max_file_mb trong cấu hình)."
IMPORT_NOT_EXCEL = "Đây không phải tệp Excel (.xlsx, .xlsm, .xls hoặc .ods). Hãy lưu lại tệp dưới dạng Excel rồi tải lên."
IMPORT_ENCRYPTED = "Tệp Excel được đặt mật khẩu (mã hóa). Hãy gỡ mật khẩu trong Excel rồi tải lên lại."
IMPORT_DAMAGED = "Tệp Excel bị hỏng hoặc không đọc được. Hãy mở và lưu lại tệp trong Excel rồi tải lên lại."
IMPORT_ZIP_BOMB = "Tệp có nội dung nén bất thường (nghi là «bom nén»), không đọc để bảo vệ hệ thống."
IMPORT_XML_ATTACK = "Tệp chứa khai báo XML không được phép (DOCTYPE/ENTITY, có thể là tấn công), không đọc."
IMPORT_NO_TABLE = (
    "Không tìm thấy bảng số liệu: không có dòng tiêu đề cột nào chứa tên đơn vị (Xã, Thôn, Đơn vị...) hoặc "
    "họ tên. Hãy dùng tệp mẫu của loại báo cáo tương ứng."
)
IMPORT_KIND_UNKNOWN = "Không nhận ra loại báo cáo từ tiêu đề các cột. Hãy chọn «Loại báo cáo» khi nhập hoặc dùng tệp mẫu."
IMPORT_UNKNOWN_KIND_OPTION = "Loại báo cáo «{kind}» không có; các loại: {kinds}."
IMPORT_TABLE_SKIPPED = "Bảng ở trang tính «{sheet}» thuộc loại báo cáo khác nên được bỏ qua."
IMPORT_NO_ROWS = "Tệp không có dòng số liệu nào."
IMPORT_NO_VALUE_COLUMNS = "Thiếu cột số liệu (ví dụ: Cửa hàng số, Tài khoản TTĐT, Số hộ, Chỉ tiêu)."
IMPORT_NO_NAME_COLUMN = "Thiếu cột tên đơn vị (Huyện, Xã, Thôn hoặc Đơn vị)."
IMPORT_MISSING_COLUMN = "Thiếu cột bắt buộc «{column}»."
IMPORT_COLUMN_HOUSEHOLDS = "Số hộ"
IMPORT_COLUMN_VILLAGE = "Thôn"
IMPORT_COLUMN_NAME = "Họ tên"
IMPORT_COLUMN_ROLE = "Chức vụ BCĐ"
IMPORT_COLUMN_POSITION = "Chức vụ"
IMPORT_NO_INDICATOR = "Không xác định được chỉ tiêu của cột (Cửa hàng số, Tài khoản TTĐT...): hãy ghi rõ trong tiêu đề."
IMPORT_NO_DATE = (
    "Không xác định được ngày báo cáo: tệp không có cột ngày, tiêu đề không ghi ngày. Hãy chọn «Nhập ngày báo cáo» "
    "khi nhập và ghi ngày."
)
IMPORT_DATE_MISSING = "Dòng không có ngày báo cáo và tiêu đề tệp cũng không ghi ngày."
IMPORT_BAD_DATE = "Không đọc được ngày; hãy ghi theo dạng dd/mm/yyyy."
IMPORT_DATE_DIFFERS = "Tệp ghi ngày {file}, khác ngày đã nhập {given}: dùng ngày ghi trong tệp."
IMPORT_DATE_BEFORE_CAMPAIGN = "Ngày trước khi chiến dịch bắt đầu ({start})."
IMPORT_DATE_IN_FUTURE = "Ngày sau hôm nay ({today})."
IMPORT_NOT_A_NUMBER = "Giá trị không phải là số."
IMPORT_NEGATIVE = "Số âm không hợp lệ."
IMPORT_NOT_WHOLE = "Số lượng phải là số nguyên."
IMPORT_VALUE_MISSING = "Thiếu giá trị."
IMPORT_PCT_ABOVE_100 = "Tỷ lệ phần trăm phải từ 0 đến 100."
IMPORT_NAME_MISSING = "Dòng có số liệu nhưng không có tên đơn vị."
IMPORT_DISTRICT_ROW = "Báo cáo ngày phải theo xã hoặc thôn; dòng này chỉ ghi huyện."
IMPORT_NO_COMMUNE = "Không xác định được xã: hãy thêm cột Xã, ghi tên xã ở tiêu đề hoặc chọn «Xã» khi nhập."
# Safe files (issue 10): a unit or person name a spreadsheet would run as a formula
IMPORT_FORMULA_NAME = ("Tên bắt đầu bằng {start}: không có tên đơn vị hay tên người nào như vậy, và bảng tính "
                       "mở tệp xuất ra sẽ coi nó là công thức. Hãy sửa tên trong tệp rồi nhập lại.")
IMPORT_FORMULA_STARTS = {"=": "dấu «=»", "+": "dấu «+»", "@": "dấu «@»", "\t": "dấu tab", "\r": "dấu xuống dòng"}
IMPORT_UNIT_ELSEWHERE = "Không có «{name}» trong {where}; tên này có ở: {places}."
IMPORT_REGISTER_VILLAGES_FIRST = "Nếu là thôn mới, hãy nhập tệp số hộ theo thôn trước."
IMPORT_NON_EXACT_MATCH = "đọc «{text}» là {place}"
# Names of an earlier administrative list (before 1/12/2024, before 1/7/2025) read in a campaign on
# a later one; {old} is e.g. "Xã Đồng Giáp, huyện Văn Quan (trước 1/12/2024)", {new} "xã Khánh Khê".
FORMER_BEFORE = "trước {day}"
FORMER_IN_LIST = "danh mục {version}"
IMPORT_FORMER_UNIT = "{old} nay thuộc {new}."
IMPORT_TODAY_NAMESAKE = (
    "Đã ghi vào {name} hiện nay. Cùng tên với đơn vị cũ khác: {olds}; nếu tệp nói về đơn vị cũ đó, hãy ghi tên "
    "đơn vị hiện nay rồi tải lên lại."
)
IMPORT_FORMER_BY_VILLAGE = "{old} nay chia cho {candidates}; {village} thuộc {new}, nên dòng này tính cho {new}."
IMPORT_FORMER_SPLIT = (
    "{old} nay chia cho {candidates}: không biết dòng này thuộc xã nào. Hãy ghi tên xã hiện nay, hoặc ghi tên "
    "thôn để xác định."
)
IMPORT_FORMER_SPLIT_VILLAGE_NOWHERE = (
    "{old} nay chia cho {candidates}, nhưng không xã nào trong số đó có {village}. Hãy ghi tên xã hiện nay."
)
IMPORT_FORMER_SPLIT_VILLAGE_SEVERAL = (
    "{old} nay chia cho {candidates}, và {village} có ở cả {found}. Hãy ghi tên xã hiện nay."
)
IMPORT_FORMER_NAMESAKES = (
    "«{name}» là tên cũ của nhiều xã: {olds}. Hãy ghi rõ huyện cũ hoặc tên xã hiện nay, hoặc ghi tên thôn để xác định."
)
IMPORT_FORMER_NAMESAKE_OLD = "{old}, nay thuộc {new}"
IMPORT_FORMER_NAMESAKE_BY_VILLAGE = "«{name}» là tên cũ của nhiều xã; {village} thuộc {new}, nên dòng này là {old}, nay thuộc {new}."
IMPORT_FORMER_NAMESAKES_VILLAGE_NOWHERE = (
    "«{name}» là tên cũ của nhiều xã: {olds}; không xã nào trong số đó có {village}. Hãy ghi rõ huyện cũ hoặc tên xã "
    "hiện nay."
)
IMPORT_FORMER_NAMESAKES_VILLAGE_SEVERAL = (
    "«{name}» là tên cũ của nhiều xã: {olds}; {village} có ở cả {found}. Hãy ghi rõ huyện cũ hoặc tên xã hiện nay."
)
IMPORT_FORMER_NO_SUCCESSOR = (
    "{old} không còn trong danh mục hiện hành, và danh mục chính thức không ghi nay thuộc xã nào. Hãy ghi tên xã "
    "hiện nay."
)
IMPORT_FORMER_DISTRICT_HINT = "{district} không còn từ {day} (không còn cấp huyện): tên huyện chỉ dùng để tìm tên xã cũ."
IMPORT_FORMER_DISTRICT_NOT_A_UNIT = (
    "{district} không còn từ {day} (không còn cấp huyện): không nhận số liệu của cấp huyện, hãy ghi theo từng xã."
)
IMPORT_FORMER_NOT_IN_DISTRICT = "Không có «{name}» trong {district} (trước {day}); tên này nay là: {places}."
IMPORT_TITLE_OTHER_PROVINCE = (
    "Tiêu đề ghi «{text}»: đây là báo cáo của {province}, không phải của {own}. Tệp không được nhập."
)
IMPORT_TITLE_OTHER_DISTRICT = "Tiêu đề ghi «{text}»: {unit} thuộc {province}, không thuộc {own}. Tệp không được nhập."
IMPORT_TITLE_UNKNOWN_DISTRICT = (
    "Tiêu đề ghi «{text}» nhưng {own} không có huyện, thành phố hay thị xã «{name}». Hãy sửa tiêu đề rồi tải lên lại."
)
IMPORT_TITLE_COMMUNE_ELSEWHERE = (
    "Tiêu đề ghi «{text}» nhưng {where} không có xã, phường hay thị trấn này; tên này có ở: {places}."
)
IMPORT_TITLE_UNKNOWN_COMMUNE = (
    "Tiêu đề ghi «{text}» nhưng {where} không có xã, phường hay thị trấn «{name}». Hãy sửa tiêu đề rồi tải lên lại."
)
IMPORT_OR = " hoặc "
IMPORT_DUPLICATE_ROW = "Trùng đơn vị và ngày {date} với dòng {row} (trang «{sheet}»)."
IMPORT_DUPLICATE_VILLAGE = "Thôn đã có ở dòng {row} (trang «{sheet}»)."
IMPORT_DUPLICATE_TEAM = "Tổ của thôn này đã có ở dòng {row} (trang «{sheet}»)."
IMPORT_DUPLICATE_TARGET = "Chỉ tiêu của đơn vị này đã có ở dòng {row} (trang «{sheet}»)."
IMPORT_ABOVE_HOUSEHOLDS = "Lũy kế {indicator} của {unit} sẽ là {total}, vượt số hộ ({households})."
IMPORT_HOUSEHOLDS_BELOW_FIGURES = (
    "Số hộ mới của {unit} ({households}) thấp hơn số {indicator} đã báo cáo ({total}): hãy kiểm tra lại số hộ, "
    "hoặc sửa báo cáo trước.")
IMPORT_STORED_CUMULATIVE_MISMATCH = (
    "Lũy kế đã nhập trước đó của {unit} ngày {date} ghi {stated} nhưng với tệp này cộng số trong ngày được "
    "{expected}; số trong ngày được dùng.")
IMPORT_STORED_CUMULATIVE_DOWN = (
    "Với tệp này, lũy kế đã nhập trước đó của {unit} ngày {date} ({value}) thấp hơn tổng đến ngày trước đó "
    "({before}).")
IMPORT_CUMULATIVE_DOWN = "Lũy kế giảm: {value}, thấp hơn số đã có ({before})."
IMPORT_CUMULATIVE_MISMATCH = "Lũy kế ghi {stated} nhưng cộng số trong ngày được {expected}."
IMPORT_OPENING_BALANCE = (
    "Lũy kế ghi {stated} nhưng cộng số trong ngày chỉ được {daily} và chưa có số liệu nào trước đó của {unit}: "
    "ghi {opening} làm số dư đầu kỳ (trước ngày {date})."
)
IMPORT_OPENING_NEGATIVE = (
    "Lũy kế ghi {stated}, thấp hơn cộng số trong ngày ({daily}) trong khi chưa có số liệu nào trước đó của {unit}."
)
IMPORT_REPLACES_OPENING = (
    "Số liệu ngày {date} của {unit} thay thế số dư đầu kỳ đã ghi ({old}): lũy kế của đơn vị sẽ giảm tương ứng "
    "nếu số dư này không được báo cáo lại."
)
IMPORT_TOTAL_VS_VILLAGES = (
    "Số tổng của {commune} ngày {date} ({indicator}) ghi {stated} nhưng cộng các thôn được {villages}; "
    "số liệu chi tiết theo thôn được dùng."
)
IMPORT_STORED_TOTAL_VS_VILLAGES = (
    "Số tổng của {commune} ngày {date} ({indicator}) đã nhập trước đó ghi {stated} nhưng cộng các thôn được "
    "{villages}; số liệu chi tiết theo thôn được dùng."
)
IMPORT_TOTALS_BECOME_CHECKS = (
    "{commune}: {count} số tổng của xã đã nhập ({first}–{last}) trở thành số đối chiếu; từ nay số liệu chi tiết "
    "theo thôn được dùng cho những ngày này."
)
IMPORT_SUBTOTAL_MISMATCH = "Dòng tổng của nhóm ghi {stated} nhưng cộng các dòng chi tiết được {actual}."
IMPORT_TOTAL_MISMATCH = "Dòng tổng cộng ghi {stated} nhưng cộng các dòng chi tiết được {actual}."
IMPORT_NO_SOURCE = (
    "Không xác định được doanh nghiệp báo cáo (Viettel Post hay Bưu điện): hãy ghi tên doanh nghiệp ở tiêu đề "
    "hoặc tên tệp."
)
IMPORT_LEADER_NOT_HEAD = "Tổ trưởng của {village} không phải trưởng thôn."
IMPORT_TEAM_TOO_SMALL = "Tổ của {village} chỉ có {others} thành viên ngoài tổ trưởng (tối thiểu {minimum})."
IMPORT_VILLAGE_WITHOUT_TEAM = "{village} ({commune}) chưa có tổ công nghệ số cộng đồng."
IMPORT_MEMBER_WITHOUT_TEAM = "Thành viên đứng trước dòng tổ trưởng: chưa biết thuộc tổ của thôn nào."
IMPORT_TEAM_HEADING_NO_VILLAGE = (
    "Dòng tiêu đề tổ «{text}» không ghi tên thôn: hãy ghi rõ, ví dụ «Tổ công nghệ số cộng đồng thôn Bắc Nga». "
    "Các thành viên bên dưới không được ghép vào tổ phía trên."
)
IMPORT_MEMBER_NAME_MISSING = "Dòng có số TT và thông tin thành viên nhưng thiếu họ tên."
IMPORT_ROW_AFTER_FOOTER = (
    "Dòng có họ tên nằm dưới dòng {end} («{text}»), là phần cuối danh sách (tổng số người, ghi chú, chữ ký): "
    "không chắc đây là thành viên. Nếu dòng {end} là tiêu đề một tổ, hãy ghi «Tổ công nghệ số cộng đồng thôn …»; "
    "nếu là ghi chú, hãy chuyển xuống cuối danh sách."
)
IMPORT_ROW_AFTER_LAST_NUMBER = (
    "Dòng có họ tên nhưng không có số TT, nằm sau người cuối cùng có số TT (dòng {last}): không chắc đây là thành "
    "viên. Nếu là thành viên, hãy ghi số TT; nếu không, hãy xóa dòng."
)
IMPORT_NAME_AFTER_LAST_NUMBER = (
    "Dòng chỉ có họ tên, không có số TT, nằm sau người cuối cùng có số TT (dòng {last}): hiểu là phần chữ ký, "
    "không tính là thành viên."
)
IMPORT_TEAM_ROLE_UNCLEAR = "Nhiệm vụ trong Tổ «{role}» không phải Tổ trưởng, Tổ phó hay Thành viên."
IMPORT_TEAM_NO_LEADER = "Tổ của {village} không có ai ghi «Tổ trưởng» ở cột nhiệm vụ trong Tổ."
IMPORT_TEAM_LEADERS = "Tổ của {village} có {count} người ghi là tổ trưởng: lấy người ở dòng {row}."
IMPORT_TEAM_LEADER_GUESSED = (
    "Tổ của {village} không ghi ai là tổ trưởng: tạm hiểu là người đầu tiên ({name}). Hãy ghi «Tổ trưởng» ở cột "
    "Ghi chú hoặc thêm cột «Nhiệm vụ trong Tổ»."
)
IMPORT_PHONE_AS_NUMBER = (
    "Số điện thoại được gõ dạng số nên Excel đã bỏ số 0 đầu và không còn đủ 9 chữ số để tự thêm lại: lưu «{phone}». "
    "Hãy định dạng cột là văn bản (Text) và gõ lại."
)
IMPORT_ROLE_UNCLEAR = "Chức vụ trong BCĐ «{role}» không phải Trưởng ban, Phó ban hay Ủy viên."
IMPORT_NO_COMMITTEE_HEAD = "Ban chỉ đạo của {commune} chưa có Trưởng ban."
IMPORT_VILLAGE_IN_DUTIES_UNKNOWN = "Không tìm thấy thôn «{village}» được ghi trong công việc phụ trách."
IMPORT_TARGET_UNIT_UNKNOWN = ("Cột {column} «{header}» không ghi chỉ tiêu tính theo % số hộ hay theo số hộ: không đoán "
                              "được. Hãy ghi «(%)» hoặc «(hộ)» trong tiêu đề, thêm cột «Đơn vị tính», hoặc chọn «Đơn "
                              "vị chỉ tiêu» khi nhập.")
IMPORT_TARGET_PCT_CELL_IN_COUNT = "Ô định dạng phần trăm trong cột chỉ tiêu tính theo số hộ: hãy ghi số hộ."
IMPORT_MORE_ISSUES = "… và {count} vấn đề khác cùng loại (chỉ liệt kê 500 đầu tiên)."
IMPORT_OPTION_DISTRICT = "Huyện (đã chọn)"
IMPORT_OPTION_COMMUNE = "Xã (đã chọn)"
IMPORT_PROGRESS_READING = "Đang đọc tệp…"
IMPORT_PROGRESS_DETECTING = "Đang nhận dạng bảng số liệu…"
IMPORT_PROGRESS_SHEET = "Đang kiểm tra trang «{sheet}»…"
IMPORT_PROGRESS_CHECKING = "Đang kiểm tra ngày và dòng trùng…"
IMPORT_PROGRESS_COMPARING = "Đang so sánh với dữ liệu đã có…"
IMPORT_PROGRESS_DONE = "Đã kiểm tra xong."
IMPORT_CHANGE_ADDED = "thêm mới"
IMPORT_CHANGE_REPLACED = "thay thế"
IMPORT_CHANGE_SAME = "không đổi"
IMPORT_CHANGE_SUPERSEDED = "đã có số liệu chi tiết theo thôn"
IMPORT_CHANGE_OVER_TOTAL = "thêm mới, số tổng của xã thành số đối chiếu"
IMPORT_CHANGE_OPENING = "số dư đầu kỳ (trước ngày {date})"
IMPORT_CHANGE_REGISTERED = "đăng ký thôn mới"
IMPORT_COL_CODE = "Mã"
IMPORT_COL_UNIT = "Đơn vị"
IMPORT_COL_PARENT = "Thuộc"
IMPORT_COL_DATE = "Ngày"
IMPORT_COL_INDICATOR = "Chỉ tiêu"
IMPORT_COL_SOURCE = "Nguồn"
IMPORT_COL_MEASURE = "Đơn vị tính"
IMPORT_COL_OLD = "Cũ"
IMPORT_COL_NEW = "Mới"
IMPORT_COL_CHANGE = "Thay đổi"
IMPORT_UNDO_NOT_FOUND = "Không có lần nhập số {id}."
IMPORT_UNDO_TWICE = "Lần nhập số {id} đã được hoàn tác lúc {at} (bởi {user}); không hoàn tác lần nữa."
IMPORT_UNDO_REFUSED = "Lần nhập số {id} đã bị từ chối nên không có dữ liệu để hoàn tác."
IMPORT_UNDO_REFERENCE = "Lần nhập số {id} là danh mục hành chính gốc, không hoàn tác được."
UNDO_NO_ROLE = "Tài khoản {account} không được hoàn tác lần nhập nào."
UNDO_NOT_OWN = ("Lần nhập số {id} do {user} nhập: cán bộ xã chỉ hoàn tác được lần nhập của chính mình. Hãy nhờ "
                "cán bộ huyện hoặc quản trị.")
UNDO_OUT_OF_SCOPE = "Lần nhập số {id} có số liệu của {count} đơn vị ngoài phạm vi của tài khoản: {units}."
UNDO_DEPENDANTS_ADMIN_ONLY = ("Lần nhập số {id} là nền của các số liệu khác (xem danh sách bên dưới): chỉ tài khoản "
                              "quản trị được hoàn tác.")
UNDO_REASON_FOUNDATION = "Đây là {kind}: mọi số liệu dựa trên nó sẽ về 0."
UNDO_REASON_DEPENDANTS = "{count} lần nhập sau dùng các thôn của lần nhập này (số {ids})."
UNDO_CONFIRM_ID_NEEDED = "Chưa hoàn tác lần nhập số {id}. {reasons} Để vẫn hoàn tác, hãy gõ lại số lần nhập ({id})."
IMPORT_NO_WRITE_ROLE = ("Tài khoản {account} chỉ được xem số liệu, không được nhập báo cáo. Cần tài khoản cán bộ xã, "
                        "cán bộ huyện hoặc quản trị.")
IMPORT_NO_ACCOUNT = "Chưa đăng nhập: không nhập được báo cáo."
IMPORT_OUT_OF_SCOPE = "{unit} thuộc {district}, ngoài phạm vi của tài khoản ({rows} dòng dữ liệu)."
IMPORT_OUT_OF_SCOPE_DISTRICT = ("{unit}: số liệu (chỉ tiêu) của chính cấp huyện chỉ tài khoản quản trị được ghi "
                                "({rows} dòng dữ liệu).")
IMPORT_OUT_OF_SCOPE_SUMMARY = ("Tệp có số liệu của {count} đơn vị ngoài phạm vi của tài khoản {account}: không ghi "
                               "dòng nào. Hãy bỏ các dòng đó hoặc nhờ tài khoản có quyền nhập.")
IMPORT_TEMPLATE_SHEET = "Mẫu"
IMPORT_TEMPLATE_GUIDE_SHEET = "Hướng dẫn"
IMPORT_TEMPLATE_TITLES = {
    "households": "DANH SÁCH THÔN, BẢN, KHỐI PHỐ VÀ SỐ HỘ GIA ĐÌNH",
    "teams": "DANH SÁCH TỔ CÔNG NGHỆ SỐ CỘNG ĐỒNG",
    "committee": "DANH SÁCH BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ XÃ",
    "daily": "BÁO CÁO KẾT QUẢ PHÁT TRIỂN CỬA HÀNG SỐ, TÀI KHOẢN THANH TOÁN ĐIỆN TỬ",
    "enterprise": "BÁO CÁO NGÀY CỦA DOANH NGHIỆP BƯU CHÍNH",
    "targets": "CHỈ TIÊU GIAO",
    "lineage-weights": "SỐ HỘ CỦA PHẦN CHIA TÁCH KHI SẮP XẾP ĐƠN VỊ HÀNH CHÍNH CẤP XÃ TỪ NGÀY 01/7/2025",
}
IMPORT_TEMPLATE_VILLAGES_SHEET = "Thôn"
IMPORT_TEMPLATE_VILLAGES_TITLE = "THÔN CỦA XÃ CHIA TÁCH MỘT PHẦN THUỘC XÃ MỚI"
# File kind "lineage-weights" (analytics/ingest/lineage.py)
LINEAGE_COLUMN_OLD = "Xã cũ"
LINEAGE_COLUMN_NEW = "Xã mới"
LINEAGE_COL_TODAY = "Xã mới (sau 1/7/2025)"
LINEAGE_COL_SHARE = "Tỷ lệ"
LINEAGE_COL_HOUSEHOLDS = "Số hộ"
LINEAGE_COL_BEFORE = "Đang lưu"
LINEAGE_MEANING_HOUSEHOLDS = "số hộ chuyển sang xã mới"
LINEAGE_HOUSEHOLDS_ASIDE = "số hộ của thôn lấy theo số đã nhập, không theo cột này"
LINEAGE_NOT_NEEDED = ("Chiến dịch này đã theo danh mục xã sau 1/7/2025: không cần tệp tỷ lệ chia tách. Hãy chọn chiến "
                      "dịch theo danh mục cũ.")
LINEAGE_OLD_MISSING = "Thiếu tên xã cũ."
LINEAGE_NEW_MISSING = "Thiếu tên xã mới."
LINEAGE_VILLAGE_MISSING = "Thiếu tên thôn."
LINEAGE_NOT_IN_TABLE = "{commune} không có trong bảng chuyển đổi sang các xã sau 1/7/2025."
LINEAGE_NOT_SUCCESSOR = ("{new} không nhận phần nào của {old} theo bảng chuyển đổi; {old} được sắp xếp vào: "
                         "{successors}.")
LINEAGE_WHOLE = "{old} nhập toàn bộ vào {new}: không cần tỷ lệ, số liệu của xã được cộng cả vào {new}."
LINEAGE_NON_EXACT = "đọc «{text}» là {name} (sau 1/7/2025)"
LINEAGE_DUPLICATE_WEIGHT = "Xã cũ và xã mới này đã có ở dòng {row} (trang «{sheet}»)."
LINEAGE_DUPLICATE_VILLAGE = "Thôn này đã có ở dòng {row} (trang «{sheet}»)."
LINEAGE_INCOMPLETE = "Thiếu số hộ chuyển sang {missing} của {commune}: cần đủ mọi xã mới nhận phần của xã cũ."
LINEAGE_NO_HOUSEHOLDS = ("{commune} chưa có số hộ trong chiến dịch (chưa có thôn nào): nhập tệp số hộ theo thôn "
                         "trước rồi nhập tỷ lệ chia tách.")
LINEAGE_SUM_MISMATCH = ("Tổng số hộ chia tách của {commune} là {given}, khác số hộ của xã trong chiến dịch "
                        "({households}): các số phải cộng lại đúng bằng số hộ của xã.")
LINEAGE_VILLAGES_OVER = ("Các thôn ghi vào {new} có {placed} hộ, nhiều hơn số hộ của {commune} chuyển sang xã này "
                         "({weight}).")
LINEAGE_VILLAGE_FOLLOWS = ("{commune} nhập toàn bộ vào một xã mới nên {village} đã thuộc xã đó; dòng này không thay "
                           "đổi gì.")
IMPORT_TEMPLATE_ENTERPRISE_LINE = "Doanh nghiệp: Viettel Post (ghi «Bưu điện» nếu là Vietnam Post)"
IMPORT_TEMPLATE_GUIDE = {
    "households": [
        "Mỗi dòng là một thôn (bản, khối phố, tổ dân phố) với số hộ gia đình.",
        "Thôn chưa có trong hệ thống sẽ được đăng ký mới; thôn đã có thì số hộ được cập nhật.",
        "Có thể bỏ cột Huyện, Xã nếu tiêu đề ghi tên xã (ví dụ: UBND XÃ GIA CÁT) hoặc chọn xã khi tải lên.",
        "Tên có số La Mã (Bắc Đông I, Bắc Đông II) là các thôn khác nhau.",
    ],
    "teams": [
        "Dòng tổ trưởng ghi tên thôn ở cột «Phụ trách thôn» và «Tổ trưởng» ở cột «Ghi chú».",
        "Các thành viên ghi ở các dòng ngay dưới tổ trưởng; cán bộ xã ghi địa chỉ «UBND xã» thuộc tổ phía trên.",
        "Thôn phải được đăng ký trước bằng tệp số hộ theo thôn.",
        "Tên xã ghi ở tiêu đề (ví dụ: kèm theo Quyết định ... của Chủ tịch UBND xã Gia Cát) hoặc chọn khi tải lên.",
    ],
    "committee": [
        "Mỗi dòng là một thành viên Ban chỉ đạo: Trưởng ban, Phó ban hoặc Ủy viên.",
        "Thôn phụ trách có thể ghi trong cột «Công việc phụ trách» (ví dụ: Phụ trách thôn Bắc Nga).",
        "Tên xã ghi ở tiêu đề (ví dụ: ỦY BAN NHÂN DÂN XÃ GIA CÁT) hoặc chọn khi tải lên.",
    ],
    "daily": [
        "Ghi số mở mới trong ngày; nếu chỉ có số lũy kế, ghi tiêu đề cột «Lũy kế» và hệ thống tự tính số trong ngày.",
        "Mỗi xã (hoặc thôn) chỉ một dòng cho mỗi ngày. Ngày ghi theo dạng dd/mm/yyyy.",
        "Có thể để ngày ở tiêu đề (ví dụ: Ngày 05/10/2021) thay cho cột ngày.",
        "Số viết theo kiểu Việt Nam (4.250.000; 320,5) được chấp nhận.",
    ],
    "enterprise": [
        "Ghi tên doanh nghiệp (Viettel Post hoặc Bưu điện) ở tiêu đề hoặc trong tên tệp.",
        "Mỗi xã chỉ một dòng cho mỗi ngày. Số liệu doanh nghiệp được lưu riêng để đối chiếu với báo cáo của xã.",
    ],
    "targets": [
        "Cột có ký hiệu (%) là tỷ lệ trên số hộ; cột ghi (số) là số lượng.",
        "Dòng là huyện, xã hoặc thôn; chỉ tiêu giao cho đơn vị thay cho chỉ tiêu mặc định.",
    ],
    "lineage-weights": [
        "Dùng cho chiến dịch theo danh mục xã trước 1/7/2025, để xem số liệu theo các xã, phường hiện nay.",
        "Trang «Mẫu»: mỗi dòng là một xã cũ bị chia tách một phần và một xã mới nhận một phần của nó, với số hộ "
        "chuyển sang xã mới. Ghi đủ mọi xã mới nhận phần của xã cũ; tổng số hộ phải bằng số hộ của xã cũ trong "
        "chiến dịch (tổng các thôn).",
        "Xã nhập toàn bộ vào một xã mới không cần ghi: số liệu của nó được cộng cả vào xã mới.",
        "Trang «Thôn» (không bắt buộc): mỗi dòng là một thôn của xã cũ bị chia tách và xã mới mà thôn thuộc về; "
        "thôn mang theo số liệu của mình. Nếu ghi đủ mọi thôn của xã cũ thì không cần trang «Mẫu» cho xã đó.",
        "Tệp sau thay toàn bộ tỷ lệ của các xã cũ mà nó ghi; hoàn tác tệp thì tỷ lệ trước đó được dùng lại.",
        "Dòng ví dụ dùng tên thật: xã Bính Xá (huyện Đình Lập) được chia một phần vào xã Đình Lập và xã Kiên Mộc; "
        "hãy thay bằng số liệu của tỉnh.",
    ],
}
IMPORT_TEMPLATE_GUIDE_COMMON = [
    "",
    "Giữ nguyên dòng tiêu đề cột; có thể thêm dòng tiêu đề văn bản phía trên và chữ ký phía dưới.",
    "Dòng ví dụ dùng tên thật trong tài liệu (xã Gia Cát, huyện Cao Lộc): hãy thay bằng số liệu của đơn vị.",
]
# The lines that differ on a hierarchy without districts (since 1/7/2025)
IMPORT_TEMPLATE_GUIDE_TODAY = {
    "households": [
        "Mỗi dòng là một thôn (bản, khối phố, tổ dân phố) với số hộ gia đình.",
        "Thôn chưa có trong hệ thống sẽ được đăng ký mới; thôn đã có thì số hộ được cập nhật.",
        "Có thể bỏ cột Xã nếu tiêu đề ghi tên xã, phường (ví dụ: UBND PHƯỜNG KỲ LỪA) hoặc chọn xã khi tải lên.",
        "Tên có số La Mã (Bắc Đông I, Bắc Đông II) là các thôn khác nhau.",
    ],
    "targets": [
        "Cột có ký hiệu (%) là tỷ lệ trên số hộ; cột ghi (số) là số lượng.",
        "Dòng là xã, phường hoặc thôn; chỉ tiêu giao cho đơn vị thay cho chỉ tiêu mặc định.",
    ],
}
IMPORT_TEMPLATE_GUIDE_COMMON_TODAY = [
    "",
    "Giữ nguyên dòng tiêu đề cột; có thể thêm dòng tiêu đề văn bản phía trên và chữ ký phía dưới.",
    "Dòng ví dụ dùng tên thật (thôn Bắc Nga của xã Gia Cát cũ, nay thuộc phường Kỳ Lừa): hãy thay bằng số liệu "
    "của đơn vị.",
]
IMPORT_ISSUES_FILE_COLUMN = "Tệp"
IMPORT_ISSUES_SHEET = "Lỗi và cảnh báo"
IMPORT_TOTAL_LABELS = {"villages": "Thôn đã đăng ký", "households": "Số hộ", "stores": "Cửa hàng số (báo cáo xã)",
                       "accounts": "Tài khoản TTĐT (báo cáo xã)", "teams": "Tổ CNS", "committees": "Ban chỉ đạo xã"}
IMPORT_WEB_USER = "người dùng web"
# Page "Nhập báo cáo"
IMPORT_PAGE_TITLE = "Nhập báo cáo"
IMPORT_PAGE_CAPTION = (
    "Tải lên tệp Excel của huyện, xã và doanh nghiệp bưu chính. Hệ thống kiểm tra và cho xem trước; chỉ khi bạn "
    "xác nhận thì số liệu mới được ghi. Mọi lần nhập đều có thể hoàn tác."
)
IMPORT_INTO_CAMPAIGN = (
    "Số liệu được ghi vào **{campaign}** và đọc theo {hierarchy}; muốn nhập cho chiến dịch khác, chọn chiến dịch "
    "ở thanh bên."
)
IMPORT_PAGE_CAPTION_TODAY = (
    "Tải lên tệp Excel của xã, phường và doanh nghiệp bưu chính. Hệ thống kiểm tra và cho xem trước; chỉ khi bạn "
    "xác nhận thì số liệu mới được ghi. Mọi lần nhập đều có thể hoàn tác."
)
IMPORT_UPLOAD_LABEL = "Chọn một hoặc nhiều tệp Excel"
IMPORT_UPLOAD_HELP = "Tối đa {mb} MB mỗi tệp; tệp lớn hơn bị từ chối và không ghi gì. Kéo thả nhiều tệp cùng lúc được."
IMPORT_KIND_LABEL = "Loại báo cáo"
IMPORT_KIND_AUTO = "Tự nhận dạng"
IMPORT_DATE_LABEL = "Ngày báo cáo (khi tệp không ghi ngày)"
IMPORT_USE_DATE = "Nhập ngày báo cáo"
IMPORT_DISTRICT_LABEL = "Huyện (khi tệp không ghi)"
IMPORT_COMMUNE_LABEL = "Xã (khi tệp không ghi)"
IMPORT_NONE = "— không chọn —"
IMPORT_OPTIONS_HEADER = "Thông tin bổ sung"
IMPORT_PREVIEW_HEADER = "Xem trước: {file}"
IMPORT_DETECTED = "Loại báo cáo: **{kind}** · Nguồn: {source} · {rows} dòng số liệu"
IMPORT_ALREADY = "Tệp «{file}» đã được nhập (lần nhập số {id}); không ghi lại."
IMPORT_REFUSED_INFO = "Tệp «{file}» bị từ chối: {count} lỗi. Sửa các lỗi dưới đây rồi tải lên lại."
IMPORT_READY_INFO = "Tệp «{file}» hợp lệ: {added} thêm mới, {replaced} thay thế, {unchanged} không đổi."
IMPORT_READY_OPENING = "{opening} số dư đầu kỳ."
IMPORT_READY_SUPERSEDED = "{superseded} số tổng của xã chỉ để đối chiếu (đã có số liệu chi tiết theo thôn)."
IMPORT_READY_SHORT = "Tệp «{file}» hợp lệ."
IMPORT_ERRORS_HEADER = "Lỗi ({count})"
IMPORT_WARNINGS_HEADER = "Cảnh báo ({count})"
IMPORT_CHANGES_HEADER = "Thay đổi sẽ ghi"
IMPORT_DOWNLOAD_ISSUES = "Tải danh sách lỗi, cảnh báo (Excel)"
IMPORT_CONFIRM = "Xác nhận nhập {count} tệp hợp lệ"
IMPORT_CONFIRM_NONE = "Không có tệp hợp lệ để nhập."
IMPORT_DONE = "Đã nhập «{file}» (lần nhập số {id}, {rows} dòng)."
IMPORT_DONE_REFUSED = "Đã ghi nhận «{file}» bị từ chối (lần số {id})."
IMPORT_HISTORY_HEADER = "Các lần nhập"
IMPORT_HISTORY_EMPTY = "Chưa có lần nhập nào."
IMPORT_UNDO_PICK = "Chọn lần nhập để hoàn tác"
IMPORT_UNDO_BUTTON = "Hoàn tác"
IMPORT_UNDONE = "Đã hoàn tác lần nhập số {id} ({file})."
IMPORT_UNDO_PREVIEW_HEADER = "Hoàn tác lần nhập số {id}: «{file}»"
IMPORT_UNDO_PREVIEW_WHO = "Do **{user}** nhập lúc {at} ({kind}, {rows} dòng). Hoàn tác sẽ gỡ các số liệu sau:"
IMPORT_UNDO_UNITS = "Đơn vị có số liệu"
IMPORT_UNDO_DAYS = "Ngày báo cáo"
IMPORT_UNDO_DAYS_RANGE = "Ngày báo cáo: từ {first} đến {last}."
IMPORT_UNDO_FIGURES = "Số liệu của các xã liên quan, trước → sau khi hoàn tác"
IMPORT_UNDO_FIGURE_HELP = "Hiện nay: {before}; sau khi hoàn tác: {after}."
IMPORT_UNDO_DEPENDANTS = "Các lần nhập dựa trên lần nhập này ({count})"
IMPORT_UNDO_TYPE_ID = "Gõ lại số lần nhập ({id}) để xác nhận"
IMPORT_UNDO_CONFIRM = "Xác nhận hoàn tác lần nhập số {id}"
IMPORT_UNDO_CANCEL = "Thôi, không hoàn tác"
IMPORT_READ_ONLY = "Tài khoản {account} ({role}) chỉ được xem: không nhập hay hoàn tác được báo cáo."
UNDO_UNIT_COLUMNS = {"code": "Mã", "name": "Đơn vị", "level": "Cấp", "rows": "Số bản ghi"}
UNDO_DEPENDANT_COLUMNS = {"id": "Số", "file_name": "Tệp", "kind": "Loại", "user_name": "Người nhập",
                          "uploaded_at": "Thời gian", "villages": "Số thôn dùng"}
IMPORT_TEMPLATES_HEADER = "Tệp mẫu"
IMPORT_TEMPLATE_DOWNLOAD = "Mẫu: {kind}"
IMPORT_HISTORY_COLUMNS = {
    "id": "Số", "file_name": "Tệp", "kind": "Loại", "source": "Nguồn", "user_name": "Người nhập",
    "uploaded_at": "Thời gian", "rows": "Số dòng", "status": "Trạng thái", "undone_at": "Hoàn tác lúc",
    "undone_by": "Người hoàn tác", "errors": "Lỗi", "warnings": "Cảnh báo",
}
IMPORT_ERROR_GENERIC = "Không xử lý được tệp «{file}»: {error}. Chi tiết đã được ghi vào nhật ký."
# Command line of the import
CLI_INGEST_HELP = "nhập tệp Excel báo cáo (số hộ, tổ CNS, BCĐ, báo cáo ngày, doanh nghiệp, chỉ tiêu)"
CLI_INGEST_NO_FILES = "Không tìm thấy tệp Excel nào trong: {paths}."
CLI_INGEST_MISSING = "Không tìm thấy tệp {path}."
CLI_INGEST_LINE = "{file}: {status} — loại {kind}, {rows} dòng{upload}"
CLI_INGEST_UPLOAD = ", lần nhập số {id}"
CLI_INGEST_ISSUE = "  {severity} [{where}] {message}"
CLI_UPLOADS_EMPTY = "Chưa có lần nhập nào."
CLI_UNDO_DONE = "Đã hoàn tác lần nhập số {id} ({file})."
CLI_UNDO_PREVIEW = ("Lần nhập số {id}: «{file}» ({kind}), do {user} nhập lúc {at}, {rows} dòng; "
                    "{units} đơn vị, {days} ngày báo cáo.")
CLI_UNDO_UNITS = "  Đơn vị: {units}"
CLI_UNDO_DAYS = "  Ngày: từ {first} đến {last}"
CLI_UNDO_FIGURE = "  {figure}: {before} → {after}"
CLI_UNDO_DEPENDANT = "  Dựa trên nó: lần nhập số {id} «{file}» của {user} ({villages} thôn)"
CLI_UNDO_REASON = "  Lưu ý: {reason}"
CLI_UNDO_NEED_YES = "Chưa hoàn tác. Kiểm tra các số trên rồi chạy lại với --yes{confirm}."
CLI_UNDO_NEED_CONFIRM_ID = " --confirm-id {id}"
UNDO_FIGURES = {"villages": "Số thôn", "households": "Số hộ", "stores": "Cửa hàng số", "accounts": "Tài khoản TTĐT",
                "teams": "Tổ CNS", "committees": "Ban chỉ đạo"}
CLI_TEMPLATE_DONE = "Đã ghi tệp mẫu «{kind}» vào {path}."

# Progress, phases, reporting, warnings, teams
ALERTS_DAYS_POSITIVE = "các số ngày (pace_days, stalled_days, missing_days) phải từ 1 trở lên."
ALERT_TYPES = {"stalled": "Đứng im", "behind": "Chậm tiến độ", "anomaly": "Số liệu bất thường",
               "missing": "Thiếu báo cáo"}
ALERT_KINDS = {"spike": "Tăng đột biến", "decrease": "Số lũy kế giảm", "over_households": "Vượt số hộ",
               "enterprise_gap": "Lệch với doanh nghiệp"}
ALERT_WHAT = {"stores": "cửa hàng số (xã báo cáo)", "accounts": "tài khoản TTĐT (xã báo cáo)",
              "enterprise_stores": "cửa hàng số (doanh nghiệp)", "enterprise_accounts": "tài khoản TTĐT (doanh nghiệp)"}
ALERT_NEVER = "không bao giờ (tốc độ bằng 0)"
ALERT_STALLED = (
    "Chỉ thêm {new} cửa hàng số trong {days} ngày gần nhất; gần như không tăng từ {since}. Lũy kế {stores} "
    "({pct} số hộ), còn thiếu {gap} hộ để đạt chỉ tiêu."
)
ALERT_BEHIND = (
    "Tốc độ {pace} cửa hàng/ngày ({days} ngày gần nhất), cần {needed}/ngày để đủ {gap} hộ còn thiếu "
    "trước {end}; dự kiến đạt: {projected}."
)
ALERT_PHASE_ENDED = "Giai đoạn đã kết thúc ngày {end}: lũy kế {stores} cửa hàng ({pct}), còn thiếu {gap} hộ."
ALERT_SPIKE = "Ngày {day} báo cáo {value} cửa hàng mới, trong khi ngày cao nhất của {days} ngày trước đó chỉ {usual}."
ALERT_DECREASE = "Số {what} giảm ngày {day} ({value}): số lũy kế đi xuống."
ALERT_OVER_HOUSEHOLDS = "Lũy kế {stores} cửa hàng số, nhiều hơn số hộ ({households})."
ALERT_ENTERPRISE = "Doanh nghiệp báo {enterprise} cửa hàng, xã báo {stores}: lệch {diff} ({pct})."
ALERT_MISSING = "Không báo cáo {days} ngày liền, từ ngày {since}."
ZALO_ALL_REPORTED = "Ngày {date}: tất cả các xã đã gửi báo cáo."
ZALO_MISSING_HEADER = "Các xã chưa gửi báo cáo ngày {date} (hạn {deadline}) — {count} xã:"
ZALO_MISSING_DISTRICT = "{district} ({count} xã):"
ZALO_MISSING_LINE = "  - {commune}"
ZALO_MISSING_FOOTER = "Đề nghị các xã gửi báo cáo ngay. Trân trọng cảm ơn!"
CLI_RANGE_REVERSED = "Ngày --to phải bằng hoặc sau ngày --from."
REPORT_STATUSES = {"on_time": "Đúng hạn", "late": "Muộn", "missing": "Thiếu"}
CHART_NEW_STORES = "Cửa hàng số mới trong ngày"
CHART_PACE_7 = "Bình quân 7 ngày"
CHART_NEW_STORES_AXIS = "Cửa hàng mới"
CHART_NEW_STORES_TITLE = "Cửa hàng số mới mỗi ngày"
CHART_GANTT_TITLE = "Lịch các giai đoạn theo huyện"
CHART_GANTT_TITLE_PHASES = "Lịch các giai đoạn"
CHART_DAYS_SINCE_START = "Số ngày kể từ khi bắt đầu giai đoạn của mình"
CHART_HEATMAP_TITLE = "Báo cáo hằng ngày của các xã (ô trống: ngày chưa thuộc giai đoạn của xã)"
NAV_PROGRESS = "Tiến độ theo địa bàn"
PROGRESS_TITLE = "Tiến độ theo địa bàn"
PROGRESS_CAPTION = (
    "Số liệu lũy kế đến hết ngày {as_of}. Bấm vào một cột để xem đơn vị cấp dưới; bấm tên đơn vị cấp trên "
    "để quay lại. Đường dẫn trên thanh địa chỉ giữ lựa chọn, có thể gửi cho người khác."
)
PROGRESS_CHILDREN = {"district": "Các huyện, thành phố", "commune": "Các xã, phường, thị trấn",
                     "village": "Các thôn, bản, khối phố"}
PROGRESS_PICK = {"district": "Hoặc chọn huyện", "commune": "Hoặc chọn xã", "village": "Hoặc chọn thôn"}
PROGRESS_PICK_PLACEHOLDER = "Chọn để xem chi tiết…"
PROGRESS_CLICK_HINT = ("Tỷ lệ hộ có cửa hàng số; màu xanh là đơn vị đã đạt chỉ tiêu. Bấm vào một cột hoặc một ô "
                       "để xem đơn vị đó.")
PROGRESS_CHART_SHAPE = "Dạng biểu đồ"
PROGRESS_CHART_SHAPES = {"bar": "Biểu đồ cột", "treemap": "Bản đồ ô (theo số hộ)"}
NAV_PHASES = "Giai đoạn"
NAV_DAILY = "Báo cáo hằng ngày"
NAV_WARNINGS = "Cảnh báo"
NAV_TEAMS = "Tổ công nghệ số"
PHASES_TITLE = "Tiến độ theo giai đoạn"
PHASES_CAPTION = (
    "Đến hết ngày {as_of}, {scope}. So sánh phần chỉ tiêu đã đạt với phần thời gian đã qua; tốc độ là bình quân "
    "cửa hàng mới mỗi ngày trong 7 ngày gần nhất; ngày dự kiến đạt tính theo tốc độ đó."
)
PHASES_NO_PHASES = "Chưa có giai đoạn nào gắn với các huyện trong phạm vi này: hãy báo quản trị hệ thống khai báo giai đoạn của từng huyện."
PHASES_METRIC = "{name} ({start} – {end})"
PHASES_SHARE = "{target} chỉ tiêu · {time} thời gian"
PHASE_STATUSES = {"not_started": "Chưa bắt đầu", "starting": "Mới bắt đầu", "reached": "Đã đạt chỉ tiêu",
                  "on_track": "Kịp tiến độ", "late": "Chậm tiến độ"}
PHASES_PROJECTION = "Dự báo theo giai đoạn"
PHASES_PROJECTION_DISTRICTS = "Dự báo theo huyện"
PHASES_PROJECTION_COMMUNES = "Dự báo theo xã, phường"
PHASES_TIMELINE_COMMUNES = "{phase} ({count} xã, phường)"
PHASES_CURVES = "Tỷ lệ hộ có cửa hàng số theo giai đoạn"
PHASES_ALIGNED = "Các huyện tính từ ngày bắt đầu giai đoạn của mình"
PHASES_ALIGNED_PHASES = "Các giai đoạn tính từ ngày bắt đầu của mình"
CHART_PHASE_DASHES = "Nét liền: giai đoạn 1 · nét đứt: giai đoạn 2"
PHASE_COLUMNS = {
    "name": "Đơn vị", "phase_name": "Giai đoạn", "households": "Số hộ", "stores": "Cửa hàng số",
    "stores_target_share": "% chỉ tiêu đã đạt",
    "time_share": "% thời gian đã qua", "stores_pace": "Tốc độ CHS (/ngày)", "accounts_pace": "Tốc độ TK (/ngày)",
    "projected_date": "Dự kiến đạt", "end": "Kết thúc giai đoạn", "status": "Đánh giá",
}
DAILY_TITLE = "Báo cáo hằng ngày của các xã"
DAILY_CAPTION = (
    "Từ đầu chiến dịch đến ngày {as_of}, {scope}. Báo cáo nhận trước {deadline} là đúng hạn, sau đó là muộn; "
    "ngày không có báo cáo là thiếu. Chỉ tính các ngày thuộc giai đoạn của huyện."
)
DAILY_CAPTION_TODAY = (
    "Từ đầu chiến dịch đến ngày {as_of}, {scope}. Báo cáo nhận trước {deadline} là đúng hạn, sau đó là muộn; "
    "ngày không có báo cáo là thiếu. Chỉ tính các ngày thuộc giai đoạn của xã."
)
DAILY_MISSING_TODAY = "Chưa báo cáo ngày {date}: {count} xã — sao chép để gửi nhóm Zalo"
DAILY_NO_DAYS = "Chưa có ngày báo cáo nào trong phạm vi này đến ngày đã chọn (giai đoạn chưa bắt đầu)."
DAILY_COMPLETENESS = "Tỷ lệ đầy đủ"
DAILY_TIMELINESS = "Tỷ lệ đúng hạn"
DAILY_LATE_MISSING = "Báo cáo muộn / thiếu"
DAILY_RATES_DISTRICTS = "Kỷ luật báo cáo theo huyện"
DAILY_RATES_COMMUNES = "Kỷ luật báo cáo theo xã"
DISCIPLINE_COLUMNS = {
    "name": "Đơn vị", "district_name": "Huyện", "expected": "Số ngày phải báo cáo", "on_time": "Đúng hạn",
    "late": "Muộn", "missing": "Thiếu", "completeness_pct": "Tỷ lệ đầy đủ (%)", "timeliness_pct": "Tỷ lệ đúng hạn (%)",
}
WARNINGS_TITLE = "Cảnh báo sớm"
WARNINGS_CAPTION = (
    "Tại ngày {as_of}, {scope}: xã đứng im, chậm tiến độ, số liệu bất thường, thiếu báo cáo nhiều ngày liền. "
    "Ngưỡng cảnh báo do quản trị hệ thống đặt chung cho cả tỉnh."
)
WARNINGS_FILTER_TYPE = "Loại cảnh báo"
WARNINGS_FILTER_DISTRICT = "Huyện"
WARNINGS_ALL_DISTRICTS = "Tất cả các huyện"
WARNINGS_NONE = "Không có cảnh báo nào tại ngày này."
WARNINGS_NONE_FILTERED = "Không có cảnh báo nào khớp bộ lọc."
WARNINGS_OPEN = "Xem tiến độ"
WARNING_COLUMNS = {"name": "Xã", "severity": "Mức độ", "type": "Loại", "since": "Từ ngày", "gap": "Còn thiếu",
                   "message": "Nội dung", "link": "Xem", "district_name": "Huyện", "phase_name": "Giai đoạn"}
ALERT_SEVERITIES = {1: "Cao", 2: "Trung bình", 3: "Thấp"}
WARNINGS_ORDER = ("Mức độ cao trước, rồi xã còn thiếu nhiều hộ nhất. «Từ ngày» là ngày vấn đề bắt đầu "
                  "(ngày đầu tiên không tăng, ngày đầu tiên thiếu báo cáo…).")
TEAMS_TITLE = "Tổ công nghệ số cộng đồng và Ban chỉ đạo"
TEAMS_CAPTION = (
    "{scope}. Mỗi thôn một tổ: tổ trưởng là trưởng thôn và ít nhất {members} thành viên khác; số thành viên tính cả "
    "tổ trưởng. Tên nhóm Zalo của xã theo mẫu `KTS_<Xã>_<Huyện>_<Viettel|Buudien>`, viết liền, không dấu."
)
TEAMS_CAPTION_TODAY = (
    "{scope}. Mỗi thôn một tổ: tổ trưởng là trưởng thôn và ít nhất {members} thành viên khác; số thành viên tính cả "
    "tổ trưởng. Tên nhóm Zalo của xã theo mẫu `KTS_<Xã>_<Viettel|Buudien>`, viết liền, không dấu."
)
TEAMS_PER_COMMUNE = "Tổ CNS, Ban chỉ đạo và nhóm Zalo theo xã"
TEAMS_GAPS = "Thôn chưa có tổ, tổ chưa đủ thành viên hoặc tổ trưởng không phải trưởng thôn ({count})"
TEAMS_NO_TEAM = "Chưa có tổ"
TEAMS_NOT_FULL = "Tổ chưa đủ thành viên"
TEAMS_LEADER_NOT_HEAD = "Tổ trưởng không phải trưởng thôn"
TEAMS_COMMITTEE = "Thành viên Ban chỉ đạo chuyển đổi số của xã"
TEAMS_NO_COMMITTEE = "Xã chưa có quyết định thành lập Ban chỉ đạo. Tải lên quyết định ở trang «Nhập báo cáo»."
TEAMS_MEMBERS = "Thành viên các tổ công nghệ số cộng đồng"
TEAMS_MEMBERS_VILLAGE = "Thôn"
TEAMS_MEMBERS_ALL_VILLAGES = "Tất cả các thôn của xã"
TEAMS_NO_MEMBERS = "Chưa có danh sách thành viên tổ của xã này."
TEAM_ROLE_LEADER = "Tổ trưởng"
TEAMS_PICK_COMMUNE = "Chọn một xã ở thanh bên để xem danh sách thành viên các tổ và Ban chỉ đạo."
YES = "Có"
NO = "Chưa"
ZALO_OK = "Đúng mẫu"
ZALO_WRONG = "Sai mẫu"
TEAM_COLUMNS = {
    "name": "Đơn vị", "district_name": "Huyện", "commune_name": "Xã", "villages": "Số thôn", "teams": "Tổ CNS",
    "members": "Thành viên", "full_teams": "Tổ đủ thành viên", "villages_without_team": "Thôn chưa có tổ",
    "villages_not_full": "Thôn chưa có tổ đủ", "leaders_not_head": "Tổ trưởng không phải trưởng thôn",
    "committee": "Có BCĐ", "committee_members": "Thành viên BCĐ", "heads": "Trưởng ban", "deputies": "Phó ban",
    "ordinary_members": "Ủy viên", "postal_partner": "Doanh nghiệp", "zalo_group": "Nhóm Zalo",
    "zalo_expected": "Tên đúng mẫu", "zalo_ok": "Kiểm tra", "problem": "Vấn đề", "leader_name": "Tổ trưởng",
    "leader_position": "Chức vụ tổ trưởng", "row_no": "TT", "honorific": "Danh xưng", "full_name": "Họ tên",
    "position": "Chức vụ", "committee_role": "Vai trò", "duties": "Nhiệm vụ", "village_name": "Thôn",
    "team_role": "Nhiệm vụ trong Tổ", "phone": "Điện thoại",
}

# Import: what a table's columns mean, cells set aside, cells the importer cannot trust
IMPORT_USE = {"used": "dùng", "check": "đối chiếu", "aside": "bỏ qua", "name": "tên đơn vị", "date": "ngày"}
IMPORT_MEANING_DAILY = "trong ngày"
IMPORT_MEANING_CUMULATIVE = "lũy kế"
IMPORT_MEANING_COUNT = "số lượng"
IMPORT_MEANING_PCT = "tỷ lệ %"
IMPORT_MEANING_ON = "ngày {date}"
IMPORT_MEANING_FIELDS = {
    "tt": "số thứ tự", "district": "tên huyện", "commune": "tên xã", "village": "tên thôn", "unit": "tên đơn vị",
    "date": "ngày báo cáo", "sent_at": "thời gian gửi", "households": "số hộ", "notes": "ghi chú",
    "source": "doanh nghiệp", "uom": "đơn vị tính", "old_commune": "tên xã cũ (danh mục của chiến dịch)",
    "new_commune": "tên xã mới (sau 1/7/2025)",
}
IMPORT_ASIDE_UNKNOWN = "không nhận ra tiêu đề cột"
IMPORT_ASIDE_TARGET = "chỉ tiêu được giao, không phải số liệu báo cáo"
IMPORT_ASIDE_HOUSEHOLDS = "số hộ: chỉ dùng để đối chiếu tỷ lệ"
IMPORT_CHECK_PCT = "cột dùng để đối chiếu: tỷ lệ % không bao giờ được đọc thành số lượng"
IMPORT_CHECK_PCT_NO_BASE = "cột tỷ lệ: không có cột lũy kế cùng chỉ tiêu nên không đối chiếu được"
IMPORT_PCT_MISMATCH = ("Tỷ lệ ghi {stated} % nhưng {indicator} {count} trên {households} hộ là {actual} %: "
                       "hãy kiểm tra lại số liệu.")
IMPORT_PCT_IN_COUNT = ("Ô ghi tỷ lệ phần trăm trong một cột số lượng: tỷ lệ không được đọc thành số lượng. "
                       "Hãy ghi số lượng, hoặc đặt tỷ lệ vào cột «Tỷ lệ (%)» riêng.")
IMPORT_DUPLICATE_COLUMN = ("Hai cột cùng là «{meaning}»: cột {first} «{first_header}» và cột {second} "
                           "«{second_header}». Không biết cột nào đúng: hãy xóa một cột rồi gửi lại.")
IMPORT_HIDDEN_LEFT_OUT = ("Đã bỏ qua ô bị ẩn: {what}. Số liệu ẩn thường là bản nháp cũ; nếu cần nhập, hãy chọn "
                          "«Đọc cả ô ẩn» khi nhập.")
IMPORT_HIDDEN_INCLUDED = "Đã đọc cả ô bị ẩn theo lựa chọn của người nhập: {what}."
IMPORT_HIDDEN_ROWS = "hàng {rows}"
IMPORT_HIDDEN_COLUMNS = "cột {columns}"
IMPORT_HIDDEN_SHEET = "Trang tính ẩn «{sheet}» không được đọc (chọn «Đọc cả ô ẩn» để đọc)."
IMPORT_NOT_INSPECTED = ("Tệp .xls/.ods: không kiểm tra được hàng, cột ẩn, định dạng phần trăm và công thức chưa có "
                        "giá trị. Nếu có thể, hãy mở tệp trong Excel và lưu lại dạng .xlsx rồi gửi lại.")
IMPORT_FORMULA_NO_VALUE = ("Các ô {cells} là công thức chưa có giá trị (tệp do phần mềm tạo, chưa mở bằng Excel): "
                           "hãy mở tệp bằng Excel, lưu lại rồi gửi lại.")
IMPORT_FORMULA_CHECK_SKIPPED = ("Các ô {cells} là công thức chưa có giá trị: bỏ qua phần đối chiếu với các ô này "
                                "(số liệu được nhập không phụ thuộc vào chúng).")
IMPORT_MERGED_FIGURE = ("Ô {cells} được gộp qua nhiều dòng ({first}–{last}) nên một số liệu dùng chung cho nhiều đơn "
                        "vị và không chia được: hãy bỏ gộp ô và ghi số của từng dòng.")
IMPORT_SERIAL_DATE_OUTSIDE = ("Số {value} đọc như ngày {date} (số ngày kiểu Excel) nằm ngoài thời gian chiến dịch: "
                              "hãy ghi ngày dạng dd/mm/yyyy.")
IMPORT_COUNT_KIND_UNCLEAR = ("Cột {column} «{header}» không ghi là số «Trong ngày» (mở mới) hay «Lũy kế», mà "
                             "tiêu đề báo cáo hoặc cột tỷ lệ % bên cạnh cho thấy có thể là số lũy kế: không đoán được. "
                             "Hãy ghi rõ trong tiêu đề cột, hoặc chọn «Số liệu trong các cột» khi nhập.")
IMPORT_PERIOD_TITLE = ("Tiêu đề báo cáo ghi một khoảng thời gian (từ ngày … đến ngày …) nhưng bảng không có cột "
                       "ngày: không biết số liệu thuộc ngày nào. Hãy gửi số liệu theo từng ngày (thêm cột «Ngày»), "
                       "hoặc chọn «Nhập ngày báo cáo» khi nhập.")
IMPORT_VALUES_LABEL = "Số liệu trong các cột (khi tệp không ghi)"
IMPORT_VALUES = {None: "Theo tệp (hỏi nếu không rõ)", "daily": "Số mở mới trong ngày", "cumulative": "Số lũy kế"}
CLI_INGEST_TABLE = "  Bảng ở trang «{sheet}», tiêu đề cột tại dòng {row}:"
CLI_INGEST_COLUMN = "    cột {column} «{header}»: {use} – {meaning}"
CLI_INGEST_MATCH = "  đọc «{text}» (dòng {row}) là {unit}, {district}"
IMPORT_LAYOUT_COLUMNS = {"column": "Cột", "header": "Tiêu đề cột", "use": "Cách dùng", "meaning": "Ý nghĩa"}
IMPORT_MATCH_COLUMNS = {"sheet": "Trang tính", "row": "Dòng", "column": "Cột", "text": "Tệp ghi",
                        "unit": "Đọc là", "district": "Thuộc huyện"}
IMPORT_LAYOUT_HEADER = "Cách đọc bảng ở trang «{sheet}» (tiêu đề cột tại dòng {row}, dữ liệu dòng {first}–{last})"
IMPORT_LAYOUT_HIDDEN = "Ô ẩn: {what}."
IMPORT_MATCHES_HEADER = "Tên đơn vị đọc gần đúng ({count}): hãy kiểm tra trước khi xác nhận"
IMPORT_INCLUDE_HIDDEN = "Đọc cả ô ẩn"
IMPORT_INCLUDE_HIDDEN_HELP = ("Mặc định, trang tính, hàng và cột bị ẩn không được đọc (thường là bản nháp cũ) và "
                              "được liệt kê trong phần xem trước.")
IMPORT_TARGET_UNIT_LABEL = "Đơn vị chỉ tiêu (khi tệp không ghi)"
IMPORT_TARGET_UNITS = {None: "Theo tệp (hỏi nếu không ghi)", "pct": "% số hộ", "households": "Số hộ"}
IMPORT_UNIT_WORD_OTHER = "Ô ghi kèm đơn vị của một chỉ tiêu khác, không phải {indicator}: hãy kiểm tra lại cột."
IMPORT_MEANING_SCALE = "nhân {factor} (theo đơn vị ghi ở tiêu đề)"
IMPORT_COL_SHEET = "Trang tính"
IMPORT_COL_ROW = "Dòng"
IMPORT_COL_COMMUNE = "Thuộc xã"
IMPORT_COL_DISTRICT = "Thuộc huyện"
IMPORT_VILLAGE_CUMULATIVE_OVER_COMMUNE = (
    "Lũy kế của {village} không tách được phần đã tính: trước ngày {date}, {commune} đã báo cáo số tổng của "
    "cả xã và {village} chưa có số liệu riêng. Hãy gửi số «Trong ngày» theo thôn, hoặc lũy kế của cả xã.")
IMPORT_OPTION_CONTRADICTS_TITLE = ("Tiêu đề của tệp ghi {named} nhưng khi nhập lại chọn {chosen}: không biết bên nào "
                                   "đúng. Hãy bỏ chọn hoặc chọn đúng đơn vị rồi kiểm tra lại.")
IMPORT_DAILY_LIKE_TOTAL = ("Số {value} được hiểu là số mở mới trong ngày (cột không ghi «Trong ngày» hay «Lũy kế») "
                           "nhưng không nhỏ hơn tổng đã có đến hôm trước ({before}): có thể đây là số lũy kế. Nếu "
                           "đúng vậy, hãy chọn «Số lũy kế» khi nhập.")

# Accounts and access
ACCESS_DENIED_VIEW = "Tài khoản không có quyền xem số liệu của đơn vị này."
ACCESS_DENIED_ADMIN = "Chỉ tài khoản quản trị được làm việc này."
ACCESS_DENIED_PROVINCE_LIST = "Danh sách mọi xã, thôn của toàn tỉnh chỉ dành cho tài khoản cấp tỉnh."
ACCESS_DENIED_LINK = ("Đường dẫn trỏ tới địa bàn ngoài phạm vi của tài khoản «{user}»; "
                      "đang hiển thị địa bàn của tài khoản.")
ACCESS_NO_SCOPE = "Tài khoản chưa được giao địa bàn nên không xem được số liệu."
# An account's scope is a unit of the hierarchy it was given in; a campaign on another hierarchy
# keeps it only where one unit there is made of that unit alone (analytics/lineage.py).
SCOPE_NOT_IN_CAMPAIGN = "Địa bàn «{code}» của tài khoản không có trong danh mục hành chính của chiến dịch này."
SCOPE_DISTRICT_GONE = (
    "Chiến dịch này dùng danh mục hành chính sau 1/7/2025, không còn cấp huyện: tài khoản được giao {name} "
    "(danh mục {version}) nên không có địa bàn trong chiến dịch. Địa bàn cũ nay thuộc: {units}. Quản trị "
    "viên có thể cấp tài khoản cấp xã cho các xã này, hoặc chọn chiến dịch khác ở thanh bên.")
SCOPE_CHANGED = (
    "Tài khoản được giao {name} (danh mục {version}); trong danh mục của chiến dịch này địa bàn đó ứng với "
    "{units}{others}. Phạm vi của tài khoản không tự động mở rộng hay đổi sang địa bàn khác, nên tài khoản không "
    "xem được số liệu của chiến dịch này. Quản trị viên có thể cấp tài khoản cho địa bàn của danh mục này, hoặc "
    "chọn chiến dịch khác ở thanh bên.")
SCOPE_CHANGED_OTHERS = " (gộp cùng {others})"
CLI_UNKNOWN_USER = "Không có tài khoản «{user}» (hoặc tài khoản đã bị khóa)."
ROLES = {"admin": "Quản trị", "district": "Cán bộ huyện", "commune": "Cán bộ xã", "viewer": "Người xem"}

# HTTP API and API tokens (analytics/api.py, analytics/api_tokens.py, ui/api_routes.py, CLI --server)
API_NO_TOKEN = "Thiếu mã truy cập: gửi kèm tiêu đề «Authorization: Bearer <mã>» (tạo mã bằng `python -m analytics user token create`)."
API_BAD_TOKEN = "Mã truy cập không hợp lệ, đã bị thu hồi hoặc tài khoản của nó đã bị khóa."
API_BAD_CHOICE = "Tham số {key}=«{value}» không hợp lệ; chọn một trong: {allowed}."
API_BAD_DATE = "Tham số {key}=«{value}» phải là ngày dạng YYYY-MM-DD."
API_BAD_NUMBER = "Tham số {key}=«{value}» phải là số nguyên."
API_MISSING = "Thiếu tham số {key}."
API_NO_FILE = "Thiếu tệp: gửi tệp Excel trong trường «file» (multipart/form-data)."
API_FILE_TOO_LARGE = "Tệp lớn hơn giới hạn {mb} MB."
API_UPLOADS_WRITERS_ONLY = "Danh sách các lần nhập chỉ dành cho tài khoản được nhập báo cáo."
API_UNDO_NEED_YES = "Chưa hoàn tác lần nhập số {id}: kiểm tra bản xem trước rồi gửi lại với yes=true."
API_NOT_FOUND = "Không có địa chỉ này trong API."
API_INTERNAL = "Lỗi máy chủ khi xử lý yêu cầu; chi tiết đã được ghi vào nhật ký của máy chủ."
API_TOKEN_NAME_NEEDED = "Hãy đặt tên cho mã truy cập (nó dùng vào việc gì)."
API_TOKEN_NOT_OWN = "Chỉ tài khoản quản trị được quản lý mã truy cập của tài khoản khác («{name}»)."
API_TOKEN_UNKNOWN = "Không có mã truy cập số {id}."
API_TOKEN_ALREADY_REVOKED = "Mã truy cập số {id} đã bị thu hồi trước đó."
CLI_TOKEN_HELP = "mã truy cập API cho tập lệnh (tạo, liệt kê, thu hồi)"
CLI_TOKEN_CREATED = ("Đã tạo mã truy cập số {id} «{name}» cho tài khoản {account}. Mã chỉ hiện một lần, hãy lưu ngay "
                     "(ví dụ vào biến môi trường DASHBOARD_TOKEN):\n{secret}")
CLI_TOKEN_REVOKED = "Đã thu hồi mã truy cập số {id}."
CLI_TOKENS_EMPTY = "Chưa có mã truy cập nào."
CLI_SERVER_HELP = "làm việc qua API của bảng điều khiển đang chạy tại URL này (mặc định: $DASHBOARD_URL khi tệp bị khóa)"
CLI_TOKEN_OPTION_HELP = "mã truy cập API (mặc định: $DASHBOARD_TOKEN)"
CLI_SERVER_NEED_TOKEN = "Cần mã truy cập API: ghi --token MÃ hoặc đặt biến môi trường DASHBOARD_TOKEN."
CLI_SERVER_UNREACHABLE = "Không kết nối được máy chủ {url}: {error}."
CLI_SERVER_BAD_ANSWER = "Máy chủ {url} trả lời không như mong đợi (mã {status})."
CLI_LOCKED_USING_SERVER = "Tệp cơ sở dữ liệu đang bị bảng điều khiển giữ: làm việc qua máy chủ {url}."
CLI_LOCKED_TRY_SERVER = (" Hoặc làm việc qua bảng điều khiển đang chạy: thêm --server URL --token MÃ (hoặc đặt "
                         "DASHBOARD_URL và DASHBOARD_TOKEN).")

# Page "Nhật ký" (the audit trail, admins only)
NAV_AUDIT = "Nhật ký"
AUDIT_PAGE_TITLE = "Nhật ký thao tác"
AUDIT_PAGE_CAPTION = ("Mọi lần ghi dữ liệu (nhập, hoàn tác, bộ trọng số, dữ liệu mẫu, khởi tạo) và mọi lần đăng nhập, "
                      "ghi cùng giao dịch với thay đổi. Mới nhất ở trên.")
AUDIT_ACCOUNT = "Tài khoản"
AUDIT_ACTION = "Hành động"
AUDIT_PERIOD = "Từ ngày – đến ngày"
AUDIT_ALL = "Tất cả"
AUDIT_EMPTY = "Không có dòng nhật ký nào khớp bộ lọc."
AUDIT_COUNT = "{count} dòng nhật ký."
AUDIT_EXPORT_TITLE = "NHẬT KÝ THAO TÁC TRÊN BẢNG ĐIỀU KHIỂN"
AUDIT_COLUMNS = {"id": "Số", "logged_at": "Thời gian", "username": "Tài khoản", "client": "Địa chỉ máy",
                 "action": "Hành động", "campaign": "Chiến dịch", "object": "Đối tượng", "details": "Chi tiết"}
AUDIT_ACTIONS = {
    "import": "Nhập báo cáo", "import_refused": "Nhập bị từ chối", "undo": "Hoàn tác lần nhập",
    "preset_save": "Lưu bộ trọng số", "preset_delete": "Xóa bộ trọng số", "demo": "Tạo dữ liệu mẫu",
    "init": "Khởi tạo cơ sở dữ liệu", "login_ok": "Đăng nhập", "login_failed": "Đăng nhập sai",
    "login_locked": "Khóa đăng nhập", "logout": "Đăng xuất", "account_add": "Thêm tài khoản",
    "account_disable": "Khóa tài khoản", "account_password": "Đổi mật khẩu",
    "login_while_locked": "Đăng nhập khi đang bị khóa", "demo_replace": "Thay bằng dữ liệu mẫu",
    "login_oidc_ok": "Đăng nhập bằng tài khoản tổ chức", "login_oidc_unknown": "Tài khoản tổ chức không được nhận",
    "api_token_create": "Tạo mã truy cập API", "api_token_revoke": "Thu hồi mã truy cập API",
    "api_request": "Yêu cầu qua API", "api_token_refused": "Mã truy cập API bị từ chối",
}
# Sign-in and accounts (analytics/accounts.py, ui/auth.py, `python -m analytics user`)
LOGIN_TITLE = "Đăng nhập"
LOGIN_INTRO = "Đăng nhập để xem bảng điều khiển chuyển đổi số cấp xã."
LOGIN_USERNAME = "Tên đăng nhập"
LOGIN_PASSWORD = "Mật khẩu"
LOGIN_SUBMIT = "Đăng nhập"
LOGIN_FAILED = "Tên đăng nhập hoặc mật khẩu không đúng."
LOGIN_LOCKED = ("Đăng nhập bị tạm khóa {minutes} phút sau {count} lần nhập sai liên tiếp. Hãy thử lại sau, hoặc "
                "liên hệ quản trị viên.")
LOGIN_EMPTY = "Hãy nhập tên đăng nhập và mật khẩu."
LOGIN_EXPIRED = "Phiên làm việc đã hết hạn hoặc không hợp lệ: hãy đăng nhập lại."
LOGIN_OIDC = "Đăng nhập bằng tài khoản tổ chức"
LOGIN_OIDC_UNKNOWN = "Địa chỉ thư {email} chưa gắn với tài khoản nào đang hoạt động: hãy liên hệ quản trị viên."
LOGOUT = "Đăng xuất"
SIGNED_IN_AS = "**{name}** · {role}{scope}"
DEMO_BANNER = "Dữ liệu mẫu"
DEMO_ACCOUNTS_INTRO = ("Cơ sở dữ liệu này là mùa dữ liệu mẫu Lạng Sơn 2021. Các tài khoản mẫu (mật khẩu công khai, "
                       "không dùng cho dữ liệu thật):")
DEMO_SCOPE_VERSION = "{name} (danh mục {version})"
DEMO_ACCOUNT_COLUMNS = {"username": "Tên đăng nhập", "password": "Mật khẩu", "role": "Vai trò", "scope": "Phạm vi"}
PROVINCE_SCOPE = "Toàn tỉnh"
ACCOUNT_BAD_USERNAME = ("Tên đăng nhập «{name}» không hợp lệ: 2–40 ký tự gồm chữ thường không dấu, chữ số và . _ -, "
                        "bắt đầu bằng chữ hoặc số.")
ACCOUNT_EXISTS = "Đã có tài khoản «{name}»."
ACCOUNT_UNKNOWN = "Không có tài khoản «{name}»."
ACCOUNT_BAD_ROLE = "Vai trò «{role}» không hợp lệ (admin, district, commune, viewer)."
ACCOUNT_SCOPE_ADMIN = "Tài khoản quản trị có phạm vi toàn tỉnh: không ghi --scope."
ACCOUNT_SCOPE_NEEDED = "Vai trò {role} cần phạm vi: {level} (--scope TÊN hoặc MÃ)."
ACCOUNT_SCOPE_LEVEL = "«{scope}» không phải {level} của tỉnh."
ACCOUNT_SHORT_PASSWORD = "Mật khẩu phải có ít nhất {min} ký tự."
ACCOUNT_BAD_EMAIL = "Địa chỉ thư «{email}» không hợp lệ."
ACCOUNT_EMAIL_TAKEN = "Địa chỉ thư «{email}» đã gắn với tài khoản «{name}»."
CLI_USER_HELP = "quản lý tài khoản đăng nhập (cần --as-admin hoặc --user của một tài khoản quản trị)"
CLI_AS_ADMIN_HELP = "làm với tư cách người vận hành máy (quản trị toàn tỉnh); nhật ký ghi tên người dùng hệ thống"
CLI_ACTING_USER_HELP = "làm với tư cách tài khoản này (hỏi mật khẩu, hoặc đọc từ --password-stdin)"
CLI_PASSWORD_STDIN_HELP = "đọc mật khẩu từ dòng đầu của đầu vào chuẩn thay vì hỏi"
CLI_NEED_ACTOR = ("Lệnh này ghi dữ liệu: hãy ghi --user TÊN (một tài khoản) hoặc --as-admin (người vận hành máy). "
                  "Cơ sở dữ liệu mới chưa có tài khoản: tạo tài khoản quản trị đầu tiên bằng "
                  "`python -m analytics user add TÊN --role admin --as-admin`.")
CLI_BOTH_ACTORS = "Chỉ ghi một trong --user và --as-admin."
CLI_ACTOR_REFUSED = "Không dùng được tài khoản «{name}»: tài khoản không có, đã bị khóa hoặc sai mật khẩu."
CLI_ACTOR_NOT_WRITER = "Tài khoản «{name}» ({role}) không được ghi dữ liệu."
CLI_PASSWORD_PROMPT = "Mật khẩu của {name}: "
CLI_NEW_PASSWORD_PROMPT = "Mật khẩu mới cho {name}: "
CLI_NEW_PASSWORD_AGAIN = "Nhập lại mật khẩu mới: "
CLI_PASSWORD_MISMATCH = "Hai lần nhập mật khẩu không khớp."
CLI_PASSWORD_NONE = "Không đọc được mật khẩu từ đầu vào chuẩn."
CLI_USER_ADDED = "Đã tạo tài khoản {name} ({role}{scope})."
CLI_USER_DISABLED = "Đã vô hiệu hóa tài khoản {name} và kết thúc các phiên đăng nhập của nó."
CLI_USER_PASSWORD_SET = "Đã đặt mật khẩu mới cho {name} (mở khóa nếu đang bị khóa)."
CLI_USERS_EMPTY = "Chưa có tài khoản nào."
IMPORT_SHEET_TOO_LARGE = ("Trang tính «{sheet}» khai báo hoặc dùng tới {rows} hàng × {columns} cột, vượt giới hạn "
                          "đọc an toàn ({max_rows} hàng, {max_columns} cột, {max_cells} ô): tệp không được đọc. Nếu là báo cáo thật, "
                          "hãy xóa các hàng, cột thừa ở cuối trang tính rồi lưu lại.")
# Import: the reading worker process (a hostile file must not take the server down).
IMPORT_UNSAFE = ("Tệp không đọc được an toàn ({reason}): tệp không được nhập, hệ thống vẫn hoạt động bình thường. "
                 "Nếu là báo cáo thật, hãy mở bằng Excel, xóa các hàng, cột thừa rồi lưu lại, hoặc tách thành "
                 "các tệp nhỏ hơn.")
IMPORT_UNSAFE_TIME = "quá thời gian đọc cho phép {seconds} giây"
IMPORT_UNSAFE_MEMORY = "vượt bộ nhớ cho phép {mb} MB"
IMPORT_UNSAFE_CRASH = "trình đọc dừng đột ngột"
IMPORT_FAILED_DUPLICATE = "Tệp đã được một phiên khác nhập trước (lần nhập số {id}); lần này không ghi gì."
IMPORT_FAILED_ERROR = "Lỗi khi ghi ({error}); không có dữ liệu nào được ghi."
IMPORT_INTERRUPTED = "Lần nhập bị ngắt giữa chừng (tiến trình dừng đột ngột); không có dữ liệu nào được ghi."
