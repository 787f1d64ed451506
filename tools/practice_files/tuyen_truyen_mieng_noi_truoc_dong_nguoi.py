"""Diagrams and printable sheets of the course "Tuyên truyền miệng và nói trước đông người ở chi
hội".

The preparation sheet is filled in by hand before a five-minute talk at a buổi sinh hoạt; the
self-check sheet is ticked after it. The worked example on the preparation sheet (chi hội, story,
figures, names) is made up and says so.
"""

import pathlib

from tools.practice_files._so_do import steps_diagram
from tools.practice_files._so_do_mau_in import Form

BLUE, GREEN, ORANGE = "#e3f2fd", "#e2f4e6", "#fde2c4"


# (label, text, box colour) of each numbered step
TALK = [
    ("Mở đầu (khoảng 1 phút)", "Một chuyện thật ở địa bàn hoặc một câu hỏi; nói luôn hôm nay bàn "
     "chuyện gì", ORANGE),
    ("Thông điệp chính", "Một câu ngắn, nói rõ, nói chậm", GREEN),
    ("Ba ý (3–4 phút)", "Mỗi ý kèm một ví dụ hoặc một con số có nguồn", BLUE),
    ("Kết (khoảng 1 phút)", "Nhắc lại thông điệp; chị em làm gì, ở đâu, khi nào", GREEN),
]
ANSWERING = [
    ("Nghe hết câu hỏi", "Không ngắt lời, không tỏ ra khó chịu", BLUE),
    ("Nhắc lại câu hỏi to", "Để cả phòng cùng nghe, nhất là các bà ngồi cuối", BLUE),
    ("Trả lời ngắn, nói nguồn", "Hai, ba câu; thông tin lấy từ đâu", BLUE),
    ("Chưa chắc thì nói thật", "Hẹn ngày trả lời, ghi lại câu hỏi và tên người hỏi", ORANGE),
    ("Quay về thông điệp chính", "Một câu nối lại với điều chị muốn chị em làm", BLUE),
]
LISTENING_TO_DOING = [
    ("Hỏi: chị sẽ làm gì?", "Không hỏi \"các chị hiểu chưa\"", BLUE),
    ("Mời một người nói lại", "Nói sai chỗ nào thì giải thích lại bằng cách khác", BLUE),
    ("Ghi ai làm gì, hạn nào", "Đếm số người nhận việc ngay tại buổi", BLUE),
    ("Buổi sau hỏi lại", "Bao nhiêu người đã làm; ai còn vướng", GREEN),
]


def numbered_steps(path, title, steps, footer=None):
    return steps_diagram(path, title, [
        {"number": number, "label": label, "text": text, "colour": colour}
        for number, (label, text, colour) in enumerate(steps, start=1)], footer=footer)


# (heading, hint, lines to write on)
PREPARATION = [
    ("1. Ai nghe?", "Bao nhiêu người, tuổi nào, họ đang lo hay quan tâm điều gì về chủ đề này", 1),
    ("2. Thông điệp chính (một câu)", "Nếu chị em chỉ nhớ một câu, đó là câu nào", 1),
    ("3. Mở đầu (khoảng 1 phút)", "Chuyện thật ở địa bàn (đã xin phép người trong chuyện) "
     "hoặc một câu hỏi", 2),
]
POINTS_EXAMPLE = ("Ví dụ", "Ngân hàng không bao giờ xin mã OTP",
                  "Tháng trước 3 chị trong chi hội bị gọi xin mã", "Sổ ghi chép của chi hội")
CLOSING = [
    ("5. Kết (khoảng 1 phút)", "Nhắc lại thông điệp; chị em làm gì, ở đâu, khi nào", 2),
    ("6. Câu hỏi chị em có thể hỏi, và câu trả lời", "Điều chưa chắc thì ghi \"sẽ hỏi lại\", "
     "hẹn ngày trả lời", 2),
]


