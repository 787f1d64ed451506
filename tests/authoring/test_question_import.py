"""Importing a question bank: the Excel template (.xlsx and .ods), Aiken and GIFT (as text
and as Word .docx), each good and broken (a broken file changes nothing), the same file
twice adding nothing, the preview and confirmation pages (own courses, CSRF, the upload kept
on the server), and the command."""

import io
import re

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lms.authoring import question_import as importer
from lms.authoring.question_formats import aiken_example_docx, template_workbook
from lms.catalog.models import Question
from lms.core.errors import ImportRejected
from lms.extensions import db
from tests.authoring.question_files import (
    AIKEN,
    AIKEN_BROKEN,
    GIFT,
    GIFT_BROKEN,
    docx_bytes,
    excel_row,
    ods_bytes,
    workbook_bytes,
)
from tests.conftest import csrf_token_from, login, logout, post_form
from tests.factories import make_user


def bank(course):
    return list(db.session.scalars(select(Question).where(Question.course_id == course.id)
                                   .order_by(Question.position)))


def count(course):
    return db.session.scalar(select(func.count()).select_from(Question)
                             .where(Question.course_id == course.id))


def imported(course, data, filename):
    result = importer.import_questions(course, data, filename)
    db.session.commit()
    return result


def rejected(course, data, filename):
    with pytest.raises(ImportRejected) as refusal:
        importer.import_questions(course, data, filename)
    db.session.rollback()
    line_based = not filename.endswith((".xlsx", ".ods"))
    return [importer.error_text(e, line_based) for e in refusal.value.errors]


# --- Excel ---------------------------------------------------------------------------------

def test_the_template_imports_as_it_is_and_has_a_help_sheet(course):
    workbook = load_workbook(io.BytesIO(template_workbook()))
    assert workbook.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    assert workbook["Câu hỏi"]["A1"].value == "Loại câu hỏi"
    result = imported(course, template_workbook(), "mau.xlsx")
    assert result.format == "excel" and len(result.questions) == 4
    single, multiple, truefalse, short = bank(course)
    assert [o["correct"] for o in single.options] == [False, True, False]
    assert multiple.type == "multiple" and [o["correct"] for o in multiple.options] == [
        True, True, False, False]
    assert multiple.points == 2
    assert truefalse.options == [{"text": "Đúng", "correct": True},
                                 {"text": "Sai", "correct": False}]
    assert short.answers == ["DVCQG", "Cổng dịch vụ công quốc gia"] and short.options == []
    assert short.settings == {} and short.explanation.startswith("Cổng Dịch vụ công")


def test_a_broken_sheet_names_its_rows_and_changes_nothing(course):
    data = workbook_bytes([
        excel_row(),
        excel_row(text="Không có đáp án đúng", right=""),
        excel_row(type_="Đúng / sai", text="Câu đúng sai", options=(), right="Có lẽ"),
        excel_row(type_="Loại lạ"),
        excel_row(text="Thiếu giải thích", explanation=""),
        excel_row(text="Chọn E", right="E"),
    ])
    problems = rejected(course, data, "cau-hoi.xlsx")
    assert problems == [
        "Dòng 3, cột Đáp án đúng: Không có đáp án đúng.",
        "Dòng 4, cột Đáp án đúng: Ghi Đúng hoặc Sai.",
        "Dòng 5, cột Loại câu hỏi: Loại câu hỏi không hợp lệ: ghi Một đáp án đúng, Nhiều "
        "đáp án đúng, Đúng / sai hoặc Trả lời ngắn.",
        "Dòng 6, cột Giải thích: Hãy viết lời giải thích cho đáp án đúng.",
        "Dòng 7, cột Đáp án đúng: Không có phương án E, hoặc phương án này để trống.",
    ]
    assert count(course) == 0


def test_a_sheet_without_the_explanation_column_is_refused(course):
    data = workbook_bytes([["Một đáp án đúng", "Câu?"]], header=["Loại câu hỏi", "Câu hỏi"])
    problems = rejected(course, data, "cau-hoi.xlsx")
    assert problems == ["Dòng 1, cột Giải thích: Thiếu cột bắt buộc (tiêu đề: Giải thích)."]


# --- Aiken ---------------------------------------------------------------------------------

def test_aiken_from_word_imports_single_and_several_right_answers(course):
    result = imported(course, AIKEN.encode("utf-8-sig"), "cau-hoi.txt")
    assert result.format == "aiken"
    first, second = bank(course)
    assert first.type == "single" and first.options[1] == {
        "text": "Không bấm, xóa tin nhắn và cảnh báo người thân", "correct": True}
    assert first.options[2]["text"] == "Gửi mã OTP để xác minh"
    assert first.explanation == "Đây là chiêu lừa đảo phổ biến."
    assert second.type == "multiple"
    assert [o["correct"] for o in second.options] == [True, True, False]


