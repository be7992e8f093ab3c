-- count_source_lines: count an article's lines once for its source, in the source's current
-- time bucket, and tell how many distinct articles of the source in the window hold each line.
--
-- KEYS[1]    the marker of this article of this source (a string, set once, with ARGV[1] as TTL)
-- KEYS[2]    the source's current bucket (a hash: line key -> number of articles holding it)
-- KEYS[3..]  the source's older buckets still inside the window (only read)
-- ARGV[1]    the TTL in seconds of the marker and of the current bucket (the window)
-- ARGV[2]    the most fields a bucket holds: a full bucket still counts the lines it has, and
--            takes no new ones (those count 0 in it)
-- ARGV[3..]  the line keys of the article (a key given twice counts once)
--
-- Returns, for each line key of ARGV[3..] in order, its count summed over all the buckets, this
-- article included. When the marker exists already (the article was counted before: a retry)
-- nothing is written and the counts are only read.
local ttl = tonumber(ARGV[1])
local max_fields = tonumber(ARGV[2])
local CHUNK = 1000 -- HMGET arguments per call (unpack has a limit)

local lines = {}
local unique = {}
for i = 3, #ARGV do
    if not unique[ARGV[i]] then
        unique[ARGV[i]] = true
        lines[#lines + 1] = ARGV[i]
    end
end
if #lines == 0 then
    return {}
end

local counts = {}

local function add_counts(key)
    for first = 1, #lines, CHUNK do
        local last = math.min(first + CHUNK - 1, #lines)
        local values = redis.call('HMGET', key, unpack(lines, first, last))
        for i = first, last do
            counts[lines[i]] = (counts[lines[i]] or 0) + (tonumber(values[i - first + 1]) or 0)
        end
    end
end

if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ttl) then
    local size = redis.call('HLEN', KEYS[2])
    for _, line in ipairs(lines) do
        if size < max_fields or redis.call('HEXISTS', KEYS[2], line) == 1 then
            local count = redis.call('HINCRBY', KEYS[2], line, 1)
            if count == 1 then
                size = size + 1
            end
            counts[line] = count
        else
            counts[line] = 0
        end
    end
    redis.call('EXPIRE', KEYS[2], ttl)
else
    add_counts(KEYS[2])
end
for k = 3, #KEYS do
    add_counts(KEYS[k])
end

local result = {}
for i = 3, #ARGV do
    result[#result + 1] = counts[ARGV[i]]
end
return result
