import { LuaScript } from './lua-script';

/*
 * Every change of a campaign's or a contact's state is one of these scripts, so it is atomic
 * whichever process runs it (API, CLI, any number of workers, the callback observer). Contact
 * hash fields: phone, tz, vars (JSON), line, state (pending | dialing | done), attempts, seq,
 * dialed_at, sid, sid_attempt, amd, answered_at, duration, last_outcome, history, outcome,
 * ended_at, error.
 */

/** Completes a campaign with nothing due and nothing live; a cancelled one leaves the active set. */
const SETTLE = `
local function settle(meta, due, live, active, id, now)
  if redis.call('ZCARD', due) > 0 or redis.call('ZCARD', live) > 0 then return end
  local state = redis.call('HGET', meta, 'state')
  if state == 'running' or state == 'paused' then
    redis.call('HSET', meta, 'state', 'completed', 'finished_at', now)
    redis.call('SREM', active, id)
  elseif state == 'cancelled' then
    redis.call('SREM', active, id)
    if redis.call('HEXISTS', meta, 'finished_at') == 0 then redis.call('HSET', meta, 'finished_at', now) end
  end
end
`;

/**
 * KEYS meta, phones, due. ARGV contactPrefix, then (phone, tz, vars, line) per row.
 * Adds the rows whose number the campaign does not have yet; returns the lines of the others.
 */
export const IMPORT_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'state') ~= 'draft' then return redis.error_reply('NOTDRAFT contacts can only be added to a draft campaign') end
local prefix = ARGV[1]
local duplicates = {}
for i = 2, #ARGV, 4 do
  local phone = ARGV[i]
  if redis.call('HEXISTS', KEYS[2], phone) == 0 then
    local n = redis.call('HINCRBY', KEYS[1], 'total', 1)
    redis.call('HSET', KEYS[2], phone, n)
    local key = prefix .. n
    redis.call('HSET', key, 'phone', phone, 'line', ARGV[i + 3], 'state', 'pending', 'attempts', 0)
    if ARGV[i + 1] ~= '' then redis.call('HSET', key, 'tz', ARGV[i + 1]) end
    if ARGV[i + 2] ~= '' then redis.call('HSET', key, 'vars', ARGV[i + 2]) end
    redis.call('ZADD', KEYS[3], 0, n)
  else
    duplicates[#duplicates + 1] = ARGV[i + 3]
  end
end
return duplicates
`);

/** KEYS meta, active, due, live. ARGV action (start | pause | resume | cancel), now, id. Returns {result, state}. */
export const TRANSITION_SCRIPT = new LuaScript(`${SETTLE}
local meta = KEYS[1]
local state = redis.call('HGET', meta, 'state')
if not state then return {'missing', ''} end
local action = ARGV[1]
local to
if action == 'start' and state == 'draft' then to = 'running'
elseif action == 'pause' and state == 'running' then to = 'paused'
elseif action == 'resume' and state == 'paused' then to = 'running'
elseif action == 'cancel' and (state == 'draft' or state == 'running' or state == 'paused') then to = 'cancelled'
else return {'refused', state} end
if action == 'start' and tonumber(redis.call('HGET', meta, 'total') or '0') == 0 then return {'empty', state} end
redis.call('HSET', meta, 'state', to)
if action == 'start' then redis.call('HSET', meta, 'started_at', ARGV[2]) end
if action == 'pause' then redis.call('HSET', meta, 'paused_at', ARGV[2]) end
if to == 'running' then redis.call('HSET', meta, 'tokens', 1, 'tokens_at', ARGV[2]) end
if to == 'cancelled' then redis.call('HSET', meta, 'cancelled_at', ARGV[2]) end
redis.call('SADD', KEYS[2], ARGV[3])
settle(meta, KEYS[3], KEYS[4], KEYS[2], ARGV[3], ARGV[2])
return {'ok', redis.call('HGET', meta, 'state')}
`);

/**
 * KEYS meta, due, live, campaign dnc, global dnc, rate, active, unconfirmed. ARGV contactPrefix, now, id, then
 * candidate contacts (due and inside their window, as the dispatcher found them).
 * For each candidate still due: a number on a do-not-call list is final (dnc) without a dial;
 * otherwise, while the pacing bucket has a token and a live-call slot is free, the contact's next
 * attempt is claimed (dialing, attempts + 1, a slot taken). Nothing is claimed unless running.
 * Returns {n, 'dial', attempt, seq, phone, tz, vars} and {n, 'dnc'} entries.
 */
export const CLAIM_SCRIPT = new LuaScript(`${SETTLE}
local meta, due, live = KEYS[1], KEYS[2], KEYS[3]
if redis.call('HGET', meta, 'state') ~= 'running' then return {} end
local now = tonumber(ARGV[2])
local rate = tonumber(redis.call('HGET', meta, 'rate'))
local burst = tonumber(redis.call('HGET', meta, 'burst'))
local tokens = tonumber(redis.call('HGET', meta, 'tokens') or burst)
local at = tonumber(redis.call('HGET', meta, 'tokens_at') or now)
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate / 1000)
  at = now
