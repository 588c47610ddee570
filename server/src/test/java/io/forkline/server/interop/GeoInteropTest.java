package io.forkline.server.interop;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * GEO commands against forkline and Debian's redis-server 7.0.15 (on free loopback ports, stopped by the test),
 * in the same order from empty databases: every reply must be byte for byte the same, errors included, then a
 * seeded set of random points searched by radius and by box from random centres.
 */
class GeoInteropTest extends SideBySideFixture {

    private static final String[][] CASES = {
            {"GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"},
            {"GEOADD", "Sicily", "NX", "CH", "13.361389", "38.115556", "Palermo", "13.5", "38", "Other"},
            {"GEOADD", "Sicily", "XX", "CH", "13.4", "38.1", "Other"},
            {"GEOADD", "Sicily", "XX", "NX", "13.4", "38.1", "Other"},
            {"GEOADD", "Sicily", "13.4", "38.1"},
            {"GEOADD", "Sicily", "200", "38.1", "Bad"},
            {"GEOADD", "Sicily", "x", "38.1", "Bad"},
            {"ZSCORE", "Sicily", "Palermo"},
            {"GEOPOS", "Sicily", "Palermo", "Catania", "missing"},
            {"GEOPOS", "nokey", "a"},
            {"GEOHASH", "Sicily", "Palermo", "Catania", "missing"},
            {"GEODIST", "Sicily", "Palermo", "Catania"},
            {"GEODIST", "Sicily", "Palermo", "Catania", "km"},
            {"GEODIST", "Sicily", "Palermo", "Catania", "mi"},
            {"GEODIST", "Sicily", "Palermo", "missing"},
            {"GEODIST", "Sicily", "Palermo", "Catania", "yards"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "DESC", "COUNT", "1"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "ANY"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "ANY"},
            {"GEORADIUS", "Sicily", "15", "37", "-1", "km"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "0"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dest", "WITHDIST"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "dest"},
            {"ZRANGE", "dest", "0", "-1", "WITHSCORES"},
            {"GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "dest"},
            {"ZRANGE", "dest", "0", "-1", "WITHSCORES"},
            {"GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "dest"},
            {"GEORADIUSBYMEMBER", "Sicily", "Palermo", "300", "km", "WITHDIST"},
            {"GEORADIUSBYMEMBER", "Sicily", "missing", "300", "km"},
            {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC", "WITHDIST"},
            {"GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "DESC", "WITHCOORD"},
            {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "BYBOX", "1", "1", "km"},
            {"GEOSEARCH", "Sicily", "BYRADIUS", "200", "km"},
            {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37"},
            {"GEOSEARCH", "Sicily", "FROMMEMBER", "missing", "BYRADIUS", "200", "km"},
            {"GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "-1", "1", "km"},
            {"GEOSEARCHSTORE", "dest2", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STOREDIST"},
            {"ZRANGE", "dest2", "0", "-1", "WITHSCORES"},
            {"GEOSEARCHSTORE", "dest2", "nokey", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km"},
            {"EXISTS", "dest2"},
            {"GEOSEARCHSTORE", "dest2", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "WITHDIST"},
            {"GEOSEARCH", "nokey", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km"},
            {"SET", "str", "x"},
            {"GEOPOS", "str", "a"},
            {"GEOADD", "poles", "0", "85.05112878", "north", "179.9999", "-85.05112878", "south", "-180", "0", "dateline"},
            {"GEOPOS", "poles", "north", "south", "dateline"},
            {"GEOHASH", "poles", "north", "south", "dateline"},
            {"GEOSEARCH", "poles", "FROMLONLAT", "179", "0", "BYRADIUS", "500", "km", "WITHDIST"},
    };

    @Test
    void repliesAgree() throws Exception {
        for (String[] command : CASES) {
            servers.compare(command);
        }
        long seed = 20261126L;
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 400; i++) {
            servers.compare("GEOADD", "points", coordinate(random, 40), coordinate(random, 30), "p" + i);
        }
        for (int i = 0; i < 60; i++) {
            String lon = coordinate(random, 40);
            String lat = coordinate(random, 30);
            String size = Integer.toString(1 + random.nextInt(2000));
            servers.compare("GEOSEARCH", "points", "FROMLONLAT", lon, lat, "BYRADIUS", size, "km", "ASC", "WITHDIST");
            servers.compare("GEOSEARCH", "points", "FROMLONLAT", lon, lat, "BYBOX", size, size, "km", "ASC", "WITHHASH");
        }
        assertThat(servers.differences()).as("seed %d", seed).isEmpty();
    }

    private static String coordinate(SplittableRandom random, double range) {
        return String.format(java.util.Locale.ROOT, "%.6f", (random.nextDouble() * 2 - 1) * range);
    }
}
