package io.forkline.engine.types;

import io.forkline.engine.EngineTester;
import io.forkline.engine.command.EngineConfig;
import io.forkline.pages.PageSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static io.forkline.engine.EngineTester.NIL;
import static io.forkline.engine.EngineTester.WRONGTYPE;
import static io.forkline.engine.EngineTester.array;
import static io.forkline.engine.EngineTester.bulk;
import static io.forkline.engine.EngineTester.command;
import static io.forkline.engine.EngineTester.error;
import static io.forkline.engine.EngineTester.integer;
import static org.assertj.core.api.Assertions.assertThat;

/** Replies, effects and encodings of the set commands, as Redis 7.0 replies and Redis 7.2 encodes. */
class SetCommandsTest {

    private EngineTester t = new EngineTester();

    @AfterEach
    void close() {
        t.close();
    }

    // ---------------------------------------------------------------------------------------------
    // SADD, SREM, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS

    @Test
    void saddCountsNewMembersAndIsPropagatedAsSent() {
        assertThat(t.call("SADD", "s", "a", "b", "a")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("SADD", "s", "a", "b", "a"));
        assertThat(t.call("SADD", "s", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("SCARD", "s")).isEqualTo(integer(2));
        assertThat(t.call("SCARD", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("TYPE", "s")).isEqualTo("+set\r\n");
        assertThat(t.call("SADD", "s", "")).isEqualTo(integer(1));
        assertThat(t.call("SISMEMBER", "s", "")).isEqualTo(integer(1));
    }

    @Test
    void sremCountsRemovedMembersAndDeletesTheEmptiedSet() {
        assertThat(t.call("SREM", "nokey", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        t.call("SADD", "s", "a", "b", "c");
        assertThat(t.call("SREM", "s", "a", "x")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("SREM", "s", "a", "x"));
        assertThat(t.call("SREM", "s", "x")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("SREM", "s", "b", "c", "a")).isEqualTo(integer(2));
        assertThat(t.effects()).isEqualTo(command("SREM", "s", "b", "c", "a"));
        assertThat(t.call("EXISTS", "s")).isEqualTo(integer(0));
        t.call("SADD", "n", "1", "2");
        assertThat(t.call("SREM", "n", "2", "01", "1")).isEqualTo(integer(2));
        assertThat(t.call("EXISTS", "n")).isEqualTo(integer(0));
        manyMembers("h", "m", 300);
        assertThat(t.call("SREM", "h", "m0", "m1", "nope")).isEqualTo(integer(2));
        assertThat(t.call("SCARD", "h")).isEqualTo(integer(298));
    }

    @Test
    void sismemberAndSmismemberInEveryEncoding() {
        assertThat(t.call("SISMEMBER", "nokey", "a")).isEqualTo(integer(0));
        assertThat(t.call("SMISMEMBER", "nokey", "a", "b")).isEqualTo(array(integer(0), integer(0)));
        t.call("SADD", "n", "5", "-7");
        assertThat(t.call("SISMEMBER", "n", "5")).isEqualTo(integer(1));
        assertThat(t.call("SISMEMBER", "n", "05")).isEqualTo(integer(0));
        assertThat(t.call("SISMEMBER", "n", "abc")).isEqualTo(integer(0));
        assertThat(t.call("SISMEMBER", "n", "99999999999999")).isEqualTo(integer(0));
        t.call("SADD", "l", "a", "1");
        assertThat(t.call("SMISMEMBER", "l", "a", "b", "1", "01")).isEqualTo(array(integer(1), integer(0), integer(1), integer(0)));
        manyMembers("h", "m", 200);
        t.call("SADD", "h", "12");
        assertThat(t.call("SMISMEMBER", "h", "m199", "m200", "12")).isEqualTo(array(integer(1), integer(0), integer(1)));
        assertThat(t.call("SISMEMBER", "h", "m0")).isEqualTo(integer(1));
    }

    @Test
    void smembersIsSortedForAnIntsetAndInInsertionOrderForAListpack() {
        t.call("SADD", "n", "3", "-1", "2");
        assertThat(t.call("SMEMBERS", "n")).isEqualTo(array(bulk("-1"), bulk("2"), bulk("3")));
        t.call("SADD", "l", "c", "a", "b", "10");
        assertThat(t.call("SMEMBERS", "l")).isEqualTo(array(bulk("c"), bulk("a"), bulk("b"), bulk("10")));
        assertThat(t.call("SMEMBERS", "nokey")).isEqualTo("*0\r\n");
        manyMembers("h", "m", 200);
        assertThat(members(t.call("SMEMBERS", "h"))).hasSize(200).containsAll(names("m", 200));
        t.resp(3);
        assertThat(t.call("SMEMBERS", "n")).isEqualTo("~3\r\n" + bulk("-1") + bulk("2") + bulk("3"));
        assertThat(t.call("SMEMBERS", "nokey")).isEqualTo("~0\r\n");
    }

    @Test
    void everyCommandRefusesAKeyOfAnotherType() {
        t.call("SET", "str", "x");
        t.call("SADD", "s", "a");
        String[][] commands = {
                {"SADD", "str", "a"}, {"SREM", "str", "a"}, {"SISMEMBER", "str", "a"}, {"SMISMEMBER", "str", "a"},
                {"SCARD", "str"}, {"SMEMBERS", "str"}, {"SPOP", "str"}, {"SPOP", "str", "1"}, {"SRANDMEMBER", "str"},
                {"SRANDMEMBER", "str", "2"}, {"SINTER", "str"}, {"SINTER", "nokey", "str"}, {"SINTERCARD", "2", "nokey", "str"},
                {"SINTERSTORE", "d", "nokey", "str"}, {"SUNION", "s", "str"}, {"SUNIONSTORE", "d", "str"},
                {"SDIFF", "nokey", "str"}, {"SDIFFSTORE", "d", "s", "str"}, {"SSCAN", "str", "0"}, {"SMOVE", "str", "s", "a"},
                {"SMOVE", "s", "str", "a"}};
        for (String[] command : commands) {
            assertThat(t.call(command)).as(String.join(" ", command)).isEqualTo(WRONGTYPE);
            assertThat(t.effects()).as(String.join(" ", command)).isEmpty();
        }
        assertThat(t.call("GET", "str")).isEqualTo(bulk("x"));
        assertThat(t.call("SMEMBERS", "s")).isEqualTo(array(bulk("a")));
        assertThat(t.call("GET", "s")).isEqualTo(WRONGTYPE);
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
    }

    @Test
    void arityErrors() {
        String[][] commands = {
                {"SADD", "s"}, {"SREM", "s"}, {"SMOVE", "a", "b"}, {"SISMEMBER", "s"}, {"SMISMEMBER", "s"}, {"SCARD"},
                {"SMEMBERS"}, {"SPOP"}, {"SRANDMEMBER"}, {"SINTER"}, {"SINTERCARD", "1"}, {"SINTERSTORE", "d"},
                {"SUNION"}, {"SUNIONSTORE", "d"}, {"SDIFF"}, {"SDIFFSTORE", "d"}, {"SSCAN", "s"}, {"SCARD", "a", "b"}};
        for (String[] command : commands) {
            assertThat(t.call(command)).as(String.join(" ", command))
                    .isEqualTo(error("ERR wrong number of arguments for '" + command[0].toLowerCase() + "' command"));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Encodings

    @Test
    void anIntsetHoldsUpTo512IntegersThenBecomesAHashtable() {
        t.call(sadd("i", IntStream.rangeClosed(1, 512).mapToObj(Integer::toString).toList()));
        assertThat(encoding("i")).isEqualTo("intset");
        assertThat(t.call("SADD", "i", "513")).isEqualTo(integer(1));
        assertThat(encoding("i")).isEqualTo("hashtable");
        assertThat(t.call("SCARD", "i")).isEqualTo(integer(513));
        t.call(sadd("j", IntStream.rangeClosed(1, 513).mapToObj(Integer::toString).toList()));
        assertThat(encoding("j")).as("more than 512 members in one SADD").isEqualTo("hashtable");
        t.call("SADD", "w", "1", "-9223372036854775808", "9223372036854775807");
        assertThat(encoding("w")).isEqualTo("intset");
        assertThat(t.call("SMEMBERS", "w")).isEqualTo(array(bulk("-9223372036854775808"), bulk("1"), bulk("9223372036854775807")));
        t.call("SADD", "x", "1", "9223372036854775808", "007");
        assertThat(encoding("x")).as("not canonical integers").isEqualTo("listpack");
    }

    @Test
    void anIntsetTakesItsFirstStringAsAListpackWhileTheListpackLimitsHold() {
        t.call(sadd("m", IntStream.rangeClosed(1, 127).mapToObj(Integer::toString).toList()));
        t.call("SADD", "m", "a");
        assertThat(encoding("m")).isEqualTo("listpack");
        assertThat(t.call("SCARD", "m")).isEqualTo(integer(128));
        assertThat(members(t.call("SMEMBERS", "m")).get(127)).as("appended after the integers").isEqualTo("a");
        t.call(sadd("n", IntStream.rangeClosed(1, 128).mapToObj(Integer::toString).toList()));
        t.call("SADD", "n", "a");
        assertThat(encoding("n")).isEqualTo("hashtable");
        t.call("SADD", "o", "1");
        t.call("SADD", "o", "x".repeat(65));
        assertThat(encoding("o")).as("a string over 64 bytes").isEqualTo("hashtable");
    }

    @Test
    void aListpackHoldsUpTo128MembersOfUpTo64Bytes() {
        manyMembers("l", "a", 128);
        assertThat(encoding("l")).isEqualTo("listpack");
        t.call("SADD", "l", "x");
        assertThat(encoding("l")).isEqualTo("hashtable");
        t.call("SADD", "v", "a", "y".repeat(64));
        assertThat(encoding("v")).isEqualTo("listpack");
        t.call("SADD", "v", "z".repeat(65));
        assertThat(encoding("v")).isEqualTo("hashtable");
        assertThat(t.call("SISMEMBER", "v", "y".repeat(64))).isEqualTo(integer(1));
        manyMembers("big", "b", 129);
        assertThat(encoding("big")).as("a new set of 129 members").isEqualTo("hashtable");
        t.call("SADD", "d", "a");
        List<String> repeated = new ArrayList<>();
        for (int i = 0; i < 129; i++) {
            repeated.add("a");
        }
        assertThat(t.call(sadd("d", repeated))).isEqualTo(integer(0));
        assertThat(encoding("d")).as("129 arguments convert even when none is new").isEqualTo("hashtable");
    }

    @Test
    void removingMembersNeverConvertsBack() {
        manyMembers("h", "m", 200);
        for (int i = 0; i < 199; i++) {
            t.call("SREM", "h", "m" + i);
        }
        assertThat(encoding("h")).isEqualTo("hashtable");
        t.call("SADD", "l", "a", "1", "2");
        t.call("SREM", "l", "a");
        assertThat(encoding("l")).isEqualTo("listpack");
        assertThat(t.call("SMEMBERS", "l")).isEqualTo(array(bulk("1"), bulk("2")));
    }

    @Test
    void aWideIntegerKeepsAnIntsetOutOfATightListpack() {
        EngineConfig config = new EngineConfig();
        config.setMaxListpackValue = 3;
        t.close();
        t = new EngineTester(config, PageSize.KIB_4);
        t.call("SADD", "wide", "1000");
        t.call("SADD", "wide", "a");
        assertThat(encoding("wide")).isEqualTo("hashtable");
        t.call("SADD", "narrow", "-10");
        t.call("SADD", "narrow", "a");
        assertThat(encoding("narrow")).isEqualTo("listpack");
        t.call("SADD", "narrow", "abcd");
        assertThat(encoding("narrow")).isEqualTo("hashtable");
    }

    // ---------------------------------------------------------------------------------------------
    // SMOVE

    @Test
    void smoveBetweenSets() {
        assertThat(t.call("SET", "str", "x")).isEqualTo(EngineTester.OK);
        assertThat(t.call("SMOVE", "nokey", "str", "a")).as("a missing source answers before type checks").isEqualTo(integer(0));
        t.call("SADD", "s", "a", "b");
        assertThat(t.call("SMOVE", "s", "s", "a")).isEqualTo(integer(1));
        assertThat(t.call("SMOVE", "s", "s", "z")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("SMOVE", "s", "d", "z")).isEqualTo(integer(0));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
        assertThat(t.call("SMOVE", "s", "d", "a")).isEqualTo(integer(1));
        assertThat(t.effects()).isEqualTo(command("SMOVE", "s", "d", "a"));
        assertThat(t.call("SMEMBERS", "s")).isEqualTo(array(bulk("b")));
        assertThat(t.call("SMEMBERS", "d")).isEqualTo(array(bulk("a")));
        assertThat(encoding("d")).isEqualTo("listpack");
        assertThat(t.call("SMOVE", "s", "d", "b")).isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "s")).as("the emptied source is deleted").isEqualTo(integer(0));
        assertThat(t.call("SMEMBERS", "d")).isEqualTo(array(bulk("a"), bulk("b")));
        t.call("SADD", "x", "1");
        t.call("SADD", "y", "1", "2");
        assertThat(t.call("SMOVE", "x", "y", "1")).as("already in the destination").isEqualTo(integer(1));
        assertThat(t.call("EXISTS", "x")).isEqualTo(integer(0));
        assertThat(t.call("SMEMBERS", "y")).isEqualTo(array(bulk("1"), bulk("2")));
        t.call("SADD", "x", "7", "8");
        assertThat(t.call("SMOVE", "x", "ints", "7")).isEqualTo(integer(1));
        assertThat(encoding("ints")).isEqualTo("intset");
        t.call("SADD", "x", "word");
        assertThat(t.call("SMOVE", "x", "ints", "word")).isEqualTo(integer(1));
        assertThat(encoding("ints")).isEqualTo("listpack");
        assertThat(t.call("SMEMBERS", "ints")).isEqualTo(array(bulk("7"), bulk("word")));
    }

    // ---------------------------------------------------------------------------------------------
    // SPOP

    @Test
    void spopWithoutCountIsPropagatedAsSrem() {
        assertThat(t.call("SPOP", "nokey")).isEqualTo(NIL);
        assertThat(t.effects()).isEmpty();
        t.call("SADD", "s", "a");
        assertThat(t.call("SPOP", "s")).isEqualTo(bulk("a"));
        assertThat(t.effects()).isEqualTo(command("SREM", "s", "a"));
        assertThat(t.call("EXISTS", "s")).isEqualTo(integer(0));
        t.call("SADD", "n", "1", "2", "3");
        String popped = members("*1\r\n" + t.call("SPOP", "n")).get(0);
        assertThat(popped).isIn("1", "2", "3");
        assertThat(t.effects()).isEqualTo(command("SREM", "n", popped));
        assertThat(t.call("SISMEMBER", "n", popped)).isEqualTo(integer(0));
        assertThat(t.call("SCARD", "n")).isEqualTo(integer(2));
        manyMembers("h", "m", 300);
        popped = members("*1\r\n" + t.call("SPOP", "h")).get(0);
        assertThat(t.effects()).isEqualTo(command("SREM", "h", popped));
        assertThat(t.call("SCARD", "h")).isEqualTo(integer(299));
        assertThat(t.call("SPOP", "h", "1", "2")).isEqualTo(error("ERR syntax error"));
        t.resp(3);
        assertThat(t.call("SPOP", "nokey")).isEqualTo("_\r\n");
    }

    @Test
    void spopCountErrorsAndEmptyReplies() {
        t.call("SADD", "s", "a", "b", "c");
        assertThat(t.call("SPOP", "s", "-1")).isEqualTo(error("ERR value is out of range, must be positive"));
        assertThat(t.call("SPOP", "s", "abc")).isEqualTo(error("ERR value is out of range, must be positive"));
        assertThat(t.call("SPOP", "nokey", "3")).isEqualTo("*0\r\n");
        assertThat(t.call("SPOP", "s", "0")).isEqualTo("*0\r\n");
        assertThat(t.effects()).isEmpty();
        t.resp(3);
        assertThat(t.call("SPOP", "nokey", "3")).isEqualTo("~0\r\n");
        assertThat(t.call("SPOP", "s", "0")).isEqualTo("~0\r\n");
        assertThat(t.call("SCARD", "s")).isEqualTo(integer(3));
    }

    @Test
    void spopOfTheWholeSetIsPropagatedAsDel() {
        t.call("SADD", "s", "a", "b", "c");
        assertThat(members(t.call("SPOP", "s", "3"))).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(t.effects()).isEqualTo(command("DEL", "s"));
        assertThat(t.call("EXISTS", "s")).isEqualTo(integer(0));
        t.call("SADD", "n", "3", "1", "2");
        t.resp(3);
        assertThat(t.call("SPOP", "n", "10")).isEqualTo("~3\r\n" + bulk("1") + bulk("2") + bulk("3"));
        assertThat(t.effects()).isEqualTo(command("DEL", "n"));
    }

    @Test
    void spopOfAFewMembersIsPropagatedAsOneSremEach() {
        t.call(sadd("n", IntStream.range(0, 20).mapToObj(Integer::toString).toList()));
        List<String> popped = members(t.call("SPOP", "n", "3"));
        assertThat(popped).hasSize(3).doesNotHaveDuplicates();
        assertThat(t.effects()).isEqualTo(srems("n", popped));
        assertThat(t.call("SCARD", "n")).isEqualTo(integer(17));
        assertThat(encoding("n")).isEqualTo("intset");
        for (String member : popped) {
            assertThat(t.call("SISMEMBER", "n", member)).isEqualTo(integer(0));
        }
        manyMembers("l", "m", 20);
        popped = members(t.call("SPOP", "l", "2"));
        assertThat(t.effects()).isEqualTo(srems("l", popped));
        assertThat(encoding("l")).isEqualTo("listpack");
    }

    @Test
    void spopOfMostMembersKeepsTheRestInANewSmallSet() {
        t.call(sadd("n", IntStream.range(0, 20).mapToObj(Integer::toString).toList()));
        List<String> popped = members(t.call("SPOP", "n", "18"));
        assertThat(popped).hasSize(18).doesNotHaveDuplicates();
        assertThat(t.effects()).isEqualTo(srems("n", popped));
        List<String> left = members(t.call("SMEMBERS", "n"));
        assertThat(left).hasSize(2).doesNotContainAnyElementsOf(popped);
        assertThat(encoding("n")).isEqualTo("intset");
        manyMembers("h", "m", 200);
        popped = members(t.call("SPOP", "h", "190"));
        assertThat(t.effects()).isEqualTo(srems("h", popped));
        left = members(t.call("SMEMBERS", "h"));
        Set<String> all = new HashSet<>(popped);
        all.addAll(left);
        assertThat(all).isEqualTo(new HashSet<>(names("m", 200)));
        assertThat(encoding("h")).as("ten members left, rebuilt as Redis 7.2 does").isEqualTo("listpack");
        manyMembers("l", "m", 12);
        members(t.call("SPOP", "l", "11"));
        assertThat(encoding("l")).isEqualTo("listpack");
        assertThat(t.call("SCARD", "l")).isEqualTo(integer(1));
    }

    // ---------------------------------------------------------------------------------------------
    // SRANDMEMBER

    @Test
    void srandmemberWithoutCount() {
        assertThat(t.call("SRANDMEMBER", "nokey")).isEqualTo(NIL);
        t.call("SADD", "s", "a");
        assertThat(t.call("SRANDMEMBER", "s")).isEqualTo(bulk("a"));
        t.call("SADD", "n", "42");
        assertThat(t.call("SRANDMEMBER", "n")).isEqualTo(bulk("42"));
        manyMembers("h", "m", 300);
        assertThat(members("*1\r\n" + t.call("SRANDMEMBER", "h")).get(0)).isIn(names("m", 300));
        assertThat(t.effects()).isEmpty();
        assertThat(t.call("SCARD", "h")).isEqualTo(integer(300));
    }

    @Test
    void srandmemberCountErrorsAndEmptyReplies() {
        t.call("SADD", "s", "a");
        assertThat(t.call("SRANDMEMBER", "s", "-9223372036854775808"))
                .isEqualTo(error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"));
        assertThat(t.call("SRANDMEMBER", "s", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("SRANDMEMBER", "s", "1", "2")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SRANDMEMBER", "nokey", "3")).isEqualTo("*0\r\n");
        assertThat(t.call("SRANDMEMBER", "s", "0")).isEqualTo("*0\r\n");
        t.resp(3);
        assertThat(t.call("SRANDMEMBER", "nokey", "3")).as("an array, not a set").isEqualTo("*0\r\n");
        assertThat(t.call("SRANDMEMBER", "nokey")).isEqualTo("_\r\n");
    }

    @Test
    void srandmemberNegativeCountRepeats() {
        t.call("SADD", "s", "a");
        assertThat(t.call("SRANDMEMBER", "s", "-3")).isEqualTo(array(bulk("a"), bulk("a"), bulk("a")));
        assertThat(t.call("SRANDMEMBER", "s", "5")).isEqualTo(array(bulk("a")));
        t.call("SADD", "n", "1", "2", "3");
        List<String> drawn = members(t.call("SRANDMEMBER", "n", "-100"));
        assertThat(drawn).hasSize(100).containsOnly("1", "2", "3").contains("1", "2", "3");
        manyMembers("h", "m", 300);
        assertThat(members(t.call("SRANDMEMBER", "h", "-1000"))).hasSize(1000).isSubsetOf(names("m", 300));
        assertThat(t.effects()).isEmpty();
    }

    @Test
    void srandmemberPositiveCountGivesDistinctMembers() {
        t.call(sadd("n", IntStream.range(0, 10).mapToObj(Integer::toString).toList()));
        assertThat(members(t.call("SRANDMEMBER", "n", "5"))).hasSize(5).doesNotHaveDuplicates()
                .isSubsetOf(IntStream.range(0, 10).mapToObj(Integer::toString).toList());
        assertThat(members(t.call("SRANDMEMBER", "n", "10"))).hasSize(10).doesNotHaveDuplicates();
        assertThat(members(t.call("SRANDMEMBER", "n", "1"))).hasSize(1);
        manyMembers("l", "x", 50);
        assertThat(members(t.call("SRANDMEMBER", "l", "49"))).hasSize(49).doesNotHaveDuplicates().isSubsetOf(names("x", 50));
        manyMembers("h", "m", 300);
        assertThat(members(t.call("SRANDMEMBER", "h", "5"))).as("drawn at random").hasSize(5).doesNotHaveDuplicates()
                .isSubsetOf(names("m", 300));
        assertThat(members(t.call("SRANDMEMBER", "h", "250"))).as("selected in one walk").hasSize(250).doesNotHaveDuplicates()
                .isSubsetOf(names("m", 300));
        assertThat(members(t.call("SRANDMEMBER", "h", "1000"))).hasSize(300).doesNotHaveDuplicates();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.addAll(members(t.call("SRANDMEMBER", "n", "2")));
        }
        assertThat(seen).as("every member gets drawn").hasSize(10);
    }

    // ---------------------------------------------------------------------------------------------
    // SINTER, SINTERCARD, SINTERSTORE

    private void abc() {
        t.call("SADD", "a", "1", "2", "3", "x");
        t.call("SADD", "b", "2", "3", "x", "y");
        t.call("SADD", "c", "3", "x", "z");
    }

    @Test
    void sinter() {
        abc();
        assertThat(sorted(t.call("SINTER", "a", "b", "c"))).containsExactly("3", "x");
        assertThat(t.call("SINTER", "a")).isEqualTo(array(bulk("1"), bulk("2"), bulk("3"), bulk("x")));
        assertThat(t.call("SINTER", "a", "a")).isEqualTo(array(bulk("1"), bulk("2"), bulk("3"), bulk("x")));
        assertThat(t.call("SINTER", "a", "nokey")).isEqualTo("*0\r\n");
        assertThat(t.call("SINTER", "a", "q")).isEqualTo("*0\r\n");
        t.call("SADD", "i", "5", "3", "1");
        t.call("SADD", "j", "1", "3", "4", "5");
        assertThat(t.call("SINTER", "j", "i")).as("the smallest set's order").isEqualTo(array(bulk("1"), bulk("3"), bulk("5")));
        manyMembers("h", "m", 300);
        t.call("SADD", "h", "3", "x");
        assertThat(sorted(t.call("SINTER", "h", "a"))).containsExactly("3", "x");
        t.resp(3);
        assertThat(t.call("SINTER", "i", "j")).isEqualTo("~3\r\n" + bulk("1") + bulk("3") + bulk("5"));
        assertThat(t.call("SINTER", "i", "nokey")).isEqualTo("~0\r\n");
    }

    @Test
    void sintercardAndItsLimit() {
        abc();
        assertThat(t.call("SINTERCARD", "2", "a", "b")).isEqualTo(integer(3));
        assertThat(t.call("SINTERCARD", "3", "a", "b", "c")).isEqualTo(integer(2));
        assertThat(t.call("SINTERCARD", "2", "a", "b", "LIMIT", "2")).isEqualTo(integer(2));
        assertThat(t.call("SINTERCARD", "2", "a", "b", "limit", "0")).isEqualTo(integer(3));
        assertThat(t.call("SINTERCARD", "2", "a", "b", "LIMIT", "1", "LIMIT", "10")).isEqualTo(integer(3));
        assertThat(t.call("SINTERCARD", "1", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("SINTERCARD", "2", "a", "nokey")).isEqualTo(integer(0));
    }

    @Test
    void sintercardErrors() {
        abc();
        assertThat(t.call("SINTERCARD", "0", "a")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("SINTERCARD", "-1", "a")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("SINTERCARD", "x", "a")).isEqualTo(error("ERR numkeys should be greater than 0"));
        assertThat(t.call("SINTERCARD", "2", "a")).isEqualTo(error("ERR Number of keys can't be greater than number of args"));
        assertThat(t.call("SINTERCARD", "1", "a", "b")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SINTERCARD", "1", "a", "LIMIT")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SINTERCARD", "1", "a", "LIMIT", "-1")).isEqualTo(error("ERR LIMIT can't be negative"));
        assertThat(t.call("SINTERCARD", "1", "a", "LIMIT", "x")).isEqualTo(error("ERR LIMIT can't be negative"));
    }

    @Test
    void sinterstoreStoresTheIntersectionInTheSmallestEncoding() {
        abc();
        assertThat(t.call("SINTERSTORE", "d", "a", "b")).isEqualTo(integer(3));
        assertThat(t.effects()).isEqualTo(command("SINTERSTORE", "d", "a", "b"));
        assertThat(t.call("SMEMBERS", "d")).isEqualTo(array(bulk("2"), bulk("3"), bulk("x")));
        assertThat(encoding("d")).isEqualTo("listpack");
        t.call("SADD", "i", "1", "2", "3");
        t.call("SADD", "j", "2", "3", "4");
        assertThat(t.call("SINTERSTORE", "d", "i", "j")).isEqualTo(integer(2));
        assertThat(encoding("d")).isEqualTo("intset");
        List<String> wide = new ArrayList<>(names("s", 300));
        wide.addAll(IntStream.range(0, 300).mapToObj(Integer::toString).toList());
        t.call(sadd("h1", wide));
        t.call(sadd("h2", wide.subList(150, 600)));
        assertThat(t.call("SINTERSTORE", "d", "h1", "h2")).isEqualTo(integer(450));
        assertThat(encoding("d")).isEqualTo("hashtable");
        t.call(sadd("h3", wide.subList(300, 600)));
        assertThat(t.call("SINTERSTORE", "d", "h1", "h3")).isEqualTo(integer(300));
        assertThat(encoding("d")).as("only integers, and few enough").isEqualTo("intset");
        t.call(sadd("h4", wide.subList(290, 310)));
        assertThat(t.call("SINTERSTORE", "d", "h1", "h4")).isEqualTo(integer(20));
        assertThat(encoding("d")).isEqualTo("listpack");
        assertThat(sorted(t.call("SMEMBERS", "d"))).isEqualTo(new TreeSet<>(wide.subList(290, 310)).stream().toList());
    }

    @Test
    void aStoreReplacesItsDestinationAndItsExpire() {
        abc();
        t.call("SET", "d", "string");
        t.call("EXPIRE", "d", "100");
        assertThat(t.call("SINTERSTORE", "d", "a", "c")).isEqualTo(integer(2));
        assertThat(t.call("TYPE", "d")).isEqualTo("+set\r\n");
        assertThat(t.call("TTL", "d")).isEqualTo(integer(-1));
        assertThat(t.call("SINTERSTORE", "a", "a", "b")).as("a source as destination").isEqualTo(integer(3));
        assertThat(t.call("SMEMBERS", "a")).isEqualTo(array(bulk("2"), bulk("3"), bulk("x")));
        assertThat(t.call("SUNIONSTORE", "b", "b", "c")).isEqualTo(integer(5));
        assertThat(t.call("SDIFFSTORE", "c", "c", "a")).isEqualTo(integer(1));
        assertThat(t.call("SMEMBERS", "c")).isEqualTo(array(bulk("z")));
    }

    @Test
    void anEmptyStoreResultDeletesTheDestination() {
        abc();
        t.call("SADD", "d", "old");
        assertThat(t.call("SINTERSTORE", "d", "a", "nokey")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("SINTERSTORE", "d", "a", "nokey"));
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
        assertThat(t.call("SINTERSTORE", "d", "a", "nokey")).isEqualTo(integer(0));
        assertThat(t.effects()).as("nothing changed, nothing propagated").isEmpty();
        t.call("SET", "d", "string");
        assertThat(t.call("SINTERSTORE", "d", "b", "z")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
        t.call("SADD", "e", "1");
        assertThat(t.call("SINTERSTORE", "e", "a", "c", "b", "e")).as("an empty intersection of existing sets").isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "e")).isEqualTo(integer(0));
        t.call("SADD", "d", "old");
        assertThat(t.call("SUNIONSTORE", "d", "nokey")).isEqualTo(integer(0));
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
        t.call("SADD", "d", "old");
        assertThat(t.call("SDIFFSTORE", "d", "a", "a")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("SDIFFSTORE", "d", "a", "a"));
        assertThat(t.call("EXISTS", "d")).isEqualTo(integer(0));
    }

    // ---------------------------------------------------------------------------------------------
    // SUNION, SDIFF and their stores

    @Test
    void sunion() {
        abc();
        assertThat(sorted(t.call("SUNION", "a", "b", "nokey", "c"))).containsExactly("1", "2", "3", "x", "y", "z");
        assertThat(t.call("SUNION", "nokey")).isEqualTo("*0\r\n");
        t.call("SADD", "i", "5", "3");
        t.call("SADD", "j", "4", "1", "3");
        assertThat(t.call("SUNION", "i", "j")).as("intsets give a sorted union")
                .isEqualTo(array(bulk("1"), bulk("3"), bulk("4"), bulk("5")));
        t.resp(3);
        assertThat(t.call("SUNION", "i", "nokey")).isEqualTo("~2\r\n" + bulk("3") + bulk("5"));
        assertThat(t.call("SUNION", "nokey", "nokey2")).isEqualTo("~0\r\n");
    }

    @Test
    void sunionstoreEncodesItsResultAsItGrows() {
        t.call("SADD", "i", "5", "3");
        t.call("SADD", "j", "4", "1", "3");
        assertThat(t.call("SUNIONSTORE", "d", "i", "j")).isEqualTo(integer(4));
        assertThat(t.effects()).isEqualTo(command("SUNIONSTORE", "d", "i", "j"));
        assertThat(encoding("d")).isEqualTo("intset");
        t.call(sadd("hundred", IntStream.range(0, 100).mapToObj(Integer::toString).toList()));
        t.call("SADD", "word", "a");
        assertThat(t.call("SUNIONSTORE", "d", "hundred", "word")).isEqualTo(integer(101));
        assertThat(encoding("d")).isEqualTo("listpack");
        t.call(sadd("more", IntStream.range(0, 200).mapToObj(Integer::toString).toList()));
        assertThat(t.call("SUNIONSTORE", "d", "more", "word")).isEqualTo(integer(201));
        assertThat(encoding("d")).isEqualTo("hashtable");
        assertThat(t.call("SUNIONSTORE", "d", "word", "more")).isEqualTo(integer(201));
        assertThat(encoding("d")).isEqualTo("hashtable");
        assertThat(t.call("SUNIONSTORE", "d", "word", "hundred")).as("a word first, then 100 integers").isEqualTo(integer(101));
        assertThat(encoding("d")).isEqualTo("listpack");
        assertThat(t.call("SMEMBERS", "d")).startsWith("*101\r\n" + bulk("a") + bulk("0") + bulk("1"));
    }

    @Test
    void sdiff() {
        abc();
        assertThat(sorted(t.call("SDIFF", "a", "b"))).containsExactly("1");
        assertThat(sorted(t.call("SDIFF", "b", "a", "c"))).containsExactly("y");
        assertThat(sorted(t.call("SDIFF", "a", "nokey"))).containsExactly("1", "2", "3", "x");
        assertThat(t.call("SDIFF", "nokey", "a")).isEqualTo("*0\r\n");
        assertThat(t.call("SDIFF", "a", "b", "a")).as("the first set repeated").isEqualTo("*0\r\n");
        t.call("SADD", "i", "5", "3", "1");
        t.call("SADD", "j", "3");
        assertThat(t.call("SDIFF", "i", "j")).isEqualTo(array(bulk("1"), bulk("5")));
        t.resp(3);
        assertThat(t.call("SDIFF", "i", "j")).isEqualTo("~2\r\n" + bulk("1") + bulk("5"));
    }

    @Test
    void sdiffByEitherAlgorithm() {
        manyMembers("big", "m", 100);
        t.call("SADD", "one", "m1");
        t.call("SADD", "two", "m2", "zzz");
        // 100 x 3 / 2 = 150 > 100 + 1 + 2: Redis copies the first set and removes the others' members
        List<String> expected = new ArrayList<>(names("m", 100));
        expected.removeAll(List.of("m1", "m2"));
        assertThat(sorted(t.call("SDIFF", "big", "one", "two"))).isEqualTo(new TreeSet<>(expected).stream().toList());
        // 3 x 2 / 2 = 3 <= 3 + 100: Redis walks the first set and probes the others
        t.call("SADD", "small", "m1", "m5", "q");
        assertThat(sorted(t.call("SDIFF", "small", "big"))).containsExactly("q");
        assertThat(t.call("SDIFFSTORE", "d", "big", "one", "two")).isEqualTo(integer(98));
        assertThat(encoding("d")).isEqualTo("listpack");
        assertThat(t.call("SDIFFSTORE", "d", "small", "big")).isEqualTo(integer(1));
        assertThat(t.call("SMEMBERS", "d")).isEqualTo(array(bulk("q")));
        manyMembers("huge", "m", 300);
        assertThat(t.call("SDIFFSTORE", "d", "huge", "big", "one")).as("removing keeps the hashtable it grew into")
                .isEqualTo(integer(200));
        assertThat(encoding("d")).isEqualTo("hashtable");
        assertThat(t.call("SDIFFSTORE", "d", "huge", "big")).as("probing adds only what is kept").isEqualTo(integer(200));
        assertThat(encoding("d")).isEqualTo("hashtable");
    }

    // ---------------------------------------------------------------------------------------------
    // SSCAN

    @Test
    void sscanOfACompactSetReturnsItWhole() {
        assertThat(t.call("SSCAN", "nokey", "0")).isEqualTo(array(bulk("0"), "*0\r\n"));
        assertThat(t.call("SSCAN", "nokey", "0", "foo")).as("options are read only for an existing set")
                .isEqualTo(array(bulk("0"), "*0\r\n"));
        t.call("SADD", "n", "3", "1", "2");
        assertThat(t.call("SSCAN", "n", "0")).isEqualTo(array(bulk("0"), array(bulk("1"), bulk("2"), bulk("3"))));
        assertThat(t.call("SSCAN", "n", "5", "COUNT", "1")).isEqualTo(array(bulk("0"), array(bulk("1"), bulk("2"), bulk("3"))));
        t.call("SADD", "l", "apple", "banana", "avocado");
        assertThat(t.call("SSCAN", "l", "0", "MATCH", "a*")).isEqualTo(array(bulk("0"), array(bulk("apple"), bulk("avocado"))));
        assertThat(t.call("SSCAN", "l", "0", "match", "*", "count", "100")).isEqualTo(
                array(bulk("0"), array(bulk("apple"), bulk("banana"), bulk("avocado"))));
        assertThat(t.call("SSCAN", "n", "0", "MATCH", "[12]")).isEqualTo(array(bulk("0"), array(bulk("1"), bulk("2"))));
    }

    @Test
    void sscanErrors() {
        t.call("SADD", "s", "a");
        assertThat(t.call("SSCAN", "s", "abc")).isEqualTo(error("ERR invalid cursor"));
        assertThat(t.call("SSCAN", "s", "0", "foo")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SSCAN", "s", "0", "COUNT")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SSCAN", "s", "0", "COUNT", "0")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SSCAN", "s", "0", "COUNT", "x")).isEqualTo(error("ERR value is not an integer or out of range"));
        assertThat(t.call("SSCAN", "s", "0", "TYPE", "string")).isEqualTo(error("ERR syntax error"));
        assertThat(t.call("SSCAN", "s", "0", "MATCH", "a", "COUNT")).isEqualTo(error("ERR syntax error"));
    }

    @Test
    void sscanOfAHashtableVisitsEveryMemberAcrossCalls() {
        manyMembers("h", "m", 1000);
        Set<String> seen = new HashSet<>();
        String cursor = "0";
        int calls = 0;
        do {
            List<String> page = members(t.call("SSCAN", "h", cursor, "COUNT", "20"));
            cursor = page.get(0);
            seen.addAll(page.subList(1, page.size()));
            calls++;
            if (calls % 10 == 0) {
                t.call("SADD", "h", "new" + calls);   // growth between calls keeps SCAN's guarantee
            }
        } while (!cursor.equals("0"));
        assertThat(seen).containsAll(names("m", 1000));
        assertThat(calls).isGreaterThan(10);
        List<String> matched = members(t.call("SSCAN", "h", "0", "MATCH", "m1*", "COUNT", "5000"));
        assertThat(matched.get(0)).isEqualTo("0");
        assertThat(matched.subList(1, matched.size())).hasSize(111).allMatch(m -> m.startsWith("m1"));
    }

    // ---------------------------------------------------------------------------------------------
    // Keys holding sets

    @Test
    void anExpiredSetIsAMissingOne() {
        t.call("SADD", "s", "a");
        t.call("PEXPIRE", "s", "10");
        t.clock.advance(10);
        assertThat(t.call("SCARD", "s")).isEqualTo(integer(0));
        assertThat(t.effects()).isEqualTo(command("DEL", "s"));
        assertThat(t.call("SADD", "s", "b")).isEqualTo(integer(1));
        assertThat(t.call("SMEMBERS", "s")).isEqualTo(array(bulk("b")));
    }

    @Test
    void copyDuplicatesASetInItsEncoding() {
        t.call("SADD", "i", "1", "2");
        t.call("SADD", "l", "a", "1");
        manyMembers("h", "m", 200);
        for (String key : List.of("i", "l", "h")) {
            assertThat(t.call("COPY", key, key + "2")).isEqualTo(integer(1));
            assertThat(encoding(key + "2")).isEqualTo(encoding(key));
            assertThat(sorted(t.call("SMEMBERS", key + "2"))).isEqualTo(sorted(t.call("SMEMBERS", key)));
            t.call("SADD", key + "2", "extra");
            assertThat(t.call("SISMEMBER", key, "extra")).isEqualTo(integer(0));
            assertThat(t.call("MEMORY", "USAGE", key)).matches(":[1-9][0-9]*\r\n");
            assertThat(t.call("DEL", key, key + "2")).isEqualTo(integer(2));
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Helpers

    private void manyMembers(String key, String prefix, int count) {
        t.call(sadd(key, names(prefix, count)));
    }

    private static List<String> names(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static String[] sadd(String key, List<String> members) {
        List<String> args = new ArrayList<>(List.of("SADD", key));
        args.addAll(members);
        return args.toArray(String[]::new);
    }

    private String encoding(String key) {
        List<String> reply = members("*1\r\n" + t.call("OBJECT", "ENCODING", key));
        return reply.get(0);
    }

    /** The effects of SPOP popping {@code members} one SREM each. */
    private static String srems(String key, List<String> members) {
        StringBuilder effects = new StringBuilder();
        for (String member : members) {
            effects.append(command("SREM", key, member));
        }
        return effects.toString();
    }

    private static List<String> sorted(String reply) {
        return new TreeSet<>(members(reply)).stream().toList();
    }

    /** The bulk strings of an array or set reply, nested arrays flattened, in reply order. */
    static List<String> members(String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        int at = 0;
        while (at < bytes.length) {
            int end = reply.indexOf("\r\n", at);
            char type = reply.charAt(at);
            String header = reply.substring(at + 1, end);
            at = end + 2;
            if (type == '$' && !header.equals("-1")) {
                int length = Integer.parseInt(header);
                out.add(new String(bytes, at, length, StandardCharsets.UTF_8));
                at += length + 2;
            } else if (type == ':') {
                out.add(header);
            }
        }
        return out;
    }
}
