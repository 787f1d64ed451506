"""Diagrams and the printable case notebook of the course "Xử lý tình huống thường gặp ở cơ sở:
hòa giải, khiếu nại, thông tin sai lệch".

The notebook is the chi hội's own working aid for a mediation it takes part in, not the "Sổ theo
dõi hoạt động hòa giải" that a tổ hòa giải keeps on the Ministry of Justice's form, and it says
so. Its second page is filled in with a made-up case; the people in it are made up.
"""

import pathlib

from PIL import Image, ImageDraw

from tools.practice_files._so_do import font, steps_diagram, wrap
from tools.practice_files._so_do_mau_in import Form

WIDTH, MARGIN = 540, 24
INK, MUTED, LINE = "#1f2933", "#52606d", "#9aa5b1"
BLUE, ORANGE, GREEN, RED = "#e3f2fd", "#fde2c4", "#e2f4e6", "#fde4e4"


def mediation_steps(path):
    steps = [
        ("Nhận vụ việc", "Một bên hoặc các bên nhờ; hòa giải viên thấy, biết; tổ trưởng tổ hòa "
                         "giải phân công", BLUE),
        ("Xem có được hòa giải không", "Có bạo lực, dấu hiệu tội phạm, vi phạm phải xử phạt: "
                                       "không hòa giải, báo ngay", ORANGE),
        ("Phân công hòa giải viên", "Người có quyền lợi, họ hàng liên quan thì không hòa giải "
                                    "việc đó", BLUE),
        ("Gặp riêng từng bên", "Nghe kể, tìm nguyên nhân, hỏi có muốn hòa giải không", BLUE),
        ("Buổi hòa giải", "Bắt đầu trong 3 ngày từ khi được phân công; nơi thuận tiện; các bên "
                          "tự quyết định", BLUE),
        ("Kết thúc", "Thành: ghi lại thỏa thuận. Không thành: chỉ nơi có thẩm quyền giải "
                     "quyết", GREEN),
        ("Theo dõi, ghi sổ", "Động viên thực hiện thỏa thuận; báo tổ trưởng tổ hòa giải", GREEN),
    ]
    return steps_diagram(path, "Các bước một vụ hòa giải ở cơ sở", [
        {"number": number, "label": label, "text": text, "colour": colour}
        for number, (label, text, colour) in enumerate(steps, start=1)],
        footer="Theo Luật Hòa giải ở cơ sở 2013 (số 35/2013/QH13).")


ROUTES = [
    ("Xích mích hàng xóm, gia đình, tranh chấp nhỏ",
     "Tổ hòa giải ở thôn, tổ dân phố", BLUE),
    ("Đang có bạo lực, đe dọa tính mạng",
     "Gọi 113; công an xã, phường (xem khóa về bạo lực)", RED),
    ("Trẻ em bị bạo lực, xâm hại",
     "Gọi 111; công an xã, phường", RED),
    ("Không đồng ý quyết định, việc làm của cơ quan nhà nước (khiếu nại)",
     "Người, cơ quan đã ra quyết định; hỏi nơi tiếp công dân xã, phường", ORANGE),
    ("Biết người vi phạm pháp luật khi làm công vụ (tố cáo)",
     "Cơ quan, người có thẩm quyền; chưa rõ: hỏi nơi tiếp công dân xã, phường", ORANGE),
    ("Tin sai, tin lừa đảo trong cộng đồng, trên Zalo",
     "Hội LHPN xã, phường; công an xã, phường; tingia.gov.vn", GREEN),
    ("Mâu thuẫn trong chi hội",
     "Ban chi hội; Hội LHPN xã, phường", GREEN),
]


