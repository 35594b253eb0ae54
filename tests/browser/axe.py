"""Accessibility checks with axe-core (vendored in tests/browser/vendor, test-only, never served)."""

from pathlib import Path

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()


def serious_violations(page: Page, context: str = "document") -> list[str]:
    """The serious and critical WCAG A/AA violations axe-core finds on the page as it is now, in
    plain lines (rule, impact, the first few offending elements). Evaluated through the DevTools
    protocol, so the page's Content-Security-Policy does not block it."""
    page.evaluate(AXE_SOURCE)
    found = page.evaluate(
        """async (context) => {
            const result = await axe.run(context === "document" ? document : context, {
              runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
            });
            return result.violations
              .filter(v => v.impact === "serious" || v.impact === "critical")
              .map(v => `${v.id} (${v.impact}): ${v.help} at `
                + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
        }""",
        context,
    )
    return list(found)
