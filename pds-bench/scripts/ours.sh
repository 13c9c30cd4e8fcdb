# Sourced by the scripts here: start_embedded JAR PORT starts our server as ../shared/bench/lib.sh's
# start_ours does, but with its embedded PLC directory (dev mode, no PDS_DID_PLC_URL) and a fresh
# data folder; it sets PID (the server's), D (a scratch folder prefix) and B (its base URL), and
# returns once the server answers. PDS_JAVA_OPTS reaches the JVM.
start_embedded() {
  local jar=$1 port=$2
  D=$(mktemp -d)
  PDS_PORT=$port PDS_HOSTNAME=localhost PDS_DATA_DIRECTORY=$D PDS_DEV_MODE=true PDS_INVITE_REQUIRED=false \
    PDS_SERVICE_HANDLE_DOMAINS=.test PDS_ADMIN_PASSWORD=admin-pass PDS_RATE_LIMITS_ENABLED=false PDS_CRAWLERS= \
    java ${PDS_JAVA_OPTS:-} -jar "$jar" serve >"$D.log" 2>&1 &
  PID=$!
  B=http://127.0.0.1:$port
  for _ in $(seq 1 60); do curl -s -o /dev/null "$B/xrpc/com.atproto.server.describeServer" && return 0; sleep 0.5; done
  echo "server did not start; log: $D.log" >&2
  return 1
}
