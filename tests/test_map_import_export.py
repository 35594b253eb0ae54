"""Map files into the database and back: the commands, round trips, and nothing written on error."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from argmap.formats import maps as formats
from argmap.formats.aif import parse_aif
from argmap.formats.argdown import parse_argdown
from argmap.formats.kialo import parse_kialo
from argmap.graph import ArgumentGraph, GraphNote
from argmap.maps import imports
from argmap.maps.models import Annotation, Argument, Claim, Map, Membership, Premise
from argmap.maps.selectors import map_graph
from tests.test_formats_aif import aif_structure
from tests.test_formats_argdown import relations, statements
from tests.test_formats_kialo import kialo_export

pytestmark = pytest.mark.django_db

MAPS = Path(__file__).resolve().parent / "maps"
REAL_FILES = sorted(p for p in MAPS.iterdir() if p.suffix != ".md")


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def run(*args: str, stdout: StringIO | None = None) -> str:
    out = stdout or StringIO()
    call_command(*args, stdout=out, stderr=StringIO())
    return out.getvalue()


def rows() -> tuple[int, int, int, int, int]:
    return (
        Map.objects.count(),
        Claim.objects.count(),
        Argument.objects.count(),
        Premise.objects.count(),
        Annotation.objects.count(),
    )


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name)
def test_import_map_writes_what_the_parser_read(path, user):
    parsed = formats.parse_map(path.read_bytes(), format=None, filename=str(path))
    output = run("import_map", str(path), "--owner", user.username)
    new_map = Map.objects.get()
    graph = map_graph(new_map)
    assert len(graph.claims) == len(parsed.graph.claims)
    assert len(graph.arguments) == len(parsed.graph.arguments)
    assert Premise.objects.count() == sum(
        len(a.premise_ids) for a in parsed.graph.arguments.values()
    )
    assert Annotation.objects.filter(map=new_map).count() == len(parsed.graph.notes)
    assert sorted(c.text for c in graph.claims.values()) == sorted(
        c.text for c in parsed.graph.claims.values()
    )
    assert Membership.objects.get(map=new_map).user == user
    assert f"Created map “{new_map.title}”" in output
    assert f"{len(graph.claims):,} claims, {len(graph.arguments):,} arguments" in output
    for line in parsed.report:
        assert f"  - {line}" in output


def test_aif_speakers_times_and_notes_reach_the_database(user):
    path = MAPS / "aifdb-nodeset-17919.json"
    result = imports.import_map_file(
        data=path.read_bytes(), filename=path.name, format=None, title="Question Time", owner=user
    )
    assert result.map.title == "Question Time" and result.format == "aif"
    advice = Claim.objects.get(text="the advice is so important")
    assert advice.speaker == "Chris Philp"
    assert advice.created_at.isoformat() == "2020-05-21T23:00:50+00:00"
    assert Annotation.objects.filter(claim__map=result.map, kind="note").count() == 4
    assert result.counts == {"claims": 16, "arguments": 5, "notes": 4}


@pytest.mark.parametrize(
    "path",
    [MAPS / "aifdb-nodeset-17919.json", MAPS / "ova-xaif-dungeons-and-dragons.json"],
    ids=lambda p: p.name,
)
def test_aif_round_trip_through_the_database(path, user, tmp_path):
    run("import_map", str(path))
    out = tmp_path / "out.json"
    run("export_map", Map.objects.get().slug, "--format", "aif", "-o", str(out))
    assert aif_structure(out.read_text()) == aif_structure(path.read_text())
    exported, _ = parse_aif(out.read_text(), filename="out.json")
    original, _ = parse_aif(path.read_text(), filename=path.name)
    assert {c.text: c.speaker for c in exported.claims.values()} == {
        c.text: c.speaker for c in original.claims.values()
    }


@pytest.mark.parametrize("path", sorted(MAPS.glob("*.argdown")), ids=lambda p: p.name)
def test_argdown_round_trip_through_the_database(path, user):
    run("import_map", str(path))
    written = run("export_map", Map.objects.get().slug, "--format", "argdown")
    original, _ = parse_argdown(path.read_text(), filename=path.name)
    again, _ = parse_argdown(written, filename="export.argdown")
    assert statements(again) == statements(original)
    assert relations(again) == relations(original)


def test_kialo_and_markdown_export(user, tmp_path):
    path = MAPS / "kialo-should-hate-speech-be-legally-protected-10134.txt"
    run("import_map", str(path))
    slug = Map.objects.get().slug
    again, _ = parse_kialo(run("export_map", slug, "--format", "kialo"), filename="k.txt")
    assert len(again.claims) == 512 and len(again.arguments) == 544
    outline = run("export_map", slug, "--format", "markdown")
    assert outline.startswith(
        "# Should Hate Speech Be Legally Protected?\n\n- Hate speech should be legally protected\n"
    )
    assert outline.count("*(see above)*") == 33


def test_progress_is_a_bar_on_a_terminal_and_lines_otherwise(user, tmp_path):
    path = tmp_path / "big.txt"
    path.write_text(kialo_export(3_500, links=0))
    terminal = Terminal()
    run("import_map", str(path), stdout=terminal)
    shown = terminal.getvalue()
    assert "\r[" in shown and "] 6,999/6,999 claims and arguments" in shown
    assert "[##############################] 6,999/6,999" in shown
    plain = run("import_map", str(path), "--title", "Again")
    assert "\r" not in plain
    assert "Written 6,999/6,999 claims and arguments" in plain
    assert 3 <= plain.count("Written ") <= 11
    assert Map.objects.get(title="Again").claims.count() == 3_500


# --- refusals: the file and line (or node) named, nothing written ------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        (
            "bad.json",
            '{"nodes": [{"nodeID": 1, "type": "I", "text": "a"}], "edges": [{"fromID": 1, "toID": 5}]}',
            "bad.json: edge #0: node 5 is not in the nodeset",
        ),
        (
            "bad.argdown",
            "[A]: a\n\n  + [B]: b\n  + [A]\n",
            "bad.argdown, line 4: “a” cannot support itself",
        ),
        (
            "bad.txt",
            "Discussion Title: T\n\n1. Thesis\n1.1. Pro: a\n1.1. Con: b\n",
            "bad.txt, line 5: the number 1.1. is used twice",
        ),
        ("empty.argdown", "  \n\n", "empty.argdown: the file is empty"),
        ("odd.bin", "\x00\x01", "this is a binary file"),
    ],
)
def test_malformed_files_are_refused_and_nothing_is_written(
    name, content, expected, user, tmp_path
):
    path = tmp_path / name
    path.write_bytes(content.encode())
    before = rows()
    with pytest.raises(CommandError) as caught:
        run("import_map", str(path))
    assert str(caught.value).startswith("Nothing was imported. ")
    assert expected in str(caught.value).replace(str(tmp_path) + "/", "")
    assert rows() == before


def test_a_failure_after_the_map_was_created_rolls_everything_back(user, monkeypatch):
    parsed = formats.parse_map(
        (MAPS / "argdown-primer.argdown").read_bytes(), format=None, filename="p"
    )
    parsed.graph.notes.append(GraphNote("claim", 999, "points nowhere"))
    monkeypatch.setattr(imports, "parse_map", lambda *a, **k: parsed)
    before = rows()
    with pytest.raises(ValidationError, match="Note 1: it belongs to no claim or argument"):
        imports.import_map_file(data=b"x", filename="p", format=None, title=None, owner=user)
    assert rows() == before


def test_files_above_the_size_limit_are_refused_saying_the_limit(user, tmp_path, monkeypatch):
    path = tmp_path / "big.argdown"
    path.write_text("[A]: " + "a" * 2_000 + "\n")
    monkeypatch.setattr(formats, "MAX_MAP_BYTES", 1_000)
    with pytest.raises(ValidationError, match=r"up to 1,000 bytes"):
        imports.import_map_file(
            data=path.read_bytes(), filename="big.argdown", format=None, title=None, owner=user
        )
    monkeypatch.setattr("argmap.maps.management.commands.import_map.MAX_MAP_BYTES", 1_000)
    with pytest.raises(CommandError, match=r"has 2,006 bytes; the limit is 1,000 bytes"):
        run("import_map", str(path))
    assert rows() == (0, 0, 0, 0, 0)


def test_maps_above_the_node_limit_are_refused(user, monkeypatch):
    monkeypatch.setattr(formats, "MAX_MAP_NODES", 100)
    with pytest.raises(
        ValidationError, match="holds 199 claims and arguments; a map holds at most 100"
    ):
        imports.import_map_file(
            data=kialo_export(100, links=0).encode(),
            filename="k.txt",
            format=None,
            title=None,
            owner=user,
        )
    assert Map.objects.count() == 0


def test_export_map_errors(user):
    with pytest.raises(CommandError, match="No map with the slug 'nope'"):
        run("export_map", "nope", "--format", "aif")
    with pytest.raises(CommandError):
        run("export_map", "nope", "--format", "pdf")


def test_import_graph_reports_progress_and_keeps_seed_import_working(map_, user):
    graph = ArgumentGraph(title="t")
    parsed = formats.parse_map(kialo_export(2_500, links=0).encode(), format="kialo", filename="k")
    graph = parsed.graph
    seen: list[tuple[int, int]] = []
    counts = imports.import_graph(
        map=map_, graph=graph, author=user, progress=lambda d, t: seen.append((d, t))
    )
    assert counts == {"claims": 2_500, "arguments": 2_499, "notes": 0}
    assert seen[-1] == (4_999, 4_999) and seen[0] == (1_000, 4_999)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert json.loads(json.dumps(seen))  # plain numbers for a progress bar


def test_a_large_import_refreshes_the_planners_statistics_once_committed(
    user, django_capture_on_commit_callbacks
):
    """Until autovacuum comes by, PostgreSQL plans a large new map as if it were empty."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from argmap.graph import ArgumentNode, ClaimNode

    def graph(size: int) -> ArgumentGraph:
        claims = {i: ClaimNode(id=i, text=f"Claim {i}.") for i in range(size)}
        arguments = {
            i: ArgumentNode(id=i, kind="support", premise_ids=[i], conclusion_id=i // 2)
            for i in range(1, size)
        }
        return ArgumentGraph(claims=claims, arguments=arguments)

    def statements(size: int) -> list[str]:
        new_map = Map.objects.create(title=f"{size} claims", slug=f"m{size}", created_by=user)
        with (
            CaptureQueriesContext(connection) as queries,
            django_capture_on_commit_callbacks(execute=True),
        ):
            imports.import_graph(map=new_map, graph=graph(size), author=user)
        return [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]

    assert statements(imports.ANALYZE_FROM // 4) == []
    assert statements(imports.ANALYZE_FROM) == [
        "ANALYZE maps_claim, maps_argument, maps_premise, maps_annotation"
    ]
