"""`manage.py import_document`: any draft resolution or statement, with errors that say where."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from argmap.maps import services
from argmap.sources.models import Passage, Source

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).parent / "documents"


def run(*args: str) -> str:
    out = StringIO()
    call_command("import_document", *args, stdout=out)
    return out.getvalue()


def test_import_a_statement_into_a_map(map_):
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    output = run(str(path), "--kind", "statement", "--map", map_.slug)
    source = Source.objects.get()
    assert f"Imported {source.slug}" in output and f"Attached to map {map_.slug}" in output
    assert list(map_.sources.all()) == [source]
    assert source.passages.filter(kind="reason").exists()
    assert "Already imported" in run(str(path), "--kind", "statement")
    assert Source.objects.count() == 1


def test_import_a_draft_resolution_with_subparagraphs():
    path = next(DOCUMENTS.glob("hrc55-*.txt"))
    run(str(path), "--kind", "draft-resolution")
    source = Source.objects.get()
    assert source.passages.filter(kind="subparagraph").exists()
    for passage in source.passages.all():
        assert source.body[passage.start : passage.end] == passage.text


@pytest.mark.parametrize(
    ("content", "kind", "expected"),
    [
        (b"", "statement", "empty"),
        (b"\x00\x01\x02binary\xff", "draft-resolution", "binary"),
        (
            b"Statement by X\n\nThank you, Mr. Chair.\n\nWe will vote no.\n",
            "draft-resolution",
            "statement",
        ),
        (
            b"General Assembly\n\nThe General Assembly,\n\nNoting things,\n\n1. *Decides* a;\n\n3. *Requests* b.\n",
            "draft-resolution",
            "line 9",
        ),
    ],
    ids=["empty", "binary", "statement-as-resolution", "numbering-gap"],
)
def test_malformed_documents_are_refused_with_where_and_why(tmp_path, content, kind, expected):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        run(str(path), "--kind", kind)
    message = str(error.value)
    assert (
        "Nothing was imported" in message and "bad.txt" in message and expected in message.lower()
    )
    assert not Source.objects.exists() and not Passage.objects.exists()


def test_an_unknown_map_is_refused_before_anything_is_written():
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    with pytest.raises(CommandError, match="No map with the slug"):
        run(str(path), "--kind", "statement", "--map", "nope")
    assert not Source.objects.exists()


def test_a_document_of_another_map_can_be_attached_again(map_, public_map):
    path = next(DOCUMENTS.glob("uk-statement-*.txt"))
    run(str(path), "--kind", "statement", "--map", map_.slug)
    run(str(path), "--kind", "statement", "--map", public_map.slug)
    source = Source.objects.get()
    assert set(source.maps.all()) == {map_, public_map}
    assert services.add_claim(
        map=public_map,
        text="x",
        author=None,
        passage=source.passages.first(),
        span_start=0,
        span_end=1,
    )
