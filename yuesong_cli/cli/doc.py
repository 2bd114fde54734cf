"""``yuesong doc``: the paperwork (docs/domain.md "Documents"): a document filled from the
record, written as HTML and DOCX and entered in the person's register; the register's
signatures and sendings; the templates the county may replace."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from yuesong_cli.cli.context import app_context, read_photo
from yuesong_cli.cli.exporting import ForceOption, audited_files
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain.dates import stored_date
from yuesong_cli.domain.statuses import status_on
from yuesong_cli.domain.text import check_path, clean_text, required_text
from yuesong_cli.errors import InvalidInput
from yuesong_cli.messages import t
from yuesong_cli.output.render import Column

if TYPE_CHECKING:
    from yuesong_cli.output.documents import Template

app = typer.Typer(
    help="Documents: agreements, notices, release notices, records.", no_args_is_help=True
)

DOCUMENT_COLUMNS = (
    Column("id", "col.number", "number"),
    Column("case_no", "col.case_no"),
    Column("name", "col.name", "name"),
    Column("kind", "col.doc_kind", "doc_kind"),
    Column("doc_no", "col.doc_no"),
    Column("issued_on", "col.issued_on", "date"),
    Column("signed_on", "col.signed_on", "date"),
    Column("sent_to", "col.sent_to", drop_order=1),
    Column("sent_on", "col.sent_on", "date"),
)


@app.command("new")
def new(
    ctx: typer.Context,
    ref: Annotated[str, typer.Argument(help="Case number, name, pinyin or initials.")],
    kind: Annotated[str, typer.Argument(help="agreement, notice, release, evaluation or record.")],
    reason: Annotated[
        str | None,
        typer.Option(help="Why it is printed (required: it shows full names and ID numbers)."),
    ] = None,
    out: Annotated[Path, typer.Option(help="The folder to write it to.")] = Path("."),
    contact: Annotated[
        int | None, typer.Option(help="The contact a record writes up (record only).")
    ] = None,
    on: Annotated[
        str,
        typer.Option(help="The day it is issued (default today).", show_default=False),
    ] = "today",
    force: ForceOption = False,
) -> None:
    """Fill a document from the record, write it as HTML (A4) and DOCX (Word, WPS), and
    enter it in the person's register under its own number."""
    from yuesong_cli.ledger.documents import document_values, template_kind
    from yuesong_cli.output.documents import (
        KIND_TITLES,
        missing_values,
        render_docx,
        render_html,
    )
    from yuesong_cli.output.exports import check_target

    obj = app_context(ctx)
    check_path(str(out))
    if not reason or not reason.strip():
        raise InvalidInput("error.doc.reason")
    why = clean_text(reason, t("col.reason", obj.lang))
    store = obj.store()
    person_id = store.resolve_person(ref)
    day = obj.past_day(on)
    current = status_on(store.status_history(person_id), day)
    person = store.person(person_id)
    key, template_name = template_kind(
        kind, current.status if current else None, stored_date(person["term_end"]), day
    )
    if key == "record" and contact is None:
        raise InvalidInput("error.doc.record_needs_contact")
    if key != "record" and contact is not None:
        raise InvalidInput("error.doc.contact_only_record")
    template, source = _template(store.setting("doc_templates"), template_name)
    case_no = person["case_no"]
    # Checked before anything is written: the values fill every field. They are worked
    # out once; only the number is taken again, inside the write.
    probe = document_values(store, person_id, key, day, store.next_doc_no(key, day), contact)
    if missing := missing_values(template, probe):
        raise InvalidInput("error.doc.empty_field", field=missing[0])
    stem = f"{case_no}_{key}"
    with audited_files(store, replace=force) as written:
        document_id, doc_no = store.add_document(person_id, key, day, why, source, contact)
        values = {**probe, "doc_no": doc_no}
        paths = [out / f"{stem}_{document_id}.html", out / f"{stem}_{document_id}.docx"]
        for path in paths:
            check_target(path, replace=force)
        written.folder(out)
        written.add(paths[0], render_html(template, values).encode("utf-8"))
        written.add(paths[1], render_docx(template, values))
        for path in paths:
            store.record_export("document", path.resolve(), [key], 1)
    typer.echo(
        t(
            "doc.new.done",
            obj.lang,
            title=KIND_TITLES[template_name],
            doc_no=doc_no,
            case_no=case_no,
            id=document_id,
            html=str(paths[0]),
            docx=str(paths[1]),
        )
    )


def _template(setting: str, name: str) -> tuple[Template, str]:
    """The template ``name`` the township uses and where it came from (``default``, or
    the SHA-256 of the county's file, from the very bytes parsed): the folder set
    (``settings doc_templates``) must still be there; a kind it has no file for takes
    the default."""
    from yuesong_cli.output.documents import template_source

    folder = Path(setting) if setting else None
    if folder is not None and not folder.is_dir():
        raise InvalidInput("error.doc.templates_missing", folder=setting)
    return template_source(name, folder)


@app.command("templates")
def templates(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option(help="The folder to write the default templates to.")],
) -> None:
    """Write the default templates and their field list, for the county to edit; use
    the edited ones with `settings set doc_templates DIR`."""
    from yuesong_cli.output.documents import write_defaults

    obj = app_context(ctx)
    check_path(str(out))
    written = write_defaults(out)
    typer.echo(t("doc.templates.done", obj.lang, count=len(written), folder=str(out)))


@app.command("sign")
def sign(
    ctx: typer.Context,
    document_id: Annotated[int, typer.Argument(metavar="ID", help="The document's number.")],
    on: Annotated[
        str, typer.Option(help="The day it was signed (default today).", show_default=False)
    ] = "today",
    scan: Annotated[
        Path | None, typer.Option(help="The signed copy, scanned or photographed.")
    ] = None,
) -> None:
    """Record that a document was signed, its signed copy kept as a photo."""
    obj = app_context(ctx)
    store = obj.store()
    day = obj.past_day(on)
    if scan is not None:
        check_path(str(scan))
    picture = read_photo(scan) if scan is not None else None
    store.sign_document(document_id, day, picture)
    found = store.document(document_id)
    typer.echo(t("doc.sign.done", obj.lang, doc_no=found["doc_no"], day=day.isoformat()))


@app.command("sent")
def sent(
    ctx: typer.Context,
    document_id: Annotated[int, typer.Argument(metavar="ID", help="The document's number.")],
    to: Annotated[str, typer.Option(help="Whom it was sent to (the police station).")],
    on: Annotated[
        str, typer.Option(help="The day it was sent (default today).", show_default=False)
    ] = "today",
) -> None:
    """Record to whom and when a document was sent (a release notice: the police)."""
    obj = app_context(ctx)
    store = obj.store()
    day = obj.past_day(on)
    whom = required_text(to, t("col.sent_to", obj.lang))
    store.send_document(document_id, whom, day)
    found = store.document(document_id)
    typer.echo(t("doc.sent.done", obj.lang, doc_no=found["doc_no"], to=whom, day=day.isoformat()))


@app.command("list")
def list_documents(
    ctx: typer.Context,
    ref: Annotated[str | None, typer.Argument(help="Only this person (default: everyone).")] = None,
    fmt: FormatOption = None,
) -> None:
    """The register of documents: issued, signed, sent."""
    obj = app_context(ctx)
    store = obj.store()
    person_id = store.resolve_person(ref) if ref else None
    obj.renderer(fmt).rows(store.documents_of(person_id), DOCUMENT_COLUMNS)
