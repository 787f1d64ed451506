"""Reading question banks from the files trainers already have: the Excel template, Aiken
(plain text typed in Word) and Moodle's GIFT, as a text file or a Word .docx. Pure parsing:
each reader returns ([ParsedQuestion], [RowError]); a question is in the shape
questions.save_question takes, and every problem names the sheet row or the text line it was
found on. In a .docx a line is a paragraph: "line 14" is its 14th paragraph, empty ones
included, as Word numbers lines when the paragraphs are short.

Aiken, as Moodle reads it, plus two additions: "ANSWER: A, C" makes a question with several
right answers, and a line "GIẢI THÍCH: ..." (or "EXPLANATION: ...") after the ANSWER line
gives the explanation every question of the bank needs.

GIFT, the part question banks use: multiple choice (= right, ~ wrong; ~%50% weights make a
question with several right answers, scored with partial credit), true/false ({T} {F}
{TRUE} {FALSE}), short answer ({=a =b}), missing word (text after the answers), // comment
lines, $CATEGORY lines (ignored), ::title:: (ignored), [plain] [markdown] [moodle] [html]
(HTML reduced to its text), the escapes \\: \\= \\~ \\{ \\} \\# \\n. The explanation is the
general feedback (####...) or else the right answer's feedback (#...). Essay, numerical and
matching questions, and short answers with partial credit, are refused with their line.
"""

import html
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from functools import partial

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Pt
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from lms.authoring.questions import TRUE_FALSE_OPTIONS
from lms.core.spreadsheets import (
    CellError,
    Column,
    RowError,
    escape_cell,
    read_rows,
    unpacks_sanely,
)
from lms.core.text import fold_vietnamese
from lms.org.imports import cells

OPTION_LETTERS = "ABCDEF"  # the editor's six option rows
MAX_TEXT = 4000


@dataclass
class ParsedQuestion:
    """One question of a file: where it starts (sheet row or text line) and its data."""

    where: int
    data: dict


def question_data(type_, text, explanation, options=(), answers=(), points=1, settings=None):
    return {"type": type_, "text": text, "explanation": explanation, "options": list(options),
            "answers": list(answers), "points": points, "settings": settings or {}}


def decode_text(data, filename):
    """A text file's content (UTF-8 with or without BOM, or UTF-16 with BOM), NFC, or a
    RowError for the whole file."""
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, RowError(None, None, _l(
            "%(file)s is not saved as UTF-8 text. In Word, choose Save As, Plain Text, and "
            "the encoding Unicode (UTF-8).", file=filename))
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")), None


@dataclass
class TextLines:
    """A text cut into lines, with the number each line is known by (a text file's own line
    numbers, or a Word document's paragraph numbers), and a hint to add to its problems."""

    lines: list
    numbers: list
    hint: object = None

    @classmethod
    def of_text(cls, text):
        lines = text.split("\n")
        return cls(lines, list(range(1, len(lines) + 1)))

    def __iter__(self):
        return iter(zip(self.numbers, self.lines, strict=True))


def _is_auto_numbered(paragraph):
    """Whether Word numbers the paragraph itself (the list button, or a list style)."""
    style = paragraph.style
    for element in (paragraph._p, *(s.element for s in (style, style and style.base_style)
                                    if s is not None)):
        properties = element.pPr
        if properties is not None and properties.numPr is not None:
            return True
    return False


def read_docx_lines(data, filename):
    """(TextLines, None) of a Word .docx, one line per paragraph (a line break typed with
    Shift+Enter keeps its paragraph's number), or (None, RowError) for the whole file."""
    not_word = RowError(None, None, _l(
        "%(file)s is not a Word document (.docx). Open it in Word and save it again as a "
        "Word Document (.docx).", file=filename))
    stream = io.BytesIO(data)
    try:
        if not unpacks_sanely(stream):
            return None, RowError(None, None, _l(
                "%(file)s is too large once unpacked or damaged. Split it into smaller "
                "files.", file=filename))
        stream.seek(0)
        document = docx.Document(stream)
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError):
        return None, not_word
    lines, numbers, numbered = [], [], False
    for number, paragraph in enumerate(document.paragraphs, start=1):
        numbered = numbered or (_is_auto_numbered(paragraph) and bool(paragraph.text.strip()))
        for line in unicodedata.normalize("NFC", paragraph.text).split("\n"):
            lines.append(line)
            numbers.append(number)
    hint = _l("Word numbered some paragraphs automatically, and those numbers or letters are "
              "not part of the text: type “A.”, “B.” yourself and turn the numbering "
              "off.") if numbered else None
    return TextLines(lines, numbers, hint), None


