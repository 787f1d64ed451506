"""A course's estimated time and the warnings of the catalogue's standard, on small course
folders: each rule alone, from a course that meets the standard."""

import pytest

from lms.catalog.course_files.format import read_course
from lms.catalog.course_files.quality import estimate_course, format_hours, review_course
from tests.catalog.helpers import (
    SUMMARY,
    docx_bytes,
    png_bytes,
    standard_lesson,
    standard_quiz,
    write_standard_course,
    xlsx_bytes,
)


def reviewed(folder):
    course, errors = read_course(folder)
    assert errors == []
    return course, review_course(folder, course)


def warned(folder):
    """{(file name, rule)} of the course's warnings."""
    _course, review = reviewed(folder)
    return {(warning.file.removeprefix(f"{folder}/"), warning.rule)
            for warning in review.warnings}


def test_a_course_that_meets_the_standard_has_no_warning(app_ctx, tmp_path):
    course, review = reviewed(write_standard_course(tmp_path))
    assert review.warnings == []
    # 1200 words at 100 a minute, 10 + 15 practice minutes, 10 questions drawn.
    estimate = review.estimate
    assert (estimate.words, estimate.practice_minutes, estimate.drawn_questions) == (1200, 25, 10)
    assert estimate.minutes == 47
    assert format_hours(estimate.hours) == "0,8"
    assert course.words == 1200  # the titles are read too


@pytest.mark.parametrize("heading, minutes", [
    ("## Thực hành (10 phút)", 10),
    ("### Thực hành (7 phút)", 7),
    ("## Thực hành ( 12 phút )", 12),
    ("## Thực hành (10 phút) ##", 10),
    ("## Thực hành (mười phút)", 0),  # a whole number only
    ("## Thực hành (2,5 phút)", 0),
    ("Thực hành (10 phút)", 0),  # not a heading
    ("## Thực hành", 0),
])
def test_practice_minutes_come_from_the_practice_headings(tmp_path, heading, minutes):
    folder = write_standard_course(tmp_path, lessons=[standard_lesson(practice=heading)])
    course, _errors = read_course(folder)
    assert estimate_course(course).practice_minutes == minutes


def test_every_practice_heading_of_a_lesson_counts(tmp_path):
    lesson = standard_lesson(practice="## Thực hành (10 phút)",
                             extra="### Thực hành (5 phút)\n\nChị hãy gọi điện cho một hội viên.")
    course, _errors = read_course(write_standard_course(tmp_path, lessons=[lesson]))
    assert estimate_course(course).practice_minutes == 15


@pytest.mark.parametrize("drawn, questions, minutes", [("10", 20, 10), ("0", 20, 20),
                                                       (None, 12, 12), ("15", 12, 12)])
def test_the_quiz_counts_a_minute_for_each_question_an_attempt_draws(tmp_path, drawn,
                                                                       questions, minutes):
    folder = write_standard_course(tmp_path, meta={"Quiz-Questions": drawn},
                                   quiz=standard_quiz(questions))
    course, _errors = read_course(folder)
    assert estimate_course(course).drawn_questions == minutes


def test_images_and_practice_files_are_counted(app_ctx, tmp_path):
    lesson = standard_lesson(extra="![Sơ đồ các bước](media/so-do.png)\n\n"
                                   "![Nút Lọc](media/nut-loc.png)\n\n"
                                   "[Tải tệp thực hành](media/danh-sach.xlsx)")
    folder = write_standard_course(tmp_path, lessons=[lesson], media={
        "so-do.png": png_bytes(), "nut-loc.png": png_bytes("blue"),
        "danh-sach.xlsx": xlsx_bytes(), "mau.docx": docx_bytes(), "du-lieu.csv": b"a,b\n"})
    _course, review = reviewed(folder)
    assert (review.images, review.practice_files) == (2, 3)


@pytest.mark.parametrize("hours, warns", [("1", False), ("1,1", False), ("1,5", True),
                                          ("4", True)])
def test_declared_hours_above_one_and_a_half_times_the_estimate_warn(app_ctx, tmp_path, hours,
                                                                      warns):
    # The estimate is 47 minutes: 1,5 times that is 70,5 minutes, 1,175 hours.
    folder = write_standard_course(tmp_path, meta={"Hours": hours})
    assert warned(folder) == ({("course.md", "hours_above_estimate")} if warns else set())


def test_the_hours_warning_says_the_declared_and_estimated_hours(app_ctx, tmp_path):
    _course, review = reviewed(write_standard_course(tmp_path, meta={"Hours": "4"}))
    message = str(review.warnings[0].message)
    assert message.startswith("'Hours:' khai báo 4 giờ, hơn 1,5 lần 0,8 giờ ước tính")


