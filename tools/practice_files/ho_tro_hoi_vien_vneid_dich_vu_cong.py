"""Diagrams and printable sheets of the course "Hỗ trợ hội viên dùng VNeID, dịch vụ công trực tuyến
và thanh toán an toàn".

VNeID, the public services portal and banking apps cannot be run here to take real screenshots, so
their steps are drawn as diagrams that say they are diagrams. The person in the example row of the
follow-up sheet is made up.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from _so_do_mau_in import Form, chain_columns, step_diagram  # noqa: E402


def account_levels(path):
    return chain_columns(path, "Tài khoản định danh điện tử mức 1 và mức 2", [
        ("Mức 1", [
            ("Tự đăng ký trên ứng dụng VNeID", "step", False),
            ("Quét chip thẻ căn cước (hoặc mã QR trên thẻ), chụp ảnh khuôn mặt", "step", False),
            ("Dùng một số tiện ích của ứng dụng", "step", False),
        ]),
        ("Mức 2", [
            ("Tự đến công an xã, phường, mang thẻ căn cước", "step", False),
            ("Cán bộ chụp ảnh, lấy vân tay: không ai làm thay được", "warn", False),
            ("Có căn cước điện tử, dùng toàn bộ tiện ích", "ok", False),
        ]),
    ], note="Căn cứ: Nghị định 69/2024/NĐ-CP về định danh và xác thực điện tử. Chỉ có một ứng "
            "dụng VNeID, tải từ App Store hoặc CH Play.")


def portal_login(path):
    return step_diagram(path, "Đăng nhập Cổng Dịch vụ công quốc gia bằng VNeID (trên máy tính)", [
        ("Tự gõ dichvucong.gov.vn, chọn Đăng nhập", "step"),
        ("Chọn tài khoản định danh điện tử do Bộ Công an cấp: màn hình hiện mã QR", "step"),
        ("Hội viên mở VNeID trên điện thoại của chính mình (mức 2), chọn quét mã QR", "step"),
        ("Quét mã trên màn hình máy tính, đồng ý cho đăng nhập", "ok"),
        ("Xong việc trên máy chung: Đăng xuất, đóng trình duyệt", "warn"),
    ], note="Giao diện thật có thể khác; làm theo chữ hiện trên màn hình.")


def qr_checks(path):
    return step_diagram(path, "Trước khi bấm xác nhận khi trả tiền bằng mã QR", [
        ("Quét mã bằng ứng dụng ngân hàng chính thức", "step"),
        ("Đọc tên người nhận: có đúng người mình định trả không?", "step"),
        ("Xem số tiền và nội dung", "step"),
        ("Đúng hết mới bấm xác nhận", "ok"),
        ("Tên lạ, hoặc mở ra trang web đòi mật khẩu, mã OTP: DỪNG, không chuyển", "stop"),
    ])


def two_step(path):
    return step_diagram(path, "Xác minh 2 bước (xác thực hai yếu tố)", [
        ("Nhập mật khẩu: thứ chị biết", "step"),
        ("Nhập mã vừa gửi về điện thoại của chính chị: thứ chị có", "step"),
        ("Vào được tài khoản", "ok"),
        ("Ai gọi điện, nhắn tin xin mã OTP, dù xưng ngân hàng hay công an, đều là kẻ gian. "
         "Không đọc mã.", "stop"),
    ])


STAGES = "chưa có điện thoại thông minh / chưa cài VNeID / mức 1 / mức 2"


def follow_up_sheet(path):
    pdf = Form("Phiếu theo dõi hỗ trợ hội viên", landscape=True)
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU THEO DÕI HỖ TRỢ HỘI VIÊN DÙNG VNeID, DỊCH VỤ CÔNG",
                    "Chỉ ghi đủ dùng. Không ghi số căn cước, mật khẩu, passcode, mã OTP, số tài "
                    "khoản ngân hàng của ai.")
    example = ("Ví dụ", "Nguyễn Thị Tám", "2", "mức 1", "Đi công an phường làm mức 2",
               "12/1/2027", "Chị Thu", "Đã xong")
    pdf.grid(["STT", "Họ và tên", "Tổ", f"Đang ở bước ({STAGES})", "Việc cần giúp", "Ngày hẹn",
              "Người giúp", "Kết quả"], [example], widths=(13, 40, 9, 52, 60, 24, 28, 35),
             blank_rows=10, size=9.5)
    return pdf.save(path)


RULES = [
    "Không đọc mã OTP, mật khẩu, passcode cho bất kỳ ai, kể cả người xưng là ngân hàng, công an.",
    "Chỉ cài VNeID và ứng dụng ngân hàng từ App Store hoặc CH Play; không cài theo đường link.",
    "Quét mã QR xong, đọc tên người nhận và số tiền rồi mới bấm xác nhận.",
    "Không bấm link trong tin nhắn lạ; vào dịch vụ công thì tự gõ dichvucong.gov.vn.",
    "Bật xác minh 2 bước cho thư điện tử, mạng xã hội của mình.",
]


def safety_card(path):
    pdf = Form("Năm điều giữ tài khoản an toàn")
    pdf.set_font("bvp", "I", 11)
    pdf.cell(0, 7, "Chi hội phụ nữ .................................. tặng hội viên",
             new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.title_block("NĂM ĐIỀU GIỮ TÀI KHOẢN AN TOÀN")
    for number, rule in enumerate(RULES, start=1):
        pdf.set_font("bvp", "B", 15)
        pdf.multi_cell(0, 9, f"{number}. {rule}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.ln(4)
    pdf.set_font("bvp", "B", 14)
    pdf.multi_cell(0, 8, "Lỡ đọc mã OTP hoặc mất điện thoại: làm ngay", new_x="LMARGIN",
                   new_y="NEXT")
    pdf.set_font("bvp", "", 13)
    for line in ["Gọi tổng đài ngân hàng (số in trên thẻ): ....................................",
                 "Đổi mật khẩu các tài khoản quan trọng từ một máy an toàn.",
                 "Báo công an xã, phường (số điện thoại): ......................................"]:
        pdf.multi_cell(0, 9, "- " + line, new_x="LMARGIN", new_y="NEXT")
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        account_levels(media / "muc-1-muc-2.png"),
        portal_login(media / "dang-nhap-dich-vu-cong-bang-vneid.png"),
        qr_checks(media / "kiem-tra-truoc-khi-xac-nhan-qr.png"),
        two_step(media / "xac-minh-2-buoc.png"),
        follow_up_sheet(media / "phieu-theo-doi-ho-tro-hoi-vien.pdf"),
        safety_card(media / "nam-dieu-giu-tai-khoan-an-toan.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "ho-tro-hoi-vien-vneid-dich-vu-cong" / "media"))
