"""Vietnamese texts of the demo data: fictitious units, documents and notes (never criterion texts)."""

from __future__ import annotations

PROVINCE_CODE = "96"  # Cà Mau
MAIN_COMMUNE_CODE = "32092"  # Xã Hồ Thị Kỷ
OTHER_COMMUNE_CODES = ("31825", "32152", "32191", "32248", "32014")  # Bạc Liêu, Đầm Dơi, Năm Căn…

RESIDENTIAL_AREAS = (
    ("ấp", "Tân Hưng"),
    ("ấp", "Cây Khô"),
    ("ấp", "Lung Lá"),
    ("ấp", "Phú Hiệp"),
    ("ấp", "Kinh Hòa"),
    ("ấp", "Bà Điều"),
    ("ấp", "Tân Phong"),
    ("ấp", "Đường Cuốc"),
    ("ấp", "Thị Tường"),
    ("ấp", "Hòa Thành"),
)
AGENCIES = (
    ("agency", "", "Trạm Y tế xã Hồ Thị Kỷ"),
    ("agency", "", "Bưu điện văn hóa xã Hồ Thị Kỷ"),
    ("enterprise", "", "Công ty TNHH Chế biến Thủy sản Tân Hưng"),
)
SCHOOLS = (
    ("school", "", "Trường THCS Hồ Thị Kỷ"),
    ("school", "", "Trường THPT Hồ Thị Kỷ"),
)

ISSUER_COMMUNE = "ỦY BAN NHÂN DÂN TỈNH CÀ MAU\nỦY BAN NHÂN DÂN XÃ HỒ THỊ KỶ"
ISSUER_POLICE = "CÔNG AN TỈNH CÀ MAU\nCÔNG AN XÃ HỒ THỊ KỶ"
ISSUER_PARTY = "ĐẢNG BỘ TỈNH CÀ MAU\nĐẢNG ỦY XÃ HỒ THỊ KỶ"
# The issuer as a clerk writes it in a list (the capitals are the document's heading only).
ISSUER_NAMES = {
    ISSUER_COMMUNE: "Ủy ban nhân dân xã Hồ Thị Kỷ",
    ISSUER_POLICE: "Công an xã Hồ Thị Kỷ",
    ISSUER_PARTY: "Đảng ủy xã Hồ Thị Kỷ",
}
PLACE = "Hồ Thị Kỷ"

# Establishments of each commune of the province-scale demo, in order: kind and name ({commune}:
# "xã Tân Thuận", {name}: "Tân Thuận").
PROVINCE_ESTABLISHMENTS = (
    ("agency", "Trạm Y tế {commune}"),
    ("enterprise", "Công ty TNHH Thủy sản {name}"),
    ("school", "Trường THCS {name}"),
    ("agency", "Bưu điện văn hóa {commune}"),
    ("enterprise", "Công ty cổ phần Xây dựng {name}"),
)

# Titles of the province-scale demo's reports, in turn.
PROVINCE_REPORT_TITLES = (
    "Báo cáo tình hình an ninh, trật tự quý I năm {year} của {unit}",
    "Báo cáo kết quả tuần tra, kiểm soát năm {year} của {unit}",
    "Báo cáo sơ kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm {year} của {unit}",
    "Báo cáo kết quả tuyên truyền phòng, chống tội phạm năm {year} của {unit}",
)

