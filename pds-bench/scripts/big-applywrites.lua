-- wrk script (from the repository root: ACCOUNTS=<file of "did jwt" lines> wrk -t8 -c16 -d30s -s pds-bench/scripts/big-applywrites.lua URL):
-- each request is an applyWrites of 100 creates of ~9 kB records (~0.9 MB of JSON), an unknown type, validate absent;
-- it prints the first two answers of each status other than 200 per thread
local accounts = {}
for line in io.lines(os.getenv("ACCOUNTS")) do
  local did, jwt = line:match("^(%S+)%s+(%S+)$")
  if did then accounts[#accounts + 1] = { did = did, jwt = jwt } end
end
local counter = 0
local threads = {}
function setup(thread) counter = counter + 1; thread:set("idx", counter); table.insert(threads, thread) end
function init(args)
  local a = accounts[((idx - 1) % #accounts) + 1]
  wrk.method = "POST"; wrk.path = "/xrpc/com.atproto.repo.applyWrites"
  wrk.headers["Content-Type"] = "application/json"; wrk.headers["Authorization"] = "Bearer " .. a.jwt
  did = a.did; n = 0; codes = {}
  filler = string.rep("abcdefghij", 900)
end
function request()
  n = n + 1
  local w = {}
  for i = 1, 100 do
    w[i] = string.format('{"$type":"com.atproto.repo.applyWrites#create","collection":"com.example.big","value":{"$type":"com.example.big","n":%d,"i":%d,"t":%d,"pad":"%s"}}', n, i, idx, filler)
  end
  local body = string.format('{"repo":"%s","writes":[%s]}', did, table.concat(w, ","))
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
  if status ~= 200 and (codes[status] <= 2) then io.write("status " .. status .. ": " .. string.sub(body, 1, 200) .. "\n") end
end