def test_broken_aiken_names_its_lines_and_changes_nothing(course):
    problems = rejected(course, AIKEN_BROKEN.encode(), "cau-hoi.txt")
    assert problems == ["Dòng 21: Không có đáp án đúng (ANSWER: …).",
                        "Dòng 29: Không có phương án D."]
    assert count(course) == 0


def test_aiken_without_an_explanation_is_refused_with_how_to_add_it(course):
    text = "Câu hỏi?\nA. Một\nB. Hai\nANSWER: A\n"
    assert rejected(course, text.encode(), "a.txt") == [
        "Dòng 4: Chưa có lời giải thích: thêm dòng GIẢI THÍCH: … sau dòng ANSWER."]


def test_a_text_file_not_in_utf8_is_refused(course):
    problems = rejected(course, b"C\xe2u h\xf0i?", "a.txt")  # Windows-1258
    assert problems[0].startswith("Tệp a.txt không được lưu dạng văn bản UTF-8.")


# --- GIFT ----------------------------------------------------------------------------------

def test_gift_from_moodle_imports_its_four_kinds(course):
    result = imported(course, GIFT.encode(), "moodle.gift")
    assert result.format == "gift"
    single, truefalse, multiple, short = bank(course)
    assert single.text == "Mật khẩu nào mạnh nhất: chọn một?"
    assert single.options[1] == {"text": "Hoa-Sen=2026!dai", "correct": True}
    assert single.explanation == "Dài, có chữ, số và ký hiệu."
    assert truefalse.type == "truefalse" and truefalse.options == [
        {"text": "Đúng", "correct": False}, {"text": "Sai", "correct": True}]
    assert truefalse.explanation == "Đúng: mã OTP là của riêng chị."
    assert multiple.type == "multiple" and multiple.settings == {"scoring": "partial"}
    assert [o["correct"] for o in multiple.options] == [True, True, False]
    assert multiple.explanation == "Link lạ và giục chuyển tiền là dấu hiệu lừa đảo."
    assert short.answers == ["DVCQG", "dịch vụ công quốc gia"]


def test_gift_saved_as_txt_is_read_as_gift(course):
    assert imported(course, GIFT.encode(), "moodle.txt").format == "gift"


def test_broken_gift_names_its_lines_and_changes_nothing(course):
    problems = rejected(course, GIFT_BROKEN.encode(), "moodle.gift")
    assert problems == [
        "Dòng 23: Không nhập được câu hỏi tự luận: ngân hàng câu hỏi chấm điểm tự động "
        "mọi câu trả lời.",
        "Dòng 25: Không nhập được câu hỏi dạng số; hãy viết thành câu trả lời ngắn {=…}.",
        "Dòng 27: Chưa có lời giải thích: thêm phản hồi chung ####… trước dấu } đóng "
        "(hoặc #… sau đáp án đúng).",
    ]
    assert count(course) == 0


def test_gift_matching_and_too_many_options_are_refused(course):
    options = " ".join(f"~{n}" for n in range(6))
    text = ("Ghép.{=a -> b =c -> d}\n\n"
            f"Bảy phương án{{=đúng {options} ####Vì vậy.}}\n")
    assert rejected(course, text.encode(), "m.gift") == [
        "Dòng 1: Không nhập được câu hỏi ghép đôi.", "Dòng 3: Tối đa 6 phương án."]


# --- Word ----------------------------------------------------------------------------------

def test_aiken_typed_in_word_imports_like_the_text_file(course):
    result = imported(course, docx_bytes(AIKEN), "cau-hoi.docx")
    assert result.format == "aiken" and [q.where for q in result.questions] == [1, 8]
    first, second = bank(course)
    assert first.type == "single" and first.options[1] == {
        "text": "Không bấm, xóa tin nhắn và cảnh báo người thân", "correct": True}
    assert first.explanation == "Đây là chiêu lừa đảo phổ biến."
    assert second.type == "multiple"


def test_broken_aiken_in_word_names_its_paragraphs_and_changes_nothing(course):
    problems = rejected(course, docx_bytes(AIKEN_BROKEN), "cau-hoi.docx")
    assert problems == ["Dòng 21: Không có đáp án đúng (ANSWER: …).",
                        "Dòng 29: Không có phương án D."]
    assert count(course) == 0


