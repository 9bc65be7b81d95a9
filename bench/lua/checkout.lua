-- POST /api/orders: one line per order, cycling over the order lines in the file given as
-- the first argument (one JSON object a line, written by bench/seed.py: a product id, a
-- size and a colour it offers and its current effective price, so every order is valid).
dofile("common.lua")

local lines = {}
local at = 0
local head = '{"customer_name": "Bench Customer", "phone": "0300 1234567", ' ..
  '"whatsapp": "+92 300 1234567", "address": "House 12, Street 4, F-7/2", ' ..
  '"city": "Islamabad", "payment_method": "Easypaisa", "items": ['

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      table.insert(lines, line)
    end
  end
  at = math.floor(#lines / 2) * id
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  at = at % #lines + 1
  return wrk.format("POST", "/api/orders", nil, head .. lines[at] .. "]}")
end
