from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from argmap.sources.models import Passage
from argmap.sources.references import ReferenceGroup, in_words

register = template.Library()

TO_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@register.filter
def with_footnote_links(passage: Passage) -> SafeString:
    """The passage text, escaped, with each footnote marker (¹, ²…) linked to its footnote."""
    html = str(escape(passage.text))
    # Longer numbers first, so that the marker of FN1 is not found inside that of FN12.
    for label in sorted(passage.metadata.get("footnotes", []), key=len, reverse=True):
        number = label.removeprefix("FN")
        marker = number.translate(TO_SUPERSCRIPT)
        link = format_html(
            '<a class="fn-ref" href="#{}" id="ref-{}" title="Footnote {}">{}</a>',
            label,
            label,
            number,
            marker,
        )
        html = html.replace(marker, link, 1)
    return mark_safe(html)  # built from escaped text and format_html


@register.filter
def references_in_words(passage: Passage) -> list[ReferenceGroup]:
    """The passage's cross references in words ("General Assembly resolutions 53/70 and …")."""
    issuer = passage.source.metadata.get("body", "")
    return in_words(passage.metadata.get("references", []), passage.text, issuer)
