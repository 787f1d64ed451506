"""Uploaded images are stored re-encoded: upright, at most 1600 px, without EXIF (GPS), in
the format an old phone browser shows best; files Pillow cannot decode safely are refused."""

import io
import struct

import pytest
from PIL import ExifTags, Image, ImageCms, PngImagePlugin
from sqlalchemy import func, select

from lms.authoring import services as authoring
from lms.authoring.services import AuthoringError
from lms.bench.media import GPS, phone_photo
from lms.catalog.models import MediaFile
from lms.catalog.storage import media_path
from lms.extensions import db
from tests.catalog.helpers import PDF, damaged_jpeg, make_course


@pytest.fixture
def course(app_ctx):
    return make_course("Khóa có ảnh")


def upload(course, file_name, data):
    media = authoring.upload_media(course, file_name, io.BytesIO(data))
    db.session.commit()
    return media


def stored_image(media):
    data = media_path(media).read_bytes()
    return data, Image.open(io.BytesIO(data))


def encoded(image, pillow_format, **params):
    buffer = io.BytesIO()
    image.save(buffer, pillow_format, **params)
    return buffer.getvalue()


def is_red(pixel):
    red, green, blue = pixel[:3]
    return red > 180 and green < 80 and blue < 80


def test_a_phone_photo_is_stored_upright_small_and_without_its_location(course, media_folder):
    original = phone_photo((4000, 3000))  # held upright: stored sideways, EXIF orientation 6
    with Image.open(io.BytesIO(original)) as sent:
        exif = sent.getexif()
        assert exif[ExifTags.Base.Orientation] == 6
        assert dict(exif.get_ifd(ExifTags.IFD.GPSInfo)) == GPS

    media = upload(course, "IMG_20261201_093015.jpg", original)

    data, image = stored_image(media)
    assert (media.name, media.content_type, image.format) == (
        "img_20261201_093015.jpg", "image/jpeg", "JPEG")
    assert image.size == (1200, 1600)  # turned upright, the long side 1600 px
    assert len(image.getexif()) == 0 and b"Exif" not in data
    assert not {"exif", "icc_profile", "xmp", "comment"} & set(image.info)
    assert image.info.get("progressive")
    # The frame's top-left corner is the picture's top-right once it stands up.
    assert is_red(image.getpixel((1190, 10))) and not is_red(image.getpixel((10, 10)))
    assert media.size == len(data) and media.size * 10 < len(original)
    # The original is nowhere: the folder holds the one re-encoded file.
    assert [path.name for path in media_folder.iterdir()] == [media.stored_name]


def test_a_small_image_is_not_enlarged(course):
    media = upload(course, "nho.jpg", encoded(Image.new("RGB", (640, 480), "teal"), "JPEG"))
    assert stored_image(media)[1].size == (640, 480)


def test_transparency_keeps_a_png_and_its_metadata_goes(course):
    logo = Image.new("RGBA", (2400, 1200), (0, 0, 0, 0))
    logo.paste((180, 20, 90, 255), (600, 300, 1800, 900))
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Nguyễn Thị Lan")
    text.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPS 21.02N</x:xmpmeta>")
    media = upload(course, "logo.png", encoded(logo, "PNG", pnginfo=text))
    data, image = stored_image(media)
    assert (media.name, image.format, image.mode, image.size) == (
        "logo.png", "PNG", "RGBA", (1600, 800))
    assert image.getpixel((0, 0))[3] == 0 and image.getpixel((800, 400))[3] == 255
    assert not image.text and b"Nguy" not in data and b"xmpmeta" not in data


def test_a_screenshot_stays_png_and_a_photo_saved_as_png_becomes_jpeg(course):
    screenshot = Image.new("RGB", (1080, 2400), "white")
    for top in range(200, 2200, 300):
        screenshot.paste((25, 100, 200), (80, top, 1000, top + 120))
    with Image.open(io.BytesIO(phone_photo((1600, 1200), orientation=1))) as photo:
        photo_png = encoded(photo, "PNG")
    names = [upload(course, "man-hinh.png", encoded(screenshot, "PNG")).name,
             upload(course, "anh-chup.png", photo_png).name,
             upload(course, "so-do.gif", encoded(screenshot.quantize(8), "GIF")).name,
             upload(course, "anh-web.webp", encoded(screenshot, "WEBP", lossless=True)).name]
    assert names == ["man-hinh.png", "anh-chup.jpg", "so-do.png", "anh-web.png"]
    screenshot_image = stored_image(db.session.scalar(
        select(MediaFile).where(MediaFile.name == "man-hinh.png")))[1]
    # Few colours: a palette PNG, with every colour exactly as it was.
    assert screenshot_image.mode == "P" and screenshot_image.size == (720, 1600)


def linear_light_profile():
    """An ICC profile with sRGB's primaries but no tone curve: 128 means half the light."""
    profile = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    curve = profile.index(b"para")
    # Parametric curve type 3, Y = (aX + b)^g above d, else cX: g = a = c = 1, b = d = 0.
    profile[curve + 12:curve + 32] = struct.pack(">5i", 1 << 16, 1 << 16, 0, 1 << 16, 0)
    return bytes(profile)


def test_colours_are_converted_to_srgb_and_the_profile_dropped(course):
    tagged = encoded(Image.new("RGB", (400, 300), (0, 128, 0)), "JPEG", quality=95,
                     icc_profile=linear_light_profile())
    stored = stored_image(upload(course, "mau.jpg", tagged))[1]
    assert "icc_profile" not in stored.info
    red, green, blue = stored.getpixel((200, 150))
    # Half the light is 188 in sRGB; a browser ignoring the profile would show it 128.
    assert red < 20 and abs(green - 188) <= 6 and blue < 20


def test_a_pdf_is_stored_as_it_is(course):
    media = upload(course, "mau.pdf", PDF)
    assert media_path(media).read_bytes() == PDF


def bilevel_png(side):
    # A real PNG of side × side pixels: a few kilobytes on disk, side² bytes once decoded.
    return encoded(Image.new("1", (side, side)), "PNG")


def animated_gif():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ("red", "green", "blue")]
    return encoded(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=200)


@pytest.mark.parametrize("file_name, data, reason", [
    ("anh.jpg", b"\xff\xd8\xff\xe0" + b"khong phai anh " * 40, "Không mở được ảnh anh.jpg"),
    ("anh-dang-do.jpg", damaged_jpeg(), "Không mở được ảnh anh-dang-do.jpg"),
    ("qua-lon.png", bilevel_png(8000), "hơn 50 triệu điểm ảnh"),  # 64 megapixels
    ("chuyen-dong.gif", animated_gif(), "Ảnh chuyen-dong.gif là ảnh động"),
])
def test_images_that_cannot_be_decoded_safely_are_refused_with_the_reason(
        course, media_folder, file_name, data, reason):
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_media(course, file_name, io.BytesIO(data))
    assert refused.value.field == "file" and reason in str(refused.value)
    db.session.rollback()
    assert db.session.scalar(select(func.count(MediaFile.id))) == 0
    assert list(media_folder.iterdir()) == []


def test_pillows_own_decompression_bomb_guard_is_a_refusal_too(course, monkeypatch):
    # Above twice Pillow's limit, Image.open itself raises DecompressionBombError.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(AuthoringError) as refused:
        authoring.upload_media(course, "bom.png", io.BytesIO(bilevel_png(100)))
    assert "triệu điểm ảnh" in str(refused.value)