end
local slots = tonumber(redis.call('HGET', meta, 'max_live')) - redis.call('ZCARD', live)
local prefix = ARGV[1]
local out = {}
for i = 4, #ARGV do
  local n = ARGV[i]
  local score = redis.call('ZSCORE', due, n)
  if score and tonumber(score) <= now then
    local key = prefix .. n
    local phone = redis.call('HGET', key, 'phone')
    if redis.call('SISMEMBER', KEYS[4], phone) == 1 or redis.call('SISMEMBER', KEYS[5], phone) == 1 then
      redis.call('ZREM', due, n)
      redis.call('HSET', key, 'state', 'done', 'outcome', 'dnc', 'ended_at', ARGV[2])
      redis.call('HINCRBY', meta, 'done', 1)
      redis.call('HINCRBY', meta, 'o:dnc', 1)
      out[#out + 1] = {n, 'dnc'}
    elseif tokens >= 1 and slots >= 1 then
      tokens = tokens - 1
      slots = slots - 1
      local attempt = redis.call('HINCRBY', key, 'attempts', 1)
      local seq = redis.call('HINCRBY', meta, 'dials', 1)
      redis.call('ZREM', due, n)
      redis.call('ZADD', live, now, n)
      redis.call('HSET', key, 'state', 'dialing', 'seq', seq, 'dialed_at', ARGV[2])
      redis.call('ZADD', KEYS[8], now, n)
      redis.call('ZADD', KEYS[6], now, n .. ':' .. attempt)
      out[#out + 1] = {n, 'dial', attempt, seq, phone, redis.call('HGET', key, 'tz') or '', redis.call('HGET', key, 'vars') or ''}
    end
  end
end
redis.call('HSET', meta, 'tokens', tostring(tokens), 'tokens_at', tostring(at))
redis.call('ZREMRANGEBYSCORE', KEYS[6], '-inf', now - 60000)
settle(meta, due, live, KEYS[7], ARGV[3], ARGV[2])
return out
`);

/** KEYS due. ARGV now, then (contact, new due) pairs: moves contacts still due (not claimed meanwhile) to their window's opening. */
export const RESCHEDULE_SCRIPT = new LuaScript(`
local now = tonumber(ARGV[1])
local moved = 0
for i = 2, #ARGV, 2 do
  local score = redis.call('ZSCORE', KEYS[1], ARGV[i])
  if score and tonumber(score) <= now then
    redis.call('ZADD', KEYS[1], ARGV[i + 1], ARGV[i])
    moved = moved + 1
  end
end
return moved
`);

/**
 * KEYS meta, due, live, active, unconfirmed. ARGV contactPrefix, n, attempt, kind, status, now, sid, answeredBy,
 * duration, id, error, to.
 * Binding: the attempt's call is the first callback whose To is the contact's number (Telnyx signs
 * To; the create answer carries no call sid, so nothing earlier can name it); from then on only that
 * CallSid counts and any other is 'foreign'. An AMD verdict (no To) is kept with its sid and counts
 * only for that call.
 * kind progress: a call status on the way (sid, AMD, answered); final: the call ended with
 * `status`; timeout: no completed callback in time (unknown); error: the dial job failed.
 * Only the contact's current attempt counts (an older attempt's late callback is stale), and only
 * once (a redelivery finds the attempt settled). A final outcome frees the slot, then either
 * schedules the next attempt (retry policy, not cancelled) or makes the contact done.
 */
export const RECORD_SCRIPT = new LuaScript(`${SETTLE}
local meta, due, live = KEYS[1], KEYS[2], KEYS[3]
local key = ARGV[1] .. ARGV[2]
local attempt = tonumber(ARGV[3])
if tonumber(redis.call('HGET', key, 'attempts') or '-1') ~= attempt then return 'stale' end
local kind, now, sid = ARGV[4], ARGV[6], ARGV[7]
if kind == 'progress' or kind == 'final' then
  -- A callback speaks for the attempt only from the call it placed (docs/security.md).
  if sid == '' then return 'foreign' end
  local bound = nil
  if tonumber(redis.call('HGET', key, 'sid_attempt') or '-1') == attempt then bound = redis.call('HGET', key, 'sid') end
  if bound then
    if bound ~= sid then return 'foreign' end
  elseif ARGV[12] ~= '' then
    if ARGV[12] ~= redis.call('HGET', key, 'phone') then return 'foreign' end
    redis.call('HSET', key, 'sid', sid, 'sid_attempt', attempt)
    redis.call('ZREM', KEYS[5], ARGV[2])
  elseif kind == 'final' then
    return 'foreign'
  end
end
if ARGV[8] ~= '' then redis.call('HSET', key, 'amd', ARGV[8], 'amd_sid', sid) end
local state = redis.call('HGET', key, 'state')
if kind == 'progress' then
  if ARGV[5] == 'in-progress' and state == 'dialing' then redis.call('HSET', key, 'answered_at', now) end
  return 'noted'
end
local outcome
if kind == 'final' then
  local status = ARGV[5]
  if status == 'completed' then
    local amd = redis.call('HGET', key, 'amd') or ''
    -- A verdict counts only if it came from the call that ended (it carries no To to bind by).
    if redis.call('HGET', key, 'amd_sid') ~= sid then amd = '' end
    if string.sub(amd, 1, 7) == 'machine' or amd == 'fax' then outcome = 'machine' else outcome = 'answered' end
  elseif status == 'busy' or status == 'no-answer' or status == 'failed' then outcome = status
  else outcome = 'failed' end
elseif kind == 'timeout' then outcome = 'unknown'
else outcome = 'error' end
if state ~= 'dialing' then
  -- The real end of a call given up on as unknown: correct the outcome (no retry).
  if kind == 'final' and state == 'done' and redis.call('HGET', key, 'outcome') == 'unknown' then
    redis.call('HSET', key, 'outcome', outcome, 'last_outcome', outcome)
    if ARGV[9] ~= '' then redis.call('HSET', key, 'duration', ARGV[9]) end
    redis.call('HINCRBY', meta, 'o:unknown', -1)
    redis.call('HINCRBY', meta, 'o:' .. outcome, 1)
    return 'corrected'
  end
  return 'duplicate'
end
redis.call('ZREM', live, ARGV[2])
redis.call('ZREM', KEYS[5], ARGV[2])
local history = redis.call('HGET', key, 'history')
if history and history ~= '' then history = history .. ' ' .. outcome else history = outcome end
redis.call('HSET', key, 'last_outcome', outcome, 'history', history, 'ended_at', now)
if ARGV[9] ~= '' then redis.call('HSET', key, 'duration', ARGV[9]) end
if ARGV[11] ~= '' then redis.call('HSET', key, 'error', ARGV[11]) end
local policy = cjson.decode(redis.call('HGET', meta, 'retry') or '{}')
local rule = policy[outcome]
if rule and attempt < rule[2] and redis.call('HGET', meta, 'state') ~= 'cancelled' then
  redis.call('HSET', key, 'state', 'pending')
  redis.call('ZADD', due, tonumber(now) + rule[1], ARGV[2])
  redis.call('HINCRBY', meta, 'retries', 1)
  return 'retry'
end
redis.call('HSET', key, 'state', 'done', 'outcome', outcome)
redis.call('HINCRBY', meta, 'done', 1)
redis.call('HINCRBY', meta, 'o:' .. outcome, 1)
settle(meta, due, live, KEYS[4], ARGV[10], now)
return outcome
`);

/** KEYS meta, due, live, active. ARGV contactPrefix, now, id, limit. A cancelled campaign's waiting contacts become done (cancelled). */
export const CANCEL_BATCH_SCRIPT = new LuaScript(`${SETTLE}
if redis.call('HGET', KEYS[1], 'state') ~= 'cancelled' then return 0 end
local ids = redis.call('ZRANGE', KEYS[2], 0, tonumber(ARGV[4]) - 1)
for _, n in ipairs(ids) do
  redis.call('ZREM', KEYS[2], n)
  redis.call('HSET', ARGV[1] .. n, 'state', 'done', 'outcome', 'cancelled', 'ended_at', ARGV[2])
end
if #ids > 0 then
  redis.call('HINCRBY', KEYS[1], 'done', #ids)
  redis.call('HINCRBY', KEYS[1], 'o:cancelled', #ids)
end
settle(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[3], ARGV[2])
return #ids
`);