def routing_diagram(path, title, routes, footer):
    """Rows of "what happened" on the left and "where to send it" on the right, joined by a
    short arrow: a lookup, not a sequence, so the rows are not chained."""
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    head, left_face, right_face = font(30, bold=True), font(23, bold=True), font(23)
    left_x0, left_x1 = MARGIN, 236
    right_x0, right_x1 = 268, WIDTH - MARGIN
    rows = []
    for case, place, colour in routes:
        left = wrap(probe, case, left_face, left_x1 - left_x0 - 24)
        right = wrap(probe, place, right_face, right_x1 - right_x0 - 24)
        rows.append((left, right, colour, 24 + max(len(left), len(right)) * 31))
    title_lines = wrap(probe, title, head, WIDTH - 2 * MARGIN)
    heads = 40
    footer_lines = wrap(probe, footer, right_face, WIDTH - 2 * MARGIN)
    total = (MARGIN + len(title_lines) * 38 + 12 + heads + sum(row[3] + 14 for row in rows)
             + 12 + len(footer_lines) * 31 + MARGIN)
    image = Image.new("RGB", (WIDTH, total), "white")
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for line in title_lines:
        draw.text((MARGIN, y), line, fill=INK, font=head)
        y += 38
    y += 12
    draw.text((left_x0, y), "Việc gì", fill=MUTED, font=font(22, bold=True))
    draw.text((right_x0, y), "Gửi đến đâu", fill=MUTED, font=font(22, bold=True))
    y += heads
    for left, right, colour, height in rows:
        _draw_box(draw, left_x0, y, left_x1, height, left, left_face, colour)
        _draw_box(draw, right_x0, y, right_x1, height, right, right_face, "white")
        mid = y + height // 2
        draw.line([left_x1 + 4, mid, right_x0 - 12, mid], fill=LINE, width=5)
        draw.polygon([(right_x0 - 4, mid), (right_x0 - 16, mid - 9), (right_x0 - 16, mid + 9)],
                     fill=LINE)
        y += height + 14
    y += 12
    for line in footer_lines:
        draw.text((MARGIN, y), line, fill=MUTED, font=right_face)
        y += 31
    image.quantize(colors=24).save(path, optimize=True)
    return path


def _draw_box(draw, x0, y0, x1, height, lines, face, fill):
    draw.rounded_rectangle([x0, y0, x1, y0 + height], radius=14, fill=fill, outline=INK, width=2)
    text_y = y0 + (height - len(lines) * 31 + 8) / 2
    for line in lines:
        draw.text((x0 + 12, text_y), line, fill=INK, font=face)
        text_y += 31


CHECKS = [
    "Có bạo lực, đe dọa sức khỏe, tính mạng? Có: không hòa giải; gọi 113, báo công an xã, phường.",
    "Có dấu hiệu tội phạm, hoặc vi phạm phải xử phạt hành chính? Có: báo tổ trưởng tổ hòa giải "
    "để báo cơ quan có thẩm quyền.",
    "Xâm phạm lợi ích của Nhà nước, lợi ích công cộng? Có: không thuộc hòa giải ở cơ sở.",
    "Người hòa giải có quyền lợi, họ hàng liên quan? Có: nhờ hòa giải viên khác.",
    "Các bên có đồng ý hòa giải không? Không: không ép, chỉ nơi giải quyết khác.",
]

EXAMPLE = {
    "received": "Thứ Ba 8/12/2026. Bà H. (tổ 5) nhờ; chị Lan, chi hội trưởng, là hòa giải viên "
                "của tổ hòa giải tổ dân phố.",
    "case": "Nước thải từ nhà ông T. (tổ 5) chảy sang sân nhà bà H.; hai nhà cãi nhau ba lần.",
    "checks": "Không có bạo lực, không có dấu hiệu vi phạm phải xử lý; chị Lan không họ hàng "
              "với hai nhà; cả hai đồng ý hòa giải.",
    "private": [("9/12", "Bà H.", "Sân ướt, trơn; muốn ông T. sửa ống"),
                ("9/12", "Ông T.", "Ống vỡ do xe chở vật liệu; đồng ý sửa nếu có người giúp")],
    "meeting": "Thứ Năm 10/12/2026, 19 giờ, nhà văn hóa tổ dân phố; hòa giải viên: chị Lan, "
               "ông Sơn; mời thêm trưởng tổ dân phố (hai bên đồng ý); không công khai.",
    "result": "Hòa giải thành. Ông T. thay ống trước 20/12; bà H. cho con trai giúp một buổi.",
    "follow": [("21/12", "Đến xem: ống đã thay, sân khô", "Báo tổ trưởng tổ hòa giải")],
}


