-- GET every path of SCALE_LINES in turn (each thread starts elsewhere in the list), with the
-- session cookie or API token of the environment (see common.lua).
package.path = os.getenv("SCALE_WRK_DIR") .. "/?.lua;" .. package.path
local common = require("common")
setup = common.setup
done = common.done

local paths, n, headers
function init(args)
  paths = common.lines()
  headers = common.headers()
  n = (thread_index or 0) * 7919
end

function request()
  if #paths == 0 then return wrk.format("GET", nil, headers) end
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], headers)
end
