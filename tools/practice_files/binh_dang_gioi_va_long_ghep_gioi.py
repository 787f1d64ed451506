"""Diagrams and the printable checklist of the course "Bình đẳng giới và lồng ghép giới trong hoạt
động chi hội".

The diagrams are 540 px wide (the lesson pictures are shown about 330 px wide on a 360 px phone).
The checklist is a PDF a chi hội prints and fills in by hand when it plans an activity; its second
page is the "one day of a couple" table used to see who does the unpaid care work. The example
entries on it are made up.
"""

import pathlib

from PIL import Image, ImageDraw

from tools.practice_files._so_do import font, steps_diagram, wrap
from tools.practice_files._so_do_mau_in import Form

WIDTH, MARGIN, GUTTER, PAD = 540, 24, 14, 12
INK, MUTED, LINE = "#1f2933", "#52606d", "#9aa5b1"
SEX, GENDER = "#fde2c4", "#e3f2fd"

# (giới tính, giới): the rows of the comparison, after khoản 1, 2 Điều 5 Luật Bình đẳng giới.
SEX_AND_GENDER = [
    ("Đặc điểm sinh học của nam, nữ", "Đặc điểm, vị trí, vai trò của nam và nữ trong các quan hệ "
                                      "xã hội"),
    ("Có từ khi sinh ra", "Do gia đình, xã hội dạy, học mà có"),
    ("Giống nhau ở mọi nơi", "Khác nhau giữa nơi này, nơi khác, thời này, thời khác"),
    ("Ví dụ: chỉ phụ nữ mang thai, sinh con, cho con bú", "Ví dụ: ai nấu cơm, ai đón con, ai đi "
                                                          "họp: nam, nữ đều làm được"),
]


def _cell(draw, x, y, width, text, face, fill):
    lines = wrap(draw, text, face, width - 2 * PAD)
    for index, line in enumerate(lines):
        draw.text((x + PAD, y + PAD + index * (face.size + 7)), line, font=face, fill=fill)
    return 2 * PAD + len(lines) * (face.size + 7) - 7


def sex_and_gender(path):
    """Two columns, giới tính and giới, one row of boxes for each point of the comparison."""
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_face, head_face, face = font(30, bold=True), font(27, bold=True), font(23)
    column = (WIDTH - 2 * MARGIN - GUTTER) // 2
    title = wrap(probe, "Giới tính và giới khác nhau thế nào", title_face, WIDTH - 2 * MARGIN)
    rows = [max(_cell(probe, 0, 0, column, text, face, INK) for text in row)
            for row in SEX_AND_GENDER]
    note = wrap(probe, "Giới tính không đổi được. Giới thay đổi được: đó là chỗ chi hội làm việc.",
                face, WIDTH - 2 * MARGIN)
    source = wrap(probe, "Căn cứ: khoản 1, 2 Điều 5 Luật Bình đẳng giới 2006.", font(21),
                  WIDTH - 2 * MARGIN)
    height = (MARGIN + len(title) * 38 + 12 + 44 + sum(rows) + 12 * len(rows) + 12
              + len(note) * 30 + 8 + len(source) * 28 + MARGIN)
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    y = MARGIN
    for line in title:
        draw.text((MARGIN, y), line, font=title_face, fill=INK)
        y += 38
    y += 12
    lefts = (MARGIN, MARGIN + column + GUTTER)
    for x, heading, fill in zip(lefts, ("GIỚI TÍNH", "GIỚI"), (SEX, GENDER), strict=True):
        draw.rounded_rectangle([x, y, x + column, y + 38], radius=10, fill=INK)
        draw.text((x + column / 2, y + 19), heading, font=head_face, fill=fill, anchor="mm")
    y += 44
    for row, row_height in zip(SEX_AND_GENDER, rows, strict=True):
        for x, text, fill in zip(lefts, row, (SEX, GENDER), strict=True):
            draw.rounded_rectangle([x, y, x + column, y + row_height], radius=12, fill=fill,
                                   outline=LINE, width=2)
            _cell(draw, x, y, column, text, face, INK)
        y += row_height + 12
    y += 12
    for line in note:
        draw.text((MARGIN, y), line, font=face, fill=INK)
        y += 30
    y += 8
    for line in source:
        draw.text((MARGIN, y), line, font=font(21), fill=MUTED)
        y += 28
    image.quantize(colors=24).save(path, optimize=True)
    return path


# (label, text): the five steps of lồng ghép giới in a chi hội plan, taught in lesson 04.
PLAN_STEPS = [
    ("Hỏi trước", "Ai cần hoạt động này? Chị em bận việc nhà, làm ca, đón con vào giờ nào?"),
    ("Chọn giờ, chọn nơi", "Tránh giờ nấu cơm, đón con; gần nhà, an toàn; có chỗ trông trẻ"),
    ("Chia việc", "Chuẩn bị, dọn dẹp, nấu nước: cả nam và nữ; không mặc định là chị em"),
    ("Đọc lại lời mời", "Lời, ảnh, tài liệu, câu đùa có định kiến giới không? Có mời cả nam giới?"),
    ("Ghi lại, hỏi lại", "Bao nhiêu nữ, bao nhiêu nam đến; ai vắng vì sao; lần sau sửa gì"),
]

