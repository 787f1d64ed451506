"""The drawing helpers the courses' diagrams and printable pages share."""

import datetime

from PIL import Image, ImageDraw

from tools.practice_files import _drawing


def test_wrap_breaks_at_the_width_and_at_newlines_and_keeps_a_long_word_whole():
    draw = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    face = _drawing.font(20)
    width = draw.textlength("Chi hội phụ nữ", font=face)

    assert _drawing.wrap(draw, "Chi hội phụ nữ tổ 7", face, width) == ["Chi hội phụ nữ", "tổ 7"]
    assert _drawing.wrap(draw, "Tổ 7\nTổ 8", face, width) == ["Tổ 7", "Tổ 8"]
    assert _drawing.wrap(draw, "Chihộiphụnữtổdânphố 7", face, width) == [
        "Chihộiphụnữtổdânphố", "7"]


def test_an_a4_page_is_dated_when_it_was_printed_so_that_it_builds_the_same_again(tmp_path):
    printed_on = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)
    paths = []
    for name in ("a.pdf", "b.pdf"):
        page = _drawing.A4Page("Phiếu", printed_on, "bvp", {"": "BeVietnamPro-Regular.ttf"})
        page.set_font("bvp", "", 11)
        page.cell(0, 6, "Họ và tên: ..........")
        paths.append(page.save(tmp_path / name))
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert b"D:20261201" in paths[0].read_bytes()
