#!/bin/bash
# The image's HEALTHCHECK: healthy when Spring Boot's readiness group answers 200 (PostgreSQL,
# RabbitMQ and object storage reachable, start-up finished, not shutting down). Bash's /dev/tcp
# speaks just enough HTTP for that, so the image needs neither curl nor a second JVM per probe.
set -u
exec 3<>"/dev/tcp/127.0.0.1/${SERVER_PORT:-8080}" || exit 1
printf 'GET /actuator/health/readiness HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS=' ' read -r -t 5 _ status _ <&3 || exit 1
[ "$status" = 200 ]
