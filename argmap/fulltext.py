"""The words that search finds, as tsvectors stored beside the text (one definition).

A claim, an annotation and a passage each carry a ``search_vector``: a generated column that
PostgreSQL computes on every write from these expressions, with a GIN index on it. Stored rather
than an expression index: ranking a common word's thousands of matches reads the stored vectors
instead of parsing every text again (see bench/bench_search.py). Generated columns are never
written by Django, and the backup leaves them out (PostgreSQL computes them again on restore).
"""

from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db.models import Func, GeneratedField, TextField
from django.db.models.expressions import CombinedExpression, Expression

CONFIG = "english"  # stemming: "drafting" finds "draft"


class TagsText(Func):
    """A claim's tags as one string: ``argmap_tags_text`` is array_to_string declared IMMUTABLE
    (migration maps 0012), which a generated column needs and array_to_string is not."""

    function = "argmap_tags_text"
    output_field = TextField()


def claim_vector() -> CombinedExpression:
    """The words of the claim weigh most (A), its speaker and tags less (B)."""
    return SearchVector("text", weight="A", config=CONFIG) + SearchVector(
        "speaker", TagsText("tags"), weight="B", config=CONFIG
    )


def annotation_vector() -> SearchVector:
    return SearchVector("body", config=CONFIG)


def passage_vector() -> SearchVector:
    return SearchVector("text", config=CONFIG)


def search_vector_field(expression: Expression) -> GeneratedField:
    return GeneratedField(expression=expression, output_field=SearchVectorField(), db_persist=True)
