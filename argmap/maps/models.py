"""The argument map: claims, the arguments between them, and notes on both.

Shape of the Argument Interchange Format: a Claim is an I-node, a support Argument an RA-node,
an attack Argument a CA-node. An attack with a ``target`` argument is an undercut.
Rows are never changed outside ``services``; reads go through ``selectors``.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from argmap.fulltext import annotation_vector, claim_vector, search_vector_field
from argmap.sources.models import Passage, Source

from .blank import NotBlankValidator, not_blank_constraint
from .fields import (
    ANNOTATION_BODY_MAX_LENGTH,
    CLAIM_TEXT_MAX_LENGTH,
    MAP_DESCRIPTION_MAX_LENGTH,
    MAP_TITLE_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
    TAG_MAX_LENGTH,
    deleted_by_field,
    limited_text,
)


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
        return reverse("maps:detail", kwargs={"slug": self.slug})


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        EDITOR = "editor", "Editor"
        COMMENTER = "commenter", "Commenter"
        VIEWER = "viewer", "Viewer"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["map", "user"], name="one_membership_per_map_and_user")
        ]

    def __str__(self) -> str:
        return f"{self.role} of map {self.map_id}: user {self.user_id}"  # no row loaded


class Invitation(models.Model):
    """A link that lets whoever holds it join a map with a role, until it expires or is revoked.

    The token is the credential: kept as is (owners copy the link again from the settings page),
    unique, and left out of backups (argmap/maps/backup.py).
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Withdrawn"

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(max_length=16, choices=Membership.Role.choices)
    token = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)  # None: never
    revoked_at = models.DateTimeField(null=True, blank=True)
    sent_to = models.EmailField(blank=True)  # the address it was e-mailed to, if it was

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(role=Membership.Role.OWNER), name="invitation_never_makes_owners"
            )
        ]

    def __str__(self) -> str:
        return f"{self.role} link to map {self.map_id}"  # never the token

    def state(self, now: datetime.datetime) -> str:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at is not None and self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.OPEN


class InvitationUse(models.Model):
    """Who joined through a link, and when (kept when they later leave the map)."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="uses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["joined_at", "id"]

    def __str__(self) -> str:
        return f"user {self.user_id} through invitation {self.invitation_id}"


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


class Change(models.Model):
    """One write made through the services, recorded in the same transaction.

    Changes made by one user action (adding a reason writes its new claim, the argument and its
    premises) share an ``action``; "undo" undoes a whole action.
    """

    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="changes")
    action = models.UUIDField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(db_index=True)
    operation = models.CharField(max_length=40)  # e.g. claim.update, argument.create
    object_type = models.CharField(max_length=20)  # claim, argument, annotation, map, membership
    object_id = models.BigIntegerField()
    claim_ids = ArrayField(models.BigIntegerField(), default=list, blank=True)  # claims it touches
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    is_undo = models.BooleanField(default=False)  # made by undoing an earlier action
    undone = models.BooleanField(default=False)  # its action was undone since
    # For an undo, and for a redo (the undo of an undo): the user action it takes back or makes
    # again, which the toolbar names ("Undo: added 3 reasons", "Redo: …").
    original_action = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["map", "-at"]),
            models.Index(fields=["object_type", "object_id"]),
            GinIndex(fields=["claim_ids"]),
            # A user's last action on a map (each write's answer, undo): one index entry, not a
            # walk back through everyone's changes.
            models.Index(fields=["map", "actor", "-at", "-id"], name="change_last_action_idx"),
            # The map's state for the evaluation cache (count and newest id, index only) and the
            # event stream's replay after a change id.
            models.Index(fields=["map", "id"], name="change_map_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operation} {self.object_type} {self.object_id} at {self.at:%Y-%m-%d %H:%M}"


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


class Job(models.Model):
    """Work for the task worker, in PostgreSQL rather than on one server's disk, so that any app
    server can queue it, follow it and (for a map import) confirm a preview made on another; the
    worker reads the input from here and writes progress and outcome back (``maps.jobs``)."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for confirmation"
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    token = models.CharField(max_length=32, unique=True)  # in the page's address
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    filename = models.TextField()
    data = models.BinaryField(null=True, blank=True)  # the file, until the job has ended
    state = models.CharField(max_length=16, choices=State.choices, default=State.WAITING)
    done = models.PositiveIntegerField(default=0)  # rows written so far
    total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)  # why a failed job failed, in plain words
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"import of {self.filename} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in {self.State.DONE, self.State.FAILED}


class Presence(models.Model):
    """One open event stream of a map (a browser tab showing it): who has the map open now, and
    the claim whose edit form that tab has open. Transient: written by the hub of the app server
    that serves the stream (argmap/maps/presence.py), in PostgreSQL so that every server agrees."""

    stream = models.UUIDField(primary_key=True)
    map = models.ForeignKey(Map, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(  # None: a guest reading a public map
        settings.AUTH_USER_MODEL, null=True, on_delete=models.CASCADE, related_name="+"
    )
    editing = models.ForeignKey(Claim, null=True, on_delete=models.SET_NULL, related_name="+")
    seen_at = models.DateTimeField(db_index=True)  # refreshed while the stream is open

    class Meta:
        indexes = [models.Index(fields=["map", "seen_at"])]

    def __str__(self) -> str:
        return f"stream {self.stream} of map {self.map_id}"


class MapImport(Job):
    """A map file on its way in: the upload waiting for the preview's confirmation, then the job
    that creates the map (its progress counts claims and arguments)."""

    format = models.CharField(max_length=32)
    title = models.TextField(blank=True)
    map = models.ForeignKey(Map, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")


class DocumentImport(Job):
    """A source document on its way in through the admin's import page: the worker parses it and
    writes the Source with its passages (its progress counts passages)."""

    kind = models.CharField(max_length=32)
    symbol = models.CharField(max_length=100, blank=True)
    attach_to = models.ForeignKey(
        Map, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.BooleanField(default=False)  # False: the same file was imported before
