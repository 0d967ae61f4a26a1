"""Inline keyboards, built beside the callback-data codec they speak."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callback_data import (
    AnotherTip,
    CallbackData,
    LogCramp,
    Menu,
    Section,
    ShowItem,
    ShowList,
    StopAnswer,
)
from bot.content import Catalogue, Item
from bot.storage.admin_tips import AdminTip


def button(label: str, data: CallbackData) -> InlineKeyboardButton:
    """Every inline button of the bot: its data always goes through the codec."""
    return InlineKeyboardButton(label, callback_data=data.encode())


def rows(buttons: list[InlineKeyboardButton], width: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[i : i + width] for i in range(0, len(buttons), width)]


def items_of(catalogue: Catalogue, section: Section) -> tuple[Item, ...]:
    return catalogue.causes if section == "causes" else catalogue.tips


def start_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.MENU_LOG, LogCramp())],
            [button(texts.MENU_TIPS, Menu("tips")), button(texts.MENU_CAUSES, Menu("causes"))],
            [button(texts.MENU_HELP, Menu("help"))],
        ]
    )


def item_list(
    catalogue: Catalogue, section: Section, team_tips: Sequence[AdminTip] = ()
) -> InlineKeyboardMarkup:
    """Team tips follow the content tips, marked as from the team."""
    rows = [
        [button(item.title, ShowItem(section, item.id))] for item in items_of(catalogue, section)
    ]
    rows += [
        [button(texts.team_tip_button(tip.text), ShowItem(section, tip.slug))] for tip in team_tips
    ]
    if section == "tips":
        rows.append([button(texts.ANOTHER_TIP, AnotherTip(catalogue.tips[-1].id))])
    return InlineKeyboardMarkup(rows)


def item_detail(section: Section, item: Item) -> InlineKeyboardMarkup:
    row = [button(texts.BACK, ShowList(section))]
    if section == "tips":
        row.append(button(texts.ANOTHER_TIP, AnotherTip(item.id)))
    return InlineKeyboardMarkup([row])


def team_tip_detail(slug: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BACK, ShowList("tips")), button(texts.ANOTHER_TIP, AnotherTip(slug))]]
    )


def stop_confirmation() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.STOP_YES, StopAnswer("yes")), button(texts.STOP_NO, StopAnswer("no"))]]
    )
