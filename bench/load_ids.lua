-- Ids and times for the wrk load scripts (bench/ingest_load.lua, bench/source_load.lua):
-- every alert they send is one never sent before.
--
-- fingerprint(origin, thread, n): 16 hex digits for the 64-bit key (ORIGIN, thread id,
-- per-thread alert counter) through a bijective mix (the splitmix64 finaliser): unique across
-- threads, requests and runs with different origins, and spread over the key space like
-- Alertmanager's label hashes, so index inserts land where real ones would.
-- now_rfc3339(seq): now in RFC 3339 UTC, with seq % 1000 as the milliseconds; the second part
-- is formatted once per second.
local ffi = require("ffi")
local bit = require("bit")

local M = {}

local function mix(x)
  x = bit.bxor(x, bit.rshift(x, 30)) * 0xbf58476d1ce4e5b9ULL
  x = bit.bxor(x, bit.rshift(x, 27)) * 0x94d049bb133111ebULL
  return bit.bxor(x, bit.rshift(x, 31))
end

function M.fingerprint(origin, thread, n)
  local key = bit.bor(bit.lshift(ffi.cast("uint64_t", origin), 56),
                      bit.lshift(ffi.cast("uint64_t", thread), 40), ffi.cast("uint64_t", n))
  return bit.tohex(mix(key), 16)
end

local cached_second, cached_stamp = -1, ""
function M.now_rfc3339(seq)
  local t = os.time()
  if t ~= cached_second then
    cached_second = t
    cached_stamp = os.date("!%Y-%m-%dT%H:%M:%S", t)
  end
  return string.format("%s.%03dZ", cached_stamp, seq % 1000)
end

return M
