#!/usr/bin/env bash
# MeshStudio launcher: installs what is missing, builds, and runs, tests or benchmarks.
#   ./meshstudio.sh run     build and open samples/bookinfo in the designer (no display: run it headless)
#   ./meshstudio.sh test    build and run the whole test suite through ctest
#   ./meshstudio.sh bench   build and run the benchmarks (not part of CI)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD

DEB_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-graph1.81-dev
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libxkbcommon-dev
  libyaml-cpp-dev libssl-dev openssl libre2-dev
  xvfb xauth libxcb-cursor0
)
BENCH_PACKAGES=(haproxy nginx-light wrk)

say() { printf '\033[1m==>\033[0m %s\n' "$*"; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
  # Node may come from Debian or from elsewhere (e.g. nodesource); only ask for it when absent.
  command -v node >/dev/null 2>&1 || echo nodejs
  command -v npm >/dev/null 2>&1 || echo npm
}

install_packages() {
  local missing
  missing=$(missing_packages "$@" | sort -u | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  say "Installing Debian packages: $missing"
  local cmd=(apt-get install -y --no-install-recommends $missing)
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive "${cmd[@]}"
  else
    echo "MeshStudio needs these Debian packages. Install them, then run this again:" >&2
    echo "  sudo apt-get update && sudo ${cmd[*]}" >&2
    exit 1
  fi
}

# ajv (JSON-schema validator) checks exported YAML against Istio's CRD schemas in the tests.
install_node_tools() {
  local dir=tests/tools/schema-check
  if [ ! -d "$dir/node_modules/ajv" ]; then
    say "Installing the schema checker (ajv) from npm"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

build() {
  local preset=$1
  say "Configuring ($preset)"
  cmake --preset "$preset" >/dev/null
  say "Building ($preset)"
  cmake --build --preset "$preset"
}

export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-$(mktemp -d /tmp/meshstudio-xdg.XXXXXX)}
chmod 700 "$XDG_RUNTIME_DIR"
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
# Share cached objects between clones of the project (CI builds in a fresh clone).
export CCACHE_BASEDIR=$ROOT CCACHE_NOHASHDIR=true

cmd=${1:-}
case "$cmd" in
  run)
    install_packages "${DEB_PACKAGES[@]}"
    build dev
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      say "Opening samples/bookinfo in the designer (press Run, or F5, to run it)"
      exec ./build/dev/app/meshstudio/meshstudio samples/bookinfo/bookinfo.mesh.yaml
    fi
    # No display: run the sample headless and print live figures.
    say "No display: running samples/bookinfo headless with real proxies on 127.x.y.z, live table every second"
    ./build/dev/app/meshctl/meshctl simulate samples/bookinfo --duration 20s --report build/bookinfo-report
    say "Report: build/bookinfo-report/report.html"
    ;;
  test)
    install_packages "${DEB_PACKAGES[@]}"
    install_node_tools
    preset=dev
    [ -n "${CI:-}" ] && preset=ci
    build "$preset"
    say "Running the test suite"
    ctest --preset "$preset" -j2
    say "Running the bad-input tests under AddressSanitizer + UBSan"
    build asan
    ctest --preset asan
    ;;
  bench)
    install_packages "${DEB_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"
    build dev
    find build/dev -type f -executable -name 'bench_*' | sort | while read -r b; do
      say "$(basename "$b")"
      "$b" </dev/null
    done
    say "Benchmark suites (ctest label bench)"
    ctest --test-dir build/dev -L bench --output-on-failure
    ;;
  *)
    echo "usage: $0 run | test | bench" >&2
    exit 2
    ;;
esac
