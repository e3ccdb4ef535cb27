-- POST the file named by wrk -- <file> (the 1 KiB JSON of bench/fixtures) as application/json.
dofile(os.getenv('WW_BENCH_LUA_DIR') .. '/report.lua')

init = function(args)
  local f = assert(io.open(args[1], 'rb'))
  wrk.method = 'POST'
  wrk.body = f:read('*a')
  f:close()
  wrk.headers['Content-Type'] = 'application/json'
end
