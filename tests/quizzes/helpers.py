"""Builders for quiz tests: a published course with a question bank and an enrolled cadre."""

from lms.catalog.models import Course, Lesson, Question, QuizSettings
from lms.extensions import db

BANK = [
    ("single", "Tổng đài bảo vệ trẻ em là số nào?",
     [("111", True), ("113", False), ("115", False)], [], {}),
    ("multiple", "Những việc nào giúp phòng lừa đảo?",
     [("Không đưa mã OTP", True), ("Gọi lại số chính thức", True), ("Bấm mọi đường link", False)],
     [], {"scoring": "partial"}),
    ("truefalse", "Có thể chia sẻ ảnh căn cước của hội viên lên nhóm Zalo.",
     [("Đúng", False), ("Sai", True)], [], {}),
    ("short", "Hàm đếm theo điều kiện trong bảng tính tên là gì?", [], ["COUNTIF"],
     {"ignore_case": True}),
]


def make_quiz_course(slug="an-toan", pass_mark=70, lessons=1, **settings):
    course = Course(slug=slug, title="An toàn trên mạng", search_title="an toan tren mang",
                    track="it", hours=2, pass_mark=pass_mark, is_published=True)
    db.session.add(course)
    db.session.flush()
    for n in range(1, lessons + 1):
        db.session.add(Lesson(course_id=course.id, slug=f"bai-{n}", position=n,
                              title=f"Bài {n}", body="Nội dung", body_html="<p>Nội dung</p>"))
    for position, (kind, text, options, answers, extra) in enumerate(BANK, start=1):
        db.session.add(Question(
            course_id=course.id, position=position, type=kind, text=text,
            options=[{"text": t, "correct": c} for t, c in options], answers=answers,
            explanation=f"Giải thích câu {position}", points=1, settings=extra))
    if settings:
        db.session.add(QuizSettings(course_id=course.id, **settings))
    db.session.commit()
    return course




def right_answers(attempt):
    """{question id: the right raw answer} for every question of an attempt."""
    answers = {}
    for qid in attempt.question_ids:
        snapshot = attempt.snapshots[str(qid)]
        correct = [i for i, o in enumerate(snapshot["options"]) if o["correct"]]
        if snapshot["type"] == "short":
            answers[qid] = snapshot["answers"][0]
        elif snapshot["type"] == "multiple":
            answers[qid] = correct
        else:
            answers[qid] = correct[0]
    return answers
