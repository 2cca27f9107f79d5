"""Kafka client configuration and topic set-up, kept apart from processing.

One place turns `KafkaSettings` into aiokafka keyword arguments (for the CLI's
producer, consumer and admin client) and into Faust credentials (for the worker),
so SASL/SSL settings for real clusters are passed through the same way everywhere.
"""

from __future__ import annotations

import logging
import ssl
from typing import Any

from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError, for_code

from workers.settings import KafkaSettings, Settings

log = logging.getLogger(__name__)


def ssl_context(kafka: KafkaSettings) -> ssl.SSLContext | None:
    if "SSL" not in kafka.security_protocol.upper():
        return None
    context = ssl.create_default_context(cafile=kafka.ssl_cafile)
    if kafka.ssl_certfile:
        context.load_cert_chain(kafka.ssl_certfile, kafka.ssl_keyfile)
    return context


def client_kwargs(kafka: KafkaSettings) -> dict[str, Any]:
    """Connection and security keyword arguments common to aiokafka clients."""
    kwargs: dict[str, Any] = {
        "bootstrap_servers": kafka.bootstrap_servers,
        "security_protocol": kafka.security_protocol.upper(),
    }
    context = ssl_context(kafka)
    if context is not None:
        kwargs["ssl_context"] = context
    if kafka.sasl_mechanism:
        kwargs["sasl_mechanism"] = kafka.sasl_mechanism
        kwargs["sasl_plain_username"] = kafka.sasl_username
        kwargs["sasl_plain_password"] = kafka.sasl_password
    return kwargs


def producer_kwargs(kafka: KafkaSettings) -> dict[str, Any]:
    return {
        **client_kwargs(kafka),
        # aiokafka checks the uncompressed size against this, so it follows the topic limit.
        "max_request_size": kafka.max_message_bytes,
        "compression_type": _compression(kafka),
        "acks": "all",
        "enable_idempotence": True,
    }


def consumer_kwargs(kafka: KafkaSettings) -> dict[str, Any]:
    return {
        **client_kwargs(kafka),
        "max_partition_fetch_bytes": kafka.max_message_bytes,
        "fetch_max_bytes": max(52_428_800, kafka.max_message_bytes),
    }


def faust_credentials(kafka: KafkaSettings) -> Any:
    """Faust's `broker_credentials` for SASL/SSL clusters, or None for PLAINTEXT."""
    import faust

    context = ssl_context(kafka)
    if kafka.sasl_mechanism:
        return faust.SASLCredentials(
            username=kafka.sasl_username,
            password=kafka.sasl_password,
            mechanism=kafka.sasl_mechanism,
            ssl_context=context,
        )
    if context is not None:
        return faust.SSLCredentials(context)
    return None


def _compression(kafka: KafkaSettings) -> str | None:
    return None if kafka.compression in ("", "none") else kafka.compression


def topic_specs(settings: Settings) -> list[NewTopic]:
    """Every topic the worker reads or writes, with partitions and size limits aligned."""
    topics = settings.topics
    big = {"max.message.bytes": str(settings.kafka.max_message_bytes)}
    spec = [
        (topics.raw, settings.input_partitions),
        (topics.clean, settings.input_partitions),
        (topics.duplicates, settings.input_partitions),
        (topics.rejected, settings.input_partitions),
        # One partition: every deduplication decision is taken in one place, in order.
        (topics.analysed, 1),
    ]
    return [
        NewTopic(name, num_partitions=partitions, replication_factor=settings.replication_factor,
                 topic_configs=big)
        for name, partitions in spec
    ]


async def ensure_topics(settings: Settings, extra: tuple[str, ...] = ()) -> list[str]:
    """Create missing topics; returns the names created. Existing topics are left alone.

    `extra` names more topics of pages (e.g. `produce --topic`), created like the input
    topic: a broker auto-creating them would give them its own defaults (often one
    partition and a 1 MB message limit), and aiokafka logs "Topic not found" meanwhile."""
    specs = topic_specs(settings)
    known = {spec.name for spec in specs}
    input_spec = specs[0]
    specs += [NewTopic(name, num_partitions=input_spec.num_partitions,
                       replication_factor=input_spec.replication_factor,
                       topic_configs=input_spec.topic_configs)
              for name in dict.fromkeys(extra) if name not in known]
    admin = AIOKafkaAdminClient(**client_kwargs(settings.kafka))
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [spec for spec in specs if spec.name not in existing]
        created = []
        for spec in missing:
            # A refused topic is an error code in the response, not an exception.
            response = await admin.create_topics([spec])
            for topic, code, *message in response.topic_errors:
                if code == TopicAlreadyExistsError.errno:
                    break  # another worker created it first
                if code:
                    raise for_code(code)((message[0] if message and message[0] else None)
                                         or topic)
            else:
                created.append(spec.name)
        if created:
            log.info("created topics %s", ", ".join(created))
        return created
    finally:
        await admin.close()