# --- Excel ---------------------------------------------------------------------------------

# Folded (lower case, no diacritics) names of the types, as a trainer may write them.
TYPE_ALIASES = {
    "single": "single", "mot dap an dung": "single", "mot dap an": "single",
    "chon mot": "single", "trac nghiem": "single",
    "multiple": "multiple", "nhieu dap an dung": "multiple", "nhieu dap an": "multiple",
    "chon nhieu": "multiple",
    "truefalse": "truefalse", "dung / sai": "truefalse", "dung/sai": "truefalse",
    "dung sai": "truefalse",
    "short": "short", "tra loi ngan": "short", "dien tu": "short",
}
TYPE_LABELS_VI = {"single": "Một đáp án đúng", "multiple": "Nhiều đáp án đúng",
                  "truefalse": "Đúng / sai", "short": "Trả lời ngắn"}


def _type_cell(text):
    if not text:
        raise CellError(_l("This cell must not be empty."))
    key = TYPE_ALIASES.get(" ".join(fold_vietnamese(text).split()))
    if key is None:
        raise CellError(_l("Unknown question type: write Một đáp án đúng, Nhiều đáp án đúng, "
                           "Đúng / sai or Trả lời ngắn."))
    return key


def _points_cell(text):
    if not text:
        return 1
    if not text.isdigit() or not 1 <= int(text) <= 100:
        raise CellError(_l("Points are a whole number from 1 to 100."))
    return int(text)


def _optional_text(text):
    if len(text) > MAX_TEXT:
        raise CellError(_l("At most %(n)s characters.", n=MAX_TEXT))
    return text


QUESTION_COLUMNS = (
    Column("type", "Loại câu hỏi", _type_cell, required=True, aliases=("Loại",)),
    Column("text", "Câu hỏi", partial(cells.required_text, max_length=MAX_TEXT), required=True,
           aliases=("Nội dung câu hỏi",)),
    *(Column(f"option_{letter}", f"Phương án {letter}", _optional_text,
             aliases=(f"Đáp án {letter}", letter)) for letter in OPTION_LETTERS),
    Column("right", "Đáp án đúng", _optional_text, aliases=("Đáp án",)),
    Column("answers", "Câu trả lời được chấp nhận", _optional_text,
           aliases=("Trả lời được chấp nhận", "Các câu trả lời")),
    Column("explanation", "Giải thích", _optional_text, required=True),
    Column("points", "Điểm", _points_cell),
)
QUESTION_EXAMPLE = [
    ("Một đáp án đúng", "Chị nhận được tin nhắn báo trúng thưởng kèm đường link lạ. Chị nên "
     "làm gì?", "Bấm vào link để nhận thưởng", "Không bấm, xóa tin nhắn và cảnh báo người thân",
     "Gửi mã OTP để xác minh", "", "", "", "B", "",
     "Tin nhắn trúng thưởng kèm link lạ là chiêu lừa đảo phổ biến; không bấm link và không "
     "gửi mã OTP cho ai.", 1),
    ("Nhiều đáp án đúng", "Những việc nào giúp giữ tài khoản Zalo an toàn?",
     "Đặt mật khẩu dài, khó đoán", "Bật xác thực hai lớp", "Cho người lạ mượn điện thoại",
     "Dùng chung một mật khẩu cho mọi tài khoản", "", "", "A, B", "",
     "Mật khẩu mạnh và xác thực hai lớp bảo vệ tài khoản; cho mượn máy hay dùng chung mật "
     "khẩu làm tăng rủi ro.", 2),
    ("Đúng / sai", "Hội viên có thể đăng ký sinh hoạt tại chi hội nơi cư trú.", "", "", "", "",
     "", "", "Đúng", "", "Theo Điều lệ Hội, hội viên sinh hoạt tại chi hội nơi cư trú hoặc nơi "
     "làm việc.", 1),
    ("Trả lời ngắn", "Dịch vụ công trực tuyến toàn quốc có tên viết tắt là gì?", "", "", "", "",
     "", "", "", "DVCQG; Cổng dịch vụ công quốc gia",
     "Cổng Dịch vụ công quốc gia (DVCQG) là nơi nộp hồ sơ trực tuyến.", 1),
]
HELP_LINES = (
    "Cách điền mẫu nhập câu hỏi",
    "",
    "Mỗi dòng của trang «Câu hỏi» là một câu hỏi. Xóa các dòng ví dụ rồi điền câu hỏi của chị.",
    "Loại câu hỏi: Một đáp án đúng, Nhiều đáp án đúng, Đúng / sai hoặc Trả lời ngắn.",
    "Phương án A đến F: các lựa chọn (ít nhất hai) của câu hỏi có lựa chọn.",
    "Đáp án đúng: chữ cái của phương án đúng (B), nhiều chữ cái cách nhau bởi dấu phẩy (A, C); "
    "với câu Đúng / sai, ghi Đúng hoặc Sai.",
    "Câu trả lời được chấp nhận: chỉ cho câu Trả lời ngắn; nhiều câu trả lời cách nhau bởi "
    "dấu chấm phẩy (;).",
    "Giải thích: bắt buộc; học viên đọc sau khi nộp bài.",
    "Điểm: số nguyên từ 1 đến 100; để trống là 1 điểm.",
    "Nhập lại cùng một tệp không thêm câu hỏi nào: câu đã có trong ngân hàng được bỏ qua.",
)


