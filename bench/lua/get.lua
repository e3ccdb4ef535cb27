-- A plain GET of the URL's path: wrk's default request, plus the JSON report.
dofile(os.getenv('WW_BENCH_LUA_DIR') .. '/report.lua')
