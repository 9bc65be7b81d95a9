# Beautique API: one image, configured entirely through environment variables (.env.example).
#   docker build -t beautique .
#   docker run -p 8000:8000 -v beautique-data:/data --env-file .env beautique
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Every dependency ships manylinux wheels (psycopg[binary], bcrypt, uvloop): no compiler needed.
COPY pyproject.toml README.md ./
COPY src ./src
RUN pip install . && rm -rf /app/src

# A fixed non-root uid, so a mounted volume's ownership is predictable.
RUN useradd --system --uid 10001 --home-dir /data --shell /usr/sbin/nologin beautique \
    && mkdir -p /data \
    && chown beautique:beautique /data

# DATA_DIR holds the SQLite file and locally stored images when DATABASE_URL / CLOUDINARY_URL
# are unset. An image is for deployment, so it runs in production mode: it refuses to start
# without a JWT_SECRET of at least 32 bytes (override with BEAUTIQUE_ENV=development to try it).
# Behind a reverse proxy, also set FORWARDED_ALLOW_IPS (see .env.example) so that rate limits
# see each visitor's address rather than the proxy's.
ENV DATA_DIR=/data \
    BEAUTIQUE_ENV=production
VOLUME ["/data"]

USER beautique
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2)"]

# serve migrates (under a lock, so several replicas may start at once) and then serves with
# granian: headers over 16 KB get 431, slow or idle clients are cut off (REQUEST_HEADER_TIMEOUT,
# REQUEST_BODY_TIMEOUT), SIGTERM (docker stop) lets requests in flight finish. One worker per
# core: add e.g. `--workers 4` for a 4-core container.
CMD ["beautique", "serve", "--host", "0.0.0.0", "--port", "8000"]
