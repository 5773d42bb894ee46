# syntax=docker/dockerfile:1
# One image per service, built from this repository: docker build --build-arg SERVICE=hot-writer --build-arg SERVER_PORT=8086 .
# compose.yaml builds all seven this way. The build stage does not depend on SERVICE, so BuildKit builds the reactor
# once and the seven images share it; the Maven repository lives in a cache mount, not in an image layer.

ARG JDK_IMAGE=eclipse-temurin:17.0.15_6-jdk-noble
ARG JRE_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY . .
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -DskipTests \
        -pl ingest-arxiv,ingest-github,ingest-news,ingest-dns,enrich-service,hot-writer,cold-writer -am package \
 && mkdir /out \
 && for m in ingest-arxiv ingest-github ingest-news ingest-dns enrich-service hot-writer cold-writer; do \
        cp "$m/target/$m-"*-exec.jar "/out/$m.jar"; \
    done

FROM ${JRE_IMAGE}
# Which service this image runs (one of the seven module names) and its HTTP/management port.
ARG SERVICE
ARG SERVER_PORT
RUN test -n "$SERVICE" && test -n "$SERVER_PORT" \
 || { echo "build with --build-arg SERVICE=<module> --build-arg SERVER_PORT=<port>" >&2; exit 1; }
# A fixed non-root uid/gid: Kubernetes' runAsNonRoot needs a numeric user. The directories below are the mount points
# of compose's named volumes; creating them here makes a fresh volume inherit this ownership.
RUN groupadd --system --gid 10001 databroker \
 && useradd --system --uid 10001 --gid databroker --home-dir /opt/databroker --shell /usr/sbin/nologin databroker \
 && mkdir -p /opt/databroker /data/cold-store /var/lib/databroker/kafka-streams \
 && chown databroker:databroker /data/cold-store /var/lib/databroker/kafka-streams
WORKDIR /opt/databroker
COPY --from=build /out/${SERVICE}.jar /opt/databroker/app.jar
COPY deploy/docker/healthcheck.sh /opt/databroker/healthcheck.sh
# JDK_JAVA_OPTIONS (read by the java launcher only, unlike JAVA_TOOL_OPTIONS): heap from the container's memory
# limit, and exit on OOM so the orchestrator restarts the container instead of running on a broken JVM.
ENV DATA_BROKER_SERVICE=${SERVICE} \
    SERVER_PORT=${SERVER_PORT} \
    JDK_JAVA_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
USER 10001:10001
EXPOSE ${SERVER_PORT}
HEALTHCHECK --interval=10s --timeout=5s --start-period=90s --retries=6 CMD ["/opt/databroker/healthcheck.sh"]
ENTRYPOINT ["java", "-jar", "/opt/databroker/app.jar"]
