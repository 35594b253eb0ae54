"""The seed import: documents, passages and the linked seed map, once and all or nothing."""

import tomllib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from argmap.maps import seeds
from argmap.maps.models import Argument, Claim, Map
from argmap.sources.models import Passage, Source

pytestmark = pytest.mark.django_db

SEEDS = Path(settings.BASE_DIR) / "seeds"
MANIFEST = tomllib.loads((SEEDS / "manifest.toml").read_text())


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded():
    run("import_seeds")
    return Map.objects.get(slug="unga74-ict-crime")


def labels(slug: str, kind: str) -> list[str]:
    return list(
        Passage.objects.filter(source__slug=slug, kind=kind).values_list("label", flat=True)
    )


def test_the_draft_resolution_is_imported_whole(seeded):
    draft = Source.objects.get(slug="a-c-3-74-l-11")
    assert draft.symbol == "A/C.3/74/L.11" and draft.kind == "draft-resolution"
    assert draft.date.isoformat() == "2019-10-11"
    assert draft.metadata["sponsors"][0] == "Belarus" and len(draft.metadata["sponsors"]) == 8
    assert labels(draft.slug, "preamble") == [f"PP{i}" for i in range(1, 15)]
    assert labels(draft.slug, "operative") == [f"OP{i}" for i in range(1, 6)]
    assert labels(draft.slug, "footnote") == ["FN1", "FN2", "FN3", "FN4"]
    for passage in draft.passages.all():
        assert draft.body[passage.start : passage.end] == passage.text
    assert "*" not in draft.body and "](#)" not in draft.body


def test_the_statement_has_its_three_reasons_in_order(seeded):
    statement = Source.objects.get(slug="us-statement-2019-11-18")
    assert (statement.speaker, statement.author) == ("Jason Mack", "United States")
    reasons = Passage.objects.filter(source=statement, kind="reason").order_by("position")
    assert [p.text.split(",")[0] for p in reasons] == ["First", "Second", "Third"]
    assert [p.metadata["ordinal"] for p in reasons] == [1, 2, 3]


def test_the_seed_map_sets_the_decision_against_the_us_reasons(seeded):
    assert seeded.visibility == "public"
    assert seeded.claims.count() == len(MANIFEST["claims"]) == 20
    assert seeded.arguments.count() == len(MANIFEST["arguments"])
    decision = Claim.objects.get(map=seeded, passage__label="OP2")
    assert decision.text.startswith(
        "Decides to establish an open-ended ad hoc intergovernmental committee"
    )
    supports = Argument.objects.filter(conclusion=decision, kind="support")
    supported_by = {c.passage.label for a in supports for c in a.premises.all()}
    assert supported_by == {f"PP{i}" for i in range(1, 15)}
    rebuttals = Argument.objects.filter(conclusion=decision, kind="attack")
    rebutting = sorted(c.passage.label for a in rebuttals for c in a.premises.all())
    assert rebutting == ["P2", "P4", "P5", "P6"]  # the position and the three reasons
    undercut = {
        tuple(sorted(c.passage.label for c in a.target.premises.all())): [
            c.passage.label for c in a.premises.all()
        ]
        for a in Argument.objects.filter(map=seeded, target__isnull=False)
    }
    assert undercut == {("PP5",): ["P4"], ("PP7", "PP9"): ["P5"], ("PP10", "PP13"): ["P6"]}


def test_every_seed_claim_quotes_its_passage_exactly(seeded):
    for key, entry in MANIFEST["claims"].items():
        slug, label = entry["passage"].split(":")
        claim = Claim.objects.get(
            map=seeded,
            passage__source__slug=slug,
            passage__label=label,
            text__startswith=(entry.get("quote") or "")[:40],
        )
        assert claim.passage.text[claim.span_start : claim.span_end] == claim.quote
        if "quote" in entry:
            assert claim.quote == entry["quote"], key
        expected = "United States" if slug.startswith("us-") else "Sponsors of A/C.3/74/L.11"
        assert claim.speaker == expected


def test_a_second_import_changes_nothing_and_says_so(seeded):
    before = (
        Source.objects.count(),
        Passage.objects.count(),
        Claim.objects.count(),
        Argument.objects.count(),
    )
    output = run("import_seeds")
    assert "Nothing to import" in output
    assert (
        Source.objects.count(),
        Passage.objects.count(),
        Claim.objects.count(),
        Argument.objects.count(),
    ) == before


def test_a_failed_import_leaves_nothing_behind(tmp_path):
    for name in ("unga74-draft-resolution-A-C.3-74-L.11.txt", "unga74-us-statement-2019-11-18.txt"):
        (tmp_path / name).write_bytes((SEEDS / name).read_bytes())
    broken = (
        (SEEDS / "manifest.toml")
        .read_text()
        .replace("First, despite intense debate", "First, despite no debate")
    )
    (tmp_path / "manifest.toml").write_text(broken)
    with pytest.raises(CommandError) as error:
        run("import_seeds", "--manifest", str(tmp_path / "manifest.toml"))
    assert "claims.us-reason-1" in str(error.value) and "not in passage P4" in str(error.value)
    assert not Source.objects.exists() and not Map.objects.exists() and not Claim.objects.exists()


def test_an_interrupted_import_leaves_nothing_behind(monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(seeds, "import_graph", crash)
    with pytest.raises(RuntimeError):
        run("import_seeds")
    assert not Source.objects.exists() and not Passage.objects.exists() and not Map.objects.exists()


def test_the_seed_map_belongs_to_the_first_admin(django_user_model):
    admin = django_user_model.objects.create_superuser(username="admin", password="x")
    run("import_seeds")
    assert Map.objects.get(slug="unga74-ict-crime").memberships.get().user == admin
