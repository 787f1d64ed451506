"""Diagrams and practice files of the course an-toan-dien-thoai-phong-lua-dao.

The diagrams stand in for screens of apps that cannot be shown here (Zalo, banking apps, VNeID).
The practice files are PDF pages a chi hội trưởng prints: a card of numbers to keep by the
phone, situation cards to read out at a meeting, and a checklist to go through in pairs.
Every name and phone number in them is made up or left blank to be filled in.
"""

import pathlib

if __package__:
    from ._so_do_va_phieu import step_diagram, worksheet
else:  # run as a script
    from _so_do_va_phieu import step_diagram, worksheet

FOOTER = "Khóa học: An toàn trên điện thoại và phòng tránh lừa đảo qua mạng"


def _diagrams(media):
    return [
        step_diagram(media / "xac-minh-2-buoc.png", "Xác minh 2 bước giữ tài khoản thế nào?", [
            ("step", "Kẻ gian biết mật khẩu của chị", "và thử đăng nhập Zalo trên máy của hắn."),
            ("step", "Ứng dụng đòi thêm một mã",
             "Mã được gửi về điện thoại quen hoặc số điện thoại của chính chị."),
            ("ok", "Kẻ gian không có máy của chị", "nên không vào được tài khoản."),
            ("stop", "Nếu chị đọc mã đó cho người gọi điện",
             "thì kẻ gian vào được ngay. Không đọc mã cho bất kỳ ai."),
        ]),
        step_diagram(media / "cap-nhat-sinh-trac-hoc.png", "Cập nhật sinh trắc học: đường đúng", [
            ("step", "Tự mở ứng dụng ngân hàng chính thức",
             "Ứng dụng đã cài từ CH Play hoặc App Store, không mở qua đường link."),
            ("step", "Vào mục cập nhật sinh trắc học",
             "Áp thẻ căn cước vào mặt sau điện thoại để máy đọc chip."),
            ("ok", "Quay mặt ngay trong ứng dụng", "Không làm được thì ra quầy ngân hàng."),
            ("stop", "Ai gọi điện, nhắn Zalo đề nghị \"hỗ trợ\"",
             "gửi link, xin ảnh thẻ căn cước, video khuôn mặt hay mã OTP: đó là kẻ lừa đảo."),
        ]),
        step_diagram(media / "cuoc-goi-xung-co-quan.png", "Cuộc gọi xưng công an, cơ quan: "
                     "tự hỏi ba câu", [
            ("warn", "Họ xưng \"công an quận\", \"công an huyện\"?",
             "Từ 1/3/2025 không còn công an cấp huyện: chắc chắn là giả."),
            ("warn", "Họ đòi tiền, mã OTP, cài ứng dụng, bấm link, kết bạn Zalo?",
             "Công an không làm việc qua điện thoại: là lừa."),
            ("warn", "Họ dọa bắt, dặn giữ bí mật, giục làm ngay?", "Là lừa."),
            ("ok", "Tắt máy", "Tự đến công an xã, phường hoặc gọi số mình đã lưu."),
        ]),
        step_diagram(media / "doc-ten-mien.png", "Đọc tên miền: đoạn sau https:// "
                     "đến dấu / đầu tiên", [
            ("ok", "dichvucong.gov.vn", "Tên miền thật của Cổng Dịch vụ công quốc gia: "
             "kết thúc bằng .gov.vn."),
            ("stop", "dichvucongs.top", "Thêm một chữ s, đuôi .top: trang giả."),
            ("stop", "dichvucong.gov.vn.xacminh.top",
             "Có chữ gov.vn ở giữa nhưng tên miền kết thúc bằng .top: trang giả."),
            ("warn", "Ổ khóa và chữ https", "chỉ cho biết đường truyền được mã hóa, "
             "không chứng minh trang là thật."),
        ], arrows=False),
        step_diagram(media / "khi-bi-lua.png", "Vừa bị lừa: làm ngay theo thứ tự", [
            ("step", "Gọi tổng đài ngân hàng", "Theo số in sau thẻ: khóa tài khoản, "
             "khóa thẻ, đề nghị tra soát."),
            ("step", "Giữ bằng chứng", "Tin nhắn, số điện thoại, đường link, biên lai."),
            ("step", "Trình báo công an", "Công an xã, phường, hoặc mục phản ánh trên VNeID."),
            ("step", "Đổi mật khẩu, gỡ ứng dụng lạ", "Bật xác minh 2 bước."),
            ("step", "Báo số lừa đảo", "Gọi 156 hoặc nhắn tin tới 5656 (miễn phí)."),
            ("stop", "Ai hứa \"lấy lại tiền\" mà đòi phí trước", "là lừa lần hai."),
        ]),
    ]


