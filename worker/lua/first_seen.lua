-- first_seen: remember the first id seen with a value, atomically.
--
-- KEYS[1]  the key for the value (e.g. the hash of an article's normalised body)
-- ARGV[1]  the id of the article offering the value
-- ARGV[2]  the window in seconds: how long the first id is remembered
--
-- Returns the first id seen with the value: ARGV[1] itself when the value is new (or when the
-- same id comes again), another id when that article got there first.
local first = redis.call('GET', KEYS[1])
if first then
    return first
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
return ARGV[1]
