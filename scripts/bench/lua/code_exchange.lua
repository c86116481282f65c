-- Workload 3: authorization code to token. Each code is single-use, so every code is made
-- just before: a connection alternates /authorize (with a live session, answered by a redirect
-- carrying the code) and the token request for that code; both count as requests.
-- BENCH_AUTHORIZE: data file with the /authorize request; BENCH_TOKEN_PATH, BENCH_TOKEN_AUTH
-- (Authorization header or "-"), BENCH_TOKEN_EXTRA (form fields after the code).
local authorize, codes = nil, {}
local token_path = env("BENCH_TOKEN_PATH")
local token_auth = env("BENCH_TOKEN_AUTH", "-")
local extra = env("BENCH_TOKEN_EXTRA", "")

function prepare()
  authorize = read_requests(env("BENCH_AUTHORIZE"))[1]
end

function next_request()
  local code = table.remove(codes)
  if not code then return authorize end
  local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
  if token_auth ~= "-" then headers["Authorization"] = token_auth end
  return wrk.format("POST", token_path, headers, "grant_type=authorization_code&code=" .. code .. extra)
end

local function urldecode_code(location)
  local code = location:match("[?&]code=([^&#]+)")
  return code
end

function check(status, headers, body)
  local location = header(headers, "location")
  if location then return urldecode_code(location) ~= nil end
  return (body or ""):find('"access_token"', 1, true) ~= nil
end

function after(status, headers, body)
  local location = header(headers, "location")
  if location then
    local code = urldecode_code(location)
    if code then codes[#codes + 1] = code end
  end
end
