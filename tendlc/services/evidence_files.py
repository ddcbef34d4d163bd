"""This module owns what a file must be to be kept as campaign evidence: its type read from its content (not
from its name), the names it may carry, and the extension its name must then have.

    content starts with / is                       type               names it may carry
    89 50 4E 47 0D 0A 1A 0A                        image/png          .png
    FF D8 FF                                       image/jpeg         .jpg .jpeg .jfif
    GIF87a / GIF89a                                image/gif          .gif
    RIFF .... WEBP                                 image/webp         .webp
    %PDF-                                          application/pdf    .pdf
    UTF-8 text opening with <!doctype html, <html  text/html          .html .htm (.txt: kept as text)
    any other UTF-8 text without control bytes     text/plain         .txt .text
    anything else (an executable, a zip, Office)   refused

A name without an extension gets the type's. A name whose extension says another type (an .png that is a
JPEG, or a zip) is refused, saying what the file really is: a renamed file is a mistake worth seeing.

Names: only a file's own name is kept, for display and downloads; one holding a folder (``/``, ``\\``, a drive
``C:``), a NUL or another control character, or only dots, is refused rather than repaired, since no browser
sends one and the API's callers should hear what was wrong.
"""

import unicodedata
from dataclasses import dataclass

SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
)
NAME_EXTENSIONS = {
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg", ".jfif"),
    "image/gif": (".gif",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/plain": (".txt", ".text"),
    "text/html": (".html", ".htm"),
}
TYPE_WORDS = {
    "image/png": "a PNG image",
    "image/jpeg": "a JPEG image",
    "image/gif": "a GIF image",
    "image/webp": "a WebP image",
    "application/pdf": "a PDF document",
    "text/plain": "plain text",
    "text/html": "an HTML page",
}
KEPT_TYPES = "PNG, JPEG, GIF or WebP images, PDF documents, plain text or HTML pages"
# Enough of the start of a file to know an HTML page from other text.
HTML_PREFIX = 1024
HTML_OPENINGS = ("<!doctype html", "<html")
# Text keeps tabs, line and page breaks; any other control byte marks a binary file.
TEXT_CONTROLS = frozenset("\t\n\r\f")
MAX_NAME = 200
FORBIDDEN_IN_NAME = frozenset("/\\:")


class EvidenceFileRefused(ValueError):
    """The file or its name cannot be kept; the message says why, in words for the person who chose it."""


@dataclass(frozen=True)
class EvidenceFileType:
    content_type: str
    name: str  # the name to keep: the one given, with the type's extension added when it had none


def content_type_sniff(head: bytes, whole: bytes | None = None) -> str | None:
    """The kept type ``head`` (the file's first bytes) shows, or None. ``whole`` is the file's content when it
    may be text: text is known only by reading all of it."""
    for signature, content_type in SIGNATURES:
        if head.startswith(signature):
            return content_type
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    text = _text(whole if whole is not None else head)
    if text is None:
        return None
    opening = text[:HTML_PREFIX].lstrip("\ufeff \t\r\n").lower()
    return "text/html" if opening.startswith(HTML_OPENINGS) else "text/plain"


def _text(content: bytes) -> str | None:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(char < " " and char not in TEXT_CONTROLS for char in text) or "\x7f" in text:
        return None
    return text


def evidence_name_clean(name: str) -> str:
    """``name`` as it is kept (Unicode normalised, spaces trimmed), or EvidenceFileRefused."""
    cleaned = unicodedata.normalize("NFC", name).strip()
    if not cleaned or set(cleaned) <= {"."}:
        raise EvidenceFileRefused("The file has no name: give it one, such as opt-in-form.png.")
    if FORBIDDEN_IN_NAME.intersection(cleaned) or any(unicodedata.category(char) == "Cc" for char in cleaned):
        raise EvidenceFileRefused(
            "The file's name may not hold a folder (/ \\ :) or control characters: give only the file's own"
            " name, such as opt-in-form.png."
        )
    if len(cleaned) > MAX_NAME:
        raise EvidenceFileRefused(f"The file's name is longer than {MAX_NAME} characters: shorten it.")
    return cleaned


def evidence_file_type(name: str, content_type: str | None) -> EvidenceFileType:
    """The type kept for a file named ``name`` whose content shows ``content_type`` (content_type_sniff), and
    the name it keeps; EvidenceFileRefused when the content is no kept type or the name says another."""
    if content_type is None:
        raise EvidenceFileRefused(f"This file is not one the portal keeps as evidence: only {KEPT_TYPES}.")
    stem, dot, extension = name.rpartition(".")
    extension = f".{extension.lower()}" if dot and stem else ""
    if not extension:
        return EvidenceFileType(content_type, name + NAME_EXTENSIONS[content_type][0])
    if extension in NAME_EXTENSIONS[content_type]:
        return EvidenceFileType(content_type, name)
    if content_type == "text/html" and extension in NAME_EXTENSIONS["text/plain"]:
        return EvidenceFileType("text/plain", name)
    raise EvidenceFileRefused(
        f"The file is named {extension} but is {TYPE_WORDS[content_type]}: rename it"
        f" {NAME_EXTENSIONS[content_type][0]} (or choose the file you meant)."
    )
