"""Start, stop, help, the start menu and /forget: a user's relationship with the bot."""