def preparation_sheet(path):
    pdf = Form("Phiếu chuẩn bị bài nói 5 phút")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU CHUẨN BỊ BÀI NÓI 5 PHÚT",
                    "Điền tay trước buổi sinh hoạt. Chỉ ghi con số chị có nguồn; không ghi tên, "
                    "hoàn cảnh riêng của ai khi chưa được người đó đồng ý.")
    pdf.fill_lines(1, "Chủ đề, buổi sinh hoạt (ngày, giờ, nơi):")
    for heading, hint, lines in PREPARATION:
        pdf.heading(heading)
        pdf.para(hint, italic=True, size=9.5)
        pdf.fill_lines(lines)
    pdf.heading("4. Ba ý (3–4 phút)")
    pdf.para("Mỗi ý kèm một ví dụ hoặc con số, và nguồn của con số. Dòng ví dụ là giả định.",
             italic=True, size=9.5)
    pdf.grid(["Ý", "Nói bằng lời thường ngày", "Ví dụ hoặc con số", "Nguồn"], [POINTS_EXAMPLE],
             widths=(14, 62, 62, 36), blank_rows=3, size=9.5)
    for heading, hint, lines in CLOSING:
        pdf.heading(heading)
        pdf.para(hint, italic=True, size=9.5)
        pdf.fill_lines(lines)
    pdf.heading("7. Mang theo và tập nói")
    pdf.fill_lines(1, "Mang theo (văn bản gốc, tờ in chữ to cho các bà, loa):")
    pdf.fill_lines(1, "Tập nói thành tiếng, bấm giờ: lần 1 ..... phút, lần 2 ..... phút; góp ý:")
    return pdf.save(path)


CHECKS = [
    "Tôi nói đúng một thông điệp chính, nhắc lại ở phần kết.",
    "Bài nói không quá 7 phút (có người bấm giờ giúp).",
    "Tôi không đọc nguyên văn bản; dùng lời thường ngày, giải thích chữ khó.",
    "Các bà ngồi cuối phòng nghe rõ (đã hỏi lại).",
    "Câu chuyện tôi kể là chuyện thật, người trong chuyện đã đồng ý.",
    "Mỗi con số tôi nêu đều nói được nguồn.",
    "Có câu hỏi, tôi nhắc lại to rồi mới trả lời.",
    "Điều chưa chắc, tôi hẹn trả lời và đã ghi lại.",
    "Ý kiến trái chiều, tôi ghi nhận, không tranh cãi để thắng.",
    "Cuối buổi, chị em nói được mình sẽ làm gì; tôi đã ghi ai nhận việc gì.",
]


def self_check_sheet(path):
    pdf = Form("Phiếu tự kiểm tra sau bài nói")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU TỰ KIỂM TRA SAU BÀI NÓI",
                    "Đánh dấu ngay sau buổi sinh hoạt, hoặc nhờ một chị trong ban chi hội đánh "
                    "dấu giúp.")
    pdf.fill_lines(1, "Chủ đề, ngày nói:")
    pdf.ln(2)
    pdf.grid(["STT", "Điều cần kiểm tra", "Đã làm", "Chưa"],
             [(number, text, "", "") for number, text in enumerate(CHECKS, start=1)],
             widths=(12, 124, 19, 19), size=10.5)
    pdf.heading("Số người nhận việc tại buổi, và buổi sau đã làm được bao nhiêu")
    pdf.fill_lines(2)
    pdf.heading("Lần sau tôi sẽ sửa một điều")
    pdf.fill_lines(2)
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        numbered_steps(media / "khung-bai-noi-5-phut.png",
                       "Khung bài nói 5–7 phút ở buổi sinh hoạt", TALK,
                       footer="Hỏi đáp để sau bài nói, tính giờ riêng."),
        numbered_steps(media / "tra-loi-cau-hoi.png", "Trả lời một câu hỏi trước đông người",
                       ANSWERING),
        numbered_steps(media / "tu-nghe-den-lam.png", "Kiểm tra chị em đã hiểu: từ nghe đến làm",
                       LISTENING_TO_DOING),
        preparation_sheet(media / "phieu-chuan-bi-bai-noi-5-phut.pdf"),
        self_check_sheet(media / "phieu-tu-kiem-tra-sau-bai-noi.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "tuyen-truyen-mieng-noi-truoc-dong-nguoi" / "media"))
