"""Keyboards for browsing causes and tips."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from bot.admin import texts as admin_texts
from bot.admin.buttons import RemoveTeamTip
from bot.admin.tips_store import AdminTip
from bot.core import texts as core_texts
from bot.core.keyboards import button
from bot.knowledge import texts
from bot.knowledge.buttons import AnotherTip, Section, ShowItem, ShowList
from bot.knowledge.content import Catalogue, Item


def items_of(catalogue: Catalogue, section: Section) -> tuple[Item, ...]:
    return catalogue.causes if section == "causes" else catalogue.tips


def item_list(
    catalogue: Catalogue,
    section: Section,
    team_tips: Sequence[AdminTip] = (),
    numbered: bool = False,
) -> InlineKeyboardMarkup:
    """Team tips follow the content tips, marked as from the team; admins see their numbers."""
    rows = [
        [button(item.title, ShowItem(section, item.id))] for item in items_of(catalogue, section)
    ]
    rows += [
        [
            button(
                admin_texts.team_tip_button(tip.text, tip.id if numbered else None),
                ShowItem(section, tip.slug),
            )
        ]
        for tip in team_tips
    ]
    if section == "tips":
        rows.append([button(texts.ANOTHER_TIP, AnotherTip(catalogue.tips[-1].id))])
    return InlineKeyboardMarkup(rows)


def item_detail(section: Section, item: Item) -> InlineKeyboardMarkup:
    row = [button(core_texts.BACK, ShowList(section))]
    if section == "tips":
        row.append(button(texts.ANOTHER_TIP, AnotherTip(item.id)))
    return InlineKeyboardMarkup([row])


def team_tip_detail(tip: AdminTip, admin: bool) -> InlineKeyboardMarkup:
    rows = [
        [
            button(core_texts.BACK, ShowList("tips")),
            button(texts.ANOTHER_TIP, AnotherTip(tip.slug)),
        ]
    ]
    if admin:
        rows.append([button(admin_texts.remove_tip_button(tip.id), RemoveTeamTip(tip.id))])
    return InlineKeyboardMarkup(rows)
