"""Redirect targets taken from a request, limited to this site."""

from urllib.parse import urlsplit


def safe_next_path(target):
    """`target` if it is a path on this site, else None.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
    "/\\t/evil.example" would leave the site: any control character or backslash refuses it.
    """
    if not target or any(ord(char) < 0x20 or ord(char) == 0x7F for char in target):
        return None
    if "\\" in target or not target.startswith("/") or target.startswith("//"):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return None
    return target
