"""Survey pages: attaching and editing, answering on the phone form, the certificate that
waits, the results and their export, and who may see them."""

import io
import re

from openpyxl import load_workbook

from lms.extensions import db
from lms.feedback.queries import get_course_survey, get_session_survey
from lms.feedback.services import create_survey
from lms.training.services import add_attendees
from tests.conftest import login, logout, post_form
from tests.factories import make_cadre, make_session, make_user
from tests.feedback.helpers import answered, course_survey
from tests.learning.cert_helpers import make_certificate, make_completion


def switch(client, username):
    """Sign out whoever is signed in, and sign in as `username`."""
    logout(client)
    login(client, username)


def _answer_data(survey, rating="4", text=""):
    return {f"q{q.id}": rating if q.kind == "rating" else text for q in survey.questions}


def test_the_trainer_attaches_the_default_survey_and_edits_it(client, org):
    trainer = make_user("trainer", role="trainer")
    course = course_survey(owner=trainer).course
    db.session.delete(get_course_survey(course.id))
    db.session.commit()
    login(client, "trainer")
    editor = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert f"/feedback/courses/{course.id}/survey" in editor
    attach = client.get(f"/feedback/courses/{course.id}/survey").get_data(as_text=True)
    assert f'href="/author/courses/{course.id}"' in attach  # the way back to the course
    response = post_form(client, f"/feedback/courses/{course.id}/survey")
    survey = get_course_survey(course.id)
    assert response.headers["Location"].endswith(f"/feedback/surveys/{survey.id}/edit")
    page = client.get(f"/feedback/surveys/{survey.id}/edit").get_data(as_text=True)
    assert "Giảng viên/báo cáo viên" in page
    post_form(client, f"/feedback/surveys/{survey.id}/questions",
              {"kind": "text", "text": "Chị muốn học thêm gì?"},
              form_url=f"/feedback/surveys/{survey.id}/edit")
    post_form(client, f"/feedback/surveys/{survey.id}/edit",
              {"is_anonymous": "y", "is_required": "y"})
    db.session.refresh(survey)
    assert survey.questions[-1].text == "Chị muốn học thêm gì?"
    assert survey.is_anonymous and survey.is_required
    # Back on the course page she sees how it is set, and goes straight to the results.
    editor = client.get(f"/author/courses/{course.id}").get_data(as_text=True)
    assert "Đã gắn phiếu: 0 lượt trả lời." in editor
    assert "Bắt buộc trả lời trước khi tải giấy chứng nhận." in editor
    assert f'href="/feedback/surveys/{survey.id}/results"' in editor
    assert f"/feedback/courses/{course.id}/survey" not in editor


def test_another_trainer_and_a_learner_find_no_survey_to_edit(client, org):
    survey = course_survey()
    make_user("other", role="trainer")
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    login(client, "other")
    for user in ("other", "hoa"):
        switch(client, user)
        assert client.get(f"/feedback/surveys/{survey.id}/edit").status_code == 404
        assert client.get(f"/feedback/courses/{survey.course_id}/survey").status_code in (403, 404)
        assert client.get(f"/feedback/surveys/{survey.id}/results").status_code == 404


def test_she_answers_on_the_course_page_once(client, org):
    survey = course_survey()
    cadre = make_cadre(org.branch_a1)
    make_user("hoa", cadre=cadre)
    make_completion(cadre=cadre, course=survey.course)
    from tests.factories import enroll
    enroll(cadre, survey.course)
    login(client, "hoa")
    course_page = client.get(f"/courses/{survey.course.slug}").get_data(as_text=True)
    assert f"/feedback/surveys/{survey.id}" in course_page
    form = client.get(f"/feedback/surveys/{survey.id}").get_data(as_text=True)
    assert form.count('type="radio"') == 5 * 4
    refused = post_form(client, f"/feedback/surveys/{survey.id}", _answer_data(survey, ""))
    assert refused.status_code == 200 and "Chọn mức" in refused.get_data(as_text=True)
    post_form(client, f"/feedback/surveys/{survey.id}", _answer_data(survey, "5", "Hay"))
    again = client.get(f"/feedback/surveys/{survey.id}").get_data(as_text=True)
    assert "Cảm ơn" in again and 'type="radio"' not in again
    course_page = client.get(f"/courses/{survey.course.slug}").get_data(as_text=True)
    assert f"/feedback/surveys/{survey.id}\"" not in course_page


def test_someone_who_did_not_complete_the_course_cannot_answer(client, org):
    survey = course_survey()
    make_user("hoa", cadre=make_cadre(org.branch_a1))
    login(client, "hoa")
    assert client.get(f"/feedback/surveys/{survey.id}").status_code == 404


def test_a_required_survey_comes_before_her_certificate_not_before_the_organizers(
        client, org):
    survey = course_survey(is_required=True)
    cadre = make_cadre(org.branch_a1)
    make_user("hoa", cadre=cadre)
    certificate = make_certificate(cadre=cadre, course=survey.course)
    url = f"/certificates/{certificate.code}.pdf"
    login(client, "hoa")
    held = client.get(url)
    assert held.status_code == 302
    assert f"/feedback/surveys/{survey.id}?next=" in held.headers["Location"]
    sent = post_form(client, f"/feedback/surveys/{survey.id}?next={url}",
                     {**_answer_data(survey), "next": url})
    assert sent.headers["Location"] == url
    assert client.get(url).data.startswith(b"%PDF")

    other = make_cadre(org.branch_a1)
    waiting = make_certificate(cadre=other, course=survey.course)
    make_user("organizer", role="organizer", unit=org.ward_a)
    switch(client, "organizer")
    assert client.get(f"/certificates/{waiting.code}.pdf").data.startswith(b"%PDF")


