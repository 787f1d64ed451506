"""Uploaded images made light for a phone on 3G: upright, at most 1600 px, no metadata.

A phone photo is several megabytes and carries where it was taken (EXIF GPS). Uploads are
decoded and encoded again, so only the new bytes are ever stored: JPEG for photos, PNG for
pictures with transparency and for screenshots or diagrams, which JPEG would blur. Colours
are converted to sRGB, the only space old phone browsers assume, and the ICC profile dropped.
"""

import io

import filetype
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageOps

from lms.catalog.storage import MediaRejected

MAX_SIDE = 1600
# A 48-megapixel phone photo or an A4 page scanned at 600 dpi passes; decoding more than
# this would take hundreds of megabytes of memory for one upload.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 82
# A picture that was not a JPEG stays PNG unless it is really a photo: JPEG stores it in a
# third of the bytes or less.
PHOTO_RATIO = 3
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/gif": "GIF",
            "image/webp": "WEBP"}
_SRGB = ImageCms.createProfile("sRGB")


def prepare_image(file_name, data):
    """`data` encoded again for lessons if it is an image; other files come back as they are.

    Refuses (MediaRejected) an image that cannot be decoded, has too many pixels or moves.
    """
    pillow_format = _FORMATS.get(filetype.guess_mime(data))
    if pillow_format is None:
        return data  # a PDF, or a type check_media refuses with its own message
    image = _opened(file_name, data, pillow_format)
    try:
        if pillow_format == "JPEG":
            # Decode at 1/2, 1/4 or 1/8 of the size when that still covers the target: a
            # 12-megapixel photo then takes a quarter of the memory (9 MB, not 36 MB).
            image.draft(image.mode, _fitted(image.size))
        image = ImageOps.exif_transpose(image)
    # Pillow's decoders raise many kinds of error on damaged files.
    except Exception as error:
        raise _unreadable(file_name) from error
    image = _plain_mode(image)
    if max(image.size) > MAX_SIDE:
        image = image.resize(_fitted(image.size), Image.Resampling.LANCZOS)
    image = _in_srgb(image)
    if image.mode == "RGBA" and image.getchannel("A").getextrema()[0] == 255:
        image = image.convert("RGB")  # an alpha channel that hides nothing
    image.info.clear()  # PNG and JPEG encoders copy the ICC profile and comments from here
    if image.mode == "RGBA":
        return _png(image)
    if pillow_format == "JPEG":
        return _jpeg(image)
    png = _png(_palette_if_few_colours(image))
    jpeg = _jpeg(image)
    return jpeg if len(jpeg) * PHOTO_RATIO <= len(png) else png


def _opened(file_name, data, pillow_format):
    try:
        # Only the format the bytes announce, so no other Pillow decoder ever sees them.
        image = Image.open(io.BytesIO(data), formats=[pillow_format])
        animated = getattr(image, "is_animated", False)  # reads on to a second frame
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels(file_name) from error
    except Exception as error:
        raise _unreadable(file_name) from error
    if image.width * image.height > MAX_PIXELS:
        raise _too_many_pixels(file_name)
    if animated:
        raise MediaRejected(_l("%(name)s is an animation. Lessons show still images only, "
                               "which load quickly on a phone: upload a still image instead.",
                               name=file_name))
    return image


def _unreadable(file_name):
    return MediaRejected(_l("%(name)s could not be opened as an image: the file may be damaged "
                            "or incomplete. Open it on your phone or computer, save a copy and "
                            "upload that.", name=file_name))


def _too_many_pixels(file_name):
    return MediaRejected(_l("%(name)s has too many pixels to process (more than %(limit)s "
                            "million). Make the image smaller and try again.",
                            name=file_name, limit=MAX_PIXELS // 1_000_000))


def _fitted(size):
    """`size` shrunk so that its longest side is MAX_SIDE, keeping its shape; never enlarged."""
    width, height = size
    scale = min(1, MAX_SIDE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def _plain_mode(image):
    """The image as RGBA (if it has transparency), L (grey) or RGB; CMYK waits for _in_srgb."""
    if image.mode in ("RGBA", "LA", "PA", "La", "RGBa") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode.startswith("I;16"):
        # 16-bit grey: a plain conversion would clip every value above 255 to white.
        return image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode in ("RGB", "L", "CMYK"):
        return image
    return image.convert("L" if image.mode in ("1", "I", "F") else "RGB")


def _in_srgb(image):
    """Colours converted from the embedded ICC profile to sRGB (grey images stay as they are)."""
    icc = image.info.get("icc_profile")
    if icc and image.mode != "L":
        try:
            return ImageCms.profileToProfile(image, ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                                             _SRGB, outputMode=image.mode.replace("CMYK", "RGB"))
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the colours as they are
    return image.convert("RGB") if image.mode == "CMYK" else image


def _palette_if_few_colours(image):
    # A diagram or a screenshot of a form has few colours: a palette PNG is a fraction of
    # the size, and with 256 colours or fewer the conversion loses nothing.
    if image.getcolors(256) is None:
        return image
    return image.convert("P", palette=Image.Palette.ADAPTIVE, colors=256)


def _png(image):
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _jpeg(image):
    buffer = io.BytesIO()
    # Progressive: a blurred whole picture shows first, then sharpens, on a slow connection.
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue()
