package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GEO commands in the engine, with what Debian's redis-server 7.0.15 answered as expectations (GeoInteropTest in
 * the server compares many more replies with a running Redis), and what they propagate.
 */
class GeoCommandsTest {

    private final EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void scoresPositionsAndDistancesAsRedis() {
        assertThat(t.call("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"))
                .isEqualTo(integer(2));
        assertThat(t.call("ZSCORE", "Sicily", "Palermo")).isEqualTo(bulk("3479099956230698"));
        assertThat(t.call("ZSCORE", "Sicily", "Catania")).isEqualTo(bulk("3479447370796909"));
        assertThat(t.call("GEOHASH", "Sicily", "Palermo", "Catania")).isEqualTo(array(bulk("sqc8b49rny0"), bulk("sqdtr74hyu0")));
        assertThat(t.call("GEOPOS", "Sicily", "Palermo", "missing"))
                .isEqualTo("*2\r\n" + array(bulk("13.36138933897018433"), bulk("38.11555639549629859")) + "*-1\r\n");
        assertThat(t.call("GEODIST", "Sicily", "Palermo", "Catania", "km")).isEqualTo(bulk("166.2742"));
        assertThat(t.call("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"))
                .isEqualTo(array(array(bulk("Catania"), bulk("56.4413")), array(bulk("Palermo"), bulk("190.4424"))));
    }

    @Test
    void geoaddPropagatesAsZaddAndStoresAsDelAndZadd() {
        t.call("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo");
        assertThat(t.effects()).isEqualTo(command("ZADD", "Sicily", "3479099956230698", "Palermo"));
        assertThat(t.call("GEOSEARCHSTORE", "near", "Sicily", "FROMLONLAT", "13", "38", "BYRADIUS", "100", "km")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("ZADD", "near", "3479099956230698", "Palermo"));   // nothing to delete first
        assertThat(t.call("GEOSEARCHSTORE", "near", "Sicily", "FROMLONLAT", "13", "38", "BYRADIUS", "100", "km")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("DEL", "near") + command("ZADD", "near", "3479099956230698", "Palermo"));
        assertThat(t.call("GEOSEARCH", "Sicily", "FROMLONLAT", "13", "38", "BYRADIUS", "100", "km")).isEqualTo(array(bulk("Palermo")));
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void positionsRoundTripThroughScores() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            double lon = (random.nextDouble() * 2 - 1) * 180;
            double lat = (random.nextDouble() * 2 - 1) * GeoHash.LAT_MAX;
            double[] back = GeoHash.position(GeoHash.score(lon, lat));
            // a 26-step cell is under 0.6 m across: its centre is within a few micro-degrees of the point
            assertThat(Math.abs(back[0] - lon)).isLessThan(1e-5);
            assertThat(Math.abs(back[1] - lat)).isLessThan(1e-5);
        }
    }
}
