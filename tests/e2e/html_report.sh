#!/usr/bin/env bash
# report.html in a real browser: simulate 40 homes, analyze them, and drive /usr/bin/chromium with
# playwright-core (web/node_modules, installed by the build's npm ci) over the page: every section
# and chart renders without console errors, clicking a Sankey port opens its drill-down, and the
# page's first screen is up in under 3 s (its 'first-screen' mark) with every chart drawn within
# 15 s ('all-charts'), also for a 2,000-home analysis. Screenshots stay in the temp folder.
# IOTSCOPE_HTML_PAGE=FILE also times an existing report.html (say a 50,000-home one) the same way.
# IOTSCOPE_README_SHOT=FILE also saves the README's screenshot there.
set -euo pipefail
bin=$1
src=$2
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing (Debian package chromium; scripts/install-deps.sh installs it)"
[ -d "$src/web/node_modules/playwright-core" ] || fail "web/node_modules/playwright-core is missing: the build runs npm ci in web/"
export IOTSCOPE_WEB_MODULES="$src/web/node_modules"
key="$out/key"
printf '%064d\n' 7 >"$key"

"$bin" simulate --homes 40 --seed 7 --out "$out/small" >/dev/null
"$bin" analyze "$out/small" --out "$out/small-report" --svg "$out/small-figures" \
  --anonymization-key "$key" --quiet >/dev/null || fail "analyze failed on 40 homes"
[ -s "$out/small-report/report.html" ] || fail "no report.html"
[ -s "$out/small-figures/sankey_local.svg" ] || fail "no SVG figures"
if command -v xmllint >/dev/null; then xmllint --noout "$out"/small-figures/*.svg || fail "malformed SVG"; fi

mkdir -p "$out/shots"
readme=()
[ -n "${IOTSCOPE_README_SHOT:-}" ] && readme=(--readme-shot "$IOTSCOPE_README_SHOT")
node "$src/tests/e2e/html_report.mjs" "$out/small-report/report.html" "$out/shots" --full \
  --max-load-ms 10000 "${readme[@]}" >"$out/small.json" || { cat "$out/small.json"; fail "browser checks failed (40 homes)"; }
for shot in report-full.png drilldown.png sankey-local.png; do
  [ -s "$out/shots/$shot" ] || fail "no screenshot $shot"
done

"$bin" simulate --homes 2000 --seed 11 --out "$out/large" >/dev/null
"$bin" analyze "$out/large" --out "$out/large-report" --anonymization-key "$key" --quiet \
  >/dev/null || fail "analyze failed on 2,000 homes"
node "$src/tests/e2e/html_report.mjs" "$out/large-report/report.html" "$out/shots" --full \
  --max-load-ms 3000 --loads 3 >"$out/large.json" || { cat "$out/large.json"; fail "browser checks failed (2,000 homes)"; }

python3 - "$out/small.json" "$out/large.json" "$out/large-report/report.html" <<'PY'
import json, os, sys
small, large = (json.load(open(p)) for p in sys.argv[1:3])
print(f"html report ok: 40 homes first screen {small['first_screen_ms']} ms, all charts {small['all_charts_ms']} ms,",
      f"clicked port {small['click']['clicked']};",
      f"2,000 homes first screen {large['first_screen_loads_ms']} ms (limit 3000 on the fastest),",
      f"all charts {large['all_charts_loads_ms']} ms (limit 15000), waited {large['wall_loads_ms']} ms,",
      f"page {os.path.getsize(sys.argv[3]) / 1e6:.1f} MB")
PY

if [ -n "${IOTSCOPE_HTML_PAGE:-}" ]; then
  node "$src/tests/e2e/html_report.mjs" "$IOTSCOPE_HTML_PAGE" "$out/shots" --full \
    --max-load-ms 3000 --loads 3 >"$out/given.json" || { cat "$out/given.json"; fail "browser checks failed ($IOTSCOPE_HTML_PAGE)"; }
  python3 - "$out/given.json" "$IOTSCOPE_HTML_PAGE" <<'PY'
import json, os, sys
given = json.load(open(sys.argv[1]))
print(f"{sys.argv[2]}: first screen {given['first_screen_loads_ms']} ms, all charts {given['all_charts_loads_ms']} ms,",
      f"waited {given['wall_loads_ms']} ms, page {os.path.getsize(sys.argv[2]) / 1e6:.1f} MB")
PY
fi
