import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from argmap.maps import services
from argmap.maps.models import Annotation, Argument, Claim, Map, Membership, Premise
from argmap.sources.models import Passage, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def central(map_, user):
    return services.add_claim(map=map_, text="Schools should ban phones in class.", author=user)


@pytest.fixture
def source():
    body = "Noting that phones distract pupils,\n\nDecides to ban them."
    source = Source.objects.create(
        slug="doc", kind="other", title="Doc", body=body, sha256="0" * 64
    )
    Passage.objects.create(
        source=source, position=1, label="PP1", kind="preamble", text=body[:35], start=0, end=35
    )
    return source


# Maps


def test_create_map_makes_the_creator_its_owner(user):
    new_map = services.create_map(title="Phones in schools", created_by=user, visibility="public")
    assert new_map.slug == "phones-in-schools"
    assert Membership.objects.get(map=new_map).role == "owner"
    again = services.create_map(title="Phones in schools", created_by=user)
    assert again.slug == "phones-in-schools-2"


def test_create_map_refuses_a_blank_title(user):
    with pytest.raises(ValidationError) as error:
        services.create_map(title="   ", created_by=user)
    assert "title" in error.value.message_dict
    assert not Map.objects.exists()


def test_update_map_with_a_stale_version_is_a_conflict(map_):
    services.update_map(map=map_, version=1, title="New title", description="", visibility="public")
    assert map_.version == 2
    stale = Map.objects.get(pk=map_.pk)
    stale.version = 1
    with pytest.raises(services.ConflictError) as error:
        services.update_map(
            map=stale, version=1, title="Other", description="", visibility="private"
        )
    assert "version 1" in error.value.message and "version 2" in error.value.message
    assert Map.objects.get(pk=map_.pk).title == "New title"


def test_delete_map_removes_its_claims(map_, central):
    services.delete_map(map=map_)
    assert not Claim.objects.exists()


# Claims


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_add_claim_refuses_blank_text(map_, user, text):
    with pytest.raises(ValidationError) as error:
        services.add_claim(map=map_, text=text, author=user)
    assert error.value.message_dict["text"]
    assert not Claim.objects.exists()


def test_the_database_refuses_blank_text_too(map_):
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(map=map_, text="  ")


def test_add_claim_with_provenance_keeps_passage_and_span(map_, user, source):
    services.attach_source(map=map_, source=source)
    passage = source.passages.get()
    claim = services.add_claim(
        map=map_, text="Phones distract", author=user, passage=passage, span_start=12, span_end=35
    )
    assert claim.quote == "phones distract pupils,"
    assert (claim.passage, claim.span_start, claim.span_end) == (passage, 12, 35)


def test_add_claim_refuses_a_span_outside_the_passage(map_, user, source):
    services.attach_source(map=map_, source=source)
    with pytest.raises(ValidationError) as error:
        services.add_claim(
            map=map_,
            text="x",
            author=user,
            passage=source.passages.get(),
            span_start=5,
            span_end=500,
        )
    assert "outside passage PP1" in str(error.value)


def test_add_claim_refuses_a_passage_whose_source_is_not_in_the_map(map_, user, source):
    with pytest.raises(ValidationError) as error:
        services.add_claim(
            map=map_, text="x", author=user, passage=source.passages.get(), span_start=0, span_end=5
        )
    assert "not a source of this map" in str(error.value)


def test_update_claim_bumps_the_version(central):
    services.update_claim(
        claim=central, version=1, text="Schools should ban phones.", speaker="Coach"
    )
    central.refresh_from_db()
    assert (central.text, central.speaker, central.version) == (
        "Schools should ban phones.",
        "Coach",
        2,
    )


def test_update_claim_with_a_stale_version_is_refused_and_changes_nothing(central):
    services.update_claim(claim=central, version=1, text="First edit")
    with pytest.raises(services.ConflictError) as error:
        services.update_claim(claim=Claim.objects.get(pk=central.pk), version=1, text="Second edit")
    assert error.value.current.text == "First edit"
    assert "you saw version 1, it is now version 2" in error.value.message
    assert Claim.objects.get(pk=central.pk).text == "First edit"


def test_update_claim_refuses_blank_text(central):
    with pytest.raises(ValidationError):
        services.update_claim(claim=central, version=1, text=" ")
    assert Claim.objects.get(pk=central.pk).version == 1


def test_update_of_a_deleted_claim_is_a_conflict(central):
    services.delete_claim(claim=central)
    with pytest.raises(services.ConflictError) as error:
        services.update_claim(claim=central, version=central.version, text="Too late")
    assert "deleted" in error.value.message


# Arguments


def test_add_support_with_co_premises_from_text_and_claims(central, user):
    existing = services.add_claim(
        map=central.map, text="Pupils check phones every few minutes.", author=user
    )
    argument = services.add_support(
        conclusion=central, premises=[existing, "Distraction lowers marks."], author=user
    )
    assert argument.kind == "support" and argument.conclusion == central
    premises = [
        p.claim.text for p in Premise.objects.filter(argument=argument).order_by("position")
    ]
    assert premises == ["Pupils check phones every few minutes.", "Distraction lowers marks."]


