-- Shared by the scale test's wrk scripts (scripts/scale-test.sh): headers from the environment,
-- a list of lines from a file, a per-thread offset, and one machine-readable result line.
--   SCALE_COOKIE  session cookie (Cookie header)      SCALE_CSRF   the session's CSRF token (X-CSRF-Token)
--   SCALE_BEARER  API token (Authorization: Bearer)  SCALE_LINES  file of paths or ids, one a line
local common = {}

function common.headers()
  local h = {}
  local cookie, csrf, bearer = os.getenv("SCALE_COOKIE"), os.getenv("SCALE_CSRF"), os.getenv("SCALE_BEARER")
  if cookie and cookie ~= "" then h["Cookie"] = cookie end
  if csrf and csrf ~= "" then h["X-CSRF-Token"] = csrf end
  if bearer and bearer ~= "" then h["Authorization"] = "Bearer " .. bearer end
  return h
end

function common.lines()
  local list = {}
  local name = os.getenv("SCALE_LINES")
  if name and name ~= "" then
    for line in io.lines(name) do if line ~= "" then list[#list + 1] = line end end
  end
  return list
end

local threads = {}
function common.setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end
function common.thread_count() return #threads end

-- RESULT requests req/s p50_ms p99_ms non-2xx/3xx socket_errors(connect,read,write,timeout)
function common.done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT %d %.1f %.2f %.2f %d %d\n", summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end

return common
