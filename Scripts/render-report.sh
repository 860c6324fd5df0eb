#!/usr/bin/env bash
# Renders the policy report of `visa compare --report` in headless Chromium, to look at it as a
# policy analyst would (and to check that it renders with nothing fetched).
#
#   Scripts/render-report.sh [OUTDIR]      # default .build/report-render
#
# Builds the CLI (debug), writes two reports over a small generated population and a small
# population of frequent travellers:
#   OUTDIR/fee-100-eur.html                   (Examples/reforms/fee-100-eur)
#   OUTDIR/russia-mev-after-two-visas.html    (Examples/reforms/russia-mev-after-two-visas)
# and renders each to OUTDIR/NAME.png (the whole page) and OUTDIR/NAME-1.png, -2.png, … (the
# page cut into screen-sized pieces, easier to read). Chromium runs with networking off
# (--proxy-server to a closed port), so a report that fetched anything would show it broken.
# Installs Chromium from the distribution's packages (apt-get) when it is missing.
# Environment: N (applications, default 5000), TRAVELLERS (default 300), YEARS (default 5),
# SEED (default 1), CHROMIUM (the browser's command).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.build/report-render}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
N="${N:-5000}"
TRAVELLERS="${TRAVELLERS:-300}"
YEARS="${YEARS:-5}"
SEED="${SEED:-1}"

browser="${CHROMIUM:-}"
if [ -z "$browser" ]; then
  for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
  done
fi
if [ -z "$browser" ]; then
  echo "render-report: Chromium is missing; installing it with apt-get (Debian/Ubuntu package 'chromium')" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq chromium >/dev/null || $sudo apt-get install -y -qq chromium-browser >/dev/null
  for b in chromium chromium-browser; do
    if command -v "$b" >/dev/null 2>&1; then browser="$b"; break; fi
  done
  [ -n "$browser" ] || { echo "render-report: could not install Chromium" >&2; exit 1; }
fi

# Python with Pillow, to cut the render into pieces (Debian: python3-pil, for /usr/bin/python3).
py=""
for p in python3 /usr/bin/python3; do
  if "$p" -c "import PIL" >/dev/null 2>&1; then py="$p"; break; fi
done
if [ -z "$py" ]; then
  echo "render-report: Pillow is missing; installing python3-pil with apt-get" >&2
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get install -y -qq python3-pil >/dev/null
  py=/usr/bin/python3
fi

swift build --product visa >/dev/null
visa="$(swift build --show-bin-path)/visa"

for reform in fee-100-eur russia-mev-after-two-visas; do
  html="$out/$reform.html"
  "$visa" compare --reform "Examples/reforms/$reform" --population "$N" --seed "$SEED" \
    --travellers "$TRAVELLERS" --years "$YEARS" --report "$html" >/dev/null
  # The page's height, from a first render, is not known to Chromium's --screenshot: render
  # tall, then trim the blank bottom while cutting into pieces.
  "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --proxy-server=127.0.0.1:9 \
    --window-size=1100,9000 --screenshot="$out/$reform.png" "file://$html" >/dev/null 2>&1
  "$py" - "$out/$reform.png" <<'PY'
# Trims the blank bottom of the tall render and cuts it into pieces 1400 pixels high.
import sys
from PIL import Image

path = sys.argv[1]
image = Image.open(path).convert("RGB")
width, height = image.size
background = image.getpixel((width - 1, height - 1))
last = height
pixels = image.load()
while last > 1 and all(pixels[x, last - 1] == background for x in range(0, width, 4)):
    last -= 1
last = min(height, last + 40)
image = image.crop((0, 0, width, last))
image.save(path)
piece = 1400
count = 0
for top in range(0, last, piece):
    count += 1
    image.crop((0, top, width, min(last, top + piece))).save(path[:-4] + "-%d.png" % count)
print("rendered %s: %d x %d pixels, %d pieces" % (path, width, last, count))
PY
done
