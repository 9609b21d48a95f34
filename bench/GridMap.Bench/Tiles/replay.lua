-- The viewport trace replayed by wrk (wrk -s replay.lua URL -- PATHS CONNECTIONS): its tiles once,
-- in order, each request on a free connection taking the next one, as the bench's own clients take
-- them. The requests are made once, before the run, and no answer is handed to the script (wrk
-- then neither keeps a body nor makes a table of headers for it): on a machine whose cores wrk
-- shares with the server, what the load generator spends comes out of the endpoint's figure.
-- wrk asks delay() once per connection as it opens and once after each answer, so the answers
-- are in when it has been asked as often as there are tiles and connections. A connection free
-- when no tile is left waits past the end of the run, so that no tile is asked twice. The last
-- answer ends the run: the thread stops, and wrk, which otherwise runs for its -d, is interrupted
-- (SIGINT, as Ctrl-C would) and reports as at the end of -d.
local ffi = require("ffi")
ffi.cdef("int kill(int pid, int sig); int getpid(void);")
local SIGINT = 2
local PAST_THE_RUN_MS = 24 * 3600 * 1000

local requests, connections, asked, sent = {}, 0, 0, 0

function init(args)
  for line in io.lines(args[1]) do requests[#requests + 1] = wrk.format("GET", line) end
  connections = tonumber(args[2])
end

function delay()
  -- wrk has made one request before the run, to check it (script_verify_request): not one sent.
  if asked == 0 then sent = 0 end
  asked = asked + 1
  if asked == #requests + connections then
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), SIGINT)
  end
  return asked <= #requests and 0 or PAST_THE_RUN_MS
end

function request()
  sent = sent + 1
  return requests[sent]
end

function done(summary)
  local e = summary.errors
  io.write(string.format("answered %d in %d us; errors: status %d, connect %d, read %d, write %d, timeout %d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout))
end
