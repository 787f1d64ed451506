"""The editor's form data as the services take it."""

from decimal import Decimal


def course_data(title="An toàn trên mạng", **fields):
    return {"title": title, "slug": "", "track": "it", "hours": Decimal("2.5"), "pass_mark": 70,
            "audience": "Cán bộ Hội cơ sở", "summary": "Khóa học **ngắn**.", **fields}


def lesson_data(title="Mật khẩu mạnh", body="Nội dung **chính**.", slug=""):
    return {"title": title, "slug": slug, "body": body}
