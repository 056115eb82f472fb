"""Run axe-core in a Playwright page and report WCAG 2.1 AA violations."""

from pathlib import Path

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page, impacts=("serious", "critical")):
    """The violations of ``impacts`` on the page as it stands, as readable lines.

    axe is injected by evaluating its source, which a Content Security Policy
    cannot block (Playwright's evaluate runs in the page's isolated world).
    """
    page.evaluate(AXE_SOURCE)
    # Only violations are collected: axe's passes and incomplete results
    # triple the time it takes and are not read.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in impacts:
            targets = [", ".join(node["target"]) for node in violation["nodes"][:5]]
            lines.append(
                f"{violation['id']} ({violation['impact']}): {violation['help']} — {targets}"
            )
    return lines