def template_workbook():
    """The Excel template (bytes): the «Câu hỏi» sheet, read by the import, with its Vietnamese
    header and filled example rows, and a «Hướng dẫn» sheet explaining each column."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Câu hỏi"
    sheet.append([column.label for column in QUESTION_COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in QUESTION_EXAMPLE:
        sheet.append([escape_cell(value) for value in row])
    for index, column in enumerate(QUESTION_COLUMNS):
        letter = sheet.cell(row=1, column=index + 1).column_letter
        sheet.column_dimensions[letter].width = 40 if column.name in ("text", "explanation") \
            else 18
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    guide = workbook.create_sheet("Hướng dẫn")
    for line in HELP_LINES:
        guide.append([line])
    guide["A1"].font = Font(bold=True)
    guide.column_dimensions["A"].width = 110
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


AIKEN_EXAMPLE = (
    "Chị nhận được tin nhắn báo trúng thưởng kèm đường link lạ. Chị nên làm gì?",
    "A. Bấm vào link để nhận thưởng",
    "B. Không bấm, xóa tin nhắn và cảnh báo người thân",
    "C. Gửi mã OTP để xác minh",
    "ANSWER: B",
    "GIẢI THÍCH: Tin nhắn trúng thưởng kèm link lạ là chiêu lừa đảo phổ biến; không bấm link "
    "và không gửi mã OTP cho ai.",
    "",
    "Những việc nào giúp giữ tài khoản Zalo an toàn?",
    "A. Đặt mật khẩu dài, khó đoán",
    "B. Bật xác thực hai lớp",
    "C. Cho người lạ mượn điện thoại",
    "D. Dùng chung một mật khẩu cho mọi tài khoản",
    "ANSWER: A, B",
    "GIẢI THÍCH: Mật khẩu mạnh và xác thực hai lớp bảo vệ tài khoản; cho mượn máy hay dùng "
    "chung mật khẩu làm tăng rủi ro.",
    "",
    "Hội viên sinh hoạt tại đâu?",
    "A. Chỉ tại chi hội nơi làm việc",
    "B. Tại chi hội nơi cư trú hoặc nơi làm việc",
    "C. Tại bất kỳ chi hội nào",
    "ANSWER: B",
    "GIẢI THÍCH: Theo Điều lệ Hội, hội viên sinh hoạt tại chi hội nơi cư trú hoặc nơi làm "
    "việc.",
)
AIKEN_GUIDE = ("Mẫu câu hỏi Aiken: câu hỏi, các phương án gõ tay «A.», «B.»… (không dùng đánh "
               "số tự động), dòng «ANSWER: B» (nhiều đáp án đúng: «ANSWER: A, C»), dòng «GIẢI "
               "THÍCH: …», rồi một dòng trống trước câu sau. Xóa các câu ví dụ rồi gõ câu "
               "hỏi của chị.")


def aiken_example_docx():
    """A Word document (bytes) of example questions in Aiken, importable as it is; how to
    write them is in the page header, which the import does not read."""
    document = docx.Document()
    style = document.styles["Normal"]
    style.font.size = Pt(13)
    header = document.sections[0].header.paragraphs[0]
    header.text = AIKEN_GUIDE
    header.runs[0].font.size = Pt(10)
    body = document.paragraphs
    for index, line in enumerate(AIKEN_EXAMPLE):
        (body[0] if index == 0 and body else document.add_paragraph()).text = line
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _letters(text):
    return [part.strip().upper() for part in re.split(r"[,;\s]+", text) if part.strip()]


def _excel_question(values):
    """(data, [(column, message)]) of a parsed row."""
    type_ = values["type"]
    right, problems = values.get("right", ""), []
    options = [(values.get(f"option_{letter}", ""), False) for letter in OPTION_LETTERS]
    answers = []
    if type_ == "truefalse":
        folded = fold_vietnamese(right).strip().lower()
        answer = {"dung": True, "a": True, "true": True, "sai": False, "b": False,
                  "false": False}.get(folded)
        if answer is None:
            problems.append(("right", _l("Write Đúng or Sai.")))
        options = [(text, (text == TRUE_FALSE_OPTIONS[0]) == answer) for text in
                   TRUE_FALSE_OPTIONS]
    elif type_ == "short":
        answers = [a.strip() for a in re.split(r"[;\n]", values.get("answers", ""))]
    else:
        letters = _letters(right)
        if not letters:
            problems.append(("right", _l("There is no right answer.")))
        for letter in letters:
            index = OPTION_LETTERS.find(letter) if len(letter) == 1 else -1
            if index < 0 or not options[index][0]:
                problems.append(("right", _l("Option %(letter)s is empty or does not exist.",
                                             letter=letter)))
            else:
                options[index] = (options[index][0], True)
    data = question_data(type_, values["text"], values.get("explanation", ""), options,
                         answers, values.get("points", 1))
    return data, problems


def read_excel(source, filename):
    """The questions of the template's first sheet, one per row."""
    rows, errors = read_rows(source, filename, QUESTION_COLUMNS)
    parsed = []
    for row in rows:
        if not row.ok:
            continue
        data, problems = _excel_question(row.values)
        errors.extend(RowError(row.number, column, message) for column, message in problems)
        if not problems:
            parsed.append(ParsedQuestion(row.number, data))
    return parsed, errors


