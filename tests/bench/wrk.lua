-- Load script of `make bench`: sends the session cookie, counts every answer other than 200 as an error and prints
-- one JSON line with the counts and latency percentiles (microseconds) for tests/bench/run.py.
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE")

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    fouten = 0
end

function response(status, headers, body)
    if status ~= 200 then
        fouten = fouten + 1
    end
end

function done(summary, latency, requests)
    local status = 0
    for _, thread in ipairs(threads) do
        status = status + thread:get("fouten")
    end
    local e = summary.errors
    io.write(string.format(
        'BENCH {"requests": %d, "duration_us": %d, "p50": %d, "p95": %d, "p99": %d, "errors": %d}\n',
        summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
        status + e.connect + e.read + e.write + e.timeout
    ))
end
