from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import F, Q

from argmap.fulltext import passage_vector, search_vector_field


class Source(models.Model):
    """A document as imported: its text, header facts and a fingerprint of the file."""

    class Kind(models.TextChoices):
        DRAFT_RESOLUTION = "draft-resolution", "Draft resolution"
        STATEMENT = "statement", "Statement"
        OTHER = "other", "Other"

    slug = models.SlugField(max_length=120, unique=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    title = models.TextField()
    symbol = models.CharField(max_length=100, blank=True)
    author = models.TextField(
        blank=True, help_text="Sponsors of a resolution; the delegation of a statement."
    )
    speaker = models.CharField(max_length=200, blank=True)
    place = models.CharField(max_length=200, blank=True)
    date = models.DateField(null=True, blank=True)
    body = models.TextField(
        help_text="The text as imported, light markup removed; passages index into it."
    )
    metadata = models.JSONField(default=dict, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    sha256 = models.CharField(
        max_length=64, unique=True, help_text="Of the imported file: same hash, same document."
    )
    revision_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        help_text="The document this one revises, corrects or adds to (…/Rev.1, …/Corr.1, …/Add.1).",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "title"]

    def __str__(self) -> str:
        return f"{self.symbol} {self.title}".strip() if self.symbol else self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("sources:detail", kwargs={"slug": self.slug})


PAGE = 200  # passages per page of a document (its page loads the next as the reader scrolls)


def page_of(position: int) -> int:
    """The page of a document on which the passage at ``position`` is shown."""
    return max(1, (position - 1) // PAGE + 1)


def passage_url(source_slug: str, position: int, label: str) -> str:
    from django.urls import reverse

    url = reverse("sources:detail", kwargs={"slug": source_slug})
    page = page_of(position)
    return f"{url}?page={page}#{label}" if page > 1 else f"{url}#{label}"


class Passage(models.Model):
    """A labelled slice of a source's body: ``source.body[start:end] == text``."""

    class Kind(models.TextChoices):
        HEADING = "heading", "Heading"
        PREAMBLE = "preamble", "Preambular paragraph"
        OPERATIVE = "operative", "Operative paragraph"
        SUBPARAGRAPH = "subparagraph", "Sub-paragraph"
        FOOTNOTE = "footnote", "Footnote"
        PARAGRAPH = "paragraph", "Paragraph"
        REASON = "reason", "Reason"
        SALUTATION = "salutation", "Salutation"
        CLOSING = "closing", "Closing"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="passages")
    position = models.PositiveIntegerField()
    label = models.CharField(max_length=32)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    text = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    line = models.PositiveIntegerField(
        null=True, blank=True, help_text="Line of the imported file."
    )
    parent_label = models.CharField(max_length=32, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    search_vector = search_vector_field(passage_vector())  # argmap/maps/search.py

    class Meta:
        ordering = ["source", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "label"], name="passage_label_unique_in_source"
            ),
            models.UniqueConstraint(
                fields=["source", "position"], name="passage_position_unique_in_source"
            ),
            models.CheckConstraint(
                condition=Q(start__lte=F("end")), name="passage_start_before_end"
            ),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="passage_search_gin")]

    def __str__(self) -> str:
        # not the source's slug: that would load the source, body and all, for each passage
        return f"{self.label} (passage {self.pk} of source {self.source_id})"

    def get_absolute_url(self) -> str:
        return passage_url(self.source.slug, self.position, self.label)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.source_id and self.source.body[self.start : self.end] != self.text:
            raise ValidationError(
                {
                    "text": f"Passage {self.label} does not match the source text at {self.start}–{self.end}."
                }
            )


class SourceFile(models.Model):
    """The file a source was imported from, as uploaded (PDF, Word, HTML or text), kept in
    PostgreSQL beside it: a table of its own, so no query of sources ever loads the bytes."""

    source = models.OneToOneField(
        Source, on_delete=models.CASCADE, primary_key=True, related_name="file"
    )
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField()
    data = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.filename} ({self.size:,} bytes)"
