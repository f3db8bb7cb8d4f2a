-- Reports' coordinates are kept to two decimals (about 1 km): the place in words is sealed,
-- these are not, and a pin at full precision could say which house. Those kept before are
-- rounded the same way.
UPDATE reports SET lat = ROUND(CAST(lat AS NUMERIC), 2), lon = ROUND(CAST(lon AS NUMERIC), 2)
    WHERE lat IS NOT NULL OR lon IS NOT NULL;
