package io.forkline.engine.types;

import io.forkline.engine.command.Arguments;
import io.forkline.engine.command.CommandContext;
import io.forkline.engine.command.CommandError;
import io.forkline.engine.command.CommandSpec;
import io.forkline.engine.command.Dispatcher;
import io.forkline.engine.command.Effects;
import io.forkline.engine.command.Parse;
import io.forkline.engine.command.Reply;
import io.forkline.engine.keyspace.KeyEntry;
import io.forkline.engine.resp.RespReply;
import io.forkline.engine.struct.ScoreRange;
import io.forkline.pages.Memory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import static io.forkline.engine.command.Specs.command;

/**
 * The GEO commands, as Redis 7.0's geo.c: points kept in a sorted set, each scored by its 52-bit geohash
 * ({@link GeoHash}). GEOADD is ZADD of the scores (and propagates as ZADD, as in Redis); searches read the
 * nine geohash cells around the centre by score range and keep what lies within the radius or box.
 */
public final class GeoCommands {

    private static final CommandError UNIT = CommandError.of("ERR unsupported unit provided. please use M, KM, FT, MI");

    private final Supplier<Dispatcher> dispatcher;

    private GeoCommands(Supplier<Dispatcher> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @param dispatcher the engine's dispatcher, for GEOADD's ZADD and the stores' writes */
    public static List<CommandSpec> specs(Supplier<Dispatcher> dispatcher) {
        GeoCommands geo = new GeoCommands(dispatcher);
        String g = "geo";
        return List.of(
                command(g, "geoadd", -5, "write denyoom", 1, 1, 1, "Add one or more geospatial items in the geospatial index represented using a sorted set", geo::geoadd),
                command(g, "geopos", -2, "readonly", 1, 1, 1, "Returns longitude and latitude of members of a geospatial index", GeoCommands::geopos),
                command(g, "geodist", -4, "readonly", 1, 1, 1, "Returns the distance between two members of a geospatial index", GeoCommands::geodist),
                command(g, "geohash", -2, "readonly", 1, 1, 1, "Returns members of a geospatial index as standard geohash strings", GeoCommands::geohash),
                command(g, "georadius", -6, "write denyoom movablekeys", 1, 1, 1, "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point",
                        (c, a) -> geo.search(c, a, 1, Source.COORDS, false, false)),
                command(g, "georadius_ro", -6, "readonly", 1, 1, 1, "A read-only variant for GEORADIUS",
                        (c, a) -> geo.search(c, a, 1, Source.COORDS, true, false)),
                command(g, "georadiusbymember", -5, "write denyoom movablekeys", 1, 1, 1, "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member",
                        (c, a) -> geo.search(c, a, 1, Source.MEMBER, false, false)),
                command(g, "georadiusbymember_ro", -5, "readonly", 1, 1, 1, "A read-only variant for GEORADIUSBYMEMBER",
                        (c, a) -> geo.search(c, a, 1, Source.MEMBER, true, false)),
                command(g, "geosearch", -7, "readonly", 1, 1, 1, "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.",
                        (c, a) -> geo.search(c, a, 1, Source.SEARCH, true, false)),
                command(g, "geosearchstore", -8, "write denyoom", 1, 2, 1, "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
                        (c, a) -> geo.search(c, a, 2, Source.SEARCH, true, true)));
    }

    // ---------------------------------------------------------------------------------------------
    // GEOADD, GEOPOS, GEODIST, GEOHASH

    private void geoadd(CommandContext context, Arguments args) {
        int at = 2;
        boolean nx = false;
        boolean xx = false;
        List<String> options = new ArrayList<>();
        while (at < args.count()) {
            if (args.is(at, "nx")) {
                nx = true;
            } else if (args.is(at, "xx")) {
                xx = true;
            } else if (!args.is(at, "ch")) {
                break;
            }
            options.add(args.string(at));
            at++;
        }
        if ((args.count() - at) % 3 != 0 || (xx && nx)) {
            throw CommandError.SYNTAX;
        }
        Arguments zadd = new Arguments();
        zadd.add("ZADD".getBytes(StandardCharsets.US_ASCII));
        zadd.add(args.bytes(1));
        for (String option : options) {
            zadd.add(option.getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = at; i < args.count(); i += 3) {
            double[] xy = lonLat(args, i);
            zadd.add(Long.toString((long) GeoHash.score(xy[0], xy[1])).getBytes(StandardCharsets.US_ASCII));
            zadd.add(args.buffer(), args.offset(i + 2), args.length(i + 2));
        }
        dispatcher.get().execute(context, zadd);   // its reply is GEOADD's, its effect the ZADD Redis propagates
        context.preventPropagation();
    }

    /** The longitude and latitude at {@code at}, checked as Redis's extractLongLatOrReply. */
    private static double[] lonLat(Arguments args, int at) {
        double lon = Parse.doubleArg(args, at);
        double lat = Parse.doubleArg(args, at + 1);
        if (!GeoHash.valid(lon, lat)) {
            throw CommandError.of(String.format(Locale.ROOT, "ERR invalid longitude,latitude pair %f,%f", lon, lat));
        }
        return new double[] {lon, lat};
    }

    private static void geopos(CommandContext context, Arguments args) {
        eachMember(context, args, true, (reply, score) -> {
            double[] xy = GeoHash.position(score);
            reply.array(2);
            reply.bulk(human(xy[0]));
            reply.bulk(human(xy[1]));
        });
    }

    private static void geodist(CommandContext context, Arguments args) {
        if (args.count() > 5) {
            throw CommandError.SYNTAX;
        }
        double toMeters = args.count() == 5 ? unit(args, 4) : 1;
        Scores scores = Scores.of(context, args);
        double a = scores.of(args, 2);
        double b = scores.of(args, 3);
        if (Double.isNaN(a) || Double.isNaN(b)) {
            context.reply().nullBulk();
            return;
        }
        double[] xa = GeoHash.position(a);
        double[] xb = GeoHash.position(b);
        context.reply().bulk(distance(GeoHash.distance(xa[0], xa[1], xb[0], xb[1]) / toMeters));
    }

    private static void geohash(CommandContext context, Arguments args) {
        eachMember(context, args, false, (reply, score) -> reply.bulk(GeoHash.standard(score)));
    }

    /** What GEOPOS and GEOHASH answer for a member they find, from its score. */
    @FunctionalInterface
    private interface MemberReply {
        void reply(Reply reply, double score);
    }

    /** One reply per member from argument 2: {@code found}'s, or a null (an array's for GEOPOS) for a missing member. */
    private static void eachMember(CommandContext context, Arguments args, boolean nullArray, MemberReply found) {
        Reply reply = context.reply();
        Scores scores = Scores.of(context, args);
        reply.array(args.count() - 2);
        for (int i = 2; i < args.count(); i++) {
            double score = scores.of(args, i);
            if (!Double.isNaN(score)) {
                found.reply(reply, score);
            } else if (nullArray) {
                reply.nullArray();
            } else {
                reply.nullBulk();
            }
        }
    }

    /** A sorted set's scores by member; NaN for a missing member or key. */
    private record Scores(Memory memory, long value, io.forkline.engine.keyspace.Encoding encoding) {
        static Scores of(CommandContext context, Arguments args) {
            long entry = SortedSetCommands.zsetEntry(context, args, 1, false);
            if (entry == 0) {
                return new Scores(context.memory(), 0, null);
            }
            Memory memory = context.memory();
            return new Scores(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        }

        double of(Arguments args, int index) {
            if (value == 0) {
                return Double.NaN;
            }
            return SortedSetValue.score(memory, value, encoding, args.buffer(), args.offset(index), args.length(index));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // GEORADIUS, GEORADIUSBYMEMBER, GEOSEARCH, GEOSEARCHSTORE

    private enum Source { COORDS, MEMBER, SEARCH }

    private record Point(byte[] member, double score, double lon, double lat, double distance) {
    }

    private void search(CommandContext context, Arguments args, int source, Source kind, boolean readOnly, boolean storeCommand) {
        Memory memory = context.memory();
        long entry = SortedSetCommands.zsetEntry(context, args, source, false);
        Scores scores = entry == 0 ? new Scores(memory, 0, null)
                : new Scores(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        double lon = 0;
        double lat = 0;
        double radius = 0;
        double width = 0;
        double height = 0;
        double toMeters = 1;
        boolean box = false;
        int base;
        switch (kind) {
            case COORDS -> {
                base = 6;
                double[] xy = lonLat(args, 2);
                lon = xy[0];
                lat = xy[1];
                radius = radius(args, 4);
                toMeters = unit(args, 5);
            }
            case MEMBER -> {
                base = 5;
                if (entry != 0) {
                    double score = scores.of(args, 2);
                    if (Double.isNaN(score)) {
                        throw CommandError.of("ERR could not decode requested zset member");
                    }
                    double[] xy = GeoHash.position(score);
                    lon = xy[0];
                    lat = xy[1];
                    radius = radius(args, 3);
                    toMeters = unit(args, 4);
                }
            }
            default -> base = storeCommand ? 3 : 2;
        }
        boolean withDist = false;
        boolean withHash = false;
        boolean withCoord = false;
        boolean any = false;
        boolean fromMember = false;
        boolean fromLonLat = false;
        boolean byRadius = false;
        boolean byBox = false;
        int sort = 0;   // 0 none, 1 ascending, -1 descending
        long count = 0;
        byte[] storeKey = storeCommand ? args.bytes(1) : null;
        boolean storeDist = false;
        boolean search = kind == Source.SEARCH;
        int remaining = args.count() - base;
        for (int i = 0; i < remaining; i++) {
            int at = base + i;
            if (args.is(at, "withdist")) {
                withDist = true;
            } else if (args.is(at, "withhash")) {
                withHash = true;
            } else if (args.is(at, "withcoord")) {
                withCoord = true;
            } else if (args.is(at, "any")) {
                any = true;
            } else if (args.is(at, "asc")) {
                sort = 1;
            } else if (args.is(at, "desc")) {
                sort = -1;
            } else if (args.is(at, "count") && i + 1 < remaining) {
                count = Parse.longArg(args, at + 1);
                if (count <= 0) {
                    throw CommandError.of("ERR COUNT must be > 0");
                }
                i++;
            } else if ((args.is(at, "store") || args.is(at, "storedist")) && i + 1 < remaining && !readOnly && !search) {
                storeKey = args.bytes(at + 1);
                storeDist = args.is(at, "storedist");
                i++;
            } else if (args.is(at, "storedist") && search && storeCommand) {
                storeDist = true;
            } else if (args.is(at, "frommember") && i + 1 < remaining && search && !fromLonLat) {
                if (entry != 0) {
                    double score = scores.of(args, at + 1);
                    if (Double.isNaN(score)) {
                        throw CommandError.of("ERR could not decode requested zset member");
                    }
                    double[] xy = GeoHash.position(score);
                    lon = xy[0];
                    lat = xy[1];
                }
                fromMember = true;
                i++;
            } else if (args.is(at, "fromlonlat") && i + 2 < remaining && search && !fromMember) {
                double[] xy = lonLat(args, at + 1);
                lon = xy[0];
                lat = xy[1];
                fromLonLat = true;
                i += 2;
            } else if (args.is(at, "byradius") && i + 2 < remaining && search && !byBox) {
                radius = radius(args, at + 1);
                toMeters = unit(args, at + 2);
                byRadius = true;
                i += 2;
            } else if (args.is(at, "bybox") && i + 3 < remaining && search && !byRadius) {
                width = Parse.doubleArg(args, at + 1, CommandError.of("ERR need numeric width"));
                height = Parse.doubleArg(args, at + 2, CommandError.of("ERR need numeric height"));
                if (width < 0 || height < 0) {
                    throw CommandError.of("ERR height or width cannot be negative");
                }
                toMeters = unit(args, at + 3);
                box = true;
                byBox = true;
                i += 3;
            } else {
                throw CommandError.SYNTAX;
            }
        }
        if (storeKey != null && (withDist || withHash || withCoord)) {
            throw CommandError.of("ERR " + (storeCommand ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
        }
        String name = args.string(0).toLowerCase(Locale.ROOT);
        if (search && !(fromMember || fromLonLat)) {
            throw CommandError.of("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + name);
        }
        if (search && !(byRadius || byBox)) {
            throw CommandError.of("ERR exactly one of BYRADIUS and BYBOX can be specified for " + name);
        }
        if (any && count == 0) {
            throw CommandError.of("ERR the ANY argument requires COUNT argument");
        }
        Reply reply = context.reply();
        if (entry == 0) {
            if (storeKey != null) {
                store(context, storeKey, List.of(), false);
                reply.integer(0);
            } else {
                reply.array(0);
            }
            return;
        }
        if (count != 0 && sort == 0 && !any) {
            sort = 1;
        }
        GeoHash.Shape shape = new GeoHash.Shape(lon, lat, box, radius, width, height, toMeters);
        List<Point> points = find(context, entry, shape, any ? count : 0);
        if (sort != 0) {
            Comparator<Point> byDistance = Comparator.comparingDouble(Point::distance);
            points.sort(sort > 0 ? byDistance : byDistance.reversed());
        }
        int returned = (int) (count == 0 || points.size() < count ? points.size() : count);
        List<Point> chosen = points.subList(0, returned);
        if (storeKey != null) {
            List<Point> stored = new ArrayList<>(returned);
            for (Point p : chosen) {   // STOREDIST keeps distances in the unit asked for, STORE the geohash scores
                stored.add(new Point(p.member(), storeDist ? p.distance() / shape.toMeters() : p.score(), p.lon(), p.lat(), p.distance()));
            }
            store(context, storeKey, stored, storeDist);
            reply.integer(returned);
            return;
        }
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
        reply.array(returned);
        for (Point point : chosen) {
            if (options > 0) {
                reply.array(options + 1);
            }
            reply.bulk(point.member());
            if (withDist) {
                reply.bulk(distance(point.distance() / shape.toMeters()));
            }
            if (withHash) {
                reply.integer((long) point.score());
            }
            if (withCoord) {
                reply.array(2);
                reply.bulk(human(point.lon()));
                reply.bulk(human(point.lat()));
            }
        }
    }

    /** The points in the shape, cell by cell in Redis's order; stops at {@code limit} points when it is not 0. */
    private static List<Point> find(CommandContext context, long entry, GeoHash.Shape shape, long limit) {
        Memory memory = context.memory();
        SortedSetCursor cursor = new SortedSetCursor(memory, KeyEntry.value(memory, entry), KeyEntry.encoding(memory, entry));
        List<Point> points = new ArrayList<>();
        GeoHash.Bits[] cells = GeoHash.searchCells(shape);
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Bits cell = cells[i];
            if (cell.isNone()) {
                continue;
            }
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue;   // a huge radius makes neighbours the same cell: search it once
            }
            if (limit != 0 && points.size() >= limit) {
                break;
            }
            long min = GeoHash.align52(cell);
            long max = GeoHash.align52(new GeoHash.Bits(cell.bits() + 1, cell.step()));
            SortedSetRange range = SortedSetRange.of(new ScoreRange(min, false, max, true));
            for (boolean more = cursor.seekFirstIn(range); more && range.satisfiesMax(cursor); cursor.next(), more = cursor.valid()) {
                double score = cursor.score();
                double[] xy = GeoHash.position(score);
                double distance = shape.contains(xy[0], xy[1]);
                if (distance >= 0) {
                    points.add(new Point(cursor.memberBytes(), score, xy[0], xy[1], distance));
                }
                if (limit != 0 && points.size() >= limit) {
                    break;
                }
            }
            lastProcessed = i;
        }
        return points;
    }

    /** GEORADIUS STORE, GEOSEARCHSTORE: the destination replaced by the points (or deleted when there are none). */
    private void store(CommandContext context, byte[] key, List<Point> points, boolean distances) {
        Arguments del = new Arguments();
        del.add("DEL".getBytes(StandardCharsets.US_ASCII));
        del.add(key);
        RespReply scratch = new RespReply();
        nested(context, del, scratch);
        if (points.isEmpty()) {
            return;
        }
        Arguments zadd = new Arguments();
        zadd.add("ZADD".getBytes(StandardCharsets.US_ASCII));
        zadd.add(key);
        for (Point point : points) {
            zadd.add((distances ? Double.toString(point.score()) : Long.toString((long) point.score())).getBytes(StandardCharsets.US_ASCII));
            zadd.add(point.member());
        }
        nested(context, zadd, scratch);
    }

    /** Runs a command inside this one, its reply into {@code scratch}, its effects with this command's. */
    private void nested(CommandContext context, Arguments command, RespReply scratch) {
        Reply reply = context.reply();
        Effects effects = context.effects();
        int db = context.db();
        Object client = context.client(Object.class);
        scratch.clear();
        context.begin(db, scratch, effects);
        context.client(client);
        dispatcher.get().execute(context, command);
        context.begin(db, reply, effects);
        context.client(client);
        context.preventPropagation();   // the nested writes carry the effects
    }

    // ---------------------------------------------------------------------------------------------
    // Arguments and numbers

    private static double radius(Arguments args, int at) {
        double radius = Parse.doubleArg(args, at, CommandError.of("ERR need numeric radius"));
        if (radius < 0) {
            throw CommandError.of("ERR radius cannot be negative");
        }
        return radius;
    }

    private static double unit(Arguments args, int at) {
        if (args.is(at, "m")) {
            return 1;
        } else if (args.is(at, "km")) {
            return 1000;
        } else if (args.is(at, "ft")) {
            return 0.3048;
        } else if (args.is(at, "mi")) {
            return 1609.34;
        }
        throw UNIT;
    }

    /** GEODIST's and WITHDIST's 4 decimals. */
    private static String distance(double value) {
        return String.format(Locale.ROOT, "%.4f", value);
    }

    /** Redis's LD_STR_HUMAN: the exact value with 17 decimals, trailing zeros dropped. */
    private static String human(double value) {
        String text = new BigDecimal(value).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (text.indexOf('.') >= 0) {
            text = text.replaceAll("0+$", "");
            if (text.endsWith(".")) {
                text = text.substring(0, text.length() - 1);
            }
        }
        return text.equals("-0") ? "0" : text;
    }
}
