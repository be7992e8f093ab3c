-- add_once: XADD an entry to a stream unless the same entry was already added.
--
-- KEYS[1]  the stream
-- KEYS[2]  the marker of this entry key (a hash: fp = fingerprint, entry = stream entry id,
--          seen = when the last add, or attempt to add, happened: Redis time in milliseconds)
-- ARGV[1]  the fingerprint of the entry's content
-- ARGV[2]  how long the marker lives, in seconds
-- ARGV[3]  the stream's approximate MAXLEN
-- ARGV[4..] field, value, field, value, ... of the entry
--
-- Returns {1, entry id} when added, {0, entry id of the earlier add} when an entry with the
-- same key and fingerprint was already added (a retried publish adds nothing). A changed
-- fingerprint under the same key (a corrected article) is added again.
local now = redis.call('TIME')
local seen = now[1] * 1000 + math.floor(now[2] / 1000)
local fp = redis.call('HGET', KEYS[2], 'fp')
if fp == ARGV[1] then
    redis.call('HSET', KEYS[2], 'seen', seen)
    return {0, redis.call('HGET', KEYS[2], 'entry')}
end
local fields = {}
for i = 4, #ARGV do
    fields[#fields + 1] = ARGV[i]
end
local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[3], '*', unpack(fields))
redis.call('HSET', KEYS[2], 'fp', ARGV[1], 'entry', entry, 'seen', seen)
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[2]))
return {1, entry}
