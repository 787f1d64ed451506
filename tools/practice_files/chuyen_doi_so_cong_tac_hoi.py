"""Diagram and practice file of the course chuyen-doi-so-cong-tac-hoi.

The practice file is a worksheet a chi hội fills in by hand at a meeting of its ban chấp hành:
what it does today, the one or two things to move onto phones first, who is in charge, and what
was learnt after the trial. The first row of each table is a worked example, marked as such.
"""

import pathlib

if __package__:
    from ._so_do_va_phieu import step_diagram, worksheet
else:  # run as a script
    from _so_do_va_phieu import step_diagram, worksheet

FOOTER = "Khóa học: Chuyển đổi số trong công tác Hội ở cơ sở"


def _coaching(media):
    return step_diagram(media / "mot-buoi-kem.png", "Một buổi kèm tại nhà, khoảng 20 phút", [
        ("step", "Hỏi bác muốn làm được việc gì", "Chỉ một việc, ví dụ mở nhóm Zalo chi hội."),
        ("step", "Chỉnh máy cho dễ nhìn", "Tăng cỡ chữ, độ sáng; đưa Zalo ra màn hình chính."),
        ("step", "Chị nói, bác tự bấm", "Lời đời thường: \"bấm vào chữ màu xanh này\"."),
        ("step", "Bác tự làm lại một lần", "Không nhắc; bác quên bước nào thì chỉ lại bước đó."),
        ("step", "Ghi các bước ra giấy, chữ to", "Để cạnh điện thoại."),
        ("ok", "Khen, hẹn tuần sau", "Học việc tiếp theo; dặn ai xin mã số thì gọi con cháu."),
    ])


def _plan(media):
    review = [["Ví dụ: Báo họp", "Tổ trưởng đi báo từng nhà", "Mất 2–3 ngày, vẫn sót người",
               "Nhóm Zalo chi hội"]] + [[""] * 4 for _ in range(5)]
    duties = [["Ví dụ: Nhóm Zalo", "Chị phó: quản trị nhóm", "1/1 đến 31/1",
               "Tổ trưởng vẫn báo miệng 14 chị"]] + [[""] * 4 for _ in range(3)]
    return worksheet(media / "phieu-ke-hoach-chuyen-doi-so.pdf",
                     "PHIẾU RÀ SOÁT VÀ KẾ HOẠCH CHUYỂN ĐỔI SỐ CỦA CHI HỘI",
                     "Điền cùng ban chấp hành chi hội và các tổ trưởng. Dòng đầu mỗi bảng là "
                     "ví dụ. Chọn ít việc mà làm chắc: một, hai việc trong lần đầu.", [
        ("Thông tin chung", [("fill", "Chi hội:"), ("fill", "Số hội viên; khoảng bao nhiêu chị "
                                                            "dùng điện thoại thông minh:"),
                             ("fill", "Ai trong chi hội thạo công nghệ, sẵn lòng giúp:")]),
        ("1. Rà soát việc đang làm", [("table", ["Việc", "Hiện làm thế nào", "Khó khăn",
                                                 "Có thể làm số thế nào"],
                                       (34, 48, 46, 46), review)]),
        ("2. Việc chọn làm trước (một hoặc hai việc)", [("fill", "Việc thứ nhất:"),
                                                       ("fill", "Việc thứ hai (nếu có):")]),
        ("3. Phân công và làm thử", [("table", ["Việc", "Người phụ trách", "Làm thử từ, đến",
                                                "Cách báo tin cũ giữ song song"],
                                      (34, 46, 34, 60), duties)]),
        ("4. Rút kinh nghiệm sau 1–2 tháng", [
            ("fill", "Cách mới có tiện hơn không? Ai còn gặp khó khăn?"),
            ("fill", "Có tin nhắn nào lạc đề, gây phiền trong nhóm không?"),
            ("fill", "Việc tiếp theo chi hội sẽ làm:")]),
    ], FOOTER)


def build(media: pathlib.Path) -> list[pathlib.Path]:
    media.mkdir(parents=True, exist_ok=True)
    return [_coaching(media), _plan(media)]


if __name__ == "__main__":
    COURSES = pathlib.Path(__file__).resolve().parents[2] / "courses"
    for written in build(COURSES / "chuyen-doi-so-cong-tac-hoi" / "media"):
        print(written)