def _phone_card(media):
    blanks = [["Tổng đài ngân hàng của tôi (số in sau thẻ)", ""],
              ["Công an xã, phường nơi tôi ở", ""],
              ["Chi hội trưởng", ""], ["Tổ trưởng tổ phụ nữ", ""],
              ["Người thân 1", ""], ["Người thân 2", ""]]
    return worksheet(media / "the-so-dien-thoai-can-nho.pdf", "THẺ SỐ ĐIỆN THOẠI CẦN NHỚ",
                     "Điền bằng bút, dán cạnh điện thoại hoặc nơi để chìa khóa. Khi có ai gọi "
                     "xưng công an, ngân hàng, cán bộ phường đòi tiền hay mã số: tắt máy và "
                     "gọi một trong những số dưới đây trước đã.", [
        ("Số của tôi", [("table", ["Ai", "Số điện thoại"], (110, 64), blanks)]),
        ("Số chung cả nước", [("table", ["Việc", "Số"], (110, 64), [
            ["Khẩn cấp về an ninh, trật tự (đang bị đe dọa)", "113"],
            ["Báo cuộc gọi có dấu hiệu lừa đảo (gọi miễn phí)", "156"],
            ["Báo tin nhắn, cuộc gọi rác: nhắn tin miễn phí theo cú pháp "
             "S [số gửi] [nội dung] hoặc V [số gọi] [nội dung]", "5656"]])]),
        ("Ba điều không làm", [
            ("bullet", "Không đọc, không chụp gửi mã OTP cho bất kỳ ai."),
            ("bullet", "Không bấm đường link, không cài ứng dụng theo lời người lạ."),
            ("bullet", "Không chuyển tiền khi chưa gọi lại số đã lưu để hỏi rõ.")]),
    ], FOOTER)


SITUATIONS = [
    ("Thẻ 1: \"Công an quận\" gọi",
     "Bác Lan nhận cuộc gọi: \"Tôi là công an quận, bác liên quan vụ rửa tiền, bác kết bạn "
     "Zalo để tôi lấy lời khai, không được nói với con cháu.\"",
     "Hỏi chị em: Dấu hiệu nào cho thấy là giả? Bác Lan nên làm gì?",
     "Chốt: Không còn công an quận từ 1/3/2025; công an không làm việc qua điện thoại. "
     "Tắt máy, đến công an phường, kể với người nhà."),
    ("Thẻ 2: \"Nhân viên ngân hàng\" hỗ trợ sinh trắc học",
     "Chị Hoa được gọi: \"Tài khoản của chị sẽ bị khóa lúc 17 giờ vì chưa cập nhật sinh trắc "
     "học. Em gửi link, chị bấm vào rồi quay mặt theo hướng dẫn.\"",
     "Hỏi chị em: Cập nhật sinh trắc học đúng cách là thế nào?",
     "Chốt: Chỉ cập nhật trong ứng dụng ngân hàng chính thức hoặc tại quầy; ngân hàng không "
     "gửi link, không \"hỗ trợ\" qua Zalo."),
    ("Thẻ 3: Con nhắn xin tiền",
     "Zalo của con trai chị Mai nhắn: \"Mẹ chuyển gấp cho con 10 triệu vào tài khoản này, con "
     "đang kẹt, đừng gọi con đang họp.\" Tên tài khoản là một người lạ.",
     "Hỏi chị em: Chị Mai kiểm tra thế nào?",
     "Chốt: Gọi điện thoại thường theo số đã lưu; tên tài khoản lạ là dấu hiệu lừa; chưa "
     "chắc thì không chuyển."),
    ("Thẻ 4: Trúng thưởng xe máy",
     "Tin nhắn: \"Chúc mừng quý khách trúng xe máy tri ân, chuyển 2 triệu phí vận chuyển để "
     "nhận xe trong hôm nay.\"",
     "Hỏi chị em: Vì sao đây là lừa?",
     "Chốt: Không tham gia thì không thể trúng; giải thật không bắt nộp phí trước vào tài "
     "khoản cá nhân."),
    ("Thẻ 5: Nâng cấp SIM 5G miễn phí",
     "Người xưng nhân viên nhà mạng bảo bác Tư bấm một dãy ký tự để \"nâng cấp SIM lên 5G "
     "miễn phí\". Bấm xong, điện thoại mất sóng.",
     "Hỏi chị em: Bác Tư phải làm gì ngay?",
     "Chốt: Báo ngay nhà mạng và ngân hàng để khóa; đổi SIM thật thì ra cửa hàng nhà mạng."),
    ("Thẻ 6: \"Lấy lại tiền bị lừa\"",
     "Sau khi bị lừa 20 triệu, chị Yến thấy trang web hứa \"thu hồi tiền bị lừa, tỷ lệ thành "
     "công cao\", chỉ cần đóng trước phí hồ sơ.",
     "Hỏi chị em: Chị Yến nên làm gì?",
     "Chốt: Đó là lừa lần hai. Trình báo công an, đề nghị ngân hàng tra soát không mất phí."),
]


