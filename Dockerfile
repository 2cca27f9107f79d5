# The Wirestream worker. Build and run beside a Kafka cluster:
#   docker build -t wirestream .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=broker:9092 wirestream
# or with the broker included: docker compose up --build (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src
# All dependencies ship as manylinux wheels for CPython 3.11: no compiler needed.
COPY pyproject.toml README.md ./
COPY workers ./workers
RUN pip install . && rm -rf /src

# Not root. The worker keeps local state (Faust's data dir, ./.wirestream-data) in its
# working directory, which must be writable.
RUN useradd --create-home --uid 10001 wirestream
USER wirestream
WORKDIR /home/wirestream

# Faust's web server (metrics, health); each container has its own.
EXPOSE 6066

ENTRYPOINT ["wirestream", "worker"]
