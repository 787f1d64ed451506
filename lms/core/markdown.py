"""Markdown to safe HTML: python-markdown renders, nh3 sanitises against an allow-list.

Everything an author writes (lessons, summaries, questions) goes through render_markdown();
callers store the result (it is cached in the database) instead of rendering on every view.
"""

import re
from urllib.parse import urlsplit

import markdown
import nh3

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "iframe", "img",
    "kbd", "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "iframe": {"src", "title", "width", "height", "allowfullscreen"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}
# Video hosts whose embed pages may appear in an <iframe>; nothing else may be framed.
VIDEO_EMBED_PREFIXES = (
    "https://www.youtube-nocookie.com/embed/",
    "https://www.youtube.com/embed/",
    "https://player.vimeo.com/video/",
)
_MEDIA_LINK = re.compile(r'(\s(?:src|href)=")media/([^"/?#]+)"')


def _filter_attribute(tag, attribute, value):
    if tag == "iframe" and attribute == "src":
        return value if value.startswith(VIDEO_EMBED_PREFIXES) else None
    if attribute in ("href", "src") and urlsplit(value).scheme.lower() not in ("", *URL_SCHEMES):
        return None
    return value


def sanitize_html(html):
    """Strip everything not on the allow-list: scripts, event handlers, javascript: links,
    styles, and iframes other than the allowed video hosts."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=_filter_attribute,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    # An iframe whose src was refused is an empty frame: drop it entirely.
    return re.sub(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>", "", cleaned)


def render_markdown(text, media_url=None):
    """Sanitised HTML for Markdown `text`; `media_url(name)` resolves `media/<name>` links."""
    html = markdown.markdown(text or "", extensions=["tables", "sane_lists", "fenced_code"],
                             output_format="html")
    html = sanitize_html(html)
    if media_url is not None:
        html = _MEDIA_LINK.sub(lambda m: f'{m.group(1)}{media_url(m.group(2))}"', html)
    return html
