-- wrk script of the catalog benchmark (bench/run.py).
--
-- Arguments after `--`:
--   bust <run id>   append `_bench=<run id>-<n>` to every request's query, so
--                   each request is a new URL: the anonymous answer cache
--                   always misses and the view renders (then caches) it.
-- Headers come from wrk's -H options.
-- done() prints one line `BENCH_RESULT {json}` that run.py reads.

local counter = 0
local suffix = nil

function init(args)
  if args[1] == "bust" then
    local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
    suffix = separator .. "_bench=" .. (args[2] or "run") .. "-"
  end
end

function request()
  if suffix == nil then
    return wrk.format()
  end
  counter = counter + 1
  return wrk.format(nil, wrk.path .. suffix .. counter)
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "mean_us": %.1f, "stdev_us": %.1f, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}}\n',
    summary.requests, summary.duration, summary.bytes, latency.mean, latency.stdev,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout
  ))
end
