"""Quick entry: several reasons and objections in one add box, one action, one undo."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from argmap.maps import services
from argmap.maps.models import Argument, Change, Claim
from argmap.maps.quick_entry import QuickEntryError, is_quick_entry, parse

HTMX = {"HTTP_HX_REQUEST": "true"}

THREE_LEVELS = """\
+ Phones distract pupils.
  - Not when they are switched off.
    + Pupils switch them back on.
  + Teachers see it every day.
- Pupils need them in emergencies.
"""


def shape(entries):
    return [(e.kind, e.text, shape(e.children)) for e in entries]


# ---- the parser ------------------------------------------------------------------------------


def test_a_three_level_list_nests_as_indented():
    assert shape(parse(THREE_LEVELS, default_kind="support")) == [
        (
            "support",
            "Phones distract pupils.",
            [
                (
                    "attack",
                    "Not when they are switched off.",
                    [("support", "Pupils switch them back on.", [])],
                ),
                ("support", "Teachers see it every day.", []),
            ],
        ),
        ("attack", "Pupils need them in emergencies.", []),
    ]


def test_tabs_and_four_spaces_are_levels_too():
    tabs = "+ A\n\t- B\n\t\t+ C\n"
    four = "+ A\n    - B\n        + C\n"
    expected = [("support", "A", [("attack", "B", [("support", "C", [])])])]
    assert shape(parse(tabs, default_kind="support")) == expected
    assert shape(parse(four, default_kind="support")) == expected


def test_other_bullets_and_plain_lines_take_the_forms_kind():
    pasted = "* One\n• Two\n1. Three\n2) Four\nFive\n"
    entries = parse(pasted, default_kind="attack")
    assert [(e.kind, e.text) for e in entries] == [
        ("attack", "One"),
        ("attack", "Two"),
        ("attack", "Three"),
        ("attack", "Four"),
        ("attack", "Five"),
    ]


def test_words_that_merely_start_like_a_bullet_are_kept():
    entries = parse("-5 degrees is cold.\n3.5 percent is little.\n", default_kind="support")
    assert [e.text for e in entries] == ["-5 degrees is cold.", "3.5 percent is little."]


def test_blank_lines_are_skipped_and_line_numbers_count_them():
    with pytest.raises(QuickEntryError, match=r"^line 3: "):
        parse("+ A\n\n+\n", default_kind="support")


def test_a_single_plain_line_is_not_quick_entry():
    assert not is_quick_entry("Phones distract.")
    assert not is_quick_entry("-5 degrees is cold.")
    assert is_quick_entry("+ Phones distract.")
    assert is_quick_entry("Phones distract.\nThey cheat.")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+ A\n  - B\n   + C\n", r"^line 3: its indent \(3 spaces\) is not a whole number"),
        ("+ A\n  - B\n      + C\n", r"^line 3: it is indented further than one level under"),
        ("  + A\n", r"^line 1: it is indented further than one level under nothing"),
        ("+ A\n+ \n", r"^line 2: “\+” has no words after it"),
        ("+ A\n\t- B\n  + C\n", r"^line 3: it is indented with tabs and other lines with spaces"),
        ("+ A\n \t- B\n", r"^line 2: it mixes tabs and spaces"),
    ],
)
def test_bad_input_names_its_line(text, message):
    with pytest.raises(QuickEntryError, match=message):
        parse(text, default_kind="support")


def test_too_many_lines_and_too_long_a_line():
    with pytest.raises(QuickEntryError, match=r"^line 201: at most 200 lines"):
        parse("+ A\n" * 201, default_kind="support")
    with pytest.raises(QuickEntryError, match=r"^line 2: a claim is at most 10 characters"):
        parse("+ A\n+ " + "x" * 11, default_kind="support", max_length=10)


# ---- the service and the page ----------------------------------------------------------------


def test_one_service_call_makes_the_tree_as_one_action(map_, central, user):
    made = services.add_argument_tree(
        claim=central, entries=parse(THREE_LEVELS, default_kind="support"), author=user
    )
    assert len(made) == 5
    distract = Claim.objects.get(text="Phones distract pupils.")
    switched = Claim.objects.get(text="Not when they are switched off.")
    assert Argument.objects.get(conclusion=central, premises=distract).kind == "support"
    assert Argument.objects.get(conclusion=distract, premises=switched).kind == "attack"
    assert (
        Argument.objects.get(conclusion=switched, premises__text="Pupils switch them back on.").kind
        == "support"
    )
    emergencies = Argument.objects.get(premises__text="Pupils need them in emergencies.")
    assert (emergencies.conclusion, emergencies.kind) == (central, "attack")
    tree = Change.objects.filter(map=map_, operation__in=["claim.create", "argument.create"])
    assert (
        tree.exclude(object_id=central.pk, object_type="claim").values("action").distinct().count()
        == 1
    )
    assert services.undo_state(map=map_, actor=user).undo == "added 3 reasons and 2 objections"

    services.undo_last(map=map_, actor=user)
    assert list(Claim.objects.filter(map=map_, deleted_at__isnull=True)) == [central]
    assert not Argument.objects.filter(map=map_, deleted_at__isnull=True).exists()


def add_box(client, map_, claim, text, kind="support"):
    path = reverse("maps:claim-add-argument", args=[map_.slug, claim.pk])
    return client.post(path, {"kind": kind, "text": text}, **HTMX)


def test_the_add_box_takes_a_list_and_answers_with_its_pieces(client, map_, central, user):
    client.force_login(user)
    response = add_box(client, map_, central, THREE_LEVELS)
    html = response.content.decode()
    assert response.status_code == 200
    assert Argument.objects.filter(map=map_).count() == 5
    assert (
        f'data-fragment-add="arguments-of-{central.pk}"' in html
        and "Phones distract pupils." in html
    )
    assert "Undo: added 3 reasons and 2 objections" in html  # the toolbar, out of band


def test_a_plain_single_line_works_as_before(client, map_, central, user):
    client.force_login(user)
    add_box(client, map_, central, "Pupils need them.", kind="attack")
    argument = Argument.objects.get(premises__text="Pupils need them.")
    assert (argument.conclusion, argument.kind) == (central, "attack")


def test_bad_input_shows_the_line_and_writes_nothing(client, map_, central, user):
    client.force_login(user)
    changes = Change.objects.count()
    response = add_box(client, map_, central, "+ Phones distract.\n  - Not always.\n+\n")
    html = response.content.decode()
    assert response.status_code == 422
    assert "line 3: “+” has no words after it." in html
    assert 'aria-invalid="true"' in html and "+ Phones distract." in html  # kept to fix
    assert Change.objects.count() == changes
    assert Claim.objects.filter(map=map_).count() == 1


def test_a_refusal_by_the_service_rolls_back_the_whole_list(map_, central, user):
    entries = parse("+ Fine.\n+ Also fine.\n", default_kind="support")
    entries[1].text = "   "  # blank once stripped: the model refuses it
    with pytest.raises(ValidationError):
        services.add_argument_tree(claim=central, entries=entries, author=user)
    assert Claim.objects.filter(map=map_).count() == 1