def test_add_support_needs_a_premise(central, user):
    with pytest.raises(ValidationError) as error:
        services.add_support(conclusion=central, premises=[], author=user)
    assert "at least one premise" in str(error.value)
    assert not Argument.objects.exists()


def test_a_premise_from_another_map_is_refused(central, user, public_map):
    stranger = services.add_claim(map=public_map, text="Elsewhere", author=user)
    with pytest.raises(ValidationError) as error:
        services.add_support(conclusion=central, premises=[stranger], author=user)
    assert "another map" in str(error.value)
    assert not Argument.objects.exists()


def test_an_argument_for_itself_is_refused(central, user):
    with pytest.raises(ValidationError) as error:
        services.add_support(conclusion=central, premises=[central], author=user)
    assert "about itself" in str(error.value)


def test_a_failed_argument_writes_nothing_not_even_its_new_premises(central, user):
    with pytest.raises(ValidationError):
        services.add_support(conclusion=central, premises=["A new claim", central], author=user)
    assert Claim.objects.count() == 1


def test_add_rebuttal_attacks_the_claim(central, user):
    argument = services.add_rebuttal(
        claim=central, premises=["Phones help in emergencies."], author=user
    )
    assert argument.kind == "attack" and argument.conclusion == central and argument.target is None


def test_add_undercut_attacks_the_argument(central, user):
    reason = services.add_support(conclusion=central, premises=["Phones distract."], author=user)
    undercut = services.add_undercut(
        argument=reason, premises=["Distraction is a teaching problem."], author=user
    )
    assert undercut.kind == "attack" and undercut.target == reason and undercut.conclusion is None


def test_an_undercut_of_a_claim_is_refused(central, user):
    with pytest.raises(ValidationError) as error:
        services.add_undercut(argument=central, premises=["x"], author=user)  # type: ignore[arg-type]
    assert "objection" in str(error.value)


def test_the_database_holds_exactly_one_of_conclusion_and_target(central, user):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(map=central.map, kind="attack", conclusion=central, target=reason)
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(map=central.map, kind="attack")
    with pytest.raises(IntegrityError), transaction.atomic():
        Argument.objects.create(map=central.map, kind="support", target=reason)


def test_arguments_on_a_deleted_claim_are_refused(central, user):
    services.delete_claim(claim=central)
    with pytest.raises(ValidationError) as error:
        services.add_support(conclusion=central, premises=["p"], author=user)
    assert "deleted" in str(error.value)
    with pytest.raises(ValidationError):
        services.add_rebuttal(claim=central, premises=["p"], author=user)


def test_a_deleted_premise_is_refused(central, user):
    gone = services.add_claim(map=central.map, text="gone", author=user)
    services.delete_claim(claim=gone)
    with pytest.raises(ValidationError) as error:
        services.add_support(conclusion=central, premises=[gone], author=user)
    assert "deleted" in str(error.value)


def test_an_undercut_of_a_deleted_argument_is_refused(central, user):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    services.delete_argument(argument=reason)
    with pytest.raises(ValidationError):
        services.add_undercut(argument=reason, premises=["u"], author=user)


def test_add_and_remove_a_co_premise(central, user):
    reason = services.add_support(conclusion=central, premises=["p1"], author=user)
    services.add_premise(argument=reason, version=1, premise="p2", author=user)
    assert [link.claim.text for link in reason.premise_links.order_by("position")] == ["p1", "p2"]
    p1 = Claim.objects.get(text="p1")
    services.remove_premise(argument=reason, version=2, claim=p1)
    assert [link.claim.text for link in reason.premise_links.all()] == ["p2"]
    with pytest.raises(ValidationError) as error:
        services.remove_premise(argument=reason, version=3, claim=Claim.objects.get(text="p2"))
    assert "at least one premise" in str(error.value)


def test_add_premise_refuses_duplicates_the_conclusion_and_stale_versions(central, user):
    reason = services.add_support(conclusion=central, premises=["p1"], author=user)
    p1 = Claim.objects.get(text="p1")
    with pytest.raises(ValidationError):
        services.add_premise(argument=reason, version=1, premise=p1, author=user)
    with pytest.raises(ValidationError):
        services.add_premise(argument=reason, version=1, premise=central, author=user)
    with pytest.raises(services.ConflictError):
        services.add_premise(argument=reason, version=7, premise="p2", author=user)
    assert reason.premise_links.count() == 1
    assert not Claim.objects.filter(text="p2").exists()


