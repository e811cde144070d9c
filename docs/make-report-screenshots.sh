#!/usr/bin/env bash
# Regenerates docs/images/report-<section>.png: one picture per section of the demo's HTML report,
# taken in headless Chromium (Debian's chromium) and trimmed with Debian's python3-pil.
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet run -c Release --project src/ModelMonitor.Cli -- demo --output "$work/demo" --format json
sections="overview confidence-over-time class-shares class-distribution drift schema thresholds tagging projection explanations robustness profile"
for id in $sections; do
    # Only this section: the page's own stylesheet hides the others (the report allows inline styles, nothing else).
    sed "s|</style>|section:not(#$id),header,nav,footer{display:none!important}section{border-top:0}</style>|" \
        "$work/demo/report.html" > "$work/$id.html"
    chromium --headless --no-sandbox --disable-gpu --disable-background-networking --hide-scrollbars \
        --user-data-dir="$work/profile" --window-size=1100,6000 --screenshot="$work/$id.png" "file://$work/$id.html" 2>/dev/null
    /usr/bin/python3 - "$work/$id.png" "docs/images/report-$id.png" <<'PY'
import sys
from PIL import Image, ImageChops
image = Image.open(sys.argv[1]).convert("RGB")
background = Image.new("RGB", image.size, image.getpixel((image.width - 1, image.height - 1)))
box = ImageChops.difference(image, background).getbbox()
if box:
    image = image.crop((0, 0, image.width, min(image.height, box[3] + 16)))
image.quantize(colors=128).save(sys.argv[2], optimize=True)
PY
    echo "docs/images/report-$id.png"
done