# --- Aiken ---------------------------------------------------------------------------------

_AIKEN_OPTION = re.compile(r"([A-Z])\s*[.)]\s+(.*)")
_AIKEN_ANSWER = re.compile(r"(?:ANSWER|ĐÁP ÁN)\s*:\s*(.*)", re.IGNORECASE)
_AIKEN_EXPLANATION = re.compile(r"(?:EXPLANATION|GIẢI THÍCH|GIAI THICH)\s*:\s*(.*)",
                                re.IGNORECASE)


def _numbered(text):
    return text if isinstance(text, TextLines) else TextLines.of_text(text)


def _blocks(text):
    """(first line number, [(line number, line)]) of the text's blank-line separated blocks;
    `text` a str or TextLines."""
    block = []
    for number, line in _numbered(text):
        if line.strip():
            block.append((number, line.strip()))
        elif block:
            yield block[0][0], block
            block = []
    if block:
        yield block[0][0], block


def _aiken_question(lines):
    """(data or None, [(line, message)]) of one Aiken block."""
    start, problems = lines[0][0], []
    question_lines, options, answer, explanation = [], [], None, []
    for number, line in lines:
        if (match := _AIKEN_ANSWER.fullmatch(line)) and answer is None and options:
            answer = (number, match.group(1))
        elif options and (match := _AIKEN_EXPLANATION.fullmatch(line)):
            explanation.append(match.group(1))
        elif explanation:
            explanation.append(line)  # the explanation goes on over several lines
        elif answer is not None:
            problems.append((number, _l("Only an explanation (GIẢI THÍCH: ...) may follow "
                                        "the ANSWER line.")))
        elif match := _AIKEN_OPTION.fullmatch(line):
            letter = match.group(1)
            if letter != chr(ord("A") + len(options)):
                problems.append((number, _l("Option %(letter)s is out of order: options go "
                                            "A, B, C…", letter=letter)))
            options.append((match.group(2).strip(), False))
        elif options:
            problems.append((number, _l("Expected an option (A. …) or the ANSWER: line.")))
        else:
            question_lines.append(line)
    if answer is None:
        return None, [*problems, (start, _l("There is no right answer (ANSWER: …)."))]
    number, letters = answer[0], _letters(answer[1])
    if not letters:
        problems.append((number, _l("There is no right answer.")))
    for letter in letters:
        index = ord(letter) - ord("A") if len(letter) == 1 else -1
        if not 0 <= index < len(options):
            problems.append((number, _l("Option %(letter)s does not exist.", letter=letter)))
        else:
            options[index] = (options[index][0], True)
    if not explanation:
        problems.append((number, _l("There is no explanation: add a line GIẢI THÍCH: … after "
                                    "the ANSWER line.")))
    data = question_data("multiple" if len(letters) > 1 else "single", "\n".join(question_lines),
                         "\n".join(explanation), options)
    return data, problems