def test_delete_claim_takes_its_arguments_and_their_undercuts_along(central, user):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    undercut = services.add_undercut(argument=reason, premises=["u"], author=user)
    services.delete_claim(claim=central)
    for obj in (central, reason, undercut):
        obj.refresh_from_db()
    assert central.deleted_at is not None
    assert reason.deleted_at and undercut.deleted_at
    assert reason.deleted_by == central.deleted_by == undercut.deleted_by  # one action


def test_delete_a_co_premise_keeps_the_argument_alive(central, user):
    reason = services.add_support(conclusion=central, premises=["p1", "p2"], author=user)
    services.delete_claim(claim=Claim.objects.get(text="p1"))
    reason.refresh_from_db()
    assert reason.deleted_at is None
    services.delete_claim(claim=Claim.objects.get(text="p2"))
    reason.refresh_from_db()
    assert reason.deleted_at is not None


def test_delete_twice_is_refused(central):
    services.delete_claim(claim=central)
    with pytest.raises(ValidationError):
        services.delete_claim(claim=central)


# Annotations


def test_annotate_a_claim_and_an_argument(central, user):
    note = services.annotate(
        target=central,
        author=user,
        body="See *the study*.",
        kind="evidence",
        url="https://example.org/study",
    )
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    question = services.annotate(
        target=reason, author=user, body="Does this follow?", kind="question"
    )
    assert (note.claim, note.argument, note.map) == (central, None, central.map)
    assert (question.argument, question.claim) == (reason, None)


def test_annotate_refuses_blank_bodies_bad_urls_and_deleted_targets(central, user):
    with pytest.raises(ValidationError) as error:
        services.annotate(target=central, author=user, body="  ")
    assert "body" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.annotate(target=central, author=user, body="x", kind="evidence", url="not a link")
    assert "url" in error.value.message_dict
    services.delete_claim(claim=central)
    with pytest.raises(ValidationError):
        services.annotate(target=central, author=user, body="x")
    assert not Annotation.objects.exists()


def test_delete_annotation_is_soft(central, user):
    note = services.annotate(target=central, author=user, body="x")
    services.delete_annotation(annotation=note)
    assert Annotation.objects.get(pk=note.pk).deleted_at is not None


# Tags, moves and restores


def test_update_claim_tags_are_trimmed_and_unique(central):
    services.update_claim(claim=central, version=1, tags=[" #policy", "policy", "", "schools "])
    assert Claim.objects.get(pk=central.pk).tags == ["policy", "schools"]


def test_move_argument_to_another_conclusion(central, user):
    other = services.add_claim(map=central.map, text="Phones harm sleep.", author=user)
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    services.move_argument(argument=reason, version=1, conclusion=other)
    assert Argument.objects.get(pk=reason.pk).conclusion == other


def test_move_argument_refuses_its_own_premise_other_maps_undercuts_and_stale_versions(
    central, user, public_map
):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    with pytest.raises(ValidationError, match="premise of"):
        services.move_argument(argument=reason, version=1, conclusion=Claim.objects.get(text="p"))
    with pytest.raises(ValidationError, match="another map"):
        services.move_argument(
            argument=reason,
            version=1,
            conclusion=services.add_claim(map=public_map, text="x", author=user),
        )
    undercut = services.add_undercut(argument=reason, premises=["u"], author=user)
    with pytest.raises(ValidationError, match="no conclusion"):
        services.move_argument(argument=undercut, version=1, conclusion=central)
    other = services.add_claim(map=central.map, text="other", author=user)
    with pytest.raises(services.ConflictError):
        services.move_argument(argument=reason, version=5, conclusion=other)
    assert Argument.objects.get(pk=reason.pk).conclusion == central


def test_restore_claim_brings_back_what_was_deleted_with_it_only(central, user):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    earlier = services.add_rebuttal(claim=central, premises=["o"], author=user)
    services.delete_argument(argument=earlier)
    services.delete_claim(claim=central)
    services.restore_claim(claim=central)
    reason.refresh_from_db()
    earlier.refresh_from_db()
    assert central.deleted_at is None and reason.deleted_at is None
    assert earlier.deleted_at is not None  # deleted on its own before: stays deleted
    with pytest.raises(ValidationError, match="not deleted"):
        services.restore_claim(claim=central)


def test_restore_argument_undoes_the_whole_deletion_or_nothing(central, user):
    reason = services.add_support(conclusion=central, premises=["p"], author=user)
    undercut = services.add_undercut(argument=reason, premises=["u"], author=user)
    services.delete_argument(argument=reason)
    services.restore_argument(argument=reason)
    undercut.refresh_from_db()
    assert undercut.deleted_at is None
    services.delete_claim(claim=central)
    services.restore_argument(argument=reason)  # deleted with the claim: both come back
    central.refresh_from_db()
    assert central.deleted_at is None
    services.delete_argument(argument=reason)  # on its own, then the claim on its own
    services.delete_claim(claim=central)
    with pytest.raises(ValidationError, match="restore that first"):
        services.restore_argument(argument=reason)
    reason.refresh_from_db()
    assert reason.deleted_at is not None
