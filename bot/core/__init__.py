"""What the features share: button codec and router, sending and rate limits, the
database and its migrations, users, running and stopping."""