def _situation_cards(media):
    items = []
    for title, story, question, answer in SITUATIONS:
        items.append((title, [("text", story), ("text", question), ("text", answer)]))
    return worksheet(media / "the-tinh-huong-sinh-hoat.pdf",
                     "THẺ TÌNH HUỐNG PHÒNG CHỐNG LỪA ĐẢO CHO BUỔI SINH HOẠT CHI HỘI",
                     "Mỗi buổi chọn một thẻ. Đọc tình huống, hỏi chị em \"nếu là chị, chị làm "
                     "gì?\", để chị em tự nói rồi mới đọc phần chốt. Tên người trong thẻ là tên "
                     "ví dụ.", items, FOOTER)


def _checklist(media):
    return worksheet(media / "phieu-tu-kiem-tra-an-toan-dien-thoai.pdf",
                     "PHIẾU TỰ KIỂM TRA AN TOÀN ĐIỆN THOẠI",
                     "Làm theo cặp: một chị đọc, một chị làm trên máy của mình. Việc nào đã "
                     "làm thì đánh dấu vào ô; việc chưa làm được thì nhờ chị em trẻ hoặc con "
                     "cháu giúp.", [
        ("Điện thoại", [
            "Màn hình khóa bằng mã PIN ít nhất 6 số (không phải ngày sinh, 123456).",
            "Màn hình tự khóa sau 30 giây đến 1 phút.",
            "Quyền \"cài ứng dụng không rõ nguồn gốc\" đang tắt.",
            "Đã xem quyền của các ứng dụng; đã gỡ ứng dụng lạ, lâu không dùng.",
            "Đã cập nhật hệ điều hành và các ứng dụng."]),
        ("Zalo, Facebook, Gmail", [
            "Zalo đã bật xác minh 2 bước (mục Bảo mật 2 lớp hoặc Xác thực 2 lớp).",
            "Đã xem thiết bị đang đăng nhập Zalo và đăng xuất máy lạ.",
            "Facebook, Gmail đã bật xác minh 2 bước.",
            "Mỗi tài khoản một mật khẩu dài, khó đoán.",
            "Số điện thoại, ngày sinh trên Facebook để Chỉ mình tôi; bài viết để Bạn bè."]),
        ("Ngân hàng", [
            "Đã lưu số tổng đài in sau thẻ ngân hàng vào danh bạ.",
            "Ứng dụng ngân hàng tải từ CH Play hoặc App Store, đúng tên ngân hàng.",
            "Đã cập nhật sinh trắc học trong ứng dụng chính thức hoặc tại quầy.",
            "Biết: không ai được hỏi mã OTP, kể cả người xưng nhân viên ngân hàng."]),
        ("Ghi chú của tôi", [("fill", "Việc còn phải làm, nhờ ai giúp:"), ("fill", "")]),
    ], FOOTER)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [*_diagrams(media), _phone_card(media), _situation_cards(media), _checklist(media)]


if __name__ == "__main__":
    COURSES = pathlib.Path(__file__).resolve().parents[2] / "courses"
    for written in build(COURSES / "an-toan-dien-thoai-phong-lua-dao" / "media"):
        print(written)
