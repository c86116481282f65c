-- Workload 4: refresh grant. Refresh tokens may be rotated (a used one is void), so each
-- thread keeps a pool: a request takes one, its response returns the new one. A server that
-- does not rotate answers without refresh_token and the used token goes back.
-- BENCH_TOKENS: file with one refresh token per line; BENCH_TOKEN_PATH, BENCH_TOKEN_AUTH,
-- BENCH_TOKEN_EXTRA as in code_exchange.lua.
local pool, in_flight = {}, {}
local token_path = env("BENCH_TOKEN_PATH")
local token_auth = env("BENCH_TOKEN_AUTH", "-")
local extra = env("BENCH_TOKEN_EXTRA", "")

function prepare(index, count)
  local n = 0
  for line in io.lines(env("BENCH_TOKENS")) do
    if line ~= "" then
      if n % count == index then pool[#pool + 1] = line end
      n = n + 1
    end
  end
end

local function urlencode(text)
  return (text:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function next_request()
  local token = table.remove(pool, 1) or "pool-exhausted"
  in_flight[#in_flight + 1] = token
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if token_auth ~= "-" then headers["Authorization"] = token_auth end
  return wrk.format("POST", token_path, headers, "grant_type=refresh_token&refresh_token=" .. urlencode(token) .. extra)
end

function check(status, headers, body)
  return (body or ""):find('"access_token"', 1, true) ~= nil
end

function after(status, headers, body)
  local used = table.remove(in_flight, 1)
  if status ~= 200 then return end
  local fresh = (body or ""):match('"refresh_token"%s*:%s*"([^"]+)"')
  pool[#pool + 1] = fresh or used
end
