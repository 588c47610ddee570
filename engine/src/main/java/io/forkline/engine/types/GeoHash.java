package io.forkline.engine.types;

/**
 * The geohash arithmetic behind GEO commands, as Redis 7.0's geohash.c and geohash_helper.c compute it, so that
 * scores, positions, distances and search areas agree with Redis's to the bit: a point's score is its 52-bit
 * geohash (26 steps of latitude and longitude bits, interleaved), over latitudes within ±85.05112878 (the
 * Web Mercator limit) and longitudes within ±180.
 */
final class GeoHash {

    static final double LAT_MIN = -85.05112878;
    static final double LAT_MAX = 85.05112878;
    static final double LON_MIN = -180;
    static final double LON_MAX = 180;
    static final int STEP_MAX = 26;
    /** Earth's quadratic mean radius for WGS-84, as Redis uses it. */
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    private static final double MERCATOR_MAX = 20037726.37;
    private static final double DEG_TO_RAD = 0.017453292519943295769236907684886;
    private static final char[] BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    /** A cell: its bits (two per step) and its step. bits 0 with step 0 is "no cell". */
    record Bits(long bits, int step) {
        static final Bits NONE = new Bits(0, 0);

        boolean isNone() {
            return bits == 0 && step == 0;
        }
    }

    /** A cell's bounds. */
    record Area(double lonMin, double lonMax, double latMin, double latMax) {
    }

    private GeoHash() {
    }

    static boolean valid(double lon, double lat) {
        return lon >= LON_MIN && lon <= LON_MAX && lat >= LAT_MIN && lat <= LAT_MAX;
    }

    /** The cell of {@code step} steps holding the point (latitude in the even bits, longitude in the odd). */
    static Bits encode(double lon, double lat, int step) {
        return encode(lon, lat, step, LAT_MIN, LAT_MAX);
    }

    private static Bits encode(double lon, double lat, int step, double latMin, double latMax) {
        double latOffset = (lat - latMin) / (latMax - latMin) * (1L << step);
        double lonOffset = (lon - LON_MIN) / (LON_MAX - LON_MIN) * (1L << step);
        return new Bits(interleave((long) latOffset & 0xFFFFFFFFL, (long) lonOffset & 0xFFFFFFFFL), step);
    }

    /** The 52-bit score of a point. */
    static double score(double lon, double lat) {
        return align52(encode(lon, lat, STEP_MAX));
    }

    static long align52(Bits hash) {
        return hash.bits() << (52 - hash.step() * 2);
    }

    static Area decode(Bits hash) {
        return decode(hash, LAT_MIN, LAT_MAX);
    }

    private static Area decode(Bits hash, double latMin, double latMax) {
        long separated = deinterleave(hash.bits());
        double latScale = latMax - latMin;
        double lonScale = LON_MAX - LON_MIN;
        long ilat = separated & 0xFFFFFFFFL;
        long ilon = separated >>> 32;
        double cells = 1L << hash.step();
        return new Area(LON_MIN + (ilon / cells) * lonScale, LON_MIN + ((ilon + 1) / cells) * lonScale,
                latMin + (ilat / cells) * latScale, latMin + ((ilat + 1) / cells) * latScale);
    }

    /** The centre of the cell a score names, clamped to the valid range: {lon, lat}. */
    static double[] position(double score) {
        Area area = decode(new Bits((long) score, STEP_MAX));
        double lon = Math.max(LON_MIN, Math.min(LON_MAX, (area.lonMin() + area.lonMax()) / 2));
        double lat = Math.max(LAT_MIN, Math.min(LAT_MAX, (area.latMin() + area.latMax()) / 2));
        return new double[] {lon, lat};
    }

