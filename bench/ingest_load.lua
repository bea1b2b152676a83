-- wrk script for the ingest benchmark: every request carries 10 firing alerts never sent before.
--
-- Usage:  NAGAME_BENCH_TOKEN=secret wrk -t2 -c16 -d20s -s bench/ingest_load.lua URL -- FORMAT [ORIGIN]
--   FORMAT  nagame:       POST URL (…/webhooks/alertmanager), an Alertmanager v4 webhook body,
--                         "Authorization: Bearer $NAGAME_BENCH_TOKEN"
--           alertmanager: POST URL (…/api/v2/alerts), a JSON array of 10 postable alerts
--   ORIGIN  1..255 (default 1), so that separate runs against one database never repeat a
--           fingerprint.
-- Fingerprints and times come from bench/load_ids.lua (unique across threads, requests and
-- origins). done() prints one line, "WRK_RESULT key=value …" (latencies in milliseconds;
-- sent = requests built, so sent - requests = requests still in flight when wrk stopped).

-- bench/load_ids.lua, from the folder this script was loaded from.
package.path = (debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "?.lua;" .. package.path
local ids = require("load_ids")

local kAlertsPerRequest = 10
local kRules = 100  -- alert names cycle through BenchRule000..099, like a real rule set

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local format, origin, headers, path
local concat, sfmt = table.concat, string.format

function init(args)
  format = args[1] or "nagame"
  origin = tonumber(args[2] or "1")
  if origin == nil or origin < 1 or origin > 255 then error("ORIGIN must be 1..255") end
  if format ~= "nagame" and format ~= "alertmanager" then
    error("FORMAT must be nagame or alertmanager, got " .. tostring(format))
  end
  headers = { ["Content-Type"] = "application/json" }
  if format == "nagame" then
    local token = os.getenv("NAGAME_BENCH_TOKEN")
    if token == nil or token == "" then error("NAGAME_BENCH_TOKEN is not set") end
    headers["Authorization"] = "Bearer " .. token
  end
  path = wrk.path
  sent = 0      -- read by done() through thread:get
  target = format
end

local now_rfc3339 = ids.now_rfc3339

local function fingerprint(n) return ids.fingerprint(origin, id, n) end

local function alert_json(n)
  local fp = fingerprint(n)
  local rule = sfmt("BenchRule%03d", n % kRules)
  local starts = now_rfc3339(n)
  local labels = sfmt(
    '{"alertname":"%s","instance":"host-%s.bench:9100","job":"node","severity":"%s","team":"team-%d"}',
    rule, fp, (n % 3 == 0) and "critical" or "warning", n % 7)
  local annotations = sfmt(
    '{"summary":"%s on host-%s","runbook_url":"https://runbooks.example.com/%s"}', rule, fp, rule)
  local url = "http://prometheus.bench:9090/graph?g0.expr=up+%3D%3D+0\\u0026g0.tab=1"
  if format == "nagame" then
    return sfmt(
      '{"status":"firing","labels":%s,"annotations":%s,"startsAt":"%s",' ..
      '"endsAt":"0001-01-01T00:00:00Z","generatorURL":"%s","fingerprint":"%s"}',
      labels, annotations, starts, url, fp)
  end
  return sfmt('{"labels":%s,"annotations":%s,"startsAt":"%s","generatorURL":"%s"}',
              labels, annotations, starts, url)
end

function request()
  local parts = {}
  for i = 1, kAlertsPerRequest do
    parts[i] = alert_json(sent * kAlertsPerRequest + i - 1)
  end
  sent = sent + 1
  local alerts = "[" .. concat(parts, ",") .. "]"
  local body
  if format == "nagame" then
    body = '{"receiver":"bench","status":"firing","alerts":' .. alerts ..
      ',"groupLabels":{"alertname":"BenchRule"},"commonLabels":{"job":"node"},' ..
      '"commonAnnotations":{},"externalURL":"http://alertmanager.bench:9093","version":"4",' ..
      sfmt('"groupKey":"{}:{alertname=\\"BenchRule\\", batch=\\"%d-%d\\"}",', id, sent) ..
      '"truncatedAlerts":0}'
  else
    body = alerts
  end
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local sent_total, target_name = 0, "?"
  for _, thread in ipairs(threads) do
    sent_total = sent_total + (thread:get("sent") or 0)
    target_name = thread:get("target") or target_name
  end
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local ok = summary.requests - e.status
  io.write(sfmt(
    "WRK_RESULT target=%s requests=%d ok=%d sent=%d duration_s=%.3f req_per_s=%.1f " ..
    "alerts_per_s=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d " ..
    "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    target_name, summary.requests, ok, sent_total, seconds, ok / seconds,
    ok * kAlertsPerRequest / seconds, latency:percentile(50) / 1000,
    latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000, e.status,
    e.connect, e.read, e.write, e.timeout))
end
