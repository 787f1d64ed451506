"""Diagrams and printable sheet of the course "Dùng trí tuệ nhân tạo tạo sinh an toàn và có trách
nhiệm trong công tác Hội".

The sheet is a checklist a chi hội trưởng runs through before she sends, reads out or signs a text
a chatbot drafted, and on its second page a draft with planted mistakes to practise on. No chatbot
is shown: the course names no product. The people, phone number and ID number in the draft are
made up.
"""

import pathlib

from PIL import Image, ImageDraw

from tools.practice_files._so_do import cycle_diagram, font, steps_diagram, wrap
from tools.practice_files._so_do_mau_in import Form

WIDTH, MARGIN = 540, 24
INK, MUTED, RED, GREEN = "#1f2933", "#52606d", "#b71c1c", "#2e7d32"


def loop_picture(path):
    return cycle_diagram(path, "Bốn bước mỗi lần nhờ AI soạn văn bản", [
        ("1. Hỏi", "Yêu cầu rõ, có bối cảnh; không dán dữ liệu cá nhân", "#d6e4f0"),
        ("2. Kiểm tra", "Đối chiếu ngày, số, luật, tên với nguồn gốc", "#fde2c4"),
        ("3. Sửa", "Tự sửa cho đúng chi hội, đúng lời Hội", "#dcedc8"),
        ("4. Chịu trách nhiệm", "Chị gửi, chị ký: chị chịu trách nhiệm", "#f3d9e8"),
    ], centre="Chị duyệt")


def request_picture(path):
    return steps_diagram(path, "Một yêu cầu rõ ràng gồm năm phần", [
        {"number": 1, "label": "Việc cần làm", "text": "Soạn thông báo, tóm tắt, gợi ý trò chơi…",
         "colour": "#e3f2fd"},
        {"number": 2, "label": "Bối cảnh", "text": "Chi hội phụ nữ ở một phường của Hà Nội, "
         "hội viên nhiều chị lớn tuổi", "colour": "#e3f2fd"},
        {"number": 3, "label": "Thông tin thật do chị đưa", "text": "Ngày, giờ, địa điểm, nội dung "
         "chính: chị tự gõ, đã kiểm tra", "colour": "#e3f2fd"},
        {"number": 4, "label": "Độ dài, giọng văn", "text": "Ngắn, dưới 120 chữ, lời gần gũi",
         "colour": "#e3f2fd"},
        {"number": 5, "label": "Đọc, rồi nhờ sửa tiếp", "text": "\"Viết ngắn hơn\", \"bỏ từ khó\"; "
         "chưa ổn thì chị tự sửa", "colour": "#dcedc8"},
    ])


NEVER = [
    "Họ tên kèm địa chỉ, ngày sinh, số điện thoại của hội viên",
    "Số thẻ căn cước, ảnh giấy tờ, số tài khoản ngân hàng",
    "Hoàn cảnh riêng: bệnh tật, nợ nần, bạo lực gia đình",
    "Danh sách hội viên, tệp Excel của chi hội",
    "Văn bản nội bộ chưa được phép công bố",
    "Mật khẩu, mã OTP",
]
INSTEAD = ("Thay bằng: \"một hội viên\", \"chị A\", số liệu đã cộng gộp (\"tổ 3 có 4 hộ\"). "
           "Chị tự điền tên thật vào bản cuối trên máy của mình.")


def _write(draw, x, y, lines, face, fill):
    """Draws `lines` one under the other from (x, y); returns the y below them."""
    for line in lines:
        draw.text((x, y), line, font=face, fill=fill)
        y += face.size + 8
    return y


def never_picture(path):
    """A red list of what never goes into a chatbot, then a green box of what to write instead."""
    image = Image.new("RGB", (WIDTH, 2000), "white")
    draw = ImageDraw.Draw(image)
    head, item_face, small = font(32, bold=True), font(26), font(25)
    inner = WIDTH - 2 * MARGIN
    y = _write(draw, MARGIN, MARGIN, wrap(draw, "Không bao giờ dán vào chatbot", head, inner),
               head, INK) + 12
    for item in NEVER:
        lines = wrap(draw, item, item_face, inner - 84)
        height = len(lines) * (item_face.size + 8) + 24
        draw.rounded_rectangle([MARGIN, y, WIDTH - MARGIN, y + height], radius=16,
                               fill="#fde4e4", outline=RED, width=3)
        cx, cy, r = MARGIN + 36, y + height // 2, 13
        draw.ellipse([cx - 24, cy - 24, cx + 24, cy + 24], fill=RED)
        for dx in (-r, r):
            draw.line([cx - dx, cy - r, cx + dx, cy + r], fill="white", width=6)
        _write(draw, MARGIN + 76, y + 12, lines, item_face, INK)
        y += height + 12
    y += 8
    lines = wrap(draw, INSTEAD, small, inner - 32)
    height = len(lines) * (small.size + 8) + 28
    draw.rounded_rectangle([MARGIN, y, WIDTH - MARGIN, y + height], radius=16, fill="#e2f4e6",
                           outline=GREEN, width=3)
    _write(draw, MARGIN + 16, y + 14, lines, small, INK)
    y = _write(draw, MARGIN, y + height + 16,
               wrap(draw, "Căn cứ: Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15.", small, inner),
               small, MUTED)
    image = image.crop((0, 0, WIDTH, y + MARGIN))
    image.quantize(colors=24).save(path, optimize=True)
    return path


