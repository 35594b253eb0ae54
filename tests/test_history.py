"""The change log, undo and restore, and many writers editing the same claims at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from argmap.maps import services
from argmap.maps.models import Annotation, Argument, Change, Claim
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def operations(map_) -> list[str]:
    return list(Change.objects.filter(map=map_).order_by("id").values_list("operation", flat=True))


def test_every_service_records_who_what_and_the_states(map_, user, central):
    reason = services.add_support(conclusion=central, premises=["They distract."], author=user)
    services.update_claim(claim=central, version=1, text="Ban phones.", actor=user)
    services.add_premise(argument=reason, version=1, premise="Marks fall.", author=user)
    services.annotate(target=central, author=user, body="Source?", kind="question")
    services.delete_argument(argument=reason, actor=user)
    assert operations(map_) == [
        "map.create",
        "member.add",
        "claim.create",
        "claim.create",
        "argument.create",
        "claim.update",
        "claim.create",
        "argument.add_premise",
        "annotation.create",
        "argument.delete",
    ]
    edit = Change.objects.get(operation="claim.update")
    assert (edit.actor, edit.before["text"], edit.after["text"]) == (
        user,
        "Phones should be banned.",
        "Ban phones.",
    )
    assert (edit.before["version"], edit.after["version"]) == (1, 2)
    created = Change.objects.filter(
        operation__in=["claim.create", "argument.create"], after__text="They distract."
    )
    assert created.count() == 1
    # The new premise and its argument are one action: undo takes both back.
    first_reason = Change.objects.get(operation="argument.create")
    assert Change.objects.filter(action=first_reason.action).count() == 2
    assert central.pk in Change.objects.get(operation="argument.add_premise").claim_ids


def test_the_changes_of_a_deletion_and_its_undo_are_written_in_one_statement_each(
    map_, user, central
):
    """An action's own steps (a deletion and what it takes along, the revival of them, an argument
    and its new premises) write their changes together, in the order they were made."""
    from django.test.utils import CaptureQueriesContext

    for text in ("They distract.", "Marks fall."):
        services.add_support(conclusion=central, premises=[text], author=user)

    def change_inserts(ctx) -> int:
        return sum(q["sql"].lstrip().startswith("INSERT INTO maps_change") for q in ctx)

    with CaptureQueriesContext(connection) as ctx:
        services.delete_claim(claim=central, actor=user)
    assert change_inserts(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        services.restore_claim(claim=central, actor=user)
    assert change_inserts(ctx) == 1
    with CaptureQueriesContext(connection) as ctx:
        services.add_rebuttal(claim=central, premises=["Emergencies.", "Maps."], author=user)
    assert change_inserts(ctx) == 1
    assert operations(map_)[-9:] == [
        "claim.delete",
        *["argument.delete"] * 2,
        *["argument.restore"] * 2,
        "claim.restore",
        *["claim.create"] * 2,
        "argument.create",
    ]


def test_a_refused_write_records_nothing(map_, user, central):
    before = Change.objects.count()
    with pytest.raises(ValidationError):
        services.add_support(conclusion=central, premises=[], author=user)
    with pytest.raises(services.ConflictError):
        services.update_claim(claim=central, version=9, text="x", actor=user)
    assert Change.objects.count() == before


def test_undo_my_last_action_and_then_the_one_before(map_, user, central):
    services.update_claim(claim=central, version=1, text="Edited once.", actor=user)
    reason = services.add_support(conclusion=central, premises=["New premise"], author=user)
    services.undo_last(map=map_, actor=user)
    reason.refresh_from_db()
    assert reason.deleted_at is not None
    assert Claim.objects.get(text="New premise").deleted_at is not None
    services.undo_last(map=map_, actor=user)
    assert Claim.objects.get(pk=central.pk).text == "Phones should be banned."
    assert Change.objects.filter(is_undo=True).exists()


def test_undo_only_takes_back_my_own_changes(map_, user, central):
    other = UserFactory(username="other")
    services.update_claim(claim=central, version=1, text="Mine.", actor=user)
    services.annotate(target=central, author=other, body="Theirs.")
    services.undo_last(map=map_, actor=user)
    assert Claim.objects.get(pk=central.pk).text == "Phones should be banned."
    assert Annotation.objects.get().deleted_at is None
    with pytest.raises(ValidationError, match="nothing of yours to undo"):
        services.undo_last(map=map_, actor=UserFactory(username="nobody"))


def test_undo_is_refused_when_someone_changed_it_since(map_, user, central):
    other = UserFactory(username="other")
    services.update_claim(claim=central, version=1, text="Mine.", actor=user)
    services.update_claim(
        claim=Claim.objects.get(pk=central.pk), version=2, text="Theirs.", actor=other
    )
    with pytest.raises(ValidationError, match="changed this since"):
        services.undo_last(map=map_, actor=user)
    assert Claim.objects.get(pk=central.pk).text == "Theirs."


def test_undo_covers_moves_co_premises_annotations_and_deletions(map_, user, central):
    other = services.add_claim(map=map_, text="Other", author=user)
    reason = services.add_support(conclusion=central, premises=["P1", "P2"], author=user)
    services.move_argument(argument=reason, version=1, conclusion=other, actor=user)
    services.remove_premise(
        argument=Argument.objects.get(pk=reason.pk),
        version=2,
        claim=Claim.objects.get(text="P1"),
        actor=user,
    )
    note = services.annotate(target=central, author=user, body="n")
    services.delete_annotation(annotation=note, actor=user)
    services.delete_claim(claim=central, actor=user)
    for _ in range(5):
        services.undo_last(map=map_, actor=user)
    reason.refresh_from_db()
    note.refresh_from_db()
    assert Claim.objects.get(pk=central.pk).deleted_at is None
    assert note.deleted_at is not None  # undoing its creation took it away again
    assert reason.conclusion == central
    assert sorted(reason.premises.values_list("text", flat=True)) == ["P1", "P2"]


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_lose_nothing_and_are_told_when_refused():
    owner = UserFactory(username="owner")
    the_map = services.create_map(title="Busy map", created_by=owner)
    claims = [services.add_claim(map=the_map, text=f"Claim {i}", author=owner) for i in range(3)]
    writers, edits_each = 4, 120
    results: list[tuple[int, str, bool]] = []  # (claim id, text, saved?)
    lock = threading.Lock()

    def write(n: int) -> None:
        try:
            for i in range(edits_each):
                claim = Claim.objects.get(pk=claims[i % len(claims)].pk)
                text = f"writer {n} edit {i}"
                try:
                    services.update_claim(
                        claim=claim, version=claim.version, text=text, actor=owner
                    )
                    saved = True
                except services.ConflictError:
                    saved = False
                with lock:
                    results.append((claim.pk, text, saved))
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == writers * edits_each
    saved = [(cid, text) for cid, text, ok in results if ok]
    refused = [r for r in results if not r[2]]
    history = list(
        Change.objects.filter(operation="claim.update")
        .order_by("id")
        .values_list("object_id", "after")
    )
    assert sorted((cid, after["text"]) for cid, after in history) == sorted(
        saved
    )  # every success, once
    for claim in claims:
        versions = [after["version"] for cid, after in history if cid == claim.pk]
        assert versions == list(range(2, len(versions) + 2))  # no two saves from one version
        last_text = [after["text"] for cid, after in history if cid == claim.pk][-1]
        assert Claim.objects.get(pk=claim.pk).text == last_text
    assert len(saved) + len(refused) == writers * edits_each and saved


def test_editing_an_annotation_is_recorded_and_undone(map_, user, central):
    note = services.annotate(target=central, author=user, body="First words", url="")
    services.update_annotation(
        annotation=note, version=1, body="Better words", kind="evidence", actor=user
    )
    change = Change.objects.filter(operation="annotation.update").get()
    assert change.before["body"] == "First words" and change.after["body"] == "Better words"
    assert services.describe(change) == "edited an annotation"
    services.undo_last(map=map_, actor=user)
    note.refresh_from_db()
    assert (note.body, note.kind, note.version) == ("First words", "note", 3)


def test_a_stale_annotation_edit_is_refused(map_, user, central):
    note = services.annotate(target=central, author=user, body="First")
    services.update_annotation(annotation=note, version=1, body="Second", actor=user)
    with pytest.raises(services.ConflictError, match="version 1, it is now version 2"):
        services.update_annotation(
            annotation=Annotation.objects.get(pk=note.pk), version=1, body="Third", actor=user
        )
    assert Annotation.objects.get(pk=note.pk).body == "Second"


def test_each_change_is_stored_as_the_service_recorded_it(map_, user):
    from argmap.maps.services import history

    history.start_request()
    claim = services.add_claim(map=map_, text="C", author=user, speaker="US")
    services.update_claim(claim=claim, version=1, text="D", actor=user)
    services.add_support(conclusion=claim, premises=["P"], author=user)
    services.delete_claim(claim=Claim.objects.get(text="P"), actor=user)
    services.undo_last(map=map_, actor=user)  # the deletion, restored
    made = history.request_changes()
    assert len(made) == 8  # the deletion took the argument along; its undo restored both
    for change in made:
        stored = Change.objects.get(pk=change.pk)
        for field in Change._meta.concrete_fields:
            if field.name != "undone":  # set on the undone action's rows afterwards
                assert getattr(stored, field.attname) == getattr(change, field.attname), field
        assert stored.undone == change.operation.endswith(".delete")
    deletion, restore = made[4], made[-1]
    assert restore.is_undo and restore.original_action == deletion.action
    assert restore.before is not None and restore.before["deleted"] is True
