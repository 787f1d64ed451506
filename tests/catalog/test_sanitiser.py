"""Hostile Markdown and HTML in course files never reaches a page as live markup: scripts,
event handlers, javascript:/data: links, styles and frames of other sites are removed from
lesson and summary HTML when it is stored, and titles are escaped when shown."""

import re
from html.parser import HTMLParser

import pytest

from lms.catalog.course_files.format import LessonSource
from lms.catalog.course_files.sync import import_course
from lms.catalog.queries import get_lessons
from lms.core.markdown import VIDEO_EMBED_PREFIXES
from lms.extensions import db
from lms.learning.models import Enrollment
from tests.catalog.helpers import make_source
from tests.conftest import login
from tests.factories import make_cadre, make_user

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "[bấm vào đây](javascript:alert(1))",
    "[bấm vào đây](JaVaScRiPt:alert(document.cookie))",
    "[tải về](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[mở](<javascript:alert(1)>)",
    "![ảnh](javascript:alert(1))",
    '<a href="&#106;avascript:alert(1)">mở</a>',
    '<a href="&#x6A;&#x61;vascript&colon;alert(1)">mở</a>',
    '<a href="java&#9;script:alert(1)">mở</a>',
    '<a href=" javascript:alert(1)">mở</a>',
    '<a href="vbscript:msgbox(1)">mở</a>',
    '<a href="data:text/html,<script>alert(1)</script>">mở</a>',
    '<img src="javascript:alert(1)">',
    '<iframe src="https://evil.example/phish"></iframe>',
    '<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<p style="background:url(javascript:alert(1))">chữ</p>',
    '<table><tr><td onmouseover="alert(1)">ô</td></tr></table>',
    '| a | b |\n|---|---|\n| <span onclick="alert(1)">x</span> | y |',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<!-- --!><script>alert(1)</script> -->",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)><summary>x</summary></details>",
    '<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">gửi</button>'
    "</form>",
    '<base href="javascript:/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<div onclick="alert(1)">chữ</div>',
]
TITLE_PAYLOAD = '<script>alert("tieu-de")</script><img src=x onerror=alert(1)>'
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}
# Tags lesson HTML must never hold; a whole page has its own forms, meta and link tags.
FORBIDDEN_TAGS = {"script", "style", "object", "embed", "form", "base", "meta", "link", "svg",
                  "math"}
FORBIDDEN_IN_PAGES = FORBIDDEN_TAGS - {"form", "meta", "link"}


class TagCollector(HTMLParser):
    """Every start tag of a document with its attributes, entity references decoded."""

    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def start_tags(html):
    collector = TagCollector()
    collector.feed(html)
    collector.close()
    return collector.tags


def live_problems(html, forbidden=FORBIDDEN_TAGS, allowed_scripts=()):
    """What in `html` could run or frame another site; [] when it is safe."""
    problems = []
    # Text may show the words "onerror=" or "javascript:" harmlessly; only markup matters.
    markup = "".join(re.findall(r"<[^>]*>", html)).lower()
    for needle in ("onerror=", "javascript:"):
        if needle in markup:
            problems.append(needle)
    for tag, attrs in start_tags(html):
        if tag in forbidden and not (tag == "script" and attrs.get("src") in
                                          allowed_scripts):
            problems.append(f"<{tag}>")
        for name, value in attrs.items():
            url = re.sub(r"[\s\x00-\x1f]", "", value or "").lower()
            if name.startswith("on") or name == "style":
                problems.append(f"{tag} {name}")
            elif name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:",
                                                            "data:")):
                problems.append(f"{tag} {name}={value}")
        if tag == "iframe" and not attrs.get("src", "").startswith(VIDEO_EMBED_PREFIXES):
            problems.append(f"iframe {attrs}")
    return problems


def hostile_source():
    source = make_source(title=TITLE_PAYLOAD, lessons=0,
                         summary="Tóm tắt.\n\n" + "\n\n".join(PAYLOADS))
    source.lessons = [LessonSource(slug=f"bai-{n:02d}", position=n, title=f"Bài {n}",
                                   body=f"Trước.\n\n{payload}\n\nSau.")
                      for n, payload in enumerate(PAYLOADS, start=1)]
    source.lessons[0].title = TITLE_PAYLOAD
    return source


@pytest.fixture
def hostile_course(app_ctx):
    course = import_course(hostile_source(), publish=True)
    db.session.commit()
    return course


def test_there_are_enough_payloads():
    assert len(PAYLOADS) >= 15


def test_the_checker_sees_live_markup():
    assert live_problems('<p><a href="java&#9;script:x">a</a><img src=x onerror=y></p>')
    assert live_problems('<iframe src="https://evil.example/"></iframe>')
    assert live_problems("<p>&lt;img onerror=x&gt;</p>") == []


@pytest.mark.parametrize("position", range(1, len(PAYLOADS) + 1))
def test_stored_lesson_html_is_safe(hostile_course, position):
    lesson = get_lessons(hostile_course.id)[position - 1]
    assert "<script" not in lesson.body_html.lower()
    assert live_problems(lesson.body_html) == [], PAYLOADS[position - 1]


def test_stored_summary_html_is_safe(hostile_course):
    assert live_problems(hostile_course.summary_html) == []


def test_safe_content_survives(app_ctx):
    source = make_source(lessons=1)
    source.lessons[0].body = (
        "## Mục\n\n**đậm** [trang Hội](https://hoilhpn.example/tin)\n\n"
        '<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>\n\n'
        "| Cột | Giá trị |\n|---|---|\n| a | 1 |")
    course = import_course(source)
    html = get_lessons(course.id)[0].body_html
    assert '<a href="https://hoilhpn.example/tin"' in html and "<strong>đậm</strong>" in html
    assert '<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>' in html
    assert "<table>" in html and "<h2>Mục</h2>" in html
    assert live_problems(html) == []


def test_pages_escape_titles_and_show_only_safe_markup(client, org, hostile_course):
    cadre = make_cadre(org.branch_a1)
    make_user("hoa", cadre=cadre)
    db.session.add(Enrollment(cadre_id=cadre.id, course_id=hostile_course.id))
    db.session.commit()
    login(client, "hoa")
    slug = hostile_course.slug
    lesson_pages = [f"/courses/{slug}/lessons/{lesson.slug}"
                    for lesson in get_lessons(hostile_course.id)]
    for url in ["/courses", "/courses?q=script", f"/courses/{slug}", *lesson_pages]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert TITLE_PAYLOAD not in html, url
        scripts = {attrs.get("src") for tag, attrs in start_tags(html) if tag == "script"}
        static_scripts = {src for src in scripts if src and src.startswith("/static/")}
        assert live_problems(html, FORBIDDEN_IN_PAGES, static_scripts) == [], url
    assert "&lt;script&gt;alert(" in client.get(f"/courses/{slug}").get_data(as_text=True)