def _case_page(pdf, values=None):
    """One case, blank to write on by hand, or filled in with `values`."""
    values = values or {}
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    subtitle = ("VÍ DỤ ĐÃ ĐIỀN (người và việc là giả định)" if values else
                "Tài liệu làm việc của chi hội, không thay Sổ theo dõi hoạt động hòa giải của "
                "tổ hòa giải. Ghi tắt tên các bên; giữ ở nơi kín, không chụp gửi lên nhóm Zalo.")
    pdf.title_block("SỔ GHI CHÉP VỤ VIỆC HÒA GIẢI", subtitle)
    pdf.heading("1. Nhận vụ việc: ngày nhận, ai nhờ hoặc ai phân công")
    _write(pdf, values.get("received"), 2)
    pdf.heading("2. Việc gì (ghi ngắn, đúng lời kể)")
    _write(pdf, values.get("case"), 2)
    pdf.heading("3. Kiểm tra trước khi hòa giải")
    if values:
        _write(pdf, values["checks"], 0)
    else:
        for check in CHECKS:
            pdf.para(f"[   ]  {check}", size=10)
    pdf.heading("4. Gặp riêng từng bên")
    pdf.grid(["Ngày", "Bên", "Bên ấy kể gì, mong muốn gì"], values.get("private", []),
             widths=(20, 35, 119), blank_rows=0 if values else 2)
    pdf.heading("5. Buổi hòa giải: ngày giờ, nơi, hòa giải viên, người được mời, công khai "
                "hay không")
    _write(pdf, values.get("meeting"), 2)
    pdf.heading("6. Kết quả: thành (nội dung thỏa thuận) / không thành (đã chỉ các bên đến đâu) / "
                "các bên dừng")
    _write(pdf, values.get("result"), 2)
    pdf.heading("7. Theo dõi thực hiện thỏa thuận")
    pdf.grid(["Ngày", "Đã làm gì, thấy gì", "Đã báo ai"], values.get("follow", []),
             widths=(20, 104, 50), blank_rows=0 if values else 2)
    pdf.signatures("Người ghi", "Tổ trưởng tổ hòa giải (đã xem)")


def _write(pdf, text, blank_lines):
    if text:
        pdf.para(text, italic=True)
    elif blank_lines:
        pdf.fill_lines(blank_lines)


def case_notebook(path):
    pdf = Form("Sổ ghi chép vụ việc hòa giải")
    _case_page(pdf)
    pdf.add_page()
    _case_page(pdf, EXAMPLE)
    pdf.add_page(orientation="L")
    pdf.title_block("BẢNG THEO DÕI CÁC VỤ VIỆC CỦA CHI HỘI",
                    "Mỗi dòng một vụ việc. Ghi loại việc, không ghi chuyện riêng của ai.")
    pdf.grid(["STT", "Ngày nhận", "Loại việc (ghi tắt)", "Hòa giải, hay chuyển đến đâu",
              "Kết quả", "Ngày xem lại", "Người phụ trách"],
             [("Ví dụ", "8/12/2026", "Nước thải giữa hai nhà", "Tổ hòa giải tổ dân phố",
               "Thành", "21/12/2026", "Chị Lan")],
             widths=(14, 24, 52, 62, 36, 28, 45), blank_rows=14, size=10)
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        mediation_steps(media / "cac-buoc-hoa-giai.png"),
        routing_diagram(media / "viec-nao-gui-di-dau.png", "Việc nào, gửi đến đâu", ROUTES,
                        "Chị chỉ đúng nơi, không giải quyết thay. Ghi sẵn số điện thoại ở xã, "
                        "phường mình vào sổ ghi chép."),
        case_notebook(media / "so-ghi-chep-vu-viec-hoa-giai.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "xu-ly-tinh-huong-o-co-so" / "media"))
