"""The seed manifest (``seeds/manifest.toml``): which documents to import and the map built on them.

Pure: reads TOML text and parsed documents, returns plain data and an ArgumentGraph whose claims
quote their passages exactly. Every error names the manifest and the entry at fault.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any

from argmap.graph import ATTACK, SUPPORT, ArgumentGraph, ArgumentNode, ClaimNode

from .document import DocumentError, ParsedDocument


@dataclass
class SeedDocument:
    slug: str
    file: str
    kind: str
    symbol: str = ""
    speaker: str = ""


@dataclass
class SeedManifest:
    filename: str
    documents: list[SeedDocument]
    map: dict[str, str]
    claims: dict[str, dict[str, str]] = field(default_factory=dict)
    arguments: list[dict[str, Any]] = field(default_factory=list)


def _error(filename: str, where: str, message: str) -> DocumentError:
    return DocumentError(f"{where}: {message}", filename=filename)


def load_manifest(text: str, *, filename: str = "manifest.toml") -> SeedManifest:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DocumentError(f"not valid TOML ({error})", filename=filename) from None
    documents = []
    for i, entry in enumerate(data.get("documents", [])):
        missing = [key for key in ("slug", "file", "kind") if key not in entry]
        if missing:
            raise _error(filename, f"documents[{i}]", f"missing {', '.join(missing)}")
        documents.append(SeedDocument(**{k: str(v) for k, v in entry.items()}))
    if not documents:
        raise _error(filename, "documents", "the manifest lists no documents")
    map_entry = data.get("map", {})
    for key in ("slug", "title"):
        if not map_entry.get(key):
            raise _error(filename, "map", f"missing {key}")
    return SeedManifest(
        filename=filename,
        documents=documents,
        map={k: str(v) for k, v in map_entry.items()},
        claims=data.get("claims", {}),
        arguments=data.get("arguments", []),
    )


def _quote_span(text: str, quote: str | None) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``; no quote means the whole text less closing , or ;."""
    if quote is None:
        end = len(text.rstrip().rstrip(",;"))
        return (0, end) if end else None
    start = text.find(quote)
    return (start, start + len(quote)) if start >= 0 and quote else None


def build_seed_graph(manifest: SeedManifest, documents: dict[str, ParsedDocument]) -> ArgumentGraph:
    """The seed map as an ArgumentGraph; claims carry their source, passage label and span."""
    name = manifest.filename
    speakers = {d.slug: d.speaker or documents[d.slug].author for d in manifest.documents}
    claim_ids: dict[str, int] = {}
    graph = ArgumentGraph(title=manifest.map["title"])
    for key, entry in manifest.claims.items():
        where = f"claims.{key}"
        slug, _, label = str(entry.get("passage", "")).partition(":")
        if slug not in documents:
            raise _error(
                name,
                where,
                f"passage must be '<document slug>:<label>' of a listed document, not {entry.get('passage')!r}",
            )
        try:
            passage = documents[slug].passage(label)
        except KeyError:
            raise _error(name, where, f"{slug} has no passage {label!r}") from None
        span = _quote_span(passage.text, entry.get("quote"))
        if span is None:
            raise _error(
                name, where, f"the quote is not in passage {label} of {slug} word for word"
            )
        quote = passage.text[span[0] : span[1]]
        claim_ids[key] = len(claim_ids) + 1
        graph.claims[claim_ids[key]] = ClaimNode(
            id=claim_ids[key],
            text=entry.get("text", quote),
            speaker=entry.get("speaker", speakers[slug]),
            source_slug=slug,
            passage_label=label,
            span_start=span[0],
            span_end=span[1],
            quote=quote,
        )

    argument_ids = {str(a["id"]): i for i, a in enumerate(manifest.arguments, start=1) if "id" in a}
    for i, entry in enumerate(manifest.arguments, start=1):
        where = f"arguments[{i - 1}]"
        kind = entry.get("kind")
        if kind not in (SUPPORT, ATTACK):
            raise _error(name, where, f"kind must be 'support' or 'attack', not {kind!r}")
        unknown = [p for p in entry.get("premises", []) if p not in claim_ids]
        if unknown or not entry.get("premises"):
            raise _error(
                name,
                where,
                f"premises must name claims of the manifest; unknown: {unknown or 'none given'}",
            )
        conclusion, target = entry.get("conclusion"), entry.get("target")
        if conclusion is not None and conclusion not in claim_ids:
            raise _error(name, where, f"conclusion {conclusion!r} is not a claim of the manifest")
        if target is not None and target not in argument_ids:
            raise _error(
                name, where, f"target {target!r} is not the id of an argument of the manifest"
            )
        graph.arguments[i] = ArgumentNode(
            id=i,
            kind=kind,
            premise_ids=[claim_ids[p] for p in entry["premises"]],
            conclusion_id=claim_ids[conclusion] if conclusion is not None else None,
            target_id=argument_ids[target] if target is not None else None,
        )
    return graph