@pytest.mark.parametrize("right_longest, warns", [(8, False), (9, True), (20, True)])
def test_a_right_option_longest_in_more_than_40_percent_of_questions_warns(
        app_ctx, tmp_path, right_longest, warns):
    folder = write_standard_course(tmp_path, quiz=standard_quiz(20, right_longest))
    assert warned(folder) == ({("quiz.md", "right_option_often_longest")} if warns else set())


def test_a_right_option_as_long_as_the_longest_counts_and_true_false_does_not(app_ctx,
                                                                               tmp_path):
    tie = ("## Chi hội họp mấy lần một quý?\nType: single\n\n- [ ] Một\n- [x] Hai\n\n"
           "Explanation: Theo lịch của chi hội.\n")
    multiple = ("## Việc nào cần làm trước buổi họp?\nType: multiple\n\n"
                "- [x] Báo lịch cho chị em\n- [x] Mượn hội trường\n- [ ] Không làm gì\n\n"
                "Explanation: Cả hai việc.\n")
    true_false = ("## Biên bản cần chữ ký của thư ký.\nType: truefalse\n\n- [x] Đúng\n- [ ] Sai\n\n"
                  "Explanation: Thư ký ghi và ký biên bản.\n")
    # 12 single choice questions with the right option shortest, 4 ties, 5 multiple choice
    # whose right option is longest: 9 of 21 choice questions, over 40 %; the true/false
    # questions are not choice questions.
    quiz = "\n".join([standard_quiz(12), tie * 4, multiple * 5, true_false * 5])
    folder = write_standard_course(tmp_path, quiz=quiz)
    assert warned(folder) == {("quiz.md", "right_option_often_longest")}
    quiz = "\n".join([standard_quiz(13), tie * 3, multiple * 5, true_false * 5])
    assert warned(write_standard_course(tmp_path, quiz=quiz)) == set()


def test_fewer_than_20_questions_warn(app_ctx, tmp_path):
    folder = write_standard_course(tmp_path, quiz=standard_quiz(19))
    # A bank under 20 is warned about once: no warning about its draw too.
    assert warned(folder) == {("quiz.md", "too_few_questions")}


@pytest.mark.parametrize("drawn, warns", [("10", False), ("15", False), ("9", True),
                                          ("16", True), ("0", True), (None, True)])
def test_a_draw_outside_10_to_15_questions_warns(app_ctx, tmp_path, drawn, warns):
    folder = write_standard_course(tmp_path, meta={"Quiz-Questions": drawn},
                                   quiz=standard_quiz(25))
    assert warned(folder) == ({("course.md", "draw_outside_range")} if warns else set())


@pytest.mark.parametrize("attempts", [None, "0"])
def test_no_attempt_limit_warns(app_ctx, tmp_path, attempts):
    folder = write_standard_course(tmp_path, meta={"Max-Attempts": attempts})
    assert warned(folder) == {("course.md", "no_attempt_limit")}


@pytest.mark.parametrize("review", [None, "after-submit", "score-only"])
def test_a_review_other_than_after_pass_warns(app_ctx, tmp_path, review):
    folder = write_standard_course(tmp_path, meta={"Review": review})
    assert warned(folder) == {("course.md", "review_before_passing")}


@pytest.mark.parametrize("words, warns", [(700, False), (701, True)])
def test_a_lesson_over_700_words_warns(app_ctx, tmp_path, words, warns):
    lessons = [standard_lesson(words=words), standard_lesson("Bài hai")]
    folder = write_standard_course(tmp_path, lessons=lessons)
    assert warned(folder) == ({("01-bai-1.md", "lesson_too_long")} if warns else set())


@pytest.mark.parametrize("left_out, rule", [
    ({"objectives": ""}, "no_objectives"),
    ({"objectives": "Sau bài này chị biết:\n\n- lập danh sách."}, "no_objectives"),
    ({"practice": ""}, "no_practice"),
    ({"practice": "## Bài tập"}, "no_practice"),
    ({"summary": ""}, "no_summary"),
    ({"summary": "## Ghi nhớ\n\n- Mỗi hội viên một hàng."}, "no_summary"),
])
def test_a_lesson_without_objectives_practice_or_summary_warns(app_ctx, tmp_path, left_out,
                                                               rule):
    lessons = [standard_lesson("Bài một"), standard_lesson("Bài hai", **left_out)]
    folder = write_standard_course(tmp_path, meta={"Hours": "0,5"}, lessons=lessons)
    assert warned(folder) == {("02-bai-2.md", rule)}


def test_objectives_and_summary_may_be_emphasised_or_at_any_heading_level(app_ctx, tmp_path):
    lesson = standard_lesson(objectives="**Học xong bài này, chị có thể:**\n\n- lập danh sách.",
                             summary=SUMMARY.replace("## ", "### "))
    folder = write_standard_course(tmp_path, meta={"Hours": "0,5"}, lessons=[lesson])
    assert warned(folder) == set()
