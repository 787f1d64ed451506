"""Diagrams and printable forms of the course "Kiện toàn chi hội sau sắp xếp năm 2025 và tổ chức đại
hội (hội nghị) chi hội".

Every person in these files is made up. The member list carries no phone or ID numbers: the course
teaches to write down no more than the Hội cơ sở asks for.
"""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from _so_do_mau_in import Form, chain_columns, step_diagram  # noqa: E402

UPPER, UNIT = "HỘI LHPN PHƯỜNG VIỆT HƯNG", "CHI HỘI PHỤ NỮ TỔ DÂN PHỐ SỐ 7"
CANDIDATES = ["Trần Thị Hạnh", "Lê Thị Mận", "Phạm Thị Xuân"]
# The twelve practice ballots: one mark per candidate (True: đồng ý), and the ballot the tellers
# set aside as invalid, with their note.
BALLOTS = [
    (True, True, True), (True, True, False), (True, True, True), (False, True, True),
    (True, True, True), (True, True, True), (True, True, False), (True, True, True),
    None, (True, True, True), (True, True, False), (True, True, True),
]
INVALID_NOTE = "Ban kiểm phiếu xác định không hợp lệ theo quy chế (không đúng mẫu phiếu)"


def system_before_after(path):
    return chain_columns(path, "Hệ thống Hội LHPN ở Hà Nội trước và sau ngày 1/7/2025", [
        ("Trước ngày 1/7/2025", [
            ("Trung ương Hội LHPN Việt Nam", "step", False),
            ("Hội LHPN thành phố Hà Nội", "step", False),
            ("Hội LHPN quận, huyện, thị xã", "step", False),
            ("Hội LHPN xã, phường, thị trấn", "step", False),
            ("Chi hội phụ nữ", "step", False),
            ("Tổ phụ nữ", "step", False),
        ]),
        ("Từ ngày 1/7/2025", [
            ("Trung ương Hội LHPN Việt Nam", "step", False),
            ("Hội LHPN thành phố Hà Nội", "step", False),
            ("Không còn cấp quận, huyện", "gone", True),
            ("Hội LHPN 126 xã, phường", "ok", False),
            ("Chi hội phụ nữ", "step", False),
            ("Tổ phụ nữ", "step", False),
        ]),
    ], note="Căn cứ: khoản 3 Điều 51 Luật Tổ chức chính quyền địa phương số 72/2025/QH15; "
            "Nghị quyết 1656/NQ-UBTVQH15 về các xã, phường của Hà Nội.")


def preparation_calendar(path):
    return step_diagram(path, "Lịch chuẩn bị đại hội (hội nghị) chi hội: gợi ý theo tuần", [
        ("Khoảng 4 tuần trước: nhận hướng dẫn của Hội cơ sở; ban chi hội họp, phân công", "step"),
        ("3 tuần trước: dự thảo báo cáo, lấy ý kiến các tổ; lập phương án nhân sự", "step"),
        ("2 tuần trước: xin ý kiến chi bộ và Hội cơ sở; chốt danh sách, chương trình; gửi giấy "
         "mời", "step"),
        ("1 tuần trước: in phiếu bầu theo mẫu của Hội cơ sở; chuẩn bị hội trường; tập dượt người "
         "điều hành, thư ký", "step"),
        ("Ngày họp: điều hành theo chương trình, bầu cử, ghi biên bản", "ok"),
    ], note="Các mốc chỉ là gợi ý. Hạn chót, cách bầu, tỷ lệ trúng cử: theo hướng dẫn của "
            "Hội LHPN xã, phường.", banner=None)


def meeting_order(path):
    return step_diagram(path, "Trình tự một hội nghị chi hội (khung rút gọn)", [
        ("Điểm danh; tuyên bố lý do, giới thiệu đại biểu", "step"),
        ("Chọn chủ tọa, thư ký; thông qua chương trình", "step"),
        ("Báo cáo kết quả và phương hướng của chi hội", "step"),
        ("Thảo luận; ý kiến của chi bộ và Hội cơ sở", "step"),
        ("Bầu cử theo quy chế và hướng dẫn của Hội cấp trên", "step"),
        ("Bầu đại biểu dự đại hội cấp trên (nếu được phân bổ)", "step"),
        ("Thông qua biên bản; bế mạc", "ok"),
    ], note="Nếu Hội cơ sở gửi chương trình khác, dùng chương trình của Hội cơ sở.", banner=None)


