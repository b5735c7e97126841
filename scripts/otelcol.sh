#!/usr/bin/env bash
# Builds the OpenTelemetry Collector core (receiver otlp; exporters debug, otlphttp) from Debian's own Go
# source packages into .tools/otelcol/bin/otelcol, for the OTLP suite (test/otlp). Nothing is installed
# system-wide: a private apt configuration (its own sources, lists and cache under .tools/otelcol/apt),
# `apt-get download` + `dpkg-deb -x` into .tools/otelcol/root, and a GOPATH-mode build with Debian's Go.
# Idempotent: when the binary exists, it only prints its path. ~2 min from nothing on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
OTEL="$PWD/.tools/otelcol"
BIN="$OTEL/bin/otelcol"
log() { printf '\033[1m[otelcol]\033[0m %s\n' "$*" >&2; }
if [ -x "$BIN" ]; then echo "$BIN"; exit 0; fi

APT="$OTEL/apt"; ROOT="$OTEL/root"; DEBS="$OTEL/debs"; GOSRC="$OTEL/gopath"
rm -rf "$ROOT" "$GOSRC" && mkdir -p "$APT/lists/partial" "$APT/cache/archives/partial" "$APT/etc" "$ROOT" "$DEBS" "$OTEL/bin"

# 1. Private apt configuration: the machine's archive URL, suites trixie, trixie-backports and sid.
archive=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
archive=${archive:-http://deb.debian.org/debian}
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
cat > "$APT/etc/sources.list" <<LIST
deb [signed-by=$keyring] $archive trixie main
deb [signed-by=$keyring] $archive trixie-backports main
deb [signed-by=$keyring] $archive sid main
LIST
cat > "$APT/apt.conf" <<CONF
Dir::Etc::sourcelist "$APT/etc/sources.list";
Dir::Etc::sourceparts "$APT/etc/none";
Dir::State::Lists "$APT/lists";
Dir::State::status "$APT/status";
Dir::Cache "$APT/cache";
Dir::Cache::archives "$APT/cache/archives";
APT::Get::AllowUnauthenticated "false";
Debug::NoLocking "true";
CONF
touch "$APT/status"
export APT_CONFIG="$APT/apt.conf"
log "apt-get update (private lists under $APT)"
apt-get update -qq -o APT::Default-Release=sid >/dev/null

# 2. Download the Go toolchain, the Collector core sources and every Go library they depend on.
roots=(golang-opentelemetry-collector-dev golang-github-gogo-protobuf-dev)
deps=$(apt-cache depends --recurse --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
  --no-enhances "${roots[@]}" | grep -E '^(  Depends: )?golang-[^ <>]*-dev$' | sed 's/^  Depends: //' | sort -u)
log "apt-get download: Go 1.27 + $(echo "$deps" | wc -l) Go source packages"
(cd "$DEBS" && apt-get download -qq -o APT::Sandbox::User=root golang-1.27-go/trixie-backports golang-1.27-src/trixie-backports >/dev/null \
  && apt-get download -qq -o APT::Sandbox::User=root $deps >/dev/null)
for deb in "$DEBS"/*.deb; do dpkg-deb -x "$deb" "$ROOT"; done

# 3. GOPATH-mode build of a ~40-line main package.
mkdir -p "$GOSRC/src/tandem/otelcol"
cp "$PWD/scripts/otelcol/main.go" "$GOSRC/src/tandem/otelcol/main.go"
log "go build (GOPATH mode, CGO off)"
(cd "$GOSRC/src/tandem/otelcol" && env GOROOT="$ROOT/usr/lib/go-1.27" GOPATH="$GOSRC:$ROOT/usr/share/gocode" \
  GO111MODULE=off GOPROXY=off GOTOOLCHAIN=local CGO_ENABLED=0 GOCACHE="$OTEL/gocache" \
  "$ROOT/usr/lib/go-1.27/bin/go" build -o "$BIN.tmp" . && mv "$BIN.tmp" "$BIN")
rm -rf "$ROOT" "$GOSRC" "$OTEL/gocache" "$DEBS" "$APT"
log "built $BIN ($(du -h "$BIN" | cut -f1))"
echo "$BIN"
