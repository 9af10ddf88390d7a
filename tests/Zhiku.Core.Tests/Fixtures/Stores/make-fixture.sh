#!/usr/bin/env bash
# Makes the store-upgrade fixtures (README.md) with a CLI built from commit aa0d903: ./make-fixture.sh [OUT]
set -euo pipefail
out=${1:-/tmp/zk-fixture}
rm -rf $out; mkdir -p $out
port=18765
root="$(cd "$(dirname "$0")/../../../.." && pwd)"
samples="$root/samples"
cli="dotnet ${ZHIKU_CLI:-$root/src/Zhiku.Cli/bin/Release/net10.0/zhiku.dll}"
make() {
  local name=$1; shift
  local store=$out/$name
  export ZHIKU_HOME=$store
  $cli ingest $samples/员工手册.md --json > $out/$name.ingest.json
  $cli kb create hr --policy local-only
  $cli ingest $samples/行政通知-2025年春节放假安排.txt --kb hr --json > /dev/null
  $cli user add alice --role admin --groups hr,finance --json > $out/$name.alice.json
  $cli user add bob --role reader --json > $out/$name.bob.json
  local akey=$(python3 -c "import json,sys;print(json.load(open('$out/$name.alice.json'))['api_key'])")
  $cli serve --urls http://127.0.0.1:$port > $out/$name.serve.log 2>&1 &
  local pid=$!
  for i in $(seq 1 120); do curl -s -o /dev/null http://127.0.0.1:$port/ && break; sleep 1; done
  curl -s -H "Authorization: Bearer $akey" -H 'Content-Type: application/json' \
    -d '{"question":"试用期员工可以休年假吗？","save":true}' http://127.0.0.1:$port/api/kbs/default/ask > $out/$name.ask.json
  curl -s -H "Authorization: Bearer $akey" -H 'Content-Type: application/json' -X PUT \
    -d '{"user":"bob","role":"reader"}' http://127.0.0.1:$port/api/kbs/hr/access > $out/$name.access.json
  curl -s -H "Authorization: Bearer $akey" -F "file=@$samples/Travel-and-Expense-Policy.md" -F groups=it \
    "http://127.0.0.1:$port/api/kbs/default/documents?wait=true" > $out/$name.upload.json
  kill $pid; wait $pid || true
  unset ZHIKU_HOME
}
make plain
ZHIKU_KEY=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f make encrypted
