"""The media benchmark: a phone photo (12 megapixels, about 4 MB, EXIF with a GPS position)
before and after the upload's re-encoding, and how long each takes to download on 3G."""

import io
import json
import statistics
import time

from PIL import ExifTags, Image, ImageFilter

from lms.catalog.images import prepare_image

PHONE_SIZE = (4032, 3024)
PHONE_QUALITY = 95
# A phone held upright: the camera stores the frame sideways and says so in EXIF.
PORTRAIT = 6
THREE_G_KBIT_S = 400
# A position in Hanoi (Hoàn Kiếm Lake), like a photo taken at home.
GPS = {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (21.0, 1.0, 43.0),
       ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (105.0, 51.0, 9.0)}
CORNER = 400  # the red patch in the stored frame's top-left corner


def phone_photo(size=PHONE_SIZE, quality=PHONE_QUALITY, orientation=PORTRAIT):
    """JPEG bytes as a phone camera writes them: a textured scene, EXIF with the camera's make,
    the GPS position and `orientation`; a red patch marks the frame's top-left corner."""
    width, height = size
    # Smooth gradients (sky, walls) under fine grain (leaves, fabric, sensor noise): about
    # 4 MB at quality 95 for 12 megapixels, like a real photo.
    gradients = [Image.linear_gradient("L"), Image.radial_gradient("L"),
                 Image.linear_gradient("L").rotate(90)]
    scene = Image.merge("RGB", [band.resize(size) for band in gradients])
    grain = Image.effect_noise(size, 50).filter(ImageFilter.GaussianBlur(1))
    grain = Image.merge("RGB", (grain, grain.rotate(180),
                                grain.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))
    photo = Image.blend(scene, grain, 0.5)
    photo.paste((220, 20, 20), (0, 0, min(CORNER, width // 4), min(CORNER, height // 4)))
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Samsung"
    exif[ExifTags.Base.Orientation] = orientation
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=quality, exif=exif)
    return buffer.getvalue()


def describe(data):
    """Bytes, format, pixel size and whether EXIF (and a GPS position in it) is present."""
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
        return {"bytes": len(data), "format": image.format, "width": image.width,
                "height": image.height, "exif": len(exif) > 0,
                "gps": len(exif.get_ifd(ExifTags.IFD.GPSInfo)) > 0,
                "seconds_on_3g": round(len(data) * 8 / (THREE_G_KBIT_S * 1000), 1)}


def run_benchmark(runs=5, size=PHONE_SIZE, echo=print):
    """Make the phone photo, time its re-encoding (median of `runs`), echo and return the
    figures; the last line echoed is one JSON object."""
    data = phone_photo(size)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        stored = prepare_image("IMG_20261201_093015.jpg", data)
        times.append(time.perf_counter() - start)
    summary = {"before": describe(data), "after": describe(stored),
               "process_s": round(statistics.median(times), 3), "runs": runs,
               "three_g_kbit_s": THREE_G_KBIT_S}
    for label in ("before", "after"):
        figures = summary[label]
        echo(f"{label:6} {figures['bytes']:>10,} bytes  {figures['format']} "
             f"{figures['width']}x{figures['height']}  EXIF: {_yes(figures['exif'])}, "
             f"GPS: {_yes(figures['gps'])}  {figures['seconds_on_3g']} s on 3G "
             f"({THREE_G_KBIT_S} kbit/s)")
    echo(f"re-encoding: {summary['process_s']} s (median of {runs} runs)")
    echo(json.dumps(summary))
    return summary


def _yes(flag):
    return "yes" if flag else "no"
