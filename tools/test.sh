#!/usr/bin/env bash
# Runs the whole test suite the way CI does: installs what the tests need (Debian's Chromium for the
# browser tests, EPUBCheck for the EPUB export), builds, runs every test project once, and prints "N passed, N failed, N skipped"
# computed from the TRX result files, with each failed test's name and message just above it. Exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if ! command -v chromium >/dev/null 2>&1; then
  echo "[test] installing chromium from Debian (browser tests)"
  if [ "$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi
fi

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "[test] installing postgresql from Debian (store tests start their own server; the package's must not start)"
  # policy-rc.d answering 101 keeps the package from starting its system cluster; it is removed again after.
  noStart='[ -e /usr/sbin/policy-rc.d ] || { printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap "rm -f /usr/sbin/policy-rc.d" EXIT; }'
  install="$noStart; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null"
  if [ "$(id -u)" = 0 ]; then bash -c "$install"; else sudo bash -c "$install"; fi
fi

if [ ! -f /usr/share/java/epubcheck.jar ]; then
  echo "[test] installing epubcheck from Debian (the EPUB export tests validate their books with it)"
  # A JVM tool without services; the same guard as above keeps any dependency from starting one.
  noStart='[ -e /usr/sbin/policy-rc.d ] || { printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap "rm -f /usr/sbin/policy-rc.d" EXIT; }'
  install="$noStart; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends epubcheck >/dev/null"
  if [ "$(id -u)" = 0 ]; then bash -c "$install"; else sudo bash -c "$install"; fi
fi

# The cluster tests start their own Redis (and tools/cluster.sh its nginx); the packages' services are not started.
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
if [ ${#missing[@]} -gt 0 ]; then
  echo "[test] installing ${missing[*]} from Debian (cluster tests)"
  noStart='[ -e /usr/sbin/policy-rc.d ] || { printf "#!/bin/sh\nexit 101\n" >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; trap "rm -f /usr/sbin/policy-rc.d" EXIT; }'
  install="$noStart; apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing[*]} >/dev/null"
  if [ "$(id -u)" = 0 ]; then bash -c "$install"; else sudo bash -c "$install"; fi
fi

results="$PWD/TestResults"
rm -rf "$results"
dotnet build RelayNovel.sln -c Release -nologo -v q || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }
dotnet test RelayNovel.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results"
rc=$?

python3 - "$results" <<'PY'
import sys, glob, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
failures = []
for f in glob.glob(sys.argv[1] + "/*.trx"):
    root = ET.parse(f).getroot()
    for r in root.iterfind("t:Results/t:UnitTestResult", ns):
        if r.get("outcome") not in ("Passed", "NotExecuted"):
            message = r.findtext("t:Output/t:ErrorInfo/t:Message", "", ns).strip()
            stack = r.findtext("t:Output/t:ErrorInfo/t:StackTrace", "", ns).strip().splitlines()
            failures.append((r.get("testName"), r.get("duration"), message[:1500], stack[:8]))
    c = root.find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # xunit's skipped tests are counted in total but not in executed (notExecuted stays 0).
    skipped += int(c.get("total", 0)) - int(c.get("executed", 0))
# The failures come last, just above the summary, so a log's tail names them.
for name, duration, message, stack in failures:
    print(f"FAILED {name} ({duration})\n  {message}")
    for line in stack:
        print("    " + line.strip())
print(f"{passed} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed else 0)
PY
summary=$?
[ $rc -eq 0 ] && [ $summary -eq 0 ]
