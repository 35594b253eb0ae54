"""Hostile map files refused by the parsers with the place at fault (plain pytest, no database):
JSON nested deep or holding NUL and lone surrogates, YAML aliases ("billion laughs"), bytes that
are not UTF-8 text."""

import json
import time
import tracemalloc

import pytest

from argmap.formats import DocumentError
from argmap.formats.maps import parse_map
from argmap.formats.strict_json import MAX_DEPTH, JsonError, read_json


def refuse(data: bytes, filename: str, format: str | None = None) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        parse_map(data, format=format, filename=filename)
    return caught.value


def aif(text: str) -> bytes:
    """An AIF nodeset whose one I-node holds ``text`` as written (escapes kept)."""
    return ('{"nodes": [{"nodeID": 1, "type": "I", "text": "' + text + '"}], "edges": []}').encode()


# --- JSON -------------------------------------------------------------------------------------


def test_an_aif_file_with_a_nul_character_is_refused_naming_the_node():
    error = refuse(aif("Phones\\u0000distract"), "nul.json")
    assert str(error) == (
        "nul.json: nodes[0].text contains a NUL character (\\u0000) at position 7"
    )


def test_an_aif_file_with_a_lone_surrogate_is_refused_naming_the_node():
    error = refuse(aif("Phones \\ud800 distract"), "surrogate.json")
    assert str(error).startswith(
        "surrogate.json: nodes[0].text contains a lone surrogate (\\ud800)"
    )


def test_a_surrogate_pair_is_a_character_and_is_read():
    parsed = parse_map(aif("Phones \\ud83d\\udcf1 distract"), format=None, filename="emoji.json")
    assert parsed.graph.claims[1].text == "Phones \U0001f4f1 distract"


def test_an_aif_file_nested_100000_deep_is_refused_with_line_and_column_quickly():
    # the outer { is level 1, so the 200th [ (column 19 + 200) is level 201
    deep = b'{"nodes": [], "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    started = time.perf_counter()
    error = refuse(deep, "deep.json")
    assert time.perf_counter() - started < 2
    assert error.line == 1
    assert f"nested more than {MAX_DEPTH} levels deep at column {19 + MAX_DEPTH}" in str(error)


def test_brackets_inside_strings_do_not_count_as_nesting():
    text = json.dumps({"nodes": [], "title": "[" * 10_000, "quoted": '\\"[[[' * 1000})
    assert read_json(text)["title"] == "[" * 10_000


def test_the_reader_refuses_nan_and_keys_with_nul():
    with pytest.raises(JsonError, match="NaN is not a JSON number"):
        read_json('{"x": NaN}')
    with pytest.raises(JsonError, match="the key 'a\\\\x00' contains a NUL"):
        read_json('{"a\\u0000": 1}')
    with pytest.raises(JsonError, match=r"\[1\] contains a lone surrogate \(\\udfff\)"):
        read_json('["ok", "\\uDFFF"]')


# --- Argdown and Kialo text -------------------------------------------------------------------

TEXTS = {  # line 4 holds the character under test
    "kialo": "Discussion Title: Phones\n\n1. Ban phones.\n1.1. Pro: They distract{}.\n",
    "argdown": "[Ban]: Ban phones.\n  + [Distract]: They\n  distract pupils\n  and teachers{}.\n",
}


@pytest.mark.parametrize(
    ("character", "message"),
    [
        ("\x00", "line 4: this is a binary file (it contains NUL bytes)"),
        ("\xe9", "line 4: this is not UTF-8 text (byte 0xe9"),
        # a surrogate written out in UTF-8 bytes (CESU-8) is not UTF-8 either
        ("\ud800", "line 4: this is not UTF-8 text (byte 0xed"),
    ],
    ids=["nul", "latin-1", "surrogate"],
)
@pytest.mark.parametrize("format", ["kialo", "argdown"])
def test_text_files_with_nul_surrogates_or_bad_bytes_are_refused_naming_the_line(
    character, message, format
):
    text = TEXTS[format].format(character)
    data = text.encode("latin-1" if character == "\xe9" else "utf-8", "surrogatepass")
    assert message in str(refuse(data, f"phones.{format}", format))


def test_a_nul_written_as_a_yaml_escape_in_the_front_matter_is_refused():
    data = b'===\ntitle: "Phones\\0in class"\n===\n\n[Ban]: Ban phones.\n'
    error = refuse(data, "phones.argdown")
    assert str(error) == (
        "phones.argdown, line 2: the title in the front matter contains a NUL character "
        "(\\u0000) at position 7"
    )


# --- YAML front matter ------------------------------------------------------------------------

LAUGHS = """===
title: lol
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
===

[Ban]: Schools should ban phones.
  + [Distract]: Phones distract pupils.
"""


def test_billion_laughs_in_the_front_matter_is_refused_fast_and_in_little_memory():
    tracemalloc.start()
    started = time.perf_counter()
    try:
        error = refuse(LAUGHS.encode(), "laughs.argdown")
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert str(error) == (
        "laughs.argdown, line 3: the front matter uses a YAML anchor or alias (& or *); "
        "argmap does not read them: write the value out"
    )
    assert seconds < 0.5 and peak < 5 * 2**20


def test_front_matter_nested_deeper_than_the_limit_is_refused():
    deep = "===\nx: " + "[" * 5000 + "]" * 5000 + "\n===\n\n[Ban]: Ban phones.\n"
    error = refuse(deep.encode(), "deep.argdown")
    assert f"line 2: the front matter is nested more than {MAX_DEPTH} levels deep" in str(error)


def test_plain_front_matter_is_still_read():
    data = b"===\ntitle: Phones in class\ntags: [a, b]\n===\n\n[Ban]: Ban phones.\n"
    assert parse_map(data, format=None, filename="ok.argdown").title == "Phones in class"