def test_a_line_break_inside_a_paragraph_keeps_the_paragraphs_number(course):
    document = docx_bytes("Câu hỏi một\nA. Một\nB. Hai\nANSWER: C\nGIẢI THÍCH: Vì vậy.")
    assert rejected(course, document, "a.docx") == ["Dòng 4: Không có phương án C."]
    soft = io.BytesIO()
    word = docx.Document(io.BytesIO(document))
    word.paragraphs[1].add_run().add_break()  # Shift+Enter, then the next option
    word.paragraphs[1].add_run("B. Hai")
    removed = word.paragraphs[2]._p
    removed.getparent().remove(removed)
    word.save(soft)
    assert rejected(course, soft.getvalue(), "a.docx") == ["Dòng 3: Không có phương án C."]


def test_words_automatic_option_letters_are_named_as_the_cause(course):
    text = "Câu hỏi?\nMột\nHai\nANSWER: A\nGIẢI THÍCH: Vì vậy."
    problems = rejected(course, docx_bytes(text, numbered=(1, 2)), "a.docx")
    assert problems[0].startswith("Word đã tự động đánh số một số đoạn")
    assert problems[1:] == ["Dòng 1: Không có đáp án đúng (ANSWER: …)."]
    assert count(course) == 0


def test_gift_saved_as_word_is_read_as_gift(course):
    result = imported(course, docx_bytes(GIFT), "moodle.docx")
    assert result.format == "gift" and len(result.questions) == 4
    assert rejected(course, docx_bytes(GIFT_BROKEN), "b.docx")[0].startswith(
        "Dòng 23: Không nhập được câu hỏi tự luận")


@pytest.mark.parametrize("data", [b"not a zip", template_workbook()])
def test_a_file_that_is_not_a_word_document_is_refused(course, data):
    assert rejected(course, data, "cau-hoi.docx") == [
        "cau-hoi.docx không phải là tài liệu Word (.docx). Chị mở tệp bằng Word rồi lưu "
        "lại dưới dạng Word Document (.docx)."]


def test_the_word_example_imports_as_it_is(signed_in, course):
    response = signed_in.get(f"/author/courses/{course.id}/questions/import/example.docx")
    assert response.status_code == 200 and response.data == aiken_example_docx()
    result = imported(course, response.data, "mau-cau-hoi-word.docx")
    assert [q.type for q in bank(course)] == ["single", "multiple", "single"]
    assert len(result.questions) == 3


def test_the_template_saved_as_ods_imports(course):
    result = imported(course, ods_bytes(template_workbook()), "mau.ods")
    assert result.format == "excel" and len(result.questions) == 4


# --- The same file twice -------------------------------------------------------------------

@pytest.mark.parametrize("data, filename", [
    (AIKEN.encode(), "a.txt"), (GIFT.encode(), "g.gift"), (template_workbook(), "m.xlsx"),
    (docx_bytes(AIKEN), "a.docx")])
def test_importing_the_same_file_twice_adds_nothing(course, data, filename):
    first = imported(course, data, filename)
    again = imported(course, data, filename)
    assert len(again.questions) == 0 and len(again.skipped) == len(first.questions)
    assert count(course) == len(first.questions)


def test_a_question_repeated_in_the_file_or_typed_differently_is_skipped(course):
    repeated = AIKEN + "\n" + AIKEN.split("\n\n")[0].replace("Chị nên", "chị   nên") + "\n"
    result = imported(course, repeated.encode(), "a.txt")
    assert len(result.questions) == 2 and len(result.skipped) == 1


# --- The pages -----------------------------------------------------------------------------

def upload(client, course, data, filename):
    url = f"/author/courses/{course.id}/questions/import"
    return post_form(client, url, {"file": (io.BytesIO(data), filename)},
                     content_type="multipart/form-data")


def confirm_token(html):
    return re.search(r'name="token" type="hidden" value="([^"]+)"', html).group(1)


def test_preview_then_confirm_adds_the_questions(signed_in, course):
    page = upload(signed_in, course, AIKEN.encode(), "cau-hoi.txt").get_data(as_text=True)
    assert "Đọc theo định dạng: Aiken (văn bản)" in page
    assert "Không bấm, xóa tin nhắn và cảnh báo người thân" in page
    assert count(course) == 0  # the preview writes nothing
    token = confirm_token(page)
    response = signed_in.post(f"/author/courses/{course.id}/questions/import/confirm",
                              data={"token": token, "csrf_token": csrf_token_from(page)})
    assert response.status_code == 302 and response.location.endswith(
        f"/author/courses/{course.id}/quiz")
    assert count(course) == 2
    # The same token cannot import twice: the upload is gone.
    again = signed_in.post(f"/author/courses/{course.id}/questions/import/confirm",
                           data={"token": token, "csrf_token": csrf_token_from(page)})
    assert again.status_code == 302 and count(course) == 2


