#!/usr/bin/env bash
# Creates the topics of ARCHITECTURE §3 idempotently (--if-not-exists): compose's topic-init service and the
# Kubernetes topic-init Job both run this file, with kafka-topics.sh from the official apache/kafka image.
# The services then start with BROKER_TOPICS_CREATE=false and need no CreateTopics permission.
# An existing topic is never changed: raising a partition count re-routes keys, so it is an operator's decision
# (docs/operations.md, "Scaling"). TopicInitScriptTest checks the table below against io.databroker.shared.topic.Topics.
set -euo pipefail

bootstrap="${KAFKA_BOOTSTRAP_SERVERS:?KAFKA_BOOTSTRAP_SERVERS is not set}"
replication="${TOPIC_REPLICATION_FACTOR:-1}"
kafka_topics="${KAFKA_TOPICS_CMD:-/opt/kafka/bin/kafka-topics.sh}"
# Extra client settings (SASL/TLS) for kafka-topics.sh, e.g. a file mounted from a Secret.
command_config=()
if [ -n "${KAFKA_COMMAND_CONFIG:-}" ]; then
  command_config=(--command-config "$KAFKA_COMMAND_CONFIG")
fi

# create_topic NAME PARTITIONS [CONFIG=VALUE ...]
create_topic() {
  local name="$1" partitions="$2"
  shift 2
  local configs=()
  for config in "$@"; do
    configs+=(--config "$config")
  done
  "$kafka_topics" --bootstrap-server "$bootstrap" "${command_config[@]}" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replication" "${configs[@]}"
}

echo "creating Data Broker topics on ${bootstrap} (replication factor ${replication})"
create_topic arxiv_raw 8 retention.ms=604800000
create_topic github_events 16 retention.ms=604800000
create_topic news_feed 8 retention.ms=604800000
create_topic dns_data 32 retention.ms=259200000
create_topic arxiv_enriched 8 retention.ms=604800000
create_topic github_enriched 16 retention.ms=604800000
create_topic news_enriched 8 retention.ms=604800000
create_topic dns_enriched 32 retention.ms=604800000
create_topic dead-letter-queue 3 retention.ms=2592000000 max.message.bytes=2097152
create_topic broker_ingest_state 1 cleanup.policy=compact
echo "topics ready"
