-- The viewport trace replayed by wrk (wrk -s replay.lua URL -- PATHS): its tiles once, in order,
-- each request on a free connection taking the next one, as the bench's own clients take them.
-- A connection free when none is left waits past the end of the run (delay), so that no tile is
-- asked twice and every answer counted is one of the trace's. The answer to the last tile ends
-- the run: the thread stops, and wrk, which otherwise runs for its -d, is interrupted (SIGINT, as
-- Ctrl-C would) and reports as at the end of -d.
local ffi = require("ffi")
ffi.cdef("int kill(int pid, int sig); int getpid(void);")
local SIGINT = 2
local PAST_THE_RUN_MS = 24 * 3600 * 1000

local paths, taken, sent, answered = {}, 0, 0, 0

function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
end

-- wrk asks before each request how long the connection waits first.
function delay()
  taken = taken + 1
  return taken <= #paths and 0 or PAST_THE_RUN_MS
end

function request()
  sent = sent + 1
  return wrk.format("GET", paths[sent])
end

function response(status)
  answered = answered + 1
  if answered == #paths then
    wrk.thread:stop()
    ffi.C.kill(ffi.C.getpid(), SIGINT)
  end
end

function done(summary)
  local e = summary.errors
  io.write(string.format("answered %d in %d us; errors: status %d, connect %d, read %d, write %d, timeout %d\n",
    summary.requests, summary.duration, e.status, e.connect, e.read, e.write, e.timeout))
end