def read_aiken(text):
    """The questions of an Aiken text (a str or TextLines)."""
    parsed, errors = [], []
    for start, lines in _blocks(text):
        data, problems = _aiken_question(lines)
        errors.extend(RowError(number, None, message) for number, message in problems)
        if not problems:
            parsed.append(ParsedQuestion(start, data))
    return parsed, errors


# --- GIFT ----------------------------------------------------------------------------------

_ESCAPES = {"\\:": ":", "\\=": "=", "\\~": "~", "\\{": "{", "\\}": "}", "\\#": "#",
            "\\n": "\n", "\\\\": "\\"}
_ESCAPE = re.compile(r"\\[:=~{}#n\\]")
_FORMAT = re.compile(r"\[(html|plain|markdown|moodle)\]")
_WEIGHT = re.compile(r"%(-?\d+(?:[.,]\d+)?)%")
_TAG = re.compile(r"<[^>]*>")


def _unescape(text):
    return _ESCAPE.sub(lambda m: _ESCAPES[m.group(0)], text).strip()


def _find(text, chars, start=0):
    """The index of the first of `chars` at or after `start` that is not escaped, or -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] in chars:
            return index
        index += 1
    return -1


def _split(text, chars):
    """The text cut before each unescaped char of `chars`: [(char or "", piece)]."""
    pieces, start, lead = [], 0, ""
    while (index := _find(text, chars, start)) >= 0:
        pieces.append((lead, text[start:index]))
        lead, start = text[index], index + 1
    pieces.append((lead, text[start:]))
    return pieces


def _plain(text, fmt):
    if fmt == "html":
        text = re.sub(r"<br\s*/?>|</p>", "\n", text, flags=re.IGNORECASE)
        text = html.unescape(_TAG.sub("", text))
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _gift_stem(before):
    """(title-less question text, its format) of what precedes the answer block."""
    before = before.strip()
    if before.startswith("::"):
        end = _find(before, ":", 2)
        while end >= 0 and before[end:end + 2] != "::":
            end = _find(before, ":", end + 1)
        before = before[end + 2:].strip() if end >= 0 else before
    fmt = None
    if match := _FORMAT.match(before):
        fmt, before = match.group(1), before[match.end():]
    return before, fmt


def _general_feedback(body):
    """The answer block without its general feedback (####…), and that feedback."""
    cut = body.find("####")
    while cut > 0 and body[cut - 1] == "\\":
        cut = body.find("####", cut + 1)
    return (body, "") if cut < 0 else (body[:cut], _unescape(body[cut + 4:]))


def _gift_answers(body):
    """[(mark, weight or None, text, feedback)] of a choice or short answer block, and the
    general feedback."""
    body, general = _general_feedback(body)
    answers = []
    for mark, piece in _split(body, "=~"):
        if not mark:
            continue
        weight, piece = None, piece.strip()
        if match := _WEIGHT.match(piece):
            weight = float(match.group(1).replace(",", "."))
            piece = piece[match.end():]
        cut = _find(piece, "#")
        text, feedback = (piece, "") if cut < 0 else (piece[:cut], piece[cut + 1:])
        answers.append((mark, weight, _unescape(text), _unescape(feedback)))
    return answers, general


def _gift_question(lines):
    """(data or None, [message]) of one GIFT block (comment lines already out)."""
    text = "\n".join(line for _number, line in lines)
    open_ = _find(text, "{")
    close = _find(text, "}", open_ + 1) if open_ >= 0 else -1
    if open_ < 0 or close < 0:
        return None, [_l("There is no answer block {…}, or it is not closed.")]
    stem, fmt = _gift_stem(text[:open_])
    after = text[close + 1:].strip()
    stem = _unescape(f"{stem} _____ {after}" if after else stem)
    body = text[open_ + 1:close].strip()
    stem = _plain(stem, fmt)
    if not body:
        return None, [_l("Essay questions cannot be imported: the bank grades every answer.")]
    if body.startswith("#"):
        return None, [_l("Numerical questions cannot be imported; write it as a short answer "
                         "{=…}.")]
    if "->" in body:
        return None, [_l("Matching questions cannot be imported.")]
    if truefalse := re.fullmatch(r"(T|F|TRUE|FALSE)(?![A-Za-z])(.*)", body, re.DOTALL):
        rest, general = _general_feedback(truefalse.group(2))
        # {T#shown to a wrong answer#shown to a right one}: either explains the answer.
        feedbacks = [_unescape(piece) for lead, piece in _split(rest, "#") if lead]
        explanation = general or (feedbacks[-1] if feedbacks else "")
        right = truefalse.group(1).startswith("T")
        options = [(TRUE_FALSE_OPTIONS[0], right), (TRUE_FALSE_OPTIONS[1], not right)]
        return _explained(question_data("truefalse", stem, _plain(explanation, fmt), options))
    answers, general = _gift_answers(body)
    if not answers:
        return None, [_l("Write the answers after = (right) and ~ (wrong).")]
    if all(mark == "=" for mark, *_rest in answers):
        if any(weight not in (None, 100) for _mark, weight, *_rest in answers):
            return None, [_l("Short answers with partial credit cannot be imported: every "
                             "accepted answer earns the full points.")]
        explanation = general or next((fb for *_rest, fb in answers if fb), "")
        return _explained(question_data("short", stem, _plain(explanation, fmt),
                                        answers=[text for _mark, _weight, text, _fb in answers]))
    options = [(answer_text, mark == "=" or (weight or 0) > 0)
               for mark, weight, answer_text, _fb in answers]
    weighted = any(weight is not None and weight > 0 for _mark, weight, *_rest in answers)
    right = [fb for (mark, weight, _text, fb), (_o, ok) in zip(answers, options, strict=True)
             if ok and fb]
    explanation = general or (right[0] if right else "")
    if sum(ok for _text, ok in options) > 1 or weighted:
        data = question_data("multiple", stem, _plain(explanation, fmt), options,
                             settings={"scoring": "partial"})
    else:
        data = question_data("single", stem, _plain(explanation, fmt), options)
    return _explained(data)


def _explained(data):
    if not data["explanation"]:
        return data, [_l("There is no explanation: add the general feedback ####… before "
                         "the closing } (or #… after the right answer).")]
    return data, []


def read_gift(text):
    """The questions of a GIFT text (a str or TextLines)."""
    parsed, errors = [], []
    text = _numbered(text)
    lines = TextLines([line if not line.strip().startswith("//") else ""
                       for line in text.lines], text.numbers)
    for _start, block in _blocks(lines):
        questions = [(number, line) for number, line in block
                     if not line.startswith("$CATEGORY:")]
        if not questions:
            continue
        start = questions[0][0]
        data, problems = _gift_question(questions)
        errors.extend(RowError(start, None, message) for message in problems)
        if data is not None and not problems:
            parsed.append(ParsedQuestion(start, data))
    return parsed, errors


def looks_like_gift(text):
    """Whether a text (a str or TextLines) is GIFT (it has an answer block) rather than
    Aiken."""
    return _find("\n".join(_numbered(text).lines), "{") >= 0
