"""The leg-cramp companion: a Telegram bot for people who suffer from leg cramps."""
