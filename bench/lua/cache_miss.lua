-- GET /api/products?min_price=<n>&limit=20 with a different n on every request, so every
-- request is a fresh query (the catalogue cache is keyed by the parsed query).
-- n walks 0..99,999 PKR in a scattered order (7919 is prime to 100,000, so no value repeats
-- within 100,000 requests of one thread) and the paisa part is the thread id, so the two
-- threads never ask the same query. The first argument offsets the walk, so the measured run
-- does not repeat the warm-up's queries; the second, if given, is added to it (two scenarios on
-- one store ask different queries).
dofile("common.lua")

local k = 0

function init(args)
  k = tonumber(args[1] or "0") + tonumber(args[2] or "0")
end

function request()
  k = k + 1
  local rupees = (k * 7919) % 100000
  return wrk.format("GET", string.format("/api/products?min_price=%d.%02d&limit=20", rupees, id))
end