# (label, text): how a chi hội takes part in the Union's work for gender equality, lesson 03.
UNION_STEPS = [
    ("Nắm tình hình", "Nghe chị em nói trong sinh hoạt, khi thăm hộ"),
    ("Phát hiện", "Việc gì bất cập, thiệt cho nữ hoặc cho nam, ở đâu, mấy người"),
    ("Phản ánh lên Hội xã, phường", "Bằng văn bản ngắn: sự việc, dẫn chứng, đề xuất"),
    ("Góp ý khi được hỏi", "Hương ước, quy ước, kế hoạch, chương trình ở địa bàn"),
    ("Theo dõi, báo lại", "Hỏi kết quả; báo lại hội viên ở buổi sinh hoạt sau"),
]


def _steps(path, title, steps, footer):
    return steps_diagram(path, title, [
        {"number": number, "label": label, "text": text,
         "colour": "#e2f4e6" if number == len(steps) else GENDER}
        for number, (label, text) in enumerate(steps, start=1)], footer=footer)


QUESTIONS = [
    "Đã hỏi ý kiến cả chị em trẻ, chị em làm ca, người cao tuổi về nội dung và giờ giấc chưa?",
    "Giờ họp có tránh giờ nấu cơm, đón con, giờ làm ca của đa số người được mời không?",
    "Nơi họp có gần, an toàn, đi lại được buổi tối; có chỗ ngồi cho người cao tuổi không?",
    "Có người trông trẻ hoặc cho phép mang con nhỏ theo không?",
    "Việc chuẩn bị, nấu nước, dọn dẹp đã chia cho cả nam và nữ chưa?",
    "Nội dung về gia đình, nuôi dạy con, việc nhà có mời cả người chồng, người cha không?",
    "Lời mời, tài liệu, ảnh, tiểu phẩm có câu nào định kiến giới (ví dụ \"giúp vợ\", \"việc của "
    "đàn bà\") không?",
    "Người phát biểu, người dẫn chương trình có cả nữ và nam không?",
    "Sổ ghi chép có ghi số nữ, số nam tham gia và ý kiến của cả hai không?",
    "Sau hoạt động đã hỏi lại ai vắng, vì sao, và ghi việc sẽ sửa lần sau chưa?",
]
HOURS = ["5 - 6 giờ", "6 - 7 giờ", "7 - 11 giờ", "11 - 12 giờ", "12 - 14 giờ", "14 - 17 giờ",
         "17 - 19 giờ", "19 - 21 giờ", "21 - 23 giờ"]


def checklist(path):
    pdf = Form("Phiếu kiểm tra lồng ghép giới khi lập kế hoạch hoạt động chi hội")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU KIỂM TRA LỒNG GHÉP GIỚI KHI LẬP KẾ HOẠCH HOẠT ĐỘNG CHI HỘI",
                    "Tài liệu làm việc của chi hội. Dùng khi lập kế hoạch, trước khi gửi giấy mời, "
                    "và sau hoạt động để rút kinh nghiệm.")
    pdf.fill_lines(1, "Tên hoạt động:")
    pdf.fill_lines(1, "Ngày, giờ, địa điểm dự kiến:")
    pdf.fill_lines(1, "Người được mời (ghi cả nhóm nữ và nhóm nam):")
    pdf.ln(2)
    pdf.grid(["STT", "Câu hỏi kiểm tra", "Có", "Chưa", "Việc sẽ sửa"],
             [(number, question, "", "", "") for number, question in
              enumerate(QUESTIONS, start=1)], widths=(10, 92, 11, 12, 49), size=9.5)
    pdf.heading("Sau hoạt động")
    pdf.fill_lines(1, "Số người dự: nữ ......... nam ......... Ai vắng, vì sao:")
    pdf.fill_lines(2, "Lần sau sẽ sửa:")
    pdf.signatures("NGƯỜI LẬP PHIẾU", "CHI HỘI TRƯỞNG")
    pdf.add_page()
    pdf.title_block("MỘT NGÀY CỦA HAI VỢ CHỒNG",
                    "Dùng ở buổi sinh hoạt: mỗi cặp (hoặc mỗi chị) ghi ai làm gì trong một ngày "
                    "thường, rồi cùng xem ai làm việc nhà, chăm sóc không được trả công, ai có giờ "
                    "rảnh để đi họp.")
    example = ("Ví dụ", "Nấu cơm, cho con ăn, đưa con đi học", "Tập thể dục, đọc báo")
    pdf.grid(["Giờ", "Người vợ làm gì", "Người chồng làm gì"],
             [example] + [(hours, "", "") for hours in HOURS], widths=(28, 73, 73), size=10.5)
    pdf.para("Dòng \"Ví dụ\" là ví dụ giả định. Cộng số giờ mỗi người làm việc nhà, chăm sóc con, "
             "người già, người ốm. Bàn: giờ nào trong ngày cả hai cùng rảnh để đi sinh hoạt? Việc "
             "nào người chồng nhận làm thêm được?", italic=True)
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        sex_and_gender(media / "gioi-tinh-va-gioi.png"),
        _steps(media / "nam-buoc-long-ghep-gioi.png", "Năm bước lồng ghép giới khi lập kế hoạch",
               PLAN_STEPS, "Chi tiết từng câu hỏi: phiếu kiểm tra lồng ghép giới (PDF)."),
        _steps(media / "chi-hoi-tham-gia-giam-sat-phan-bien.png",
               "Chi hội góp phần giám sát, phản biện về bình đẳng giới", UNION_STEPS,
               "Chi hội không tự xử lý vụ việc; không nêu tên người khi chưa được đồng ý."),
        checklist(media / "phieu-kiem-tra-long-ghep-gioi.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "binh-dang-gioi-va-long-ghep-gioi" / "media"))
