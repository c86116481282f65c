-- A fixed list of requests, sent in turn (each thread starts at its own offset). Serves the
-- stateless workloads: login POST (1), /authorize with a session (2), client credentials (5),
-- SAML AuthnRequests from a pre-built pool (6), discovery and JWKS (7).
-- BENCH_REQUESTS: the data file; BENCH_EXPECT_STATUS: accepted statuses ("302,303");
-- BENCH_EXPECT: a plain substring the body or Location must contain.
local list, position
local statuses = {}
for code in env("BENCH_EXPECT_STATUS", ""):gmatch("%d+") do statuses[tonumber(code)] = true end
local expected = env("BENCH_EXPECT", "-")

function prepare(index, count)
  list = read_requests(env("BENCH_REQUESTS"))
  position = math.floor(#list * index / count)
end

function next_request()
  position = position % #list + 1
  return list[position]
end

function check(status, headers, body)
  if next(statuses) and not statuses[status] then return false end
  if expected == "-" then return true end
  return (body or ""):find(expected, 1, true) ~= nil or (header(headers, "location") or ""):find(expected, 1, true) ~= nil
end