def test_the_page_takes_word_and_ods_files_and_explains_an_old_doc(signed_in, course):
    page = upload(signed_in, course, docx_bytes(AIKEN_BROKEN), "cau-hoi.docx")
    assert "Dòng 21: Không có đáp án đúng (ANSWER: …)." in page.get_data(as_text=True)
    page = upload(signed_in, course, ods_bytes(template_workbook()), "mau.ods")
    assert "Thêm 4 câu hỏi" in page.get_data(as_text=True)
    page = upload(signed_in, course, b"\xd0\xcf\x11\xe0", "cau-hoi.doc")
    assert "lưu lại dưới dạng Word Document (.docx)" in page.get_data(as_text=True)
    assert count(course) == 0


def test_the_preview_names_every_problem_and_offers_no_confirmation(signed_in, course):
    page = upload(signed_in, course, AIKEN_BROKEN.encode(), "a.txt").get_data(as_text=True)
    assert "Dòng 21: Không có đáp án đúng (ANSWER: …)." in page
    assert 'name="token"' not in page
    assert count(course) == 0


def test_confirming_needs_csrf_and_the_uploaders_own_token(client, signed_in, course):
    page = upload(signed_in, course, AIKEN.encode(), "a.txt").get_data(as_text=True)
    token = confirm_token(page)
    url = f"/author/courses/{course.id}/questions/import/confirm"
    assert signed_in.post(url, data={"token": token}).status_code in (302, 400)
    assert count(course) == 0
    # Another trainer, co-owner of nothing, cannot see the course at all.
    make_user("gv2", role="trainer")
    logout(signed_in)
    login(signed_in, "gv2")
    response = signed_in.post(url, data={"token": token,
                                         "csrf_token": csrf_token_from(page)})
    assert response.status_code in (400, 404)
    assert count(course) == 0


def test_another_trainer_cannot_open_the_import_page(client, course):
    make_user("gv2", role="trainer")
    login(client, "gv2")
    assert client.get(f"/author/courses/{course.id}/questions/import").status_code == 404
    assert client.get(
        f"/author/courses/{course.id}/questions/import/template.xlsx").status_code == 404


def test_a_token_of_another_users_upload_is_refused(course, trainer):
    data = AIKEN.encode()
    token = importer.stage_upload(trainer, course, data, "a.txt")
    other = make_user("gv3", role="trainer")
    assert importer.staged_upload(other, course, token) is None
    assert importer.staged_upload(trainer, course, "../../etc/passwd") is None
    assert importer.staged_upload(trainer, course, token) == (data, "a.txt")


def test_the_template_downloads(signed_in, course):
    response = signed_in.get(f"/author/courses/{course.id}/questions/import/template.xlsx")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.data)).sheetnames == ["Câu hỏi", "Hướng dẫn"]


# --- The command ---------------------------------------------------------------------------

def test_the_command_imports_and_refuses_by_line(app, course, tmp_path):
    good, broken = tmp_path / "bank.gift", tmp_path / "broken.gift"
    good.write_text(GIFT, encoding="utf-8")
    broken.write_text(GIFT_BROKEN, encoding="utf-8")
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["courses", "import-questions", course.slug, str(broken)])
    assert refused.exit_code == 1 and "Dòng 23: Không nhập được câu hỏi tự luận" in \
        refused.output
    assert count(course) == 0
    dry = runner.invoke(args=["courses", "import-questions", course.slug, str(good),
                              "--dry-run"])
    assert dry.exit_code == 0 and count(course) == 0
    done = runner.invoke(args=["courses", "import-questions", course.slug, str(good)])
    assert done.exit_code == 0, done.output
    assert count(course) == 4
    again = runner.invoke(args=["courses", "import-questions", course.slug, str(good)])
    assert "Đã thêm 0 câu hỏi; bỏ qua 4 câu" in again.output and count(course) == 4


def test_the_command_reads_word_by_paragraph(app, course, tmp_path):
    good, broken = tmp_path / "cau-hoi.docx", tmp_path / "loi.docx"
    good.write_bytes(docx_bytes(AIKEN))
    broken.write_bytes(docx_bytes(AIKEN_BROKEN))
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["courses", "import-questions", course.slug, str(broken)])
    assert refused.exit_code == 1 and "Dòng 29: Không có phương án D." in refused.output
    assert count(course) == 0
    done = runner.invoke(args=["courses", "import-questions", course.slug, str(good)])
    assert done.exit_code == 0, done.output
    assert count(course) == 2
