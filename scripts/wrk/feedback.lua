-- PUT /api/v1/needs/:need/feedback/:startup with the API token: SCALE_LINES holds need<TAB>startup
-- pairs; each thread takes its own stride of them, so requests write distinct rows until the list
-- runs out (then they update rows again: still a real write of the same route).
package.path = os.getenv("SCALE_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local pairs_, n, step, headers
function init(args)
  pairs_ = common.lines()
  headers = common.headers()
  headers["Content-Type"] = "application/json"
  step = tonumber(args[1] or "1") or 1
  n = thread_index or 0
end

function request()
  local line = pairs_[(n % #pairs_) + 1]
  local need, startup = line:match("([^\t]+)\t([^\t]+)")
  local kind = (n % 2 == 0) and "interested" or "notSuitable"
  n = n + step
  return wrk.format("PUT", "/api/v1/needs/" .. need .. "/feedback/" .. startup, headers, '{"kind":"' .. kind .. '"}')
end
