"""The detailed words for a change, as the history page shows it: "moved the reason “Crime is
rising”", "attached A/C.3/74/L.11". Only ``undo.describe`` calls this; everything else that words
a change goes through ``describe``, which falls back to the short form ("moved a reason").

A change keeps ids of the claims and the source it touched; the words need their texts, fetched
for a whole page of changes at once (``names_for``: two queries, whatever the page holds).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from argmap.sources.models import Source

from ..models import Change, Claim

QUOTED_LENGTH = 40  # a quoted claim is cut to about this many characters


@dataclass
class Names:
    """What the changes of one page name: claims' texts by id, sources' symbols by slug."""

    claims: dict[int, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)


def names_for(changes: Iterable[Change]) -> Names:
    changes = list(changes)
    claim_ids = {i for change in changes for i in _claims_named(change)}
    slugs = {
        slug
        for change in changes
        if change.operation == "map.attach_source" and (slug := (change.after or {}).get("source"))
    }
    claims = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "text"))
    sources = {
        source.slug: source.symbol or quoted(source.title)
        for source in Source.objects.filter(slug__in=slugs).only("slug", "symbol", "title")
    }
    return Names(claims=claims, sources=sources)


def _claims_named(change: Change) -> list[int]:
    """The claims an argument's change names: its premises and its conclusion, before and after."""
    if change.object_type != "argument":
        return []
    ids: list[int] = []
    for state in (change.before or {}, change.after or {}):
        ids += state.get("premises", [])
        if state.get("conclusion"):
            ids.append(state["conclusion"])
    return ids


def quoted(text: str, length: int = QUOTED_LENGTH) -> str:
    """“Crime is rising”, or the first words of a longer text and “…”."""
    text = " ".join(text.split())
    if len(text) > length:
        text = text[: length - 1].rstrip() + "…"
    return f"“{text}”"


ARGUMENT_WORDS = {"support": "reason", "attack": "objection"}
VERBS = {"create": "added", "delete": "deleted", "restore": "restored", "update": "edited"}


def argument_word(state: dict[str, Any]) -> str:
    """reason, objection or undercut (an objection to an argument rather than to a claim)."""
    if state.get("target"):
        return "undercut"
    return ARGUMENT_WORDS.get(state.get("kind", ""), "argument")


def detailed(change: Change, names: Names) -> str | None:
    """The change in words that name what it touched; None for an operation not worded here."""
    before, after = change.before or {}, change.after or {}
    state = after or before
    noun, _, verb = change.operation.partition(".")
    if noun == "claim" and verb in VERBS:
        return f"{VERBS[verb]} the claim {quoted(state.get('text', ''))}"
    if change.operation == "claim.reanchor":
        return f"carried the claim {quoted(state.get('text', ''))} to a revision"
    if noun == "annotation" and verb in VERBS:
        word = "evidence" if state.get("kind") == "evidence" else state.get("kind") or "note"
        done = "removed" if verb == "delete" else VERBS[verb]
        return f"{done} the {word} {quoted(state.get('body', ''))}"
    if noun == "argument":
        return _argument(change, names, verb, before, after)
    if noun == "member":
        return _member(verb, before, after)
    if change.operation == "map.attach_source":
        slug = after.get("source", "")
        return f"attached {names.sources.get(slug, 'a document')}"
    if change.operation == "map.update":
        return _map_update(before, after)
    if change.operation == "map.import":
        counts = [(after.get(k, 0), k[:-1]) for k in ("claims", "arguments", "notes")]
        made = [f"{n} {word}{'s' if n != 1 else ''}" for n, word in counts if n]
        return "imported " + (listed(made) if made else "an empty map")
    return None


def _argument(
    change: Change, names: Names, verb: str, before: dict[str, Any], after: dict[str, Any]
) -> str | None:
    state = after or before
    premises = state.get("premises") or []
    what = f"the {argument_word(state)} {_claim(names, premises[0] if premises else None)}"
    more = len(premises) - 1
    together = f" (with {more} co-premise{'s' if more > 1 else ''})" if more > 0 else ""
    if verb in VERBS:
        return f"{VERBS[verb]} {what}{together}"
    if verb == "move":
        return f"moved {what}{together} to {_claim(names, after.get('conclusion'))}"
    if verb in ("add_premise", "remove_premise"):
        old, new = set(before.get("premises", [])), set(after.get("premises", []))
        if verb == "add_premise":
            return f"added {_claim(names, next(iter(new - old), None))} as a co-premise of {what}"
        return f"removed the co-premise {_claim(names, next(iter(old - new), None))} from {what}"
    return None


def _claim(names: Names, claim_id: int | None) -> str:
    text = names.claims.get(claim_id) if claim_id else None
    return quoted(text) if text else "a claim"


ROLE_WORDS = {"owner": "the owner", "editor": "an editor", "commenter": "a commenter"}


def _role(role: str) -> str:
    return ROLE_WORDS.get(role, f"a {role}")


def _member(verb: str, before: dict[str, Any], after: dict[str, Any]) -> str | None:
    user, role = (after or before).get("user", "someone"), (after or before).get("role", "")
    match verb:
        case "add":
            return f"added {user} as {_role(role)}"
        case "role" | "transfer":
            return f"made {user} {_role(role)}"
        case "remove":
            return f"removed {user}"
    return None


def _map_update(before: dict[str, Any], after: dict[str, Any]) -> str:
    done = []
    if before.get("title") != after.get("title"):
        done.append(f"renamed the map {quoted(after.get('title', ''))}")
    if before.get("description") != after.get("description"):
        done.append("edited the map's description")
    if before.get("visibility") != after.get("visibility"):
        done.append(f"made the map {after.get('visibility')}")
    return listed(done) if done else "saved the map's settings unchanged"


def listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