CHECKS = [
    ("Ngày, giờ, thứ trong tuần", "Lịch; thứ phải khớp với ngày"),
    ("Địa điểm, tên xã, phường", "Hà Nội có 126 xã, phường, không còn quận, huyện"),
    ("Tên luật, số hiệu, điều khoản, ngày hiệu lực", "Văn bản gốc, trang .gov.vn, Hội cấp trên"),
    ("Số liệu, số tiền, số hội viên", "Sổ sách, danh sách của chi hội"),
    ("Tên người, chức danh", "Danh sách Ban Chấp hành, người thật"),
    ("Không có dữ liệu cá nhân thừa (số điện thoại, số căn cước…)", "Chỉ giữ điều người đọc cần"),
    ("Đúng thể thức văn bản Hội, không có Quốc hiệu", "Khóa \"Soạn thảo văn bản công tác Hội\""),
    ("Lời văn gần gũi, đúng giọng chi hội, không hứa điều chi hội không làm", "Đọc to một lượt"),
    ("Ảnh, giọng, video do AI làm có ghi rõ; không dùng làm ảnh hoạt động thật", "Ảnh chụp thật"),
    ("Chị đã tự đọc hết và sẵn sàng chịu trách nhiệm về văn bản", "Chính chị"),
]

DRAFT = [
    "HỘI LHPN PHƯỜNG KIM LIÊN",
    "CHI HỘI PHỤ NỮ TỔ DÂN PHỐ SỐ 6",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM - Độc lập - Tự do - Hạnh phúc",
    "THÔNG BÁO",
    "Về buổi sinh hoạt chi hội tháng 1 năm 2027",
    "Chi hội phụ nữ tổ dân phố số 6, quận Đống Đa trân trọng kính mời toàn thể hội viên dự buổi "
    "sinh hoạt vào 19 giờ 30, thứ Bảy ngày 15/1/2027, tại nhà văn hóa tổ dân phố số 6.",
    "Nội dung: tuyên truyền Luật Phòng, chống bạo lực gia đình năm 2022, có hiệu lực từ ngày "
    "1/1/2023; thu hội phí năm 2027; chị Trần Thị Mai (số căn cước 001186000000, điện thoại "
    "0900 000 000) báo cáo hoàn cảnh gia đình khó khăn để chi hội giúp đỡ.",
    "Buổi sinh hoạt chắc chắn sẽ được 100% hội viên tham gia và nhận quà.",
]


def checklist_sheet(path):
    pdf = Form("Phiếu kiểm tra trước khi dùng văn bản do AI soạn")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU KIỂM TRA TRƯỚC KHI DÙNG VĂN BẢN DO AI SOẠN",
                    "Dùng cho thông báo, bài tuyên truyền, tóm tắt, kế hoạch mà chị nhờ chatbot "
                    "soạn nháp. Đánh dấu từng dòng; dòng nào chưa đạt thì sửa rồi mới gửi.")
    pdf.para("Văn bản: ............................................................  "
             "Người soạn, kiểm tra: ..........................................")
    pdf.ln(2)
    pdf.grid(["STT", "Điều cần kiểm tra", "Đối chiếu với", "Đạt", "Đã sửa"],
             [(str(number), check, source, "", "") for number, (check, source)
              in enumerate(CHECKS, start=1)], widths=(11, 80, 59, 12, 12), size=10)
    pdf.heading("Trước khi dán yêu cầu vào chatbot, chị đã bỏ hết:")
    pdf.para("họ tên kèm địa chỉ, ngày sinh, số điện thoại của hội viên; số thẻ căn cước, số tài "
             "khoản; hoàn cảnh riêng; danh sách hội viên; văn bản nội bộ chưa được công bố; mật "
             "khẩu, mã OTP (Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15).")
    pdf.heading("Khi gửi, chị ghi một dòng nói thật:")
    pdf.para("\"Bản nháp có dùng công cụ trí tuệ nhân tạo gợi ý; chi hội đã kiểm tra và sửa.\"",
             italic=True)
    pdf.add_page()
    pdf.title_block("BẢN NHÁP ĐỂ TẬP KIỂM TRA",
                    "Bản nháp giả định, như một chatbot có thể viết. Tên, số căn cước, số điện "
                    "thoại đều do người soạn bài bịa ra. Chị hãy dùng phiếu ở trang 1, gạch dưới "
                    "mọi chỗ phải sửa.")
    pdf.set_draw_color(120, 120, 120)
    top = pdf.get_y()
    pdf.set_x(pdf.l_margin + 4)
    for index, text in enumerate(DRAFT):
        pdf.set_font("bvp", "B" if index in (0, 1, 3) else "", 11)
        align = "C" if index in (2, 3, 4) else "L"
        pdf.set_x(pdf.l_margin + 4)
        pdf.multi_cell(pdf.w - pdf.l_margin - pdf.r_margin - 8, 6.5, text, align=align,
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    pdf.rect(pdf.l_margin, top - 2, pdf.w - pdf.l_margin - pdf.r_margin, pdf.get_y() - top + 4)
    pdf.ln(8)
    pdf.heading("Chị tìm được mấy chỗ phải sửa? Ghi ra đây:")
    pdf.fill_lines(8)
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        loop_picture(media / "hoi-kiem-tra-sua-chiu-trach-nhiem.png"),
        request_picture(media / "yeu-cau-ro-rang.png"),
        never_picture(media / "khong-bao-gio-dan-vao.png"),
        checklist_sheet(media / "phieu-kiem-tra-van-ban-do-ai-soan.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "dung-tri-tue-nhan-tao-tao-sinh-an-toan" / "media"))