MEMBERS = [
    # STT, họ tên, năm sinh, tổ, địa chỉ ghi trong sổ, ghi chú của tổ trưởng
    (1, "Nguyễn Thị Minh Anh", 1978, "1", "Số 12 ngõ 3, tổ dân phố số 7, phường Việt Hưng", ""),
    (2, "Lê Thị Bích", 1965, "1", "Tổ 7, phường Giang Biên, quận Long Biên", ""),
    (3, "Phạm Thị Cúc", 1982, "2", "Tổ dân phố số 7, phường Việt Hưng",
     "Đã chuyển về quê từ tháng 9/2026"),
    (4, "Đỗ Thị Dung", 1990, "4", "Tổ dân phố số 8, phường Đức Giang, quận Long Biên", ""),
    (5, "Nguyễn Thị Minh Anh", 1978, "4", "Số 12 ngõ 3, tổ dân phố số 7, phường Việt Hưng", ""),
    (6, "Trần Thị Hoa", 1958, "2", "Số 5 ngõ 9, tổ dân phố số 7, phường Việt Hưng", ""),
    (7, "Trần Thị Hoa", 1987, "3", "Số 40 ngõ 11, tổ dân phố số 7, phường Việt Hưng", ""),
    (8, "Vũ Thị Huế", 1995, "4", "Tổ dân phố số 7, phường Việt Hưng",
     "Mới thuê nhà từ tháng 10/2026, chưa vào Hội"),
    (9, "Bùi Thị Kim", 1970, "4", "Tổ dân phố số 8, phường Đức Giang", ""),
    (10, "Hoàng Thị Lan", 1949, "1", "Số 3 ngõ 3, tổ dân phố số 7, phường Việt Hưng", ""),
    (11, "Ngô Thị Mai", 1985, "3", "Số 22 ngõ 11, tổ dân phố số 7, phường Việt Hưng", ""),
    (12, "Đặng Thị Nga", 1962, "4", "Số 7 ngõ 15, tổ dân phố số 7, phường Việt Hưng", ""),
    (13, "Đặng Thị Nga", 1962, "2", "Số 7 ngõ 15, tổ dân phố số 7, phường Việt Hưng", ""),
    (14, "Lý Thị Oanh", 1976, "3", "Tổ dân phố số 7, phường Việt Hưng",
     "Chuyển sang phường Bồ Đề từ tháng 11/2026"),
]
ANSWERS = [
    ("1 và 5", "Trùng: cùng họ tên, năm sinh, địa chỉ. Giữ một dòng, ghi chú chị từng ở khu nào."),
    ("12 và 13", "Trùng: cùng họ tên, năm sinh, địa chỉ. Giữ một dòng, hỏi tổ trưởng chị sinh hoạt "
                 "ở tổ nào."),
    ("6 và 7", "Không trùng: cùng họ tên nhưng khác năm sinh, khác nhà. Giữ cả hai."),
    ("2, 4, 9", "Địa chỉ còn tên cũ: ghi lại theo tổ dân phố, phường Việt Hưng; tên cũ để ghi chú "
                "nếu Hội cơ sở cần."),
    ("3, 14", "Đã chuyển đi: chưa xóa ngay; báo Hội LHPN phường để làm theo hướng dẫn chuyển "
              "sinh hoạt."),
    ("8", "Chưa vào Hội: chuyển sang danh sách \"cần vận động\", không tính là hội viên."),
    ("10, 11", "Không có gì cần sửa."),
]


