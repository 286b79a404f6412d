#!/usr/bin/env bash
# Create or refresh the two virtual environments under .local/ (idempotent, fast when up to date).
#   .local/venv           SAM CLI, linters, test tools, Powertools (requirements-dev.txt)
#   .local/venv-emulator  the local AWS emulator (localstack/requirements.txt)
# They are separate because the emulator pins one botocore and SAM CLI pins another.
set -euo pipefail
cd "$(dirname "$0")/.."

find_python312() {
  local candidate
  for candidate in "${PYTHON312:-}" "$(command -v python3.12 || true)" "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.12*/bin/python3.12 \
                   /usr/local/bin/python3.12 /usr/bin/python3.12; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 12))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Python 3.12 is needed (the Lambda runtime in template.yaml). Install it, or set PYTHON312=/path/to/python3.12." >&2
  return 1
}

ensure_venv() {  # ensure_venv DIR REQUIREMENTS
  local dir=$1 requirements=$2 stamp="$1/.requirements.sha"
  local want; want=$(sha256sum "$requirements" | cut -d' ' -f1)
  if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then return 0; fi
  echo "==> preparing $dir from $requirements"
  [ -x "$dir/bin/python" ] || "$(find_python312)" -m venv "$dir"
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
  "$dir/bin/python" -m pip install --quiet --disable-pip-version-check -r "$requirements" 2>&1 | grep -v '^WARNING: Location' || true
  "$dir/bin/python" - "$requirements" <<'PY'
import sys, importlib.metadata as md, re
missing = []
for line in open(sys.argv[1]):
    name = re.split(r"[\[=<>~ ;#]", line.strip())[0]
    if name:
        try: md.version(name)
        except md.PackageNotFoundError: missing.append(name)
if missing: sys.exit(f"pip did not install: {', '.join(missing)}")
PY
  echo "$want" > "$stamp"
}

mkdir -p .local
ensure_venv .local/venv requirements-dev.txt
ensure_venv .local/venv-emulator localstack/requirements.txt

# The storefront (web/) needs Node.js and npm, its browser tests Chromium: Debian's packages when
# missing. Playwright never downloads a browser of its own (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD).
apt_install() {
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "==> installing $* (Debian packages)"
  $sudo apt-get install -y -q "$@" >/dev/null 2>&1 || { $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q "$@" >/dev/null; }
}
{ command -v node >/dev/null && command -v npm >/dev/null; } || apt_install nodejs npm
node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' \
  || echo "warning: Node.js $(node --version) is older than the 20.19 that Vite needs" >&2
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium
