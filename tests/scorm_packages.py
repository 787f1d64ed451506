"""Small SCORM 1.2 packages built by the tests: one SCO whose page talks to window.API."""

import io
import stat
import zipfile

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.an-toan" version="1.0"
          xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>{version}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>
      <item identifier="item1" identifierref="sco1"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="sco1" type="webcontent" adlcp:scormtype="sco" href="{href}">
      <file href="{href}"/>
    </resource>
  </resources>
</manifest>
"""

# A page that, once loaded, starts, reads back where she was, marks itself completed and
# finishes, showing each step so that a browser test can follow it.
COMPLETING_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Bài SCORM</title></head>
<body><h1>An toàn thông tin</h1><p id="step">loading</p><p id="resumed"></p>
<script>
  var api = window.API;
  api.LMSInitialize("");
  setTimeout(function () {
    document.getElementById("resumed").textContent =
      "location=" + api.LMSGetValue("cmi.core.lesson_location") +
      " suspend=" + api.LMSGetValue("cmi.suspend_data");
    api.LMSSetValue("cmi.core.lesson_location", "trang-3");
    api.LMSSetValue("cmi.suspend_data", "da-xem:1,2,3");
    api.LMSSetValue("cmi.core.score.raw", "90");
    api.LMSSetValue("cmi.core.lesson_status", "completed");
    api.LMSCommit("");
    api.LMSFinish("");
    document.getElementById("step").textContent = "finished";
  }, 300);
</script></body></html>
"""


def build_package(files=None, *, version="1.2", title="An toàn thông tin", href="index.html",
                  manifest=None, symlinks=()):
    """The bytes of a zip: a manifest at its root (unless `manifest` is False) naming `href`
    as the SCO's launch page, `files` ({path: text or bytes}), and `symlinks` entries."""
    files = {"index.html": COMPLETING_PAGE, **(files or {})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        if manifest is not False:
            archive.writestr("imsmanifest.xml", manifest or MANIFEST.format(
                version=version, title=title, href=href))
        for path, content in files.items():
            archive.writestr(path, content)
        for path in symlinks:
            info = zipfile.ZipInfo(path)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return buffer.getvalue()
