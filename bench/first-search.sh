#!/bin/bash
# A start without a snapshot: `dailypapers serve` of the checkout CODE_DIR (run through tsx) on the
# SQLite data folder DATA_DIR, its snapshot deleted first. Polls /readyz and then a search every
# 0.1 s and prints the ms from spawn to /readyz 200, to the first search answered (200), and to the
# first answer not marked `X-Search-Indexing` (the whole archive). Use a copy of the data: the
# server writes to it (and writes a new snapshot).
#   bench/first-search.sh CODE_DIR DATA_DIR PORT
CODE=$1; DATA=$2; PORT=$3
rm -f "$DATA"/search-index.v*.bin
start=$(date +%s%3N)
cd "$CODE"
DATA_DIR=$DATA PORT=$PORT HOST=127.0.0.1 ARXIV_CATEGORIES=none HF_DAILY=off LOG_LEVEL=info \
  node --import tsx "$CODE/src/cli/run.ts" serve > /tmp/first-search-$PORT.log 2>&1 &
pid=$!
ready=; first=; whole=; firstload=
for i in $(seq 1 1500); do   # at most ~10 min
  code=$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$PORT/readyz)
  now=$(date +%s%3N)
  if [ -z "$ready" ] && [ "$code" = 200 ]; then ready=$((now-start)); fi
  if [ -n "$ready" ]; then
    h=$(curl -s -m 600 -o /dev/null -D - -w 'code:%{http_code}' "http://127.0.0.1:$PORT/api/papers/search?q=model&limit=20")
    t=$(( $(date +%s%3N) - start ))
    if echo "$h" | grep -q 'code:200'; then
      [ -z "$first" ] && first=$t && firstload=$(cut -d' ' -f1 /proc/loadavg)
      if ! echo "$h" | grep -qi '^x-search-indexing'; then whole=$t; break; fi
    fi
  fi
  sleep 0.1
done
echo "readyz=${ready}ms first_search=${first}ms (load $firstload) whole_archive_search=${whole}ms load_end=$(cut -d' ' -f1 /proc/loadavg)"
kill $pid; wait $pid 2>/dev/null
grep -o '"msg":"[^"]*"' /tmp/first-search-$PORT.log | sort | uniq -c | head
