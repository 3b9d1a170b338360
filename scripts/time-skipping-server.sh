#!/usr/bin/env bash
# Temporal's time-skipping test server (Java, from Maven Central), started as `<this> <port>` by
# @temporalio/testing. The classpath is resolved once by scripts/test-services.sh.
here="$(cd "$(dirname "$0")/.." && pwd)"
cp_file="$here/test/time-skipping/.classpath"
if [ ! -s "$cp_file" ]; then
  mvn -q -f "$here/test/time-skipping/pom.xml" dependency:build-classpath -Dmdep.outputFile="$cp_file" >&2 || exit 1
fi
exec java -Xss1m -XX:+UseSerialGC -cp "$(cat "$cp_file")" io.temporal.testserver.TestServer "$@"
