"""Text out of the file an analyst has: PDF, Word, a saved HTML page, or text and Markdown.

The format is told from the content (a PDF starts ``%PDF-``; a Word file is a zip holding
``word/document.xml``; HTML opens with a tag), never from the file's name. Every format comes out
as the plain-text layout the parsers read: one paragraph per line, a blank line between
paragraphs, footnotes as ``¹ text`` lines after the paragraph that cites them, footnote markers as
superscript digits, italic words as ``*italic*`` (the parsers keep the words and drop the stars).

One module a format: ``pdf`` (pdfminer.six), ``word`` (python-docx), ``html`` (the standard
library's parser); ``common`` holds what they share.
"""

from __future__ import annotations

import io
import zipfile

from ..document import DocumentError
from .common import NO_TEXT, Progress
from .html import html_text
from .pdf import pdf_pages, pdf_text
from .word import docx_text

__all__ = ["MIME", "NO_TEXT", "docx_text", "extract", "html_text", "pdf_pages", "pdf_text", "sniff"]

PDF, DOCX, HTML, TEXT = "pdf", "docx", "html", "text"
MIME = {
    PDF: "application/pdf",
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    HTML: "text/html",
    TEXT: "text/plain",
}


def sniff(data: bytes) -> str:
    """PDF, DOCX, HTML or TEXT, from the first bytes of the file."""
    if data[:1024].lstrip().startswith(b"%PDF-"):
        return PDF
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except zipfile.BadZipFile:
            pass
        return "zip"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta")):
        return HTML
    return TEXT


def extract(
    data: bytes, *, filename: str, headings: bool = False, progress: Progress | None = None
) -> str | None:
    """The text of a PDF, Word or HTML file in the parsers' layout; None for a text file (the
    caller decodes it). ``headings``: mark Word and HTML headings with ``#`` (the "other" kind
    reads them)."""
    form = sniff(data)
    if form == PDF:
        return pdf_text(data, filename=filename, progress=progress)
    if form == DOCX:
        return docx_text(data, filename=filename, headings=headings)
    if form == HTML:
        return html_text(data, filename=filename, headings=headings)
    if form == "zip":
        raise DocumentError(
            "this is a zip archive but not a Word document (.docx); upload the document itself",
            filename=filename,
        )
    return None
