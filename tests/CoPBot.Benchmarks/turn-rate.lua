-- wrk script of the turn-rate benchmark (issue 11). Arguments after "--": data file, mode (invoke|message),
-- run id, number of wrk threads, first turn number. The data file (written by TurnRateScenario) returns a table:
-- path, token (or nil), users = { {userId, conversationId}, ... } and the body templates.
-- Every request carries a new activity id; users are mixed, and each user answers yes and no in turn.
-- TURN_RATE_PORTS lists the instances (several on PostgreSQL): wrk threads take them in turn (round-robin).
local threads = {}
local ports = {}
for port in string.gmatch(os.getenv("TURN_RATE_PORTS") or "", "%d+") do
  table.insert(ports, port)
end

function setup(thread)
  if #ports > 1 then
    thread.addr = wrk.lookup("127.0.0.1", ports[(#threads % #ports) + 1])[1]
  end
  thread:set("index", #threads)
  table.insert(threads, thread)
end

function init(args)
  data = dofile(args[1])
  mode = args[2]
  run = args[3]
  stride = tonumber(args[4])
  first = tonumber(args[5])
  users = #data.users
  n = 0
  bad = 0
  wrk.method = "POST"
  wrk.path = data.path
  wrk.headers["Content-Type"] = "application/json"
  if data.token then
    wrk.headers["Authorization"] = "Bearer " .. data.token
  end
end

function request()
  local k = first + index + n * stride
  n = n + 1
  local user = data.users[(k % users) + 1]
  local yes = math.floor(k / users) % 2 == 0
  local id = run .. "-" .. index .. "-" .. n
  local body
  if mode == "invoke" then
    body = string.format(data.invoke, id, user[1], user[2], yes and data.yesVerb or data.noVerb)
  else
    body = string.format(data.message, id, user[1], user[2], yes and "yes" or "no")
  end
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status < 200 or status > 299 or (mode == "invoke" and not string.find(body, "application/vnd.microsoft.card.adaptive", 1, true)) then
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local failed = 0
  for _, thread in ipairs(threads) do
    failed = failed + thread:get("bad")
  end
  local e = summary.errors
  io.write(string.format("turn-rate requests: %d\n", summary.requests))
  io.write(string.format("turn-rate duration-us: %d\n", summary.duration))
  io.write(string.format("turn-rate bad: %d\n", failed))
  io.write(string.format("turn-rate socket-errors: %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("turn-rate p50-us: %d\n", latency:percentile(50)))
  io.write(string.format("turn-rate p99-us: %d\n", latency:percentile(99)))
end