# kind → (title, issuer, number pattern, body paragraphs); the title's document type in capitals
# (as printed), its subject in ordinary letters.
DOCUMENTS = {
    "NQ": (
        "NGHỊ QUYẾT về lãnh đạo công tác bảo đảm an ninh, trật tự năm {year}",
        ISSUER_PARTY,
        "{n:02d}-NQ/ĐU",
        [
            "Đảng ủy xã quyết nghị tiếp tục lãnh đạo, chỉ đạo thực hiện đồng bộ các giải pháp bảo "
            "đảm an ninh, trật tự trên địa bàn {unit}.",
            "Phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}; duy trì hiệu quả "
            "các mô hình phong trào toàn dân bảo vệ an ninh Tổ quốc ở cơ sở.",
        ],
    ),
    "KH": (
        "KẾ HOẠCH bảo đảm an ninh, trật tự năm {year}",
        ISSUER_COMMUNE,
        "{n:02d}/KH-UBND",
        [
            "Thực hiện nghị quyết của Đảng ủy, Ủy ban nhân dân xã ban hành kế hoạch bảo đảm an "
            "ninh, trật tự năm {year} tại {unit}.",
            "Các ấp, cơ quan, doanh nghiệp, cơ sở giáo dục đăng ký phấn đấu và tổ chức thực hiện "
            "các tiêu chí theo Thông tư 124/2021/TT-BCA.",
        ],
    ),
    "ĐK": (
        "BẢN ĐĂNG KÝ phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}",
        ISSUER_COMMUNE,
        "{n:02d}/ĐK-UBND",
        [
            "{unit} đăng ký phấn đấu đạt tiêu chuẩn “An toàn về an ninh, trật tự” năm {year}.",
            "100% hộ gia đình đang cư trú trên địa bàn đăng ký tham gia.",
        ],
    ),
    "BC": (
        "BÁO CÁO kết quả thực hiện các tiêu chí năm {year}",
        ISSUER_POLICE,
        "{n:02d}/BC-CAX",
        [
            "Trong kỳ đánh giá, tình hình an ninh chính trị, trật tự an toàn xã hội tại {unit} "
            "cơ bản ổn định; không để xảy ra tội phạm nghiêm trọng.",
            "Tội phạm về trật tự xã hội giảm so với cùng kỳ; các vụ việc phát sinh đều được giải "
            "quyết kịp thời.",
        ],
    ),
    "BB": (
        "BIÊN BẢN họp đánh giá tình hình, kết quả thực hiện các tiêu chí năm {year}",
        ISSUER_POLICE,
        "{n:02d}/BB-CAX",
        [
            "Hôm nay, tại hội trường {unit}, cuộc họp đánh giá kết quả thực hiện các tiêu chí "
            "được tổ chức với sự tham dự của đại diện cấp ủy, chính quyền và Nhân dân.",
            "Hội nghị thống nhất đề nghị xét công nhận đạt tiêu chuẩn theo quy định.",
        ],
    ),
}

PHOTO_CAPTIONS = (
    "Hội nghị triển khai phong trào toàn dân bảo vệ an ninh Tổ quốc",
    "Tổ an ninh, trật tự ấp Tân Hưng tuần tra ban đêm",
    "Ra mắt mô hình “Camera an ninh” ấp Cây Khô",
    "Tuyên truyền phòng, chống ma túy tại Trường THCS Hồ Thị Kỷ",
    "Diễn tập phòng cháy, chữa cháy tại Công ty Thủy sản Tân Hưng",
    "Họp dân ấp Phú Hiệp đánh giá tình hình an ninh, trật tự",
    "Trao tặng xe đạp cho học sinh nghèo vượt khó",
    "Ký cam kết không vi phạm pháp luật tại ấp Lung Lá",
)

REMEDIATIONS = {
    "funding": "Đề nghị Ủy ban nhân dân xã bố trí kinh phí và cơ sở vật chất cho phong trào trong "
    "dự toán năm sau; Trưởng Công an xã tham mưu trước ngày 31/3.",
    "headquarters": "Xây dựng trụ sở làm việc độc lập của Công an xã theo kế hoạch của Công an "
    "tỉnh; dự kiến khởi công quý II năm sau.",
    "generic": "Rà soát, bổ sung biện pháp khắc phục; báo cáo kết quả trước đợt đánh giá tiếp theo.",
}

NA_REASON = "Đơn vị không có tổ chức Đảng; tiêu chí không áp dụng theo quy định."

# What the appraising office writes when it returns an assessment for correction.
RETURN_REASON = (
    "Bổ sung biên bản họp đánh giá có chữ ký của các thành phần tham dự; kế hoạch bảo đảm an "
    "ninh, trật tự năm nay chưa có số, ngày ban hành."
)
