"""A cadre on her phone finishes the last course her ward's yearly programme asks for, finds
the programme done on her home page with its certificate, and downloads it."""

from datetime import date
from decimal import Decimal

from playwright.sync_api import expect

from lms.core.clock import local_today
from lms.extensions import db
from lms.training.programmes.services import add_requirement, create_programme, publish_programme
from tests.e2e.conftest import has_horizontal_scroll, laid_out_box, sign_in
from tests.factories import DEFAULT_PASSWORD
from tests.learning.helpers import make_course, make_learner
from tests.training.programme_helpers import workshop


def test_cadre_meets_her_last_requirement_and_downloads_the_programme_certificate(
        org, page, live_server):
    year = local_today().year
    cadre, _user = make_learner(org.branch_a1, username="lan.pt", full_name="Phạm Thị Lan")
    course = make_course(lessons=2, title="Nghiệp vụ công tác Hội cơ sở")
    # Her ward's programme: the course, and 4 hours of digital training she already has.
    programme = create_programme(org.ward_a, year, f"Bồi dưỡng cán bộ chi hội năm {year}",
                                 date(year, 12, 31))
    add_requirement(programme, "course", [course.id])
    add_requirement(programme, "hours", hours=Decimal(4), track="digital")
    publish_programme(programme)
    db.session.commit()
    workshop([cadre], "digital", date(year, 1, 2), 4, "WS-E2E")

    sign_in(page, "lan.pt", DEFAULT_PASSWORD)
    card = page.locator(f"section.programme-card[data-programme='{programme.id}']")
    expect(card).to_have_class("card programme-card programme-on_track")
    expect(card.locator("a[href$='.pdf']")).to_have_count(0)

    page.goto(f"/courses/{course.slug}")
    page.locator(f"main form[action='/courses/{course.slug}/enroll'] button").click()
    for n in (1, 2):
        expect(page).to_have_url(f"{live_server}/courses/{course.slug}/lessons/bai-{n}")
        page.locator("button.finish-lesson").click()
    # The last lesson done, she lands on the course page, the one place of the course.
    expect(page).to_have_url(f"{live_server}/courses/{course.slug}")

    page.goto("/")
    expect(card).to_have_class("card programme-card programme-done")
    expect(card).to_contain_text("Bạn đã đáp ứng mọi yêu cầu của chương trình này.")
    link = card.locator("a.programme-certificate")
    expect(link).to_have_text("Tải giấy chứng nhận (PDF)")
    assert not has_horizontal_scroll(page)
    box = laid_out_box(link)
    assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= 360
    with page.expect_download() as download:
        link.click()
    name = download.value.suggested_filename
    assert name == f"chung-nhan-boi-duong-can-bo-chi-hoi-nam-{year}-{cadre.code.lower()}.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
