# The bot in a small image: exactly the locked dependencies, a user without root rights,
# and the database on a volume at /data. compose.yaml runs it; the README's "Deploy" says
# how. A test (tests/test_deploy_files.py) checks this file against the code.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore

WORKDIR /app

# Dependencies before the code, so a code change reuses this layer. --require-hashes
# installs only the exact files the lock names, nothing resolved afresh.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

RUN useradd --system --uid 10001 --user-group --create-home --home-dir /home/bot \
        --shell /usr/sbin/nologin bot \
    && mkdir /data \
    && chown bot:bot /data \
    && chmod 700 /data

# The bot runs from its source folder (`python -m bot`), as in the README's quick start.
# The Procfile is for platforms that run its processes from the image (Dokku).
COPY bot ./bot
COPY content ./content
COPY Procfile ./

USER bot
# matplotlib's font cache, built once here instead of at the first /stats.
RUN python -c "import matplotlib.font_manager"

ENV DATABASE_PATH=/data/bot.sqlite3
VOLUME /data

# Alive = the instance lock's heartbeat (every 15 s) is fresh; it takes no lock.
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-m", "bot", "check", "--alive"]

# Long polling, or a webhook when WEBHOOK_URL is set. SIGTERM stops it within 10 s.
CMD ["python", "-m", "bot"]
