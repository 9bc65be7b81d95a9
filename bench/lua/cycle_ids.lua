-- GET /api/products/{id}, cycling over the ids in the file given as the first argument,
-- the first N of them when a second argument N is given.
-- Each thread starts at its own place in the list, so the two threads do not move in step.
dofile("common.lua")

local paths = {}
local at = 0

function init(args)
  local most = tonumber(args[2] or "") or math.huge
  for line in io.lines(args[1]) do
    if line ~= "" and #paths < most then
      table.insert(paths, "/api/products/" .. line)
    end
  end
  at = math.floor(#paths / 2) * id
end

function request()
  at = at % #paths + 1
  return wrk.format("GET", paths[at])
end