def test_an_optional_survey_does_not_hold_the_certificate(client, org):
    survey = course_survey()
    cadre = make_cadre(org.branch_a1)
    make_user("hoa", cadre=cadre)
    certificate = make_certificate(cadre=cadre, course=survey.course)
    login(client, "hoa")
    assert client.get(f"/certificates/{certificate.code}.pdf").data.startswith(b"%PDF")


def test_the_trainer_reads_the_distribution_and_the_comments_and_exports_them(client, org):
    trainer = make_user("trainer", role="trainer")
    survey = course_survey(owner=trainer)
    for rating, text in (("5", "Rất thiết thực"), ("3", None), ("5", None)):
        answered(survey, make_cadre(org.branch_a1), rating=int(rating), text=text)
    login(client, "trainer")
    page = client.get(f"/feedback/surveys/{survey.id}/results").get_data(as_text=True)
    assert "3 học viên đã trả lời" in page
    assert "Rất thiết thực" in page
    assert re.search(r"<th scope=\"row\">5</th><td>2</td>", page)
    assert "4,3" in page
    xlsx = client.get(f"/feedback/surveys/{survey.id}/results.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.values)
    assert rows[1][0] == survey.questions[0].text
    assert sorted(row[0] for row in rows[2:]) == [3, 5, 5]
    csv = client.get(f"/feedback/surveys/{survey.id}/results.csv").get_data(as_text=True)
    assert "Rất thiết thực" in csv


def test_organizers_read_a_named_course_survey_for_their_subtree_only(client, org):
    survey = course_survey(is_anonymous=False)
    answered(survey, make_cadre(org.branch_a1, full_name="Lê Thị Mai"), text="Ở phường A")
    answered(survey, make_cadre(org.branch_b1, full_name="Đỗ Thị Hằng"), text="Ở xã B")
    make_user("organizer", role="organizer", unit=org.ward_a)
    login(client, "organizer")
    page = client.get(f"/feedback/surveys/{survey.id}/results").get_data(as_text=True)
    assert "Ở phường A" in page and "Lê Thị Mai" in page
    assert "Ở xã B" not in page and "Đỗ Thị Hằng" not in page
    csv = client.get(f"/feedback/surveys/{survey.id}/results.csv").get_data(as_text=True)
    assert "Lê Thị Mai" in csv and "Đỗ Thị Hằng" not in csv


def test_organizers_do_not_read_an_anonymous_course_survey(client, org):
    survey = course_survey()
    for _ in range(3):
        answered(survey, make_cadre(org.branch_a1))
    make_user("organizer", role="organizer", unit=org.ward_a)
    login(client, "organizer")
    assert client.get(f"/feedback/surveys/{survey.id}/results").status_code == 404
    assert client.get(f"/feedback/surveys/{survey.id}/results.csv").status_code == 404


def test_session_survey_from_the_session_page_to_the_check_in_and_the_results(client, org):
    session = make_session(org.ward_a)
    make_user("organizer", role="organizer", unit=org.ward_a)
    make_user("outsider", role="organizer", unit=org.ward_b)
    login(client, "organizer")
    assert f"/feedback/sessions/{session.id}/survey" in client.get(
        f"/training/{session.id}").get_data(as_text=True)
    attach = client.get(f"/feedback/sessions/{session.id}/survey").get_data(as_text=True)
    assert f'href="/training/{session.id}"' in attach  # the way back to the session
    post_form(client, f"/feedback/sessions/{session.id}/survey")
    survey = get_session_survey(session.id)
    assert survey is not None
    cadre = make_cadre(org.branch_a1)
    add_attendees(session, [cadre.id])
    db.session.commit()
    make_user("hoa", cadre=cadre)
    switch(client, "hoa")
    post_form(client, f"/feedback/surveys/{survey.id}", _answer_data(survey, "4", "Vui"))
    switch(client, "outsider")
    assert client.get(f"/feedback/surveys/{survey.id}/results").status_code == 404
    assert client.get(f"/feedback/sessions/{session.id}/survey").status_code == 404
    switch(client, "organizer")
    session_page = client.get(f"/training/{session.id}").get_data(as_text=True)
    assert "Đã gắn phiếu: 1 lượt trả lời." in session_page
    assert f'href="/feedback/surveys/{survey.id}/results"' in session_page
    page = client.get(f"/feedback/surveys/{survey.id}/results").get_data(as_text=True)
    assert "1 học viên đã trả lời" in page and "Vui" not in page  # anonymous, below three


def test_the_check_in_page_offers_the_session_survey_to_an_attendee(client, org):
    session = make_session(org.ward_a)
    survey = create_survey(session=session)
    cadre = make_cadre(org.branch_a1)
    add_attendees(session, [cadre.id])
    db.session.commit()
    make_user("hoa", cadre=cadre)
    login(client, "hoa")
    # Already checked in (added by hand here): her phone offers the survey.
    page = client.get(f"/training/checkin/{session.id}/0/any").get_data(as_text=True)
    assert f"/feedback/surveys/{survey.id}" in page