    /** GEOHASH's 11 characters: the standard geohash, over latitudes ±90, of the member's position. */
    static String standard(double score) {
        double[] xy = position(score);
        long bits = encode(xy[0], xy[1], STEP_MAX, -90, 90).bits();
        char[] text = new char[11];
        for (int i = 0; i < 11; i++) {
            int index = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);   // 52 bits fill 10 characters and 2 bits
            text[i] = BASE32[index];
        }
        return new String(text);
    }

    // ---------------------------------------------------------------------------------------------
    // Distances

    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = lon1 * DEG_TO_RAD;
        double lon2r = lon2 * DEG_TO_RAD;
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {   // the same meridian: the latitude difference alone
            return EARTH_RADIUS_IN_METERS * Math.abs(lat2 * DEG_TO_RAD - lat1 * DEG_TO_RAD);
        }
        double lat1r = lat1 * DEG_TO_RAD;
        double lat2r = lat2 * DEG_TO_RAD;
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    // ---------------------------------------------------------------------------------------------
    // Search areas

    /** A search: its centre, and a radius or a box (all in meters once multiplied by {@code toMeters}). */
    record Shape(double lon, double lat, boolean box, double radius, double width, double height, double toMeters) {

        /** The distance from the centre if the point is inside, else -1. */
        double contains(double lon2, double lat2) {
            if (!box) {
                double distance = distance(lon, lat, lon2, lat2);
                return distance > radius * toMeters ? -1 : distance;
            }
            // Redis's geohashGetDistanceIfInRectangle: latitude distance, then longitude distance at the point's latitude
            double latDistance = EARTH_RADIUS_IN_METERS * Math.abs(lat * DEG_TO_RAD - lat2 * DEG_TO_RAD);
            if (latDistance > height * toMeters / 2) {
                return -1;
            }
            double lonDistance = distance(lon2, lat2, lon, lat2);
            if (lonDistance > width * toMeters / 2) {
                return -1;
            }
            return distance(lon, lat, lon2, lat2);
        }

        /** {minLon, minLat, maxLon, maxLat}. */
        double[] bounds() {
            double h = toMeters * (box ? height / 2 : radius);
            double w = toMeters * (box ? width / 2 : radius);
            double latDelta = h / EARTH_RADIUS_IN_METERS / DEG_TO_RAD;
            double lonDeltaTop = w / EARTH_RADIUS_IN_METERS / Math.cos((lat + latDelta) * DEG_TO_RAD) / DEG_TO_RAD;
            double lonDeltaBottom = w / EARTH_RADIUS_IN_METERS / Math.cos((lat - latDelta) * DEG_TO_RAD) / DEG_TO_RAD;
            boolean southern = lat < 0;
            return new double[] {southern ? lon - lonDeltaBottom : lon - lonDeltaTop, lat - latDelta,
                    southern ? lon + lonDeltaBottom : lon + lonDeltaTop, lat + latDelta};
        }
    }

    static int stepsForRadius(double meters, double lat) {
        if (meters == 0) {
            return STEP_MAX;
        }
        int step = 1;
        while (meters < MERCATOR_MAX) {
            meters *= 2;
            step++;
        }
        step -= 2;   // so that the radius is within the cell and its neighbours in most cases
        if (lat > 66 || lat < -66) {
            step--;
            if (lat > 80 || lat < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(STEP_MAX, step));
    }

    /**
     * The cells to search, as Redis's geohashCalculateAreasByShapeWGS84: the centre's cell and its eight
     * neighbours, in Redis's order (self, N, S, E, W, NE, NW, SE, SW), with those that cannot hold a match
     * replaced by {@link Bits#NONE}.
     */
    static Bits[] searchCells(Shape shape) {
        double[] bounds = shape.bounds();
        double radius = shape.box() ? Math.sqrt((shape.width() / 2) * (shape.width() / 2) + (shape.height() / 2) * (shape.height() / 2))
                : shape.radius();
        int steps = stepsForRadius(radius * shape.toMeters(), shape.lat());
        Bits hash = encode(shape.lon(), shape.lat(), steps);
        Bits[] cells = neighbours(hash);
        Area area = decode(hash);
        boolean decrease = decode(cells[1]).latMax() < bounds[3] || decode(cells[2]).latMin() > bounds[1]
                || decode(cells[3]).lonMax() < bounds[2] || decode(cells[4]).lonMin() > bounds[0];
        if (steps > 1 && decrease) {
            steps--;
            hash = encode(shape.lon(), shape.lat(), steps);
            cells = neighbours(hash);
            area = decode(hash);
        }
        if (steps >= 2) {   // drop the neighbours the search area does not reach
            if (area.latMin() < bounds[1]) {
                cells[2] = cells[7] = cells[8] = Bits.NONE;
            }
            if (area.latMax() > bounds[3]) {
                cells[1] = cells[5] = cells[6] = Bits.NONE;
            }
            if (area.lonMin() < bounds[0]) {
                cells[4] = cells[8] = cells[6] = Bits.NONE;
            }
            if (area.lonMax() > bounds[2]) {
                cells[3] = cells[7] = cells[5] = Bits.NONE;
            }
        }
        return cells;
    }

    /** {self, N, S, E, W, NE, NW, SE, SW}. */
    private static Bits[] neighbours(Bits hash) {
        return new Bits[] {hash, move(hash, 0, 1), move(hash, 0, -1), move(hash, 1, 0), move(hash, -1, 0),
                move(hash, 1, 1), move(hash, -1, 1), move(hash, 1, -1), move(hash, -1, -1)};
    }

    /** The cell {@code dx} east and {@code dy} north, wrapping around as Redis's bit arithmetic does. */
    private static Bits move(Bits hash, int dx, int dy) {
        long bits = moveAxis(hash.bits(), 0xaaaaaaaaaaaaaaaaL, dx, hash.step());   // longitude: the odd bits
        bits = moveAxis(bits, 0x5555555555555555L, dy, hash.step());   // latitude: the even bits
        return new Bits(bits, hash.step());
    }

    /** Adds {@code d} (-1, 0 or 1) to the coordinate held in the bits {@code axis} selects, wrapping at the step's width. */
    private static long moveAxis(long bits, long axis, int d, int step) {
        if (d == 0) {
            return bits;
        }
        long value = bits & axis;
        long others = bits & ~axis;
        long filler = ~axis >>> (64 - step * 2);   // the other axis's bits, set: a carry passes over them
        value = d > 0 ? value + (filler + 1) : (value | filler) - (filler + 1);
        value &= axis >>> (64 - step * 2);
        return value | others;
    }

    // ---------------------------------------------------------------------------------------------
    // Bit interleaving

    /** x's bits in the even positions, y's in the odd. */
    private static long interleave(long x, long y) {
        return spread(x) | (spread(y) << 1);
    }

    private static long spread(long v) {
        v = (v | (v << 16)) & 0x0000FFFF0000FFFFL;
        v = (v | (v << 8)) & 0x00FF00FF00FF00FFL;
        v = (v | (v << 4)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v << 2)) & 0x3333333333333333L;
        v = (v | (v << 1)) & 0x5555555555555555L;
        return v;
    }

    /** The even bits in the low half, the odd bits in the high half. */
    private static long deinterleave(long interleaved) {
        return squeeze(interleaved) | (squeeze(interleaved >>> 1) << 32);
    }

    private static long squeeze(long v) {
        v &= 0x5555555555555555L;
        v = (v | (v >>> 1)) & 0x3333333333333333L;
        v = (v | (v >>> 2)) & 0x0F0F0F0F0F0F0F0FL;
        v = (v | (v >>> 4)) & 0x00FF00FF00FF00FFL;
        v = (v | (v >>> 8)) & 0x0000FFFF0000FFFFL;
        v = (v | (v >>> 16)) & 0x00000000FFFFFFFFL;
        return v;
    }
}
