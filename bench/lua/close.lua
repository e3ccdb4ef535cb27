-- A new connection per request: with "Connection: close" wrk reconnects after each response
-- (RFC 9112 §9.6), so every request pays the TCP handshake and the server's accept path.
dofile(os.getenv('WW_BENCH_LUA_DIR') .. '/report.lua')
wrk.headers['Connection'] = 'close'