def member_list(path):
    pdf = Form("Danh sách hội viên mẫu cần rà soát", landscape=True)
    pdf.union_header(UPPER, UNIT)
    pdf.title_block("DANH SÁCH HỘI VIÊN MẪU CẦN RÀ SOÁT",
                    "Tệp thực hành; mọi họ tên là giả định; không có số điện thoại, số căn cước vì "
                    "Hội cơ sở không yêu cầu. Cột cuối: ghi TRÙNG, ĐỊA CHỈ CŨ, ĐÃ CHUYỂN ĐI, CHƯA "
                    "LÀ HỘI VIÊN hoặc ĐÚNG, và việc sẽ làm.")
    pdf.grid(["STT", "Họ và tên", "Năm sinh", "Tổ", "Địa chỉ ghi trong sổ",
              "Ghi chú của tổ trưởng", "Chị đánh dấu, việc sẽ làm"],
             [(*row, "") for row in MEMBERS], widths=(11, 40, 16, 9, 84, 52, 49), size=8.5)
    pdf.heading("Chi hội của chị")
    pdf.fill_lines(1, "Số tổ phụ nữ, số hội viên:")
    pdf.fill_lines(1, "Điều cần hỏi Hội cơ sở:")
    pdf.add_page()
    pdf.title_block("ĐÁP ÁN GỢI Ý", "Chỉ xem sau khi chị đã tự làm.")
    pdf.grid(["Dòng", "Nhận xét và việc nên làm"], ANSWERS, widths=(30, 231), size=10)
    pdf.ln(3)
    pdf.para("Sau rà soát: bỏ 2 dòng trùng, còn 12 dòng; dòng 8 chuyển sang danh sách cần vận "
             "động; dòng 3 và 14 giữ tên, chờ Hội cơ sở hướng dẫn chuyển sinh hoạt. Số hội viên "
             "đang sinh hoạt ở chi hội: 9.")
    return pdf.save(path)


def review_and_cadres(path):
    pdf = Form("Phiếu rà soát chi hội và phương án cán bộ")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("PHIẾU RÀ SOÁT CHI HỘI SAU SẮP XẾP")
    pdf.fill_lines(1, "Tên chi hội, thôn hoặc tổ dân phố:")
    pdf.fill_lines(1, "Xã, phường mới:")
    pdf.fill_lines(1, "Tên xã, phường, quận, huyện cũ (để đối chiếu sổ sách):")
    pdf.fill_lines(2, "Địa bàn (ngõ, xóm, tòa nhà); khu mới nhập vào hoặc tách ra:")
    pdf.heading("Các tổ phụ nữ")
    pdf.grid(["Tổ", "Khu vực", "Số hội viên", "Tổ trưởng", "Đề xuất: giữ, chia, ghép"], [],
             widths=(14, 50, 24, 40, 46), blank_rows=6)
    pdf.heading("Danh sách hội viên")
    pdf.grid(["Tổng số dòng trước rà soát", "Trùng", "Đã chuyển đi (báo Hội cơ sở)", "Đã mất",
              "Mới đến, cần vận động", "Số hội viên sau rà soát"], [],
             widths=(32, 22, 34, 22, 32, 32), blank_rows=1)
    pdf.add_page()
    pdf.title_block("PHƯƠNG ÁN CÁN BỘ CHI HỘI, TỔ PHỤ NỮ",
                    "Ban chi hội bàn trước; xin ý kiến chi bộ và Hội cơ sở trước khi đưa ra "
                    "hội viên.")
    roles = ["Chi hội trưởng", "Chi hội phó", "Chi hội phó (nếu có)"] + [
        f"Tổ trưởng tổ {n}" for n in range(1, 6)]
    pdf.grid(["Chức danh", "Người hiện nay", "Tiếp tục, xin thôi hay còn trống", "Người đề xuất",
              "Lý do (chị em tin? có thời gian, tự nguyện? làm được việc gì?)"],
             [(role, "", "", "", "") for role in roles], widths=(30, 34, 30, 34, 46), size=9.5)
    pdf.heading("Điều cần hỏi Hội cơ sở về cách kiện toàn")
    pdf.fill_lines(2)
    pdf.heading("Ý kiến của chi bộ")
    pdf.fill_lines(2)
    pdf.heading("Ý kiến của Hội LHPN xã, phường")
    pdf.fill_lines(2)
    return pdf.save(path)


