"""Diagrams and the practice file of the course nhom-zalo-facebook-chi-hoi.

Zalo cannot be run here, so its steps are drawn as diagrams; the button names follow Zalo's own
help pages and may move between versions, which the lessons say. The practice file is a model
set of group rules (nội quy) that a chi hội adapts and agrees at a meeting.
"""

import pathlib

if __package__:
    from ._so_do_va_phieu import step_diagram, worksheet
else:  # run as a script
    from _so_do_va_phieu import step_diagram, worksheet

FOOTER = "Khóa học: Lập và quản lý nhóm Zalo, Facebook của chi hội"
WHERE = "Vị trí, tên nút có thể khác theo phiên bản Zalo."


def _diagrams(media):
    return [
        step_diagram(media / "tao-nhom-zalo.png", "Tạo nhóm Zalo cho chi hội", [
            ("step", "Mở thẻ Tin nhắn", "Bấm dấu + ở góc trên, chọn Tạo nhóm."),
            ("step", "Gõ tên nhóm", "Rõ đơn vị, ví dụ: Chi hội Phụ nữ TDP số 8, phường Yên Hòa."),
            ("step", "Chọn vài thành viên", "Chỉ những người đã đồng ý vào nhóm."),
            ("step", "Bấm nút tạo", "Người tạo nhóm là trưởng nhóm."),
            ("ok", "Mở Tùy chọn, vào Cài đặt nhóm",
             "Đặt quyền cho thành viên, bật phê duyệt thành viên mới."),
        ], footer=WHERE),
        step_diagram(media / "pho-nhom-va-quyen.png", "Bổ nhiệm phó nhóm và đặt quyền", [
            ("step", "Mở nhóm, bấm Tùy chọn", "Biểu tượng ở góc trên bên phải."),
            ("step", "Xem thành viên, mục Trưởng, phó nhóm",
             "Bấm Thêm phó nhóm, chọn người trong nhóm."),
            ("step", "Vào Cài đặt nhóm, mục Quyền của thành viên",
             "Chọn ai được đổi tên, ảnh nhóm, ghim tin, tạo bình chọn, nhắn tin."),
            ("ok", "Nhóm chỉ để thông báo",
             "Quyền nhắn tin có thể đặt: Chỉ trưởng/phó nhóm."),
        ], footer=WHERE),
        step_diagram(media / "tao-binh-chon-zalo.png", "Tạo bình chọn chọn lịch họp", [
            ("step", "Trong khung chat nhóm", "Bấm nút thêm tiện ích cạnh ô nhập tin, "
             "chọn Bình chọn."),
            ("step", "Gõ câu hỏi", "Chị em chọn giúp buổi họp tháng 1."),
            ("step", "Thêm phương án",
             "Tối thứ Năm 14/1 · Tối thứ Sáu 15/1 · Sáng Chủ nhật 17/1."),
            ("step", "Cho chọn nhiều phương án, đặt thời hạn", "Rồi bấm tạo."),
            ("ok", "Hết hạn", "Đăng lịch chính thức trong tin mới và ghim lại."),
        ], footer=WHERE),
        step_diagram(media / "sao-luu-zalo.png", "Sao lưu Zalo trước khi đổi máy", [
            ("step", "Cá nhân, Cài đặt, Sao lưu và khôi phục", "Bấm sao lưu."),
            ("step", "Đặt mật khẩu cho bản sao lưu", "Ghi vào sổ, cất ở nhà."),
            ("step", "Tải riêng tệp quan trọng",
             "Tệp, video, tin nhắn thoại không nằm trong bản sao lưu."),
            ("ok", "Trên máy mới", "Đăng nhập Zalo, chọn khôi phục, nhập mật khẩu sao lưu."),
            ("stop", "Quên mật khẩu sao lưu", "thì không khôi phục được tin nhắn cũ."),
        ], footer=WHERE),
    ]


RULES = [
    "Nhóm dùng để thông báo, trao đổi công tác Hội và chia sẻ kiến thức có ích cho hội viên.",
    "Lời lẽ lịch sự, tôn trọng nhau; không công kích cá nhân, không bàn chuyện riêng của "
    "người khác.",
    "Không đăng quảng cáo bán hàng, vay tiền, kêu gọi góp tiền khi ban chấp hành chi hội chưa "
    "đồng ý.",
    "Chỉ chia sẻ thông tin có nguồn rõ ràng; không chuyển tiếp tin chưa kiểm chứng, không bấm "
    "và không chuyển tiếp đường link lạ.",
    "Không đăng ảnh giấy tờ, số điện thoại, địa chỉ, ảnh trẻ em của người khác khi chưa được "
    "đồng ý; giấy tờ cá nhân gửi riêng cho người phụ trách.",
    "Không đăng nội dung trái pháp luật, trái thuần phong mỹ tục.",
    "Người vi phạm được nhắc nhở riêng; vi phạm nhiều lần, ban quản trị có thể mời ra khỏi nhóm.",
]


def _rules(media):
    rules = [("text", f"{number}. {rule}") for number, rule in enumerate(RULES, start=1)]
    return worksheet(media / "noi-quy-nhom-mau.pdf", "NỘI QUY NHÓM ZALO CHI HỘI PHỤ NỮ (MẪU)",
                     "Mẫu để chi hội sửa cho hợp, bàn và thống nhất ở buổi sinh hoạt, rồi đăng "
                     "và ghim lên đầu nhóm. Giữ ngắn, tối đa 7 điều.", [
        ("Thông tin nhóm", [("fill", "Tên nhóm:"), ("fill", "Người quản trị (trưởng, phó nhóm):"),
                            ("fill", "Số điện thoại chi hội trưởng:")]),
        ("Nội quy", rules),
        ("Thống nhất", [("fill", "Ngày thống nhất ở buổi sinh hoạt chi hội:"),
                        ("fill", "Những điều chi hội sửa, thêm:")]),
    ], FOOTER)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [*_diagrams(media), _rules(media)]


if __name__ == "__main__":
    COURSES = pathlib.Path(__file__).resolve().parents[2] / "courses"
    for written in build(COURSES / "nhom-zalo-facebook-chi-hoi" / "media"):
        print(written)
