"""How long a big PDF takes to import, beside a trivial baseline.

make bench        # or: .venv/bin/python bench/bench_document_import.py [--pages 300]

A draft resolution laid out as the UN publishes it (tests/documents/make_fixtures.py: running
headers, footers, footnotes, hyphenated lines) and long enough to fill about 300 pages, then:
read = PDF to the parsers' text (pdfminer.six and argmap.formats.extract), parse = text to passages,
import = ``import_document`` (read, parse and the INSERTs, in one transaction), each one run, in
seconds. The baseline: the same document's text as a UTF-8 file, imported the same way. For the
record, when installed: pypdf's plain ``extract_text`` of the same file (a faster, less exact
reader) and pdfplumber's characters of every page (the same characters, through its dicts).
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, scratch_database

sys.path.insert(0, str(ROOT / "tests" / "documents"))

import make_fixtures

from argmap.formats import parse_document
from argmap.formats.extract import pdf_pages, pdf_text

CPU: dict[str, float] = {}  # seconds of this process's CPU per step (the machine may be busy)


def seconds(fn, step: str = "") -> tuple[float, object]:
    start, cpu = time.perf_counter(), time.process_time()
    result = fn()
    CPU[step] = time.process_time() - cpu
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=300)
    pages = parser.parse_args().pages
    from argmap.sources.services import import_document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.pdf"
        made, _ = seconds(lambda: make_fixtures.big_resolution_pdf(path, pages=pages), "make")
        data = path.read_bytes()
    count = pdf_pages(data)
    print(f"{count} pages, {len(data) / 1024:,.0f} KB (written in {made:.1f} s)")
    try:  # not a dependency of argmap: installed by hand to compare
        import pypdf

        pypdf_s, _ = seconds(
            lambda: [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages], "pypdf"
        )
    except ImportError:
        pypdf_s = float("nan")
    try:  # the same characters through pdfplumber's dictionaries (what extract.pdf avoids)

        def plumber() -> None:
            import pdfplumber

            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.chars  # noqa: B018  (reading them is the cost measured)
                    page.close()

        plumber_s, _ = seconds(plumber, "pdfplumber")
    except ImportError:
        plumber_s = float("nan")
    read_s, text = seconds(lambda: pdf_text(data, filename="big.pdf"), "read")
    assert isinstance(text, str)
    parse_s, parsed = seconds(
        lambda: parse_document(text.encode(), kind="draft-resolution", filename="big.txt"),
        "parse",
    )
    passages = len(parsed.passages)  # type: ignore[attr-defined]
    with scratch_database():
        pdf_s, _ = seconds(
            lambda: import_document(data=data, filename="big.pdf", kind="draft-resolution"),
            "pdf",
        )
        text_s, _ = seconds(
            lambda: import_document(
                data=text.encode(), filename="big.txt", kind="draft-resolution"
            ),
            "text",
        )
    print(f"{'step':<40} {'seconds':>8} {'CPU s':>8}")
    for label, wall, step in (
        ("pypdf extract_text (for comparison)", pypdf_s, "pypdf"),
        ("pdfplumber page.chars (for comparison)", plumber_s, "pdfplumber"),
        ("read: PDF to text (pdfminer.six)", read_s, "read"),
        ("parse: text to passages", parse_s, "parse"),
        ("import of the PDF (read+parse+write)", pdf_s, "pdf"),
        ("baseline: import of its text file", text_s, "text"),
    ):
        print(f"{label:<40} {wall:>8.2f} {CPU.get(step, float('nan')):>8.2f}")
    print(f"{passages:,} passages; {CPU['read'] / count * 1000:.0f} ms of CPU a page to read")


if __name__ == "__main__":
    main()