PREPARATION = [
    "Nhận hướng dẫn của Hội cơ sở: thời gian, nội dung, cách bầu, tỷ lệ trúng cử, số đại biểu "
    "dự đại hội cấp trên",
    "Họp ban chi hội, phân công",
    "Dự thảo báo cáo của chi hội",
    "Lấy ý kiến các tổ về báo cáo",
    "Lập phương án nhân sự",
    "Xin ý kiến chi bộ",
    "Xin ý kiến Hội LHPN xã, phường",
    "Chốt danh sách hội viên để điểm danh",
    "Chương trình, giấy mời (báo qua tổ trưởng, nhóm Zalo)",
    "In phiếu bầu theo mẫu của Hội cơ sở; mẫu biên bản kiểm phiếu",
    "Hội trường, bàn ghế, loa, nước uống",
    "Tập dượt người điều hành, thư ký, ban kiểm phiếu",
]
PROGRAMME = [
    ("8 giờ 00", "Điểm danh; tuyên bố lý do, giới thiệu đại biểu"),
    ("8 giờ 10", "Chọn chủ tọa, thư ký; thông qua chương trình"),
    ("8 giờ 15", "Báo cáo kết quả và phương hướng của chi hội"),
    ("8 giờ 35", "Thảo luận; ý kiến của chi bộ và Hội cơ sở"),
    ("9 giờ 15", "Bầu cử theo quy chế và hướng dẫn của Hội cấp trên"),
    ("9 giờ 50", "Bầu đại biểu dự đại hội cấp trên (nếu được phân bổ)"),
    ("10 giờ 05", "Thông qua biên bản; bế mạc"),
]


def preparation_checklist(path):
    pdf = Form("Lịch và danh mục chuẩn bị hội nghị chi hội")
    pdf.union_header("HỘI LHPN XÃ, PHƯỜNG ..................", "CHI HỘI PHỤ NỮ ..................")
    pdf.title_block("LỊCH VÀ DANH MỤC CHUẨN BỊ ĐẠI HỘI (HỘI NGHỊ) CHI HỘI")
    pdf.fill_lines(1, "Ngày, giờ họp dự kiến:")
    pdf.fill_lines(1, "Địa điểm:")
    pdf.ln(2)
    pdf.grid(["Việc", "Người phụ trách", "Hạn xong", "Đã xong"],
             [(job, "", "", "") for job in PREPARATION], widths=(92, 38, 26, 18), size=9.5)
    pdf.add_page()
    pdf.title_block("DÀN Ý BÁO CÁO CỦA CHI HỘI", "Một, hai trang; số liệu thật.")
    for heading, lines in [
        ("1. Tình hình chi hội: số hội viên, số tổ, thay đổi sau sắp xếp", 2),
        ("2. Ba kết quả có số liệu", 4),
        ("3. Một, hai hạn chế và nguyên nhân", 3),
        ("4. Hai, ba việc chính sắp tới", 3),
    ]:
        pdf.heading(heading)
        pdf.fill_lines(lines)
    pdf.add_page()
    pdf.title_block("CHƯƠNG TRÌNH HỘI NGHỊ CHI HỘI (MẪU)",
                    "Rút gọn từ khung chương trình đại hội phụ nữ cấp cơ sở. Nếu Hội cơ sở gửi "
                    "chương trình khác, dùng chương trình của Hội cơ sở.")
    pdf.grid(["Giờ (ví dụ)", "Nội dung", "Người thực hiện"],
             [(time, item, "") for time, item in PROGRAMME], widths=(26, 100, 48), size=10)
    return pdf.save(path)


