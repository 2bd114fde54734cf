"""The code cites the project's own documents (docs/architecture.md): every citation names
a file in docs/, and every section it names (§N or a quoted heading) is a heading there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CITATION = re.compile(r'docs/([a-z_]+)\.md(?: (§\d+)| "([^"]+)")?')
SOURCES = sorted(
    path
    for folder in ("yuesong_cli", "tests", "benchmarks")
    for path in (ROOT / folder).rglob("*.py")
)


def citations() -> list[tuple[str, str, str | None]]:
    found = []
    for path in SOURCES:
        for match in CITATION.finditer(path.read_text(encoding="utf-8")):
            name, number, heading = match.groups()
            found.append((str(path.relative_to(ROOT)), name, number or heading))
    return found


def headings(name: str) -> list[str]:
    text = (ROOT / "docs" / f"{name}.md").read_text(encoding="utf-8")
    return [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]


def test_the_code_cites_its_documents() -> None:
    cited = {name for _where, name, _section in citations()}
    assert {"model", "domain", "commands", "security", "architecture"} <= cited


@pytest.mark.parametrize(
    ("where", "name", "section"), sorted(set(citations()), key=lambda c: (c[0], c[1], c[2] or ""))
)
def test_every_citation_lands_on_a_document_and_a_heading(
    where: str, name: str, section: str | None
) -> None:
    assert (ROOT / "docs" / f"{name}.md").is_file(), where
    if section is not None:
        titles = headings(name)
        if section.startswith("§"):
            assert any(title.startswith(f"{section} ") for title in titles), (where, titles)
        else:
            assert section in titles, (where, titles)
