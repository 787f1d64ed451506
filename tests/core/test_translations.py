"""Every user-visible string has a Vietnamese translation, and the compiled catalogue is current."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "lms" / "translations" / "vi" / "LC_MESSAGES"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
METHODS = [("lms/**.py", "python"), ("templates/**.html", "jinja2")]


def source_msgids():
    found = set()
    # Babel skips folders starting with "_" by default; templates/_partials holds strings too.
    for _file, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map=METHODS, keywords=KEYWORDS,
            directory_filter=lambda path: not Path(path).name.startswith(".")):
        found.add(message if isinstance(message, str) else message[0])
    return found


def translations(catalog):
    """{msgid: translated text(s)}, plural forms as a tuple; untranslated entries left out."""
    found = {}
    for message in catalog:
        if not message.id or "fuzzy" in message.flags:
            continue
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        if all(strings):
            key = message.id if isinstance(message.id, str) else message.id[0]
            found[key] = tuple(strings)
    return found


def load(name, reader):
    with open(CATALOG / name, "rb") as handle:
        return translations(reader(handle))


def test_every_string_in_the_code_is_translated_to_vietnamese():
    catalog = load("messages.po", read_po)
    missing = sorted(msgid for msgid in source_msgids() if msgid not in catalog)
    assert missing == [], "untranslated (run the pybabel steps in README.md): " + repr(missing)


def test_compiled_catalogue_matches_the_po_file():
    assert load("messages.po", read_po) == load("messages.mo", read_mo), \
        "messages.mo is stale: run pybabel compile -d lms/translations"
