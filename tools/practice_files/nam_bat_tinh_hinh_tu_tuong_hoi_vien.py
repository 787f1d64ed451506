"""Diagrams and printable sheets of the course "Nắm bắt và phản ánh tình hình tư tưởng hội viên,
phụ nữ".

The sheet a chi hội keeps while listening (what chị em are worried about, the fact and the opinion
in separate columns, where it was heard, whether it was checked), and the short report sent up to
the Hội xã, phường. The person and place in the example rows are made up; the sheets ask for no
names, only numbers of chị em, unless a name is needed to help someone.
"""

import pathlib

from tools.practice_files._so_do import cycle_diagram, steps_diagram
from tools.practice_files._so_do_mau_in import Form


def cycle_picture(path):
    return cycle_diagram(path, "Vòng nắm bắt tình hình", [
        ("Lắng nghe", "Sinh hoạt, thăm hộ, nhóm Zalo", "#d6e4f0"),
        ("Kiểm tra", "Sự việc thật chưa? Hỏi nơi có thẩm quyền", "#fde2c4"),
        ("Báo cáo", "Gửi Hội xã, phường đúng lúc, ngắn gọn", "#dcedc8"),
        ("Trả lời lại", "Báo lại chị em điều đã rõ, việc đang làm", "#f3d9e8"),
    ], centre="Chị em")


def rumour_picture(path):
    # The first step, holding back, is the one people skip: it alone is drawn in orange.
    first = {"number": 1, "label": "Ghi lại, chưa chia sẻ",
             "text": "Ai kể, nghe ở đâu, nói đúng những gì", "colour": "#fde2c4"}
    later = [("Hỏi nơi có thẩm quyền", "Ủy ban nhân dân, công an xã, phường; trang chính thức"),
             ("Báo Hội xã, phường", "Gấp thì gọi điện ngay, rồi gửi báo cáo nhanh"),
             ("Trả lời chị em", "Khi đã có thông tin chính thức, nói rõ nguồn")]
    steps = [first] + [{"number": number, "label": label, "text": text}
                       for number, (label, text) in enumerate(later, start=2)]
    return steps_diagram(path, "Khi nghe một tin đồn", steps,
                         footer="Không chuyển tiếp tin chưa rõ nguồn, kể cả để \"hỏi xem có đúng "
                                "không\".")


SOURCES = "sinh hoạt / thăm hộ / nhóm Zalo / khác"
EXAMPLE = ("Ví dụ", "Bồi thường giải phóng mặt bằng dự án đường (tổ 5)",
           "Tổ dân phố số 5 thông báo họp dân ngày 19/12/2026 về dự án; phường chưa công bố "
           "phương án bồi thường",
           "Khoảng 10/35 chị lo \"giá bồi thường thấp\", 2 chị định không đi họp",
           "sinh hoạt, Zalo", "Cán bộ phường (13/12): chưa có phương án",
           "Mời cán bộ phường giải đáp ở buổi họp", "Hội phường, 14/12", "Nhóm Zalo, 19/12")
HEADERS = ("STT", "Vấn đề chị em quan tâm", "Sự việc (đã biết chắc: gì, ở đâu, khi nào)",
           "Ý kiến, tâm trạng (bao nhiêu chị em, nói gì)", f"Nghe ở đâu ({SOURCES})",
           "Đã kiểm tra chưa, với ai", "Đề xuất", "Đã báo ai, ngày nào",
           "Đã trả lời chị em (ở đâu, ngày)")


def listening_sheet(pdf):
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU GHI NHẬN TÌNH HÌNH TƯ TƯỞNG HỘI VIÊN, PHỤ NỮ",
                    "Từ ngày ........ đến ngày ........   Người ghi: "
                    "..............................  Ghi số chị em, không ghi tên nếu không cần "
                    "để giúp ai. Sự việc và ý kiến ghi ở hai cột riêng.")
    pdf.grid(HEADERS, [EXAMPLE], widths=(11, 30, 44, 40, 24, 29, 29, 26, 28), blank_rows=9,
             size=9)
    pdf.ln(3)
    pdf.para("Việc gấp (có thể mất an toàn, tụ tập đông người, bạo lực): gọi ngay Thường trực Hội "
             "xã, phường, rồi gửi báo cáo nhanh ở trang sau. Tên, địa chỉ trong dòng ví dụ là giả "
             "định.", italic=True, size=9.5)


REPORT_PARTS = [
    ("1. Việc gì, ở đâu, từ khi nào (sự việc đã biết chắc)", 3),
    ("2. Chị em nghĩ gì, lo gì (khoảng bao nhiêu người; ý kiến nhiều người nói)", 3),
    ("3. Đã kiểm tra với ai, kết quả; điều gì còn chưa rõ", 2),
    ("4. Chi hội đã làm gì (đã giải thích, đã hẹn, đã báo ai)", 2),
    ("5. Đề xuất Hội xã, phường (cần trả lời điều gì, trước ngày nào)", 2),
]


def quick_report(pdf):
    pdf.add_page(orientation="P")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("BÁO CÁO NHANH TÌNH HÌNH TƯ TƯỞNG HỘI VIÊN, PHỤ NỮ",
                    "Kính gửi: Ban Thường vụ Hội LHPN xã, phường ..................")
    pdf.para("Mức độ (đánh dấu một ô):   [   ] Gấp, cần trả lời ngay     "
             "[   ] Cần trả lời trong kỳ     [   ] Để biết")
    pdf.ln(2)
    for heading, lines in REPORT_PARTS:
        pdf.heading(heading)
        pdf.fill_lines(lines)
    pdf.heading("Người báo cáo: ................................   Số điện thoại: "
                "..........................")
    pdf.para("Báo cáo ngắn, đủ năm mục, không quá một trang. Không ghi tên người nói nếu không "
             "cần; không chép lại tin đồn như sự thật: ghi \"có tin nói rằng...\" và nguồn nghe.",
             italic=True, size=9.5)
    pdf.signatures("NGƯỜI LẬP", "CHI HỘI TRƯỞNG")


def sheets(path):
    pdf = Form("Phiếu ghi nhận tình hình tư tưởng hội viên và báo cáo nhanh", landscape=True)
    listening_sheet(pdf)
    quick_report(pdf)
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        cycle_picture(media / "vong-nam-bat-tinh-hinh.png"),
        rumour_picture(media / "khi-nghe-tin-don.png"),
        sheets(media / "phieu-ghi-nhan-tinh-hinh-tu-tuong.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "nam-bat-tinh-hinh-tu-tuong-hoi-vien" / "media"))
