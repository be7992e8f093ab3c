-- near_duplicate: the dedup verdict of an article, and the article added to the index if it is
-- new to it, in one atomic step (two workers racing on two copies cannot both get "unique").
--
-- The index is kept in generations (time buckets), one hash each; the caller's current bucket
-- takes the inserts, and each expires a window after its bucket ends. Fields of a hash:
--   "#"                 -> the last doc number given out in this bucket
--   "i" .. article id   -> its body's exact hash (16 bytes), then its verdict
--                          "status|similarity|story": a retry gets the same verdict; a new body
--                          under the id (a page fetched again) is judged again
--   "d" .. doc number   -> the doc's packed record: shingles, id, story, signature, leads
--   band key            -> the newest doc number with that LSH band ("b", band, 8 bytes)
--   "e" .. exact hash   -> the newest doc number with that body (16 bytes)
-- KEYS[1..n] the buckets' hashes, newest first: the next bucket (a worker whose clock runs
--             ahead may already write there), the current one, then the older ones
-- ARGV[1] article id          ARGV[2] exact hash       ARGV[3] signature (uint32 each)
-- ARGV[4] shingle count       ARGV[5] lead sketch      ARGV[6] second lead sketch, or ""
-- ARGV[7] expiry of the current bucket (unix seconds); it is KEYS[2]
-- ARGV[8] Jaccard threshold   ARGV[9] containment threshold   ARGV[10] its Jaccard floor
-- ARGV[11] lead threshold     ARGV[12] most shingles of the shorter doc for a lead match
-- ARGV[13] the band keys, 10 bytes each ("b", band number, 8 bytes), body and lead bands
--
-- Returns the verdict "status|similarity|story", status u(nique), e(xact) or n(ear).

local generations = #KEYS
local CURRENT = KEYS[2]
local id, exact, signature = ARGV[1], ARGV[2], ARGV[3]
local shingles = tonumber(ARGV[4])
local leads = {ARGV[5]}
if ARGV[6] ~= '' then leads[2] = ARGV[6] end
local expire_at = tonumber(ARGV[7])
local min_jaccard, min_containment = tonumber(ARGV[8]), tonumber(ARGV[9])
local containment_floor, min_lead = tonumber(ARGV[10]), tonumber(ARGV[11])
local lead_max_shingles = tonumber(ARGV[12])

-- One look-up a generation: the id, the body, every band.
local fields = {'i' .. id, 'e' .. exact}
for at = 1, #ARGV[13], 10 do fields[#fields + 1] = string.sub(ARGV[13], at, at + 9) end
local found = {}
local judged = false
for g = 1, generations do
    found[g] = redis.call('HMGET', KEYS[g], unpack(fields))
    local seen = found[g][1]
    if seen and not judged then
        judged = true  -- the newest verdict of the id counts
        if string.sub(seen, 1, 16) == exact then return string.sub(seen, 17) end
    end
end

local function unpack_record(record)
    local count, id_len, story_len, sig_len, lead_len, lead_count =
        struct.unpack('>I4I4I4I4I4I1', record)
    local at = 22
    local doc = {shingles = count, leads = {}}
    doc.id = string.sub(record, at, at + id_len - 1); at = at + id_len
    doc.story = string.sub(record, at, at + story_len - 1); at = at + story_len
    doc.signature = string.sub(record, at, at + sig_len - 1); at = at + sig_len
    for i = 1, lead_count do
        doc.leads[i] = string.sub(record, at, at + lead_len - 1); at = at + lead_len
    end
    return doc
end

-- A sketch as a table of numbers: one struct.unpack, then comparisons without allocation.
local formats = {}
local function slots(sketch)
    local count = #sketch / 4
    if count == 0 then return {} end
    local format = formats[count]
    if not format then
        format = '<' .. string.rep('I4', count)
        formats[count] = format
    end
    local values = {struct.unpack(format, sketch)}
    values[#values] = nil  -- struct.unpack also returns the next position
    return values
end

local function agreement(a, b)
    if #a ~= #b or #a == 0 then return 0 end
    local same = 0
    for i = 1, #a do
        if a[i] == b[i] then same = same + 1 end
    end
    return same / #a
end

local function finish(status, similarity, story, insert)
    local verdict = status .. '|' .. string.format('%.4f', similarity) .. '|' .. story
    local writes = {'i' .. id, exact .. verdict}
    if insert then
        local number = redis.call('HINCRBY', CURRENT, '#', 1)
        local record = struct.pack('>I4I4I4I4I4I1', shingles, #id, #story, #signature,
            #leads[1], #leads) .. id .. story .. signature .. table.concat(leads)
        writes[#writes + 1] = 'd' .. number
        writes[#writes + 1] = record
        writes[#writes + 1] = 'e' .. exact
        writes[#writes + 1] = number
        for i = 3, #fields do  -- a band points at the newest doc with it; each doc has its story
            writes[#writes + 1] = fields[i]
            writes[#writes + 1] = number
        end
    end
    redis.call('HSET', CURRENT, unpack(writes))
    redis.call('EXPIREAT', CURRENT, expire_at)
    return verdict
end

-- The doc records a generation's numbers point at, in one call.
local function records(g, numbers)
    local names = {}
    for i, number in ipairs(numbers) do names[i] = 'd' .. number end
    if #names == 0 then return {} end
    return redis.call('HMGET', KEYS[g], unpack(names))
end

-- The same body: an exact copy of the story of the doc that has it. An earlier body of this
-- same id, or a copy of it (a doc of this id's story), is never its copy, here or below.
local function other_story(doc) return doc.id ~= id and doc.story ~= id end
for g = 1, generations do
    local number = found[g][2]
    if number then
        local record = records(g, {number})[1]
        if record then
            local doc = unpack_record(record)
            if other_story(doc) then return finish('e', 1, doc.story, false) end
        end
    end
end

-- Candidates sharing a band, verified against their signatures and lead sketches.
local my_signature = slots(signature)
local my_leads = {}
for i, lead in ipairs(leads) do my_leads[i] = slots(lead) end
local best, best_score = nil, 0
for g = 1, generations do
    local numbers, seen = {}, {}
    for i = 3, #fields do
        local number = found[g][i]
        if number and not seen[number] then
            seen[number] = true
            numbers[#numbers + 1] = number
        end
    end
    for _, record in ipairs(records(g, numbers)) do
        local doc = record and unpack_record(record)
        if doc and other_story(doc) then
            local jaccard = agreement(my_signature, slots(doc.signature))
            local shorter = math.min(shingles, doc.shingles)
            local containment = 0
            if shorter > 0 then
                containment = math.min(1,
                    jaccard * (shingles + doc.shingles) / ((1 + jaccard) * shorter))
            end
            local lead = 0
            for j, theirs in ipairs(doc.leads) do
                local their_slots = slots(theirs)
                for i, mine in ipairs(my_leads) do
                    if i == 1 or j == 1 then lead = math.max(lead, agreement(mine, their_slots)) end
                end
            end
            local score = 0
            if jaccard >= min_jaccard then
                score = jaccard
            elseif containment >= min_containment and jaccard >= containment_floor then
                score = containment
            elseif lead >= min_lead and shorter <= lead_max_shingles then
                score = lead
            end
            if score > best_score then best, best_score = doc, score end
        end
    end
end

if best then return finish('n', best_score, best.story, true) end
return finish('u', 0, id, true)
