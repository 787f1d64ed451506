"""`python -m tools.practice_files`: each course's builder module writes into its media folder."""

import pytest

from tools.practice_files.__main__ import main

BUILDER = '''
def build(media):
    path = media / "danh-sach-thuc-hanh.csv"
    path.write_text("Họ và tên\\nNguyễn Thị Mẫu\\n", encoding="utf-8")
    return [path]
'''


def test_the_runner_finds_each_course_builder_and_runs_it_into_the_media_folder(
        tmp_path, monkeypatch, capsys):
    package = tmp_path / "builders_for_test"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "khoa_mot.py").write_text(BUILDER, encoding="utf-8")
    (package / "khoa_hai.py").write_text(BUILDER, encoding="utf-8")
    (package / "_chung.py").write_text("raise RuntimeError('a helper is not a builder')")
    for slug in ("khoa-mot", "khoa-hai"):
        (tmp_path / "courses" / slug).mkdir(parents=True)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.chdir(tmp_path)

    main(["khoa-mot"], courses_dir=tmp_path / "courses", package="builders_for_test")
    written = tmp_path / "courses" / "khoa-mot" / "media" / "danh-sach-thuc-hanh.csv"
    assert written.read_text(encoding="utf-8") == "Họ và tên\nNguyễn Thị Mẫu\n"
    assert not (tmp_path / "courses" / "khoa-hai" / "media").exists()
    assert capsys.readouterr().out == (
        "khoa-mot:\n  courses/khoa-mot/media/danh-sach-thuc-hanh.csv\n")

    main([], courses_dir=tmp_path / "courses", package="builders_for_test")
    assert capsys.readouterr().out.splitlines()[::2] == ["khoa-hai:", "khoa-mot:"]

    with pytest.raises(SystemExit) as refused:
        main(["khoa-ba"], courses_dir=tmp_path / "courses", package="builders_for_test")
    assert refused.value.code == 2
    assert "khoa-ba" in capsys.readouterr().err
