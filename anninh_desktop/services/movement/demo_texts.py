"""Words of the movement's demo data: fictitious models, people and documents (never legal text)."""

from __future__ import annotations

from anninh_desktop.domain.movement import ModelField

# Models a province defines for itself (demo): name, field.
PROVINCE_MODELS = (
    ("Tổ tuần tra nhân dân", ModelField.SECURITY_ORDER),
    ("Cổng trường an toàn giao thông", ModelField.TRAFFIC),
    ("Câu lạc bộ phòng, chống ma túy", ModelField.DRUGS),
    ("Tổ giúp đỡ người lầm lỗi tái hòa nhập cộng đồng", ModelField.REINTEGRATION),
    ("Doanh nghiệp tự quản về an ninh, trật tự", ModelField.SECURITY_ORDER),
    ("Tổ nhân dân tự quản phòng, chống tội phạm", ModelField.CRIME_PREVENTION),
)
# The demo province's document for its models.
PROVINCE_BASIS = "Kế hoạch của Công an tỉnh về xây dựng, nhân rộng mô hình (dữ liệu mẫu)"

FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Dương", "Lâm")
MIDDLE = ("Văn", "Thị", "Hoàng", "Minh", "Thanh", "Ngọc", "Hữu", "Kim")
GIVEN = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Tâm",
    "Thảo",
    "Tư",
    "Út",
    "Sáu",
    "Hòa",
    "Lợi",
    "Nhàn",
    "Tài",
    "Yến",
)
ROLES = ("Tổ trưởng", "Tổ phó", "Tổ viên")

# Dossier documents of a site: role → (title pattern, evidence kind, number pattern).
SITE_DOCUMENTS = {
    "founding_decision": ("Quyết định thành lập {site}", "QĐ", "{n:02d}/QĐ-UBND"),
    "regulations": ("Quy chế hoạt động {site}", "other", ""),
    "member_list": ("Danh sách thành viên {site}", "other", ""),
    "activity_minutes": ("Biên bản sinh hoạt định kỳ {site}", "BB", "{n:02d}/BB"),
}
SITE_DOCUMENT_BODY = (
    "Căn cứ kế hoạch xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc của địa phương, "
    "{site} được tổ chức và hoạt động tại {unit}.",
    "Các thành viên thực hiện nhiệm vụ theo phân công; tình hình an ninh, trật tự trên địa bàn "
    "được giữ vững.",
)

STRUCK_OFF_NOTES = {
    "ineffective": "Qua kiểm tra, mô hình không duy trì sinh hoạt định kỳ, không phát huy hiệu quả.",
    "inadequate_dossier": "Qua kiểm tra, hồ sơ mô hình không đảm bảo (thiếu quyết định thành lập, "
    "quy chế hoạt động).",
}

ORGANISATION_NAMES = {
    "security_committee": "Ban an ninh, trật tự {unit}",
    "mediation_team": "Tổ hòa giải {unit}",
    "self_management_team": "Tổ tự quản số {n} {unit}",
    "street_security": "Ban bảo vệ dân phố {unit}",
    "former_prisoners_club": "Câu lạc bộ người lầm lỗi {unit}",
    "veterans_group": "Tổ cựu chiến binh tham gia phòng, chống tội phạm {unit}",
}

EXEMPLARY_PLANS = {
    "expected": "Hoàn thiện hồ sơ, bổ sung minh chứng; Công an xã tham mưu trước ngày 30/9.",
    "late": "Đầu tư trụ sở làm việc của Công an xã theo kế hoạch của tỉnh; dự kiến hoàn thành "
    "quý II năm sau.",
}
