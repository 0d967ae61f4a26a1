"""Keyboards of the start menu, /stop and /forget."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from bot.account import texts
from bot.account.buttons import ForgetAnswer, Menu, StopAnswer
from bot.core.keyboards import button
from bot.diary.buttons import LogCramp


def start_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.MENU_LOG, LogCramp())],
            [button(texts.MENU_TIPS, Menu("tips")), button(texts.MENU_CAUSES, Menu("causes"))],
            [button(texts.MENU_HELP, Menu("help"))],
        ]
    )


def help_menu() -> InlineKeyboardMarkup:
    """The main actions of each /help section, one tap away."""
    return InlineKeyboardMarkup(
        [
            [button(texts.MENU_LOG, LogCramp()), button(texts.MENU_HISTORY, Menu("history"))],
            [button(texts.MENU_TIPS, Menu("tips")), button(texts.MENU_CAUSES, Menu("causes"))],
            [
                button(texts.MENU_SETTINGS, Menu("settings")),
                button(texts.MENU_PRIVACY, Menu("privacy")),
            ],
        ]
    )


def stop_confirmation() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.STOP_YES, StopAnswer("yes")), button(texts.STOP_NO, StopAnswer("no"))]]
    )


def forget_confirmation() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.FORGET_YES, ForgetAnswer("yes")),
                button(texts.FORGET_NO, ForgetAnswer("no")),
            ]
        ]
    )
