-- Shared by every workload script: the harness prepends this file to one workload file and
-- hands the result to wrk. It supplies the response check, error counting and a
-- machine-readable summary; a workload defines next_request() and, optionally,
-- check(status, headers, body) and after(status, headers, body).
-- Values from the harness arrive as environment variables.
function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == "" then
    if default == nil then error("missing environment variable " .. name) end
    return default
  end
  return value
end

-- Lines of a data file as records of tab-separated fields:
-- METHOD \t PATH \t BODY \t "Header: value" \t ... (an empty BODY is a dash).
function read_requests(path)
  local requests = {}
  for line in io.lines(path) do
    if line ~= "" then
      local fields = {}
      for field in (line .. "\t"):gmatch("([^\t]*)\t") do fields[#fields + 1] = field end
      local headers = {}
      for i = 4, #fields do
        local name, value = fields[i]:match("^([^:]+):%s*(.*)$")
        if name then headers[name] = value end
      end
      local body = fields[3]
      if body == "-" then body = nil end
      requests[#requests + 1] = wrk.format(fields[1], fields[2], headers, body)
    end
  end
  return requests
end

function header(headers, name)
  local wanted = name:lower()
  for key, value in pairs(headers) do
    if key:lower() == wanted then return value end
  end
  return nil
end

-- Statuses 2xx/3xx pass unless the workload's check says otherwise; wrk itself counts
-- 4xx/5xx as status errors.
local threads = {}
local threads_made = 0

-- Runs in wrk's main state; thread_index and thread_count become globals of each thread.
function setup(thread)
  thread:set("thread_index", threads_made)
  thread:set("thread_count", tonumber(env("BENCH_THREADS", "1")))
  threads_made = threads_made + 1
  threads[#threads + 1] = thread
end

bad = 0

function init(args)
  if prepare then prepare(thread_index, thread_count) end
end

function request()
  return next_request()
end

local shown = 0

-- wrk counts statuses >= 400 itself; a workload's check catches wrong answers below that.
function response(status, headers, body)
  local failed = status >= 400
  if not failed and check and not check(status, headers, body) then
    bad = bad + 1
    failed = true
  end
  if failed and shown < 3 then
    shown = shown + 1
    io.stderr:write("bench: unexpected response " .. status .. ": " .. (body or ""):sub(1, 300):gsub("%s+", " ") .. "\n")
  end
  if after then after(status, headers, body) end
end

function done(summary, latency, requests)
  local failed_checks = 0
  for _, thread in ipairs(threads) do failed_checks = failed_checks + (thread:get("bad") or 0) end
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect_errors": %d, "read_errors": %d, ' ..
    '"write_errors": %d, "status_errors": %d, "timeouts": %d, "failed_checks": %d, ' ..
    '"latency_us": {"mean": %.1f, "max": %d, "p50": %d, "p90": %d, "p95": %d, "p99": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout, failed_checks,
    latency.mean, latency.max, latency:percentile(50), latency:percentile(90), latency:percentile(95),
    latency:percentile(99)))
end
