"""The argument map itself: a Map, its Claims, the Arguments between them (with their
Premises), Annotations on both, and members' Judgements for the evaluation.

Shape of the Argument Interchange Format: a Claim is an I-node, a support Argument an RA-node,
an attack Argument a CA-node. An attack with a ``target`` argument is an undercut.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from argmap.fulltext import annotation_vector, claim_vector, search_vector_field
from argmap.sources.models import Passage, Source

from ..blank import NotBlankValidator, not_blank_constraint
from ..fields import (
    ANNOTATION_BODY_MAX_LENGTH,
    CLAIM_TEXT_MAX_LENGTH,
    MAP_DESCRIPTION_MAX_LENGTH,
    MAP_TITLE_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
    TAG_MAX_LENGTH,
    deleted_by_field,
    limited_text,
)
from ..paths import map_path


class Map(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", "Private (members only)"
        PUBLIC = "public", "Public (anyone can read)"

    slug = models.SlugField(max_length=120, unique=True)
    title = models.CharField(
        max_length=MAP_TITLE_MAX_LENGTH, validators=[NotBlankValidator("A map needs a title.")]
    )
    description = limited_text(MAP_DESCRIPTION_MAX_LENGTH, blank=True)
    visibility = models.CharField(
        max_length=16, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    sources = models.ManyToManyField(Source, blank=True, related_name="maps")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [not_blank_constraint("title", "map_title_not_blank")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return map_path("maps:detail", self.slug)


class Claim(models.Model):
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="claims")
    text = limited_text(CLAIM_TEXT_MAX_LENGTH, blank_message="A claim needs some text.")
    speaker = models.CharField(
        max_length=SPEAKER_MAX_LENGTH, blank=True, help_text="Who asserts the claim."
    )
    passage = models.ForeignKey(
        Passage, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    span_start = models.PositiveIntegerField(null=True, blank=True)
    span_end = models.PositiveIntegerField(null=True, blank=True)
    tags = ArrayField(models.CharField(max_length=TAG_MAX_LENGTH), default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = deleted_by_field()
    search_vector = search_vector_field(claim_vector())  # argmap/maps/search.py

    class Meta:
        ordering = ["id"]
        constraints = [
            not_blank_constraint("text", "claim_text_not_blank"),
            models.CheckConstraint(
                condition=(Q(span_start__isnull=True) & Q(span_end__isnull=True))
                | (Q(passage__isnull=False) & Q(span_start__lt=F("span_end"))),
                name="claim_span_needs_passage_and_order",
            ),
        ]
        indexes = [
            models.Index(fields=["map", "deleted_at"]),
            GinIndex(fields=["search_vector"], name="claim_search_gin"),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def quote(self) -> str:
        """The exact words of the passage this claim comes from ('' without provenance)."""
        if self.passage is None or self.span_start is None or self.span_end is None:
            return ""
        return self.passage.text[self.span_start : self.span_end]

    def clean(self) -> None:
        if (self.span_start is None) != (self.span_end is None):
            raise ValidationError(
                {"span_end": "Give both the start and the end of the quoted span, or neither."}
            )
        passage = self.passage if self.passage_id else None
        if passage is None:
            if self.span_start is not None:
                raise ValidationError({"passage": "A quoted span needs the passage it comes from."})
            return
        if (
            self.span_start is not None
            and self.span_end is not None
            and not (0 <= self.span_start < self.span_end <= len(passage.text))
        ):
            raise ValidationError(
                {
                    "span_end": f"The span {self.span_start}–{self.span_end} lies outside passage "
                    f"{passage.label} (0–{len(passage.text)})."
                }
            )
        if self.map_id and not self.map.sources.filter(pk=passage.source_id).exists():
            raise ValidationError(
                {
                    "passage": f"Passage {passage.label} comes from “{passage.source}”, which is not a source of this map."
                }
            )


class Argument(models.Model):
    """Premises that support or attack a conclusion claim, or (undercut) attack another argument."""

    class Kind(models.TextChoices):
        SUPPORT = "support", "Support"
        ATTACK = "attack", "Attack"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="arguments")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    conclusion = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="arguments_for"
    )
    target = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="undercuts"
    )
    premises = models.ManyToManyField(Claim, through="Premise", related_name="premise_of")
    scheme = models.CharField(
        max_length=100, blank=True, help_text="Argumentation scheme, if named."
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = deleted_by_field()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(conclusion__isnull=False) & Q(target__isnull=True))
                | (Q(conclusion__isnull=True) & Q(target__isnull=False)),
                name="argument_has_conclusion_xor_target",
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(kind="attack"),
                name="argument_target_only_for_attacks",
            ),
        ]
        indexes = [models.Index(fields=["map", "deleted_at"])]

    def __str__(self) -> str:
        what = f"claim {self.conclusion_id}" if self.conclusion_id else f"argument {self.target_id}"
        return f"{self.get_kind_display()} of {what}"

    @property
    def is_undercut(self) -> bool:
        return self.target_id is not None

    def clean(self) -> None:
        if (self.conclusion_id is None) == (self.target_id is None):
            raise ValidationError(
                "An argument has either a conclusion claim or a target argument, not both."
            )
        target = self.target if self.target_id else None
        conclusion = self.conclusion if self.conclusion_id else None
        if target is not None:
            if self.kind != self.Kind.ATTACK:
                raise ValidationError(
                    {"target": "Only an attack can target an argument (an undercut)."}
                )
            if target.map_id != self.map_id:
                raise ValidationError(
                    {"target": "The argument under attack belongs to another map."}
                )
        if conclusion is not None and conclusion.map_id != self.map_id:
            raise ValidationError({"conclusion": "The conclusion belongs to another map."})


class Premise(models.Model):
    argument = models.ForeignKey(Argument, on_delete=models.CASCADE, related_name="premise_links")
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="premise_links")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["argument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["argument", "claim"], name="premise_once_per_argument")
        ]

    def __str__(self) -> str:
        return f"premise {self.position} of argument {self.argument_id}: claim {self.claim_id}"


class Annotation(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", "Note"
        EVIDENCE = "evidence", "Evidence"
        QUESTION = "question", "Question"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="annotations")
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations"
    )
    argument = models.ForeignKey(
        Argument, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.NOTE)
    body = limited_text(
        ANNOTATION_BODY_MAX_LENGTH,
        help_text="Markdown.",
        blank_message="Write something in the annotation.",
    )
    url = models.URLField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = deleted_by_field()
    search_vector = search_vector_field(annotation_vector())  # argmap/maps/search.py

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(claim__isnull=False) & Q(argument__isnull=True))
                | (Q(claim__isnull=True) & Q(argument__isnull=False)),
                name="annotation_has_one_target",
            ),
            not_blank_constraint("body", "annotation_body_not_blank"),
        ]
        indexes = [GinIndex(fields=["search_vector"], name="annotation_search_gin")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:60]}"

    def clean(self) -> None:
        if (self.claim_id is None) == (self.argument_id is None):
            raise ValidationError("An annotation belongs to one claim or one argument.")
        target = self.claim if self.claim_id else self.argument
        if target is not None and target.map_id != self.map_id:
            raise ValidationError("The annotated claim or argument belongs to another map.")


class Judgement(models.Model):
    """What one member holds of a claim for evaluating the map: its status and base score."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"
        OPEN = "open", "Open"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="judgements")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="judgements"
    )
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="judgements")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.ACCEPTED)
    base_score = models.FloatField(default=0.5)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "claim"], name="one_judgement_per_user_and_claim"
            ),
            models.CheckConstraint(
                condition=Q(base_score__gte=0) & Q(base_score__lte=1),
                name="judgement_base_score_in_0_1",
            ),
        ]

    def __str__(self) -> str:
        return f"user {self.user_id} holds claim {self.claim_id} {self.status} ({self.base_score})"
