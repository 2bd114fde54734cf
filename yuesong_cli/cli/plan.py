"""``yuesong plan``: supervision plans and their rules, kept as data."""

from __future__ import annotations

import re
from typing import Annotated

import typer

from yuesong_cli.cli.context import app_context
from yuesong_cli.cli.options import FormatOption
from yuesong_cli.domain import vocab
from yuesong_cli.domain.obligations import TERM_STATUSES, Rule
from yuesong_cli.domain.text import clean_name
from yuesong_cli.errors import InvalidInput, UsageProblem
from yuesong_cli.ledger.plans import plan_rules
from yuesong_cli.messages import t
from yuesong_cli.output.plan_view import PLAN_COLUMNS, RULE_COLUMNS, plan_rows, rule_rows

app = typer.Typer(help="Supervision plans (帮教方案) and their rules.", no_args_is_help=True)

KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,31}")


@app.command("list")
def list_plans(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """The plans, with how many rules and persons each has."""
    obj = app_context(ctx)
    rows = plan_rows(obj.store().plans(), obj.lang)
    obj.renderer(fmt).rows(rows, PLAN_COLUMNS)


@app.command("show")
def show(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's key, e.g. five_to_one.")],
    fmt: FormatOption = None,
) -> None:
    """The rules of a plan: schedule and what keeps each."""
    obj = app_context(ctx)
    lang = obj.lang
    rows = rule_rows(plan_rules(obj.store(), plan), lang)
    obj.renderer(fmt).rows(rows, RULE_COLUMNS, title=t("plan.show.title", lang, plan=plan))


@app.command("add")
def add(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="A short key: lowercase letters, digits, _.")],
    name: Annotated[str, typer.Option(help="The plan's name in Chinese.")],
    name_en: Annotated[str | None, typer.Option(help="The plan's name in English.")] = None,
    copy: Annotated[str | None, typer.Option(help="Start with the rules of this plan.")] = None,
) -> None:
    """Define a new plan (then add rules with 'plan rule')."""
    obj = app_context(ctx)
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput("error.plan.key")
    name_zh = clean_name(name)
    obj.store().add_plan(key, name_zh, clean_name(name_en) if name_en else name_zh, copy)
    typer.echo(t("plan.add.done", obj.lang, plan=key))


@app.command("rule")
def rule(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's key.")],
    key: Annotated[str, typer.Argument(help="The rule's key, e.g. phone_talk.")],
    name: Annotated[str | None, typer.Option(help="The rule's name in Chinese.")] = None,
    name_en: Annotated[str | None, typer.Option(help="The rule's name in English.")] = None,
    period: Annotated[
        str | None, typer.Option(help="Calendar rule: week, half_month, month or quarter.")
    ] = None,
    every: Annotated[
        int | None, typer.Option(min=1, max=3660, help="Rolling rule: due N days after.")
    ] = None,
    tier: Annotated[
        list[str] | None,
        typer.Option(help="Tiered rule: STATUS=M1,M2,M3 months per window by year of term."),
    ] = None,
    kinds: Annotated[
        str | None, typer.Option(help="Contact kinds that keep it (comma separated; any).")
    ] = None,
    modes: Annotated[
        str | None, typer.Option(help="Modes that keep it: in_person, phone, video (any).")
    ] = None,
    results: Annotated[
        str | None, typer.Option(help="Urine results that keep it (negative, positive).")
    ] = None,
) -> None:
    """Add or replace a rule of a plan."""
    obj = app_context(ctx)
    if not KEY_PATTERN.fullmatch(key):
        raise InvalidInput("error.rule.key")
    given = [period is not None, every is not None, bool(tier)]
    if sum(given) != 1:
        raise UsageProblem("usage.rule_schedule")
    tiers: dict[str, tuple[int, ...]] = {}
    for text in tier or []:
        status_text, _, steps = text.partition("=")
        status = vocab.STATUS.parse(status_text)
        # Tiers count years of a term, so only a status that carries one has them.
        if status not in TERM_STATUSES:
            raise InvalidInput("error.rule.tier_status")
        try:
            months = tuple(int(step) for step in steps.split(","))
        except ValueError:
            raise InvalidInput("error.rule.tier_months") from None
        if not months or any(m < 1 or m > 36 for m in months):
            raise InvalidInput("error.rule.tier_months")
        tiers[status] = months
    new_rule = Rule(
        key=key,
        schedule="calendar" if period else "rolling" if every else "tiered",
        period=vocab.PERIOD.parse(period) if period else None,
        every_days=every,
        tiers=tiers,
        kinds=frozenset(vocab.CONTACT_KIND.parse_many([kinds])) if kinds else frozenset(),
        modes=frozenset(vocab.MODE.parse_many([modes])) if modes else frozenset(),
        results=frozenset(vocab.URINE_RESULT.parse_many([results])) if results else frozenset(),
    )
    name_zh = clean_name(name) if name else key
    obj.store().set_rule(plan, new_rule, name_zh, clean_name(name_en) if name_en else name_zh)
    typer.echo(t("plan.rule.done", obj.lang, plan=plan, rule=key))


@app.command("remove-rule")
def remove_rule(
    ctx: typer.Context,
    plan: Annotated[str, typer.Argument(help="The plan's key.")],
    key: Annotated[str, typer.Argument(help="The rule's key.")],
) -> None:
    """Remove a rule from a plan."""
    obj = app_context(ctx)
    obj.store().remove_rule(plan, key)
    typer.echo(t("plan.remove_rule.done", obj.lang, plan=plan, rule=key))
