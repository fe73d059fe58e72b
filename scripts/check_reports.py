#!/usr/bin/env python3
"""Checks HTML reports in headless Chromium at 1400 and 800 px (issue 14).

For each report and width it loads the page, lists every element that reaches past the right edge of
the window outside a sideways-scrolling container (a table wrapper may scroll; the page may not), and
saves a full-page screenshot next to the report's name in OUT for a person to look at.

Usage: python3 scripts/check_reports.py OUT REPORT.html [REPORT.html ...]
Exit status 1 when a page overflows its window, 2 when Chromium is missing (make check-reports
installs it).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

WIDTHS = (1400, 800)

# Runs in the page after layout: the elements that overflow the window, outside scroll containers.
PROBE = """
<script>
window.addEventListener('load', () => {
  const width = document.documentElement.clientWidth;
  const overflowing = [];
  for (const element of document.querySelectorAll('body *')) {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let scroller = element.parentElement, inside = false;
    while (scroller) {
      const style = getComputedStyle(scroller).overflowX;
      if (style === 'auto' || style === 'scroll') { inside = true; break; }
      scroller = scroller.parentElement;
    }
    if (!inside) overflowing.push(element.tagName.toLowerCase() + (element.className && typeof element.className === 'string' ? '.' + element.className : '') + ' to ' + Math.round(box.right) + ' px');
  }
  const result = {width: width, pageWidth: document.documentElement.scrollWidth, overflowing: overflowing.slice(0, 12)};
  document.body.setAttribute('data-layout-check', JSON.stringify(result));
});
</script>
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run(browser, args, timeout=120):
    base = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--virtual-time-budget=5000"]
    return subprocess.run(base + args, capture_output=True, text=True, timeout=timeout)


def check(browser, report, width, out):
    with open(report, encoding="utf-8") as f:
        html = f.read()
    probed = html.replace("</body>", PROBE + "</body>") if "</body>" in html else html + PROBE
    folder = os.path.dirname(os.path.abspath(report))
    # Next to the report, so that its relative figure links still resolve.
    with tempfile.NamedTemporaryFile("w", suffix=".html", dir=folder, delete=False, encoding="utf-8") as f:
        f.write(probed)
        probe_path = f.name
    try:
        dom = run(browser, [f"--window-size={width},1000", "--dump-dom", "file://" + probe_path]).stdout
    finally:
        os.unlink(probe_path)
    match = re.search(r'data-layout-check="([^"]*)"', dom)
    if not match:
        return None
    result = json.loads(match.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    stem = os.path.splitext(os.path.basename(report))[0]
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", os.path.basename(folder) + "-" + stem)
    shot = os.path.join(out, f"{name}-{width}.png")
    run(browser, [f"--window-size={width},8000", f"--screenshot={shot}", "file://" + os.path.abspath(report)])
    result["screenshot"] = shot
    return result


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    browser = chromium()
    if browser is None:
        print("error: headless Chromium not found (apt-get install chromium, or make check-reports)", file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    failed = False
    for report in sys.argv[2:]:
        for width in WIDTHS:
            result = check(browser, report, width, out)
            if result is None:
                print(f"{report} at {width} px: the page did not finish loading")
                failed = True
                continue
            fits = result["pageWidth"] <= result["width"] + 1 and not result["overflowing"]
            failed |= not fits
            verdict = "fits" if fits else "OVERFLOWS: " + "; ".join(result["overflowing"] or [f"page {result['pageWidth']} px wide"])
            print(f"{report} at {width} px: {verdict} (screenshot {result['screenshot']})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
