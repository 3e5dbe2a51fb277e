# The image of the dms jar: one image, one role per container (`docker run edfi-dms:local api`,
# `... processor`, `... sink`, `... connector register`); see docker-compose.yml.
#
# It is built from an already-built tree, it does not compile anything. Build the jar first:
#
#   bin/dms build                      # app/target/dms.jar + app/target/lib/*.jar
#   docker build -t edfi-dms:local .   # or: docker compose up --build
#
# dms.jar is a thin jar whose manifest Class-Path names lib/*.jar, so both go side by side in
# /opt/dms. .dockerignore keeps the build context to those files.
FROM eclipse-temurin:25-jre

# An unprivileged user, and the directory the processor keeps its Kafka Streams state in
# (DMS_DATA_DIR; a named volume in docker-compose.yml takes its owner from here).
# The base image (Ubuntu) has no curl or wget: health checks use bash's /dev/tcp instead.
RUN useradd --system --uid 10001 --user-group --home-dir /var/lib/dms --no-create-home dms \
    && mkdir -p /var/lib/dms \
    && chown dms:dms /var/lib/dms

# The dependencies change less often than our own code: their layer comes first.
COPY app/target/lib/ /opt/dms/lib/
COPY app/target/dms.jar /opt/dms/dms.jar

USER dms
WORKDIR /var/lib/dms
EXPOSE 8080

# --enable-native-access: RocksDB's JNI (Kafka Streams state) on JDK 22+, as bin/dms does.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-jar", "/opt/dms/dms.jar"]
CMD ["--help"]
