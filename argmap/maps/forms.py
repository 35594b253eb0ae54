"""Forms check the shape of what a page sends; the rules of the map live in the services."""

import datetime

from django import forms

from .fields import (
    ANNOTATION_BODY_MAX_LENGTH,
    CLAIM_TEXT_MAX_LENGTH,
    MAP_DESCRIPTION_MAX_LENGTH,
    MAP_TITLE_MAX_LENGTH,
    SPEAKER_MAX_LENGTH,
)
from .models import Annotation, Judgement, Map, Membership
from .services.members import LINK_ROLES


class MapForm(forms.Form):
    title = forms.CharField(max_length=MAP_TITLE_MAX_LENGTH)
    description = forms.CharField(
        required=False,
        max_length=MAP_DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visibility = forms.ChoiceField(choices=Map.Visibility.choices, initial=Map.Visibility.PRIVATE)


class ClaimForm(forms.Form):
    """A new claim; with passage and span when it quotes a source."""

    text = forms.CharField(
        max_length=CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "data-enter-submits": ""}),
    )
    speaker = forms.CharField(required=False, max_length=SPEAKER_MAX_LENGTH)
    passage = forms.IntegerField(required=False, widget=forms.HiddenInput)
    span_start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    span_end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class EditClaimForm(forms.Form):
    text = forms.CharField(
        max_length=CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "data-enter-submits": ""}),
    )
    speaker = forms.CharField(required=False, max_length=SPEAKER_MAX_LENGTH)
    tags = forms.CharField(required=False, help_text="Separate tags with commas.")
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_tags(self) -> list[str]:
        return [tag for tag in self.cleaned_data["tags"].split(",") if tag.strip()]


# Room for quick entry's 200 lines of reasons and objections (each checked on its own).
QUICK_ENTRY_MAX_LENGTH = 200_000


class PremiseForm(forms.Form):
    """A reason, objection, co-premise or undercut: new text, or an existing claim (``claim``)."""

    text = forms.CharField(
        required=False,
        max_length=CLAIM_TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "data-enter-submits": ""}),
    )
    claim = forms.IntegerField(required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("claim"):
            raise forms.ValidationError("Write the claim, or choose an existing one.", code="empty")
        return data


class ArgumentForm(PremiseForm):
    # Quick entry takes many lines at once; each line's own limit is the parser's to name.
    text = forms.CharField(
        required=False,
        max_length=QUICK_ENTRY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "data-enter-submits": ""}),
    )
    kind = forms.ChoiceField(choices=[("support", "Reason"), ("attack", "Objection")])


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class MoveArgumentForm(VersionForm):
    claim = forms.IntegerField(
        error_messages={"required": "Choose the claim to move the argument to."}
    )


class AnnotationForm(forms.Form):
    kind = forms.ChoiceField(choices=Annotation.Kind.choices, initial=Annotation.Kind.NOTE)
    body = forms.CharField(
        max_length=ANNOTATION_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Markdown is welcome.",
    )
    url = forms.URLField(required=False, max_length=500, assume_scheme="https")


class EditAnnotationForm(AnnotationForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AttachSourceForm(forms.Form):
    source = forms.IntegerField()


class InviteForm(forms.Form):
    identifier = forms.CharField(max_length=254, label="User name or e-mail address")
    role = forms.ChoiceField(choices=Membership.Role.choices, initial=Membership.Role.VIEWER)
    # Instead of adding an account: e-mail a link to join (argmap/maps/services/members.py).
    by_email = forms.BooleanField(required=False)


class InvitationForm(forms.Form):
    """A new link: the role it gives and how long it stays open."""

    EXPIRY = {
        "1": datetime.timedelta(days=1),
        "7": datetime.timedelta(days=7),
        "30": datetime.timedelta(days=30),
        "never": None,
    }
    role = forms.ChoiceField(
        choices=[(role.value, role.label) for role in LINK_ROLES],
        initial=Membership.Role.EDITOR,
    )
    expires_in = forms.ChoiceField(
        label="Open for",
        choices=[("1", "1 day"), ("7", "7 days"), ("30", "30 days"), ("never", "Until withdrawn")],
        initial="7",
    )

    def clean_expires_in(self) -> datetime.timedelta | None:
        return self.EXPIRY[self.cleaned_data["expires_in"]]


class JudgementForm(forms.Form):
    status = forms.ChoiceField(choices=Judgement.Status.choices)
    base_score = forms.FloatField(min_value=0, max_value=1, initial=0.5)


class CarryClaimsForm(forms.Form):
    """Which document's claims to carry to which (slugs: the comparison page's button)."""

    original = forms.SlugField(max_length=120)
    revision = forms.SlugField(max_length=120)
