-- A startup applies: POST /needs/:id/pledge (the confidentiality pledge), then POST /needs/:id/apply
-- (a new draft application), with the session cookie and X-CSRF-Token; SCALE_LINES holds need ids,
-- each thread takes its own stride, so every pair of requests writes new rows until the list runs out.
package.path = os.getenv("SCALE_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local needs, n, step, headers
function init(args)
  needs = common.lines()
  headers = common.headers()
  headers["Content-Type"] = "application/x-www-form-urlencoded"
  step = tonumber(args[1] or "1") or 1
  n = (thread_index or 0) * 2
end

function request()
  local need = needs[(math.floor(n / 2) % #needs) + 1]
  local path = (n % 2 == 0) and ("/needs/" .. need .. "/pledge") or ("/needs/" .. need .. "/apply")
  local body = (n % 2 == 0) and "agree=on" or ""
  if n % 2 == 0 then n = n + 1 else n = n - 1 + 2 * step end
  return wrk.format("POST", path, headers, body)
end
