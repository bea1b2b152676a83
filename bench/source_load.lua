-- wrk script for the per-source ingest benchmark: every request is one webhook body in a
-- source's own format (bench/source_bodies/), carrying alerts never sent before.
--
-- Usage:  NAGAME_BENCH_TOKEN=secret wrk -t2 -c16 -d10s -s bench/source_load.lua \
--           http://127.0.0.1:PORT/webhooks/SOURCE -- SOURCE BODIES_DIR ALERTS [ORIGIN]
--   SOURCE      alertmanager, grafana, newrelic, azure, pagerduty or generic: the template
--               BODIES_DIR/SOURCE.json and, for senders that batch alerts, the per-alert
--               template BODIES_DIR/SOURCE.alert.json, repeated ALERTS times where the body
--               says {{alerts}}. A body without {{alerts}} carries one alert (ALERTS is then 1).
--   ORIGIN      1..255 (default 1), so that runs against one database never repeat an id.
-- Placeholders: {{fp}} a unique 16-hex-digit id per alert, {{rule}} BenchRule000..099,
-- {{time}} now in RFC 3339, {{ms}} now in epoch milliseconds, {{batch}} a unique request id.
-- Credentials as each sender sends them: a bearer token, Azure's ?token= in the URL, and
-- PagerDuty's X-PagerDuty-Signature (v1= HMAC-SHA256 of the body under the token, computed
-- through OpenSSL's libcrypto). done() prints one line, "WRK_RESULT key=value …" in the form
-- bench/ingest_load.lua prints it.

local ffi = require("ffi")
-- bench/load_ids.lua, from the folder this script was loaded from.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local ids = require("load_ids")

local kRules = 100

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local source, origin, per_request, envelope, alert_template, headers, path
local concat, sfmt = table.concat, string.format
local crypto, md, md_len

local function read_file(name)
  local f = assert(io.open(name, "rb"), "cannot read " .. name)
  local text = f:read("*a")
  f:close()
  return (text:gsub("%s+$", ""))
end

local function load_crypto()
  ffi.cdef [[
    typedef struct evp_md_st EVP_MD;
    const EVP_MD *EVP_sha256(void);
    unsigned char *HMAC(const EVP_MD *evp_md, const void *key, int key_len,
                        const unsigned char *d, size_t n, unsigned char *md,
                        unsigned int *md_len);
  ]]
  local ok, lib = pcall(ffi.load, "libcrypto.so.3")
  if not ok then lib = ffi.load("crypto") end
  return lib
end

local hex = {}
for i = 0, 255 do hex[i] = sfmt("%02x", i) end
local digest_hex = {}

-- The client's cost per signed request is one HMAC and 32 table lookups, so that it takes as
-- little as it can of the cores the server shares with it.
local function hmac_sha256_hex(key, data)
  crypto.HMAC(crypto.EVP_sha256(), key, #key, data, #data, md, md_len)
  for i = 0, md_len[0] - 1 do digest_hex[i + 1] = hex[md[i]] end
  return concat(digest_hex, "", 1, md_len[0])
end

function init(args)
  source = args[1]
  local dir = args[2]
  per_request = tonumber(args[3] or "10")
  origin = tonumber(args[4] or "1")
  if source == nil or dir == nil then error("usage: -- SOURCE BODIES_DIR ALERTS [ORIGIN]") end
  if origin == nil or origin < 1 or origin > 255 then error("ORIGIN must be 1..255") end
  envelope = read_file(dir .. "/" .. source .. ".json")
  if envelope:find("{{alerts}}", 1, true) then
    alert_template = read_file(dir .. "/" .. source .. ".alert.json")
  else
    per_request = 1
  end
  local token = os.getenv("NAGAME_BENCH_TOKEN")
  if token == nil or token == "" then error("NAGAME_BENCH_TOKEN is not set") end
  headers = { ["Content-Type"] = "application/json" }
  path = wrk.path
  if source == "azure" then
    path = path .. "?token=" .. token
  elseif source == "pagerduty" then
    crypto = load_crypto()
    md = ffi.new("unsigned char[64]")
    md_len = ffi.new("unsigned int[1]")
    signing_secret = token
  else
    headers["Authorization"] = "Bearer " .. token
  end
  sent = 0      -- read by done() through thread:get
  target = source
  alerts_per_request = per_request
end

local function fingerprint(n) return ids.fingerprint(origin, id, n) end

local now_rfc3339 = ids.now_rfc3339

local function fill(template, n)
  local fields = {
    fp = fingerprint(n),
    rule = sfmt("BenchRule%03d", n % kRules),
    time = now_rfc3339(n),
    ms = sfmt("%d", os.time() * 1000 + n % 1000),
    batch = sfmt("%d-%d", id, sent),
  }
  return (template:gsub("{{(%w+)}}", fields))
end

function request()
  local body
  if alert_template then
    local parts = {}
    for i = 1, per_request do parts[i] = fill(alert_template, sent * per_request + i - 1) end
    body = fill(envelope:gsub("{{alerts}}", function() return concat(parts, ",") end), sent)
  else
    body = fill(envelope, sent)
  end
  sent = sent + 1
  if signing_secret then
    headers["X-PagerDuty-Signature"] = "v1=" .. hmac_sha256_hex(signing_secret, body)
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local sent_total, target_name, per = 0, "?", 1
  for _, thread in ipairs(threads) do
    sent_total = sent_total + (thread:get("sent") or 0)
    target_name = thread:get("target") or target_name
    per = thread:get("alerts_per_request") or per
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local ok = summary.requests - e.status
  io.write(sfmt(
    "WRK_RESULT target=%s alerts_per_request=%d requests=%d ok=%d sent=%d duration_s=%.3f " ..
    "req_per_s=%.1f alerts_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f " ..
    "non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    target_name, per, summary.requests, ok, sent_total, seconds, ok / seconds,
    ok * per / seconds, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect, e.read, e.write,
    e.timeout))
end
