from typing import Any

from django import forms
from django.db.models import QuerySet

from argmap.maps.models import Map

from .models import Source

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024  # a 300-page PDF is about 2 MB


class ImportDocumentForm(forms.Form):
    file = forms.FileField(
        help_text="A PDF, Word (.docx), saved HTML page, Markdown or plain-text (UTF-8) file of "
        "at most 20 MB; its format is told from its content."
    )
    kind = forms.ChoiceField(
        choices=Source.Kind.choices,
        help_text="“Other” reads any report, article or web page as headed, numbered paragraphs.",
    )
    symbol = forms.CharField(
        required=False, max_length=100, help_text="UN document symbol, if the text lacks it."
    )
    revision_of = forms.ModelChoiceField(
        queryset=Source.objects.defer("body", "metadata").order_by("symbol", "title"),
        required=False,
        label="Revision of",
        help_text="The document this one revises, if its symbol does not say so (…/Rev.1).",
    )
    map = forms.ModelChoiceField(
        queryset=Map.objects.none(),
        required=False,
        help_text="Attach the document to this map (one you may edit).",
    )

    def __init__(self, *args: Any, maps: QuerySet[Map], **kwargs: Any) -> None:
        """``maps``: those the user may attach documents to; no other is offered or accepted."""
        super().__init__(*args, **kwargs)
        self.fields["map"].queryset = maps.order_by("title")  # type: ignore[attr-defined]

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(
                f"{upload.name} is {upload.size:,} bytes; the limit is {MAX_DOCUMENT_BYTES:,}."
            )
        self.filename = upload.name
        return upload.read()
