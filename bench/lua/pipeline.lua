-- GET pipelined: `depth` requests (wrk -- <depth>, default 10) written back to back on each
-- connection; wrk counts each response and writes the next batch when all have arrived.
dofile(os.getenv('WW_BENCH_LUA_DIR') .. '/report.lua')

init = function(args)
  local depth = tonumber(args[1]) or 10
  local r = {}
  for i = 1, depth do
    r[i] = wrk.format()
  end
  pipelined = table.concat(r)
end

request = function()
  return pipelined
end
