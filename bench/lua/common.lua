-- Loaded by every scenario script (wrk runs with bench/lua as its working directory).
-- Counts responses by status code in each wrk thread and, at the end, prints one line
-- "BENCH_JSON {...}" with the totals that bench/wrk.py reads: more robust than parsing
-- wrk's human-readable summary.

local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count) -- 0, 1, ...: lets scripts give each thread its own sequence
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    for code, n in pairs(thread:get("statuses") or {}) do
      merged[code] = (merged[code] or 0) + n
    end
  end
  local codes = {}
  for code, n in pairs(merged) do
    table.insert(codes, string.format('"%d": %d', code, n))
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"duration_us": %d, "requests": %d, "bytes": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}, ' ..
    '"latency_us": {"p50": %d, "p90": %d, "p99": %d, "max": %d, "mean": %.1f}, ' ..
    '"statuses": {%s}}\n',
    summary.duration, summary.requests, summary.bytes,
    e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.max, latency.mean, table.concat(codes, ", ")))
end
