"""Revisions (issue 17, point 3): a Rev.1 is linked to its original by its symbol or by the
admin's mark; the comparison page says what was added, removed and reworded, matching paragraphs
by their words; claims quoting the original are carried to the revision where their words
still stand, and get an open question where they changed."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Annotation, Change, Claim
from argmap.sources.models import Passage, Source
from argmap.sources.revisions import (
    TextQuote,
    compare,
    earlier_symbols,
    find_quote,
    quote_selector,
    summary,
    word_diff,
)
from argmap.sources.services import import_document
from tests.factories import member_of

pytestmark = pytest.mark.django_db

REVISIONS = Path(__file__).parent / "documents" / "revisions"
ORIGINAL = REVISIONS / "draft-A-C.3-80-L.99.txt"
REV1 = REVISIONS / "draft-A-C.3-80-L.99-Rev.1.txt"


def load(path: Path, **kwargs) -> Source:
    return import_document(
        data=path.read_bytes(), filename=path.name, kind="draft-resolution", **kwargs
    ).source


@pytest.fixture
def pair() -> tuple[Source, Source]:
    return load(ORIGINAL), load(REV1)


def passage(source: Source, label: str) -> Passage:
    return source.passages.get(label=label)


# --- Linking -------------------------------------------------------------------------------


def test_earlier_symbols_nearest_first():
    assert earlier_symbols("A/C.3/80/L.99") == []
    assert earlier_symbols("A/C.3/80/L.99/Rev.1") == ["A/C.3/80/L.99"]
    assert earlier_symbols("A/L.11/Rev.3") == ["A/L.11/Rev.2", "A/L.11/Rev.1", "A/L.11"]
    assert earlier_symbols("A/L.11/Rev.1/Corr.1") == ["A/L.11/Rev.1", "A/L.11"]
    assert earlier_symbols("E/2025/L.7/Add.2") == ["E/2025/L.7/Add.1", "E/2025/L.7"]
    assert earlier_symbols("A/79/L.40/ rev. 1 ") == ["A/79/L.40"]


def test_a_rev1_is_linked_to_its_original_by_its_symbol(pair):
    original, rev1 = pair
    assert rev1.symbol == "A/C.3/80/L.99/Rev.1"
    assert rev1.revision_of == original
    assert list(original.revisions.all()) == [rev1]
    assert original.revision_of is None


def test_the_api_names_the_original(client, pair):
    original, rev1 = pair
    assert client.get(f"/api/sources/{rev1.slug}/").json()["revision_of"] == original.slug
    assert client.get(f"/api/sources/{original.slug}/").json()["revision_of"] is None


def test_a_rev1_imported_first_is_linked_when_its_original_comes():
    rev1 = load(REV1)
    assert rev1.revision_of is None
    original = load(ORIGINAL)
    rev1.refresh_from_db()
    assert rev1.revision_of == original


def test_a_rev2_is_linked_to_the_rev1_not_the_original(pair):
    _, rev1 = pair
    text = REV1.read_text().replace("L.99/Rev.1", "L.99/Rev.2").replace("8 November", "9 November")
    rev2 = import_document(data=text.encode(), filename="rev2.txt", kind="draft-resolution").source
    assert rev2.revision_of == rev1


def test_the_admin_or_the_command_marks_a_revision(pair):
    original, _ = pair
    other = (Path(__file__).parent / "documents").glob("unga79-*.txt")
    path = next(other)
    out = StringIO()
    call_command(
        "import_document", str(path), "--kind", "draft-resolution",
        "--revision-of", original.slug, stdout=out,
    )  # fmt: skip
    marked = Source.objects.get(filename=path.name)
    assert marked.revision_of == original
    assert f"A revision of {original.slug}" in out.getvalue()


def test_marking_a_revision_of_nothing_or_of_itself_is_refused(pair):
    original, rev1 = pair
    with pytest.raises(CommandError, match="There is no document “nope”"):
        call_command(
            "import_document", str(ORIGINAL), "--kind", "draft-resolution",
            "--revision-of", "nope", stdout=StringIO(),
        )  # fmt: skip
    with pytest.raises(ValidationError, match="itself a revision"):
        load(ORIGINAL, revision_of=rev1.slug)  # the original already imported: a loop
    with pytest.raises(ValidationError, match="revision of itself"):
        load(ORIGINAL, revision_of=original.slug)
    original.refresh_from_db()
    assert original.revision_of is None


def test_the_admin_import_form_marks_a_revision(pair, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from argmap.maps.models import DocumentImport
    from tests.factories import UserFactory

    original, _ = pair
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    path = next((Path(__file__).parent / "documents").glob("unga79-*.txt"))
    upload = SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")
    page = reverse("admin:sources_source_import")
    response = client.post(
        page, {"file": upload, "kind": "draft-resolution", "revision_of": original.pk}
    )
    assert response.status_code == 200, response.content.decode()[:500]  # the preview
    job = DocumentImport.objects.get(filename=path.name)
    with django_capture_on_commit_callbacks(execute=True):  # confirmed: the worker's part
        assert client.post(page, {"token": job.token}).status_code == 302
    assert Source.objects.get(filename=path.name).revision_of == original


# --- Comparing -----------------------------------------------------------------------------


def test_comparison_finds_the_reworded_the_added_and_the_removed_paragraph(pair):
    original, rev1 = pair
    rows = compare(list(original.passages.all()), list(rev1.passages.all()))
    changed = [
        (r.status, r.old.label if r.old else None, r.new.label if r.new else None)
        for r in rows
        if r.status != "unchanged"
    ]
    assert ("reworded", "PP2", "PP2") in changed
    assert ("added", None, "PP3") in changed
    assert ("removed", "OP2", None) in changed
    # labels matched by content: the original's PP3, OP3 and OP4 are unchanged, under new numbers
    moved = {(r.old.label, r.new.label) for r in rows if r.status == "unchanged" and r.relabelled}
    assert {("PP3", "PP4"), ("OP3", "OP2"), ("OP4", "OP3")} <= moved
    counts = summary(rows)
    assert (counts.added, counts.removed) == (1, 1)
    # the header lines that changed: symbol, date, sponsors; the rest is the same
    assert counts.reworded == 4
    assert counts.unchanged == len(rows) - 6


def test_comparing_two_unrelated_texts_of_one_vocabulary_stays_quick():
    import random
    import time

    from argmap.sources.revisions import Para

    rng = random.Random(1)
    words = [
        "the",
        "of",
        "and",
        "to",
        "in",
        "States",
        "Member",
        "General",
        "Assembly",
        "resolution",
        "rights",
        "for",
        "on",
        "by",
    ]

    def text(n: int) -> list[Para]:
        return [
            Para(i, i, f"P{i}", " ".join(rng.choice(words) for _ in range(40)), 0, 0, "x")
            for i in range(n)
        ]

    start = time.perf_counter()
    rows = compare(text(200), text(200))
    assert time.perf_counter() - start < 2.0  # a set intersection per pair, few diffs
    assert sum(r.status == "reworded" for r in rows) <= 5  # chance likenesses only


def test_word_level_differences_say_added_and_removed():
    html = word_diff("supporting literacy, lifelong learning", "supporting literacy and learning")
    assert "<del>" in html and "<ins>" in html
    assert "[removed: </span>,<span" in html and "[added: </span>and<span" in html
    escaped = word_diff("<script>", "<style>")
    assert "<script>" not in escaped and "<style>" not in escaped and "&lt;" in escaped


def test_the_comparison_page(client, pair):
    original, rev1 = pair
    response = client.get(reverse("sources:compare", args=[original.slug, rev1.slug]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 reworded" not in html and "4 reworded" in html
    assert "1 added" in html and "1 removed" in html
    assert "Added in A/C.3/80/L.99/Rev.1" in html and "Removed from A/C.3/80/L.99" in html
    assert "<del>" in html and "<ins>" in html and "[removed: " in html
    assert "PP3 → PP4" in html  # an unchanged paragraph under a new number
    assert "<details>" in html  # unchanged paragraphs folded
    # linked from both documents' pages
    compare_url = reverse("sources:compare", args=[original.slug, rev1.slug])
    assert compare_url in client.get(original.get_absolute_url()).content.decode()
    assert compare_url in client.get(rev1.get_absolute_url()).content.decode()
    assert compare_url in client.get(reverse("sources:list")).content.decode()


def test_comparing_with_a_document_that_does_not_exist_is_a_404(client, pair):
    original, _ = pair
    assert client.get(reverse("sources:compare", args=[original.slug, "nope"])).status_code == 404
    assert client.get(reverse("sources:compare", args=["nope", original.slug])).status_code == 404


# --- Carrying claims -----------------------------------------------------------------------


def quoting(map_, source: Source, label: str, words: str, user, nth: int = 0) -> Claim:
    found = passage(source, label)
    start = -1
    for _ in range(nth + 1):
        start = found.text.index(words, start + 1)
    return services.add_claim(
        map=map_,
        text=f"Claim on “{words}”",
        author=user,
        passage=found,
        span_start=start,
        span_end=start + len(words),
    )


@pytest.fixture
def cited(pair, map_, user):
    original, _ = pair
    services.attach_source(map=map_, source=original)
    return {
        "standing": quoting(map_, original, "PP3", "a public library within reach", user),
        "kept_in_rewording": quoting(map_, original, "PP2", "lifelong learning", user),
        "reworded": quoting(map_, original, "PP2", "access to information", user),
        "removed": quoting(map_, original, "OP2", "fund mobile libraries", user),
        "whole": services.add_claim(
            map=map_, text="All of OP4", author=user, passage=passage(original, "OP4")
        ),
    }


def test_claims_whose_words_stand_move_and_the_others_are_flagged(pair, map_, user, cited):
    original, rev1 = pair
    carried = services.carry_claims(map=map_, original=original, revision=rev1, actor=user)
    assert {c.pk for c in carried.moved} == {
        cited[k].pk for k in ("standing", "kept_in_rewording", "whole")
    }
    assert {c.pk for c in carried.flagged} == {cited[k].pk for k in ("reworded", "removed")}
    assert rev1 in map_.sources.all()
    for key, label, words in [
        ("standing", "PP4", "a public library within reach"),
        ("kept_in_rewording", "PP2", "lifelong learning"),
    ]:
        claim = Claim.objects.get(pk=cited[key].pk)
        assert claim.passage.source == rev1 and claim.passage.label == label
        assert claim.quote == words
        body_start = claim.passage.start + claim.span_start
        assert rev1.body[body_start : body_start + len(words)] == words
    whole = Claim.objects.get(pk=cited["whole"].pk)
    assert (whole.passage.label, whole.passage.source, whole.span_start) == ("OP3", rev1, None)
    for key in ("reworded", "removed"):
        claim = Claim.objects.get(pk=cited[key].pk)
        assert claim.passage.source == original  # still quotes the words it had
        question = Annotation.objects.get(claim=claim)
        assert question.kind == "question" and "Review this claim" in question.body
    assert "OP2 has no counterpart" in Annotation.objects.get(claim=cited["removed"]).body
    assert "PP2 became PP2" in Annotation.objects.get(claim=cited["reworded"]).body
    # carrying again moves nothing more, and asks no question twice
    again = services.carry_claims(map=map_, original=original, revision=rev1, actor=user)
    assert len(again.moved) == 0 and len(again.flagged) == 2
    assert Annotation.objects.filter(map=map_).count() == 2


def test_carrying_is_one_action_that_undo_takes_back(pair, map_, user, cited):
    original, rev1 = pair
    services.carry_claims(map=map_, original=original, revision=rev1, actor=user)
    operations = list(
        Change.objects.filter(map=map_).order_by("-id").values_list("operation", flat=True)[:6]
    )
    assert "claim.reanchor" in operations and "annotation.create" in operations
    state = services.undo_state(map=map_, actor=user)
    assert "carried 3 claims to a revision" in str(state.undo)
    services.undo_last(map=map_, actor=user)
    for claim in cited.values():
        claim.refresh_from_db()
        assert claim.passage.source == original
    assert not Annotation.objects.filter(map=map_, deleted_at__isnull=True).exists()
    standing = Claim.objects.get(pk=cited["standing"].pk)
    assert standing.quote == "a public library within reach"


def test_prefix_and_suffix_choose_among_repeated_words():
    body = "the right to read, and the right to read aloud in libraries."
    quote = quote_selector(body, 23, 40)  # the second "the right to read"
    assert quote.exact == "the right to read"
    revised = "Affirms the right to read, and the right to read aloud in libraries."
    assert find_quote(revised, quote) == revised.rindex("the right to read")
    first = quote_selector(body, 0, 17)
    assert find_quote(revised, first) == revised.index("the right to read")
    # the same words around other text are not the quote (unless in the paragraph it became)
    elsewhere = "We read. Then the right to read was gone from the text."
    assert find_quote(elsewhere, quote) is None
    assert find_quote(elsewhere, quote, prefer=(9, 40)) == elsewhere.index("the right")
    assert find_quote(revised, TextQuote("gone words", "", "")) is None


def test_a_repeated_phrase_is_carried_to_its_own_paragraph(pair, map_, user):
    original, rev1 = pair
    services.attach_source(map=map_, source=original)
    # "Member States" stands in OP2 (removed) and OP3 (kept as OP2): each quote finds its own
    kept = quoting(map_, original, "OP3", "Member States", user)
    gone = quoting(map_, original, "OP2", "Member States", user)
    services.carry_claims(map=map_, original=original, revision=rev1, actor=user)
    kept.refresh_from_db()
    gone.refresh_from_db()
    assert (kept.passage.source, kept.passage.label, kept.quote) == (rev1, "OP2", "Member States")
    # the same words stand elsewhere, but not around the same text: not carried there
    assert gone.passage.source == original and gone.annotations.get().kind == "question"


def test_only_editors_of_the_map_may_carry(pair, map_, user, cited):
    original, rev1 = pair
    viewer = member_of(map_, "viewer")
    url = reverse("maps:carry-claims", args=[map_.slug])
    data = {"original": original.slug, "revision": rev1.slug}
    client = Client()
    client.force_login(viewer)
    # the viewer sees no button, and a POST is refused without a change
    page = client.get(reverse("sources:compare", args=[original.slug, rev1.slug]))
    assert "Carry the claims" not in page.content.decode()
    assert client.post(url, data).status_code == 403
    assert Claim.objects.filter(passage__source=rev1).count() == 0
    # the owner sees it and carries
    owner = Client()
    owner.force_login(user)
    page = owner.get(reverse("sources:compare", args=[original.slug, rev1.slug]))
    assert "Carry the claims to A/C.3/80/L.99/Rev.1" in page.content.decode()
    response = owner.post(url, data, follow=True)
    assert response.status_code == 200
    assert "3 claims now quote" in response.content.decode()
    assert Claim.objects.filter(passage__source=rev1).count() == 3
    # the flagged ones are found with the map's search for open questions
    search = owner.get(
        reverse("maps:map-search", args=[map_.slug]) + "?questions=yes",
        headers={"HX-Request": "true"},
    )
    found = search.content.decode()
    assert "access to information" in found and "fund mobile libraries" in found
    assert "lifelong learning" not in found


def test_carrying_hostile_input_is_a_4xx(pair, map_, user, cited):
    original, rev1 = pair
    owner = Client()
    owner.force_login(user)
    url = reverse("maps:carry-claims", args=[map_.slug])
    assert owner.post(url, {"original": original.slug, "revision": "nope"}).status_code == 404
    assert owner.post(url, {"original": "bad slug!", "revision": rev1.slug}).status_code == 400
    same = owner.post(url, {"original": rev1.slug, "revision": rev1.slug})
    assert same.status_code == 400 and "a different document" in same.content.decode()
    back = owner.post(url, {"original": rev1.slug, "revision": original.slug}, follow=True)
    assert "quotes A/C.3/80/L.99/Rev.1" in back.content.decode()  # none of the map's claims
    assert Change.objects.filter(operation="claim.reanchor").count() == 0


def test_the_api_carries_for_editors(pair, map_, user, cited):
    from tests.factories import api_as

    original, rev1 = pair
    url = f"/api/maps/{map_.slug}/sources/carry/"
    body = {"original": original.slug, "revision": rev1.slug}
    viewer = api_as(member_of(map_, "viewer"))
    assert viewer.post(url, body, format="json").status_code == 403
    response = api_as(user).post(url, body, format="json")
    assert response.status_code == 200
    data = response.json()
    assert sorted(data["moved"]) == sorted(
        cited[k].pk for k in ("standing", "kept_in_rewording", "whole")
    )
    assert sorted(data["flagged"]) == sorted(cited[k].pk for k in ("reworded", "removed"))
    missing = api_as(user).post(url, {**body, "revision": "nope"}, format="json")
    assert missing.status_code == 400 and "revision" in missing.json()