def ballots_and_minutes(path):
    pdf = Form("Phiếu bầu mẫu, phiếu để kiểm và biên bản kiểm phiếu")
    pdf.union_header(UPPER, UNIT)
    pdf.title_block("PHIẾU BẦU CÁN BỘ CHI HỘI (MẪU ĐỂ TẬP)",
                    "Khi bầu thật, dùng mẫu phiếu và cách đánh dấu theo hướng dẫn của Hội cơ sở.")
    pdf.grid(["STT", "Họ và tên", "Đồng ý", "Không đồng ý"],
             [(n, name, "", "") for n, name in enumerate(CANDIDATES, start=1)],
             widths=(14, 90, 35, 35), size=11)
    pdf.ln(4)
    pdf.para("Họ tên trong phiếu là giả định.", italic=True)
    pdf.add_page()
    pdf.title_block("12 PHIẾU MẪU ĐỂ KIỂM",
                    "Mỗi dòng là một phiếu đã bỏ: ghi lựa chọn của người bầu với từng người.")
    rows = []
    for number, ballot in enumerate(BALLOTS, start=1):
        if ballot is None:
            rows.append((number, "", "", "", INVALID_NOTE))
        else:
            rows.append((number, *("Đồng ý" if mark else "Không" for mark in ballot), ""))
    pdf.grid(["Phiếu", *CANDIDATES, "Ghi chú của ban kiểm phiếu"], rows,
             widths=(14, 30, 30, 30, 70), size=9.5)
    pdf.add_page()
    pdf.union_header(UPPER, UNIT)
    pdf.title_block("BIÊN BẢN KIỂM PHIẾU")
    pdf.fill_lines(1, "Hôm nay, hồi ....... giờ ....... ngày ....... tại")
    pdf.fill_lines(1, "Ban kiểm phiếu gồm:")
    pdf.fill_lines(2)
    for label in ["Tổng số hội viên của chi hội:", "Số hội viên có mặt:", "Số phiếu phát ra:",
                  "Số phiếu thu vào:", "Số phiếu hợp lệ:", "Số phiếu không hợp lệ:"]:
        pdf.fill_lines(1, label)
    pdf.ln(2)
    pdf.grid(["STT", "Họ và tên", "Số phiếu đồng ý", "Ghi chú"],
             [(n, name, "", "") for n, name in enumerate(CANDIDATES, start=1)],
             widths=(14, 70, 40, 50), size=10.5)
    pdf.ln(2)
    pdf.para("Tỷ lệ trúng cử: theo Quy chế bầu cử trong hệ thống Hội và hướng dẫn của Hội cơ sở.",
             italic=True)
    pdf.signatures("TRƯỞNG BAN KIỂM PHIẾU", "CÁC THÀNH VIÊN")
    pdf.add_page()
    pdf.union_header(UPPER, UNIT)
    pdf.title_block("BIÊN BẢN HỘI NGHỊ CHI HỘI (KHUNG)")
    for heading, lines in [
        ("Thời gian, địa điểm", 1),
        ("Thành phần: tổng số hội viên, số có mặt, số vắng; đại biểu chi bộ, Hội cơ sở", 2),
        ("Chủ tọa, thư ký", 1),
        ("1. Báo cáo của chi hội (tóm tắt)", 2),
        ("2. Ý kiến thảo luận chính", 3),
        ("3. Ý kiến của chi bộ, Hội cơ sở", 2),
        ("4. Kết quả bầu cử (theo biên bản kiểm phiếu)", 2),
        ("5. Kết luận; kết quả biểu quyết thông qua biên bản", 2),
    ]:
        pdf.heading(heading)
        pdf.fill_lines(lines)
    pdf.fill_lines(1, "Hội nghị kết thúc lúc")
    pdf.signatures("THƯ KÝ", "CHỦ TỌA")
    pdf.add_page()
    pdf.title_block("ĐÁP ÁN", "Chỉ xem sau khi chị đã tự kiểm và điền biên bản.")
    valid = [ballot for ballot in BALLOTS if ballot is not None]
    pdf.para(f"Số phiếu phát ra: {len(BALLOTS)}. Số phiếu thu vào: {len(BALLOTS)}. Số phiếu hợp "
             f"lệ: {len(valid)}. Số phiếu không hợp lệ: {len(BALLOTS) - len(valid)} (phiếu số "
             f"{BALLOTS.index(None) + 1}).")
    for index, name in enumerate(CANDIDATES):
        pdf.para(f"{name}: {sum(ballot[index] for ballot in valid)} phiếu đồng ý.")
    pdf.para("Người trúng cử xác định theo tỷ lệ mà Hội cơ sở hướng dẫn; phiếu không hợp lệ không "
             "được đếm cho ai.")
    return pdf.save(path)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [
        system_before_after(media / "he-thong-hoi-truoc-sau.png"),
        preparation_calendar(media / "lich-chuan-bi-dai-hoi-chi-hoi.png"),
        meeting_order(media / "trinh-tu-hoi-nghi-chi-hoi.png"),
        member_list(media / "danh-sach-hoi-vien-can-ra-soat.pdf"),
        review_and_cadres(media / "phieu-ra-soat-va-phuong-an-can-bo.pdf"),
        preparation_checklist(media / "lich-chuan-bi-hoi-nghi-chi-hoi.pdf"),
        ballots_and_minutes(media / "phieu-bau-va-bien-ban-kiem-phieu.pdf"),
    ]


if __name__ == "__main__":
    print(build(pathlib.Path(__file__).resolve().parents[2] / "courses"
                / "kien-toan-chi-hoi-sau-sap-xep-2025" / "media"))
