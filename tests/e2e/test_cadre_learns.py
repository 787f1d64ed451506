"""A cadre on her phone: from the catalogue to a completed course and her certificate."""

from playwright.sync_api import expect

from tests.e2e.conftest import has_horizontal_scroll, sign_in
from tests.factories import DEFAULT_PASSWORD
from tests.learning.helpers import make_course, make_learner


def test_cadre_reads_a_course_to_the_end_and_downloads_her_certificate(org, page, live_server):
    make_learner(org.branch_a1, username="mai.nt", full_name="Nguyễn Thị Mai")
    course = make_course(lessons=3, title="Kỹ năng tuyên truyền cơ bản")
    slug = course.slug

    sign_in(page, "mai.nt", DEFAULT_PASSWORD)
    page.goto("/courses")
    page.get_by_role("link", name="Kỹ năng tuyên truyền cơ bản").click()
    expect(page).to_have_url(f"{live_server}/courses/{slug}")
    page.locator(f"main form[action='/courses/{slug}/enroll'] button").click()

    for n in (1, 2, 3):
        expect(page).to_have_url(f"{live_server}/courses/{slug}/lessons/bai-{n}")
        expect(page.locator("article.lesson-body")).to_contain_text(f"Nội dung bài {n}")
        expect(page.locator(".lesson-number")).to_contain_text(f"{n}")
        assert not has_horizontal_scroll(page)
        page.locator("button.finish-lesson").click()

    expect(page).to_have_url(f"{live_server}/courses/{slug}")
    expect(page.locator(".course-progress progress")).to_have_attribute("value", "3")

    page.goto("/")
    done = page.locator("article.course-card.is-completed")
    expect(done).to_have_count(1)
    expect(done).to_contain_text("Kỹ năng tuyên truyền cơ bản")
    assert not has_horizontal_scroll(page)
    link = done.locator("a[href$='.pdf']")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".pdf")
