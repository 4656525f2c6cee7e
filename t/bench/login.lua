-- t/bench/login.lua -- the login storm of make bench: wrk POSTs the login
-- form again and again, every request a whole login (csrf check, the
-- password checked against the directory through mod_authnz_ldap, a new
-- row in sessions, 303 with Set-Cookie hdsession).
--
--   wrk ... -s t/bench/login.lua URL/helpdesk/login -- HDLOGIN CSRF LOGIN PASSWORD
--
-- HDLOGIN and CSRF are one pair taken once from GET /helpdesk/login (the
-- token is bound to that cookie only, and valid for hours), given
-- urlencoded-safe or not: they are urlencoded here.  No hdsession cookie
-- is sent, so none is reused.
--
-- Prints one line after wrk's own report:
--   login-storm ok=N rate=LOGINS/S other=STATUS:N,... errors=N p50=MS p99=MS seconds=S
-- ok counts 303 answers only; other lists every other status (403: the
-- form expired, 401: wrong password, 429: the throttle, 503: directory
-- down); errors are wrk's socket errors and timeouts.  p50/p99 are wrk's,
-- over every answer.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

local function urlencode(s)
    return (tostring(s):gsub("[^%w%-%._~]", function(c)
        return string.format("%%%02X", string.byte(c))
    end))
end

function init(args)
    local hdlogin, csrf, login, password = args[1], args[2], args[3], args[4]
    if not (hdlogin and csrf and login and password) then
        error("usage: wrk ... -s login.lua URL -- HDLOGIN CSRF LOGIN PASSWORD")
    end
    counts = {}
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Cookie"] = "hdlogin=" .. hdlogin
    wrk.body = "username=" .. urlencode(login)
        .. "&password=" .. urlencode(password)
        .. "&csrf=" .. urlencode(csrf)
        .. "&return=" .. urlencode("/helpdesk/")
end

function response(status, headers, body)
    counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
    local all = {}
    for _, thread in ipairs(threads) do
        local c = thread:get("counts") or {}
        for status, n in pairs(c) do
            all[status] = (all[status] or 0) + n
        end
    end
    local ok = all[303] or 0
    local other = {}
    local statuses = {}
    for status in pairs(all) do
        if status ~= 303 then table.insert(statuses, status) end
    end
    table.sort(statuses)
    for _, status in ipairs(statuses) do
        table.insert(other, status .. ":" .. all[status])
    end
    local e = summary.errors
    local errors = e.connect + e.read + e.write + e.timeout
    local seconds = summary.duration / 1e6
    local p50, p99 = "-", "-"
    if summary.requests > 0 then
        p50 = string.format("%.1f", latency:percentile(50) / 1000)
        p99 = string.format("%.1f", latency:percentile(99) / 1000)
    end
    io.write(string.format("login-storm ok=%d rate=%.0f other=%s errors=%d timeouts=%d p50=%s p99=%s seconds=%.1f\n",
        ok, seconds > 0 and ok / seconds or 0,
        #other > 0 and table.concat(other, ",") or "none",
        errors, e.timeout, p50, p99, seconds))
end
